"""Who may see and change which bank: the one place these rules are written.

A learner sees the built-in banks and the banks assigned to classes they belong to;
a teacher also sees the banks they own. Only a bank's owner may change it; built-in
banks are changed through ``content/`` only. A teacher's workspace (bank pages, exports,
"Assign") holds the built-in banks and their own, never a bank they only study.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, or_, select

from ..capabilities import NotFound
from ..extensions import db
from ..models import Assignment, Bank, Enrollment, User
from ..name_keys import by_name


def visible_banks_query(user: User) -> Select[Bank]:
    assigned = (
        select(Assignment.bank_id)
        .join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
        .where(Enrollment.student_id == user.id)
    )
    return (
        select(Bank)
        .where(or_(Bank.owner_id.is_(None), Bank.owner_id == user.id, Bank.id.in_(assigned)))
        .order_by(Bank.title)
    )


def visible_bank_ids(user: User) -> Select[int]:
    """The ids of the banks ``user`` may see, as a subquery for ``IN (...)`` filters."""
    return visible_banks_query(user).with_only_columns(Bank.id).order_by(None)


def by_title(banks: Iterable[Bank]) -> list[Bank]:
    """Banks as a teacher's lists show them: by title, capitals aside and numbers by value
    ("Unit 2" before "Unit 10"), which no database ``ORDER BY`` gives."""
    return by_name(banks, lambda bank: bank.title)


def visible_banks(user: User) -> list[Bank]:
    return by_title(db.session.scalars(visible_banks_query(user)))


def owned_banks(teacher: User) -> list[Bank]:
    """The banks ``teacher`` made (uploaded or created), which they alone may change."""
    return by_title(db.session.scalars(select(Bank).where(Bank.owner_id == teacher.id)))


def workspace_banks_query(teacher: User) -> Select[Bank]:
    """The banks a teacher opens, exports and assigns: the built-in ones and their own.

    Narrower than ``visible_banks_query`` on purpose: a teacher account may also learn in
    a class (an LMS learner who later launched as an instructor of another course), and
    the banks that class studies are theirs to study, not to read with their answer keys,
    export or assign to a class of their own."""
    return (
        select(Bank)
        .where(or_(Bank.owner_id.is_(None), Bank.owner_id == teacher.id))
        .order_by(Bank.title)
    )


def workspace_banks(teacher: User) -> list[Bank]:
    return by_title(db.session.scalars(workspace_banks_query(teacher)))


def workspace_bank_or_404(teacher: User, slug: str) -> Bank:
    """A bank of the teacher's workspace by slug; 404 for any other, existing or not."""
    bank = db.session.scalar(workspace_banks_query(teacher).where(Bank.slug == slug))
    if bank is None:
        raise NotFound
    return bank


def can_see_bank(user: User, bank: Bank) -> bool:
    query = visible_banks_query(user).where(Bank.id == bank.id).with_only_columns(Bank.id)
    return db.session.scalar(query) is not None


def can_edit_bank(user: User, bank: Bank) -> bool:
    return bank.owner_id is not None and bank.owner_id == user.id


def visible_bank(user: User, slug: str) -> Bank | None:
    """The bank with this slug if the user may see it, else None (whether it exists or
    not: other teachers' banks cannot be discovered by guessing slugs)."""
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
    return bank if bank is not None and can_see_bank(user, bank) else None


def visible_bank_or_404(user: User, slug: str) -> Bank:
    """The bank with this slug if the user may see it; 404 otherwise."""
    bank = visible_bank(user, slug)
    if bank is None:
        raise NotFound
    return bank
