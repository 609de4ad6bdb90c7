"""Finding a student among every class a teacher teaches: 8 classes of 35 are 280
names, and the one a parent or a colleague asks about may be in any of them, or in two.

Matching is done here rather than by SQL ``LIKE``: names compare as ``name_key`` does
(case, width and spacing aside, Hangul composed or not), which no database's ``lower()``
does for every script, and a teacher's enrolments are a few hundred rows, read in one
statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import Classroom, Enrollment, User
from ..name_keys import by_name, name_key
from .access import taught_classroom_ids


@dataclass(frozen=True)
class TaughtClass:
    id: int
    name: str


def _taught(classroom_id: int, name: str, archived_at: datetime | None) -> TaughtClass:
    """A class as the search names it: an archived one (last term's) marked so."""
    return TaughtClass(classroom_id, f"{name} (archived)" if archived_at else name)


@dataclass
class StudentMatch:
    """A student found, with each of the teacher's classes they are in."""

    student_id: int
    name: str
    email: str
    classes: list[TaughtClass] = field(default_factory=list)


def find_students(teacher: User, query: str) -> list[StudentMatch]:
    """The students of ``teacher``'s classes (own or co-taught) whose name or email holds
    every word of ``query``, in any order ("Kim Minji" finds "Minji Kim"), in
    ``name_order``, each with their classes in the same order."""
    words = name_key(query).split()
    if not words:
        return []
    rows = db.session.execute(
        select(
            User.id,
            User.display_name,
            User.email,
            Classroom.id,
            Classroom.name,
            Classroom.archived_at,
        )
        .join(Enrollment, Enrollment.student_id == User.id)
        .join(Classroom, Classroom.id == Enrollment.classroom_id)
        .where(Classroom.id.in_(taught_classroom_ids(teacher)))
        .order_by(User.id, Classroom.id)
    )
    found: dict[int, StudentMatch] = {}
    for student_id, name, email, classroom_id, classroom_name, archived_at in rows:
        if _holds_every_word(f"{name_key(name)} {name_key(email)}", words):
            match = found.setdefault(student_id, StudentMatch(student_id, name, email))
            match.classes.append(_taught(classroom_id, classroom_name, archived_at))
    for match in found.values():
        match.classes = by_name(match.classes, lambda taught: taught.name)
    return by_name(found.values(), lambda match: match.name)


def _holds_every_word(text: str, words: list[str]) -> bool:
    return all(word in text for word in words)


def student_classes(teacher: User, student_id: int) -> list[TaughtClass]:
    """The classes of ``teacher`` (own or co-taught) the student is in, in name order: a
    student in two of them has a page in each, each counting from its own join."""
    rows = db.session.execute(
        select(Classroom.id, Classroom.name, Classroom.archived_at)
        .join(Enrollment, Enrollment.classroom_id == Classroom.id)
        .where(
            Enrollment.student_id == student_id,
            Classroom.id.in_(taught_classroom_ids(teacher)),
        )
    )
    return by_name((_taught(*row) for row in rows), lambda taught: taught.name)
