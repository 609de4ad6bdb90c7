"""One entry of the LMS course's member list (Names and Role Provisioning Services), read
with its type before a roster sync writes anything from it.

The list comes from the LMS's server, signed by nobody, and a sync makes accounts and
links people by it: a ``user_id`` that is not an identifier would link a made-up person
(a number or an object turned into text) or fail in the database, and roles that are not
a list of names would say nothing reliable about who learns or teaches. Such a list is
refused whole; names and emails of another type are left out, as in a launch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import claims as c


class MemberInvalid(ValueError):
    """An entry of the wrong shape; the message names it by its place in the list."""


@dataclass(frozen=True)
class Member:
    user_id: str
    roles: tuple[str, ...]
    active: bool
    name: str
    email: str

    @property
    def is_instructor(self) -> bool:
        return c.is_instructor(self.roles)

    @property
    def is_learner(self) -> bool:
        """A learner who does not also teach the course (a teacher never joins a class)."""
        return c.is_learner(self.roles) and not self.is_instructor


def read_member(entry: Any, position: int) -> Member:
    """Entry number ``position`` (from 1) of the list, or ``MemberInvalid``."""
    if not isinstance(entry, dict):
        raise MemberInvalid(f"member {position} is not an object")
    user_id = entry.get("user_id")
    if not c.is_identifier(user_id):
        raise MemberInvalid(
            f"member {position}'s user_id is not an identifier of 1 to 255 characters"
        )
    roles = c.role_names(entry.get("roles"))
    if roles is None:
        raise MemberInvalid(f"member {position}'s roles are not a list of role names")
    status = entry.get("status", "Active")
    if not isinstance(status, str):
        raise MemberInvalid(f"member {position}'s status is not text")
    return Member(
        user_id=str(user_id),
        roles=roles,
        active=status == "Active",
        name=c.display_name(entry),
        email=c.exact_text(entry.get("email")),
    )


def read_members(entries: Iterable[Any]) -> list[Member]:
    return [read_member(entry, position) for position, entry in enumerate(entries, 1)]
