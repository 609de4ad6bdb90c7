"""Join codes: making a class's code, replacing it, and a student joining by it.

Join codes are drawn with ``secrets`` from an alphabet without look-alike characters
(no 0/O, 1/I/L), 10 characters long: about 50 bits, far beyond guessing through the
rate-limited join form, and easy to read aloud or copy from a board.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..codes import CODE_ALPHABET, new_code, normalise_code
from ..extensions import db
from ..models import Classroom, Enrollment, User
from .archive import lock_current_classroom

JOIN_ALPHABET = CODE_ALPHABET
JOIN_CODE_LENGTH = 10


class JoinError(ValueError):
    """A join attempt that cannot succeed; the message is for the student."""


def new_join_code() -> str:
    return new_code(JOIN_CODE_LENGTH)


def unused_join_code() -> str:
    while True:
        code = new_join_code()
        if db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code


def regenerate_join_code(classroom: Classroom) -> str:
    """A new code; the old one stops working at once (students already in stay in).
    ``ClassArchived`` when the class is archived (its code joins nobody anyway)."""
    lock_current_classroom(classroom)
    classroom.join_code = unused_join_code()
    db.session.commit()
    return classroom.join_code


def code_typed(text: str) -> str:
    """The code in what a student typed: a class's join link pasted into the code box
    (the teacher shares both) is read as the code at its end."""
    _before, link, after = text.strip().rpartition("/join/")
    return after.strip("/") if link else text


def join_classroom(student: User, code: str) -> Classroom:
    if student.is_teacher:
        raise JoinError("Teacher accounts cannot join a class. Log in as a student.")
    # FOR SHARE (PostgreSQL): a class being deleted at this moment is waited for and
    # then not found, as its deletion locks it first (``deletion.delete_classroom``).
    classroom = db.session.scalar(
        select(Classroom)
        .where(Classroom.join_code == normalise_code(code_typed(code)))
        .with_for_update(read=True)
    )
    if classroom is None:
        raise JoinError("No class has that code. Check it with your teacher.")
    if classroom.archived_at is not None:
        # Named, unlike a wrong code: the student holds the right code of a class that
        # ended, and should ask for this term's.
        name = classroom.name
        db.session.rollback()
        raise JoinError(
            f"{name} is archived: it takes no new students. Ask your teacher for the code"
            " of a current class."
        )
    already = db.session.scalar(
        select(Enrollment).where(
            Enrollment.classroom_id == classroom.id, Enrollment.student_id == student.id
        )
    )
    if already is None:
        db.session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
        try:
            db.session.commit()
        except IntegrityError:
            # The same join sent twice at once (a double click): the other one enrolled
            # the student, which is all this one wanted.
            db.session.rollback()
    return classroom
