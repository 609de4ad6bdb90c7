"""Whose progress is shown, over which banks: the learner's own, or one class's.

A learner looks at everything they may study; a teacher looking at a student sees only
the banks assigned to that class, never what the student does elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from ..banks.access import visible_bank_ids
from ..models import Assignment, Classroom, Fact, User


@dataclass(frozen=True)
class Scope:
    user: User
    bank_ids: Select[int]

    @property
    def fact_ids(self) -> Select[int]:
        return active_fact_ids(self.bank_ids)


def active_fact_ids(bank_ids: Select[int]) -> Select[int]:
    """The active facts of these banks (retired facts no longer count)."""
    return select(Fact.id).where(Fact.bank_id.in_(bank_ids), Fact.active.is_(True))


def class_bank_ids(classroom: Classroom) -> Select[int]:
    return select(Assignment.bank_id).where(Assignment.classroom_id == classroom.id)


def learner_scope(user: User) -> Scope:
    """Every bank the learner may see (built-in, their own, their classes')."""
    return Scope(user, visible_bank_ids(user))


def class_scope(student: User, classroom: Classroom) -> Scope:
    return Scope(student, class_bank_ids(classroom))
