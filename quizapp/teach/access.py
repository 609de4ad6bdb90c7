"""What a teacher may open in the workspace: the classes they teach (own or co-teach) and
their own banks, nobody else's; and which class assignments a student may start.

A teacher teaches a class they own or co-teach (a second LMS instructor of the course,
``ClassroomTeacher``): ``taught_classroom_ids`` is that one rule, used by the class
pages and by every list of "this teacher's classes". Classes a teacher does not teach and
other teachers' banks answer 404 (they cannot even be discovered); built-in banks can be
viewed, assigned and exported but answer 403 to any change. The progress pages ask the
same rules for a class and its students.
"""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from ..banks.access import can_edit_bank, workspace_bank_or_404
from ..capabilities import Forbidden, first_or_not_found
from ..extensions import db
from ..models import (
    Assignment,
    Bank,
    Classroom,
    ClassroomTeacher,
    Enrollment,
    Fact,
    Question,
    User,
)


def taught_classroom_ids(teacher: User) -> Select[int]:
    """Ids of the classes ``teacher`` teaches: those they own and those they co-teach."""
    co_taught = select(ClassroomTeacher.classroom_id).where(
        ClassroomTeacher.teacher_id == teacher.id
    )
    return select(Classroom.id).where(
        or_(Classroom.teacher_id == teacher.id, Classroom.id.in_(co_taught))
    )


# The same words for a class deleted, one the teacher no longer teaches and one they never
# did: a teacher following an old link learns why, a prober learns nothing.
NOT_A_CLASS_YOU_TEACH = (
    "No class you teach is at this address. It may have been deleted, or you may no longer"
    " teach it: the classes you teach are on your home page."
)


def teacher_classroom_or_404(user: User, classroom_id: int) -> Classroom:
    """The class if ``user`` teaches it: 403 for students, 404 for a class they do not
    teach (so class ids cannot be probed)."""
    if not user.is_teacher:
        raise Forbidden
    return first_or_not_found(
        select(Classroom).where(
            Classroom.id == classroom_id, Classroom.id.in_(taught_classroom_ids(user))
        ),
        NOT_A_CLASS_YOU_TEACH,
    )


def owned_classroom_or_404(user: User, classroom_id: int) -> Classroom:
    """The class if ``user`` teaches it and owns it: deleting a class ends it for every
    teacher, so a co-teacher may run the class but gets 403 here."""
    classroom = teacher_classroom_or_404(user, classroom_id)
    if classroom.teacher_id != user.id:
        raise Forbidden
    return classroom


def teaches(user: User, classroom: Classroom) -> bool:
    """Whether ``user`` may run ``classroom`` (owner or co-teacher)."""
    return user.is_teacher and (
        db.session.scalar(taught_classroom_ids(user).where(Classroom.id == classroom.id))
        is not None
    )


def taught_class_bank(user: User, slug: str) -> Bank | None:
    """The bank with this slug if it is assigned to a class ``user`` teaches, else None.

    A co-taught class holds each teacher's banks, and their questions show on the class's
    progress pages (item analysis, facts forgotten) to every teacher of it: their images
    must load there too. The bank's own pages stay its owner's (``teacher_bank_or_404``)."""
    if not user.is_teacher:
        return None
    return db.session.scalars(
        select(Bank)
        .join(Assignment, Assignment.bank_id == Bank.id)
        .where(Bank.slug == slug, Assignment.classroom_id.in_(taught_classroom_ids(user)))
        .limit(1)
    ).first()


def class_enrollment_or_404(classroom: Classroom, student_id: int) -> Enrollment:
    """A student's membership of the class (``.student``, ``.joined_at``); 404 for
    anyone not in it."""
    return first_or_not_found(
        select(Enrollment)
        .options(joinedload(Enrollment.student))
        .where(Enrollment.classroom_id == classroom.id, Enrollment.student_id == student_id)
    )


def teacher_bank_or_404(teacher: User, slug: str) -> Bank:
    """A bank the teacher may open: their own or a built-in one (not one they only study:
    see ``workspace_banks_query``)."""
    return workspace_bank_or_404(teacher, slug)


def editable_bank_or_abort(teacher: User, slug: str) -> Bank:
    bank = teacher_bank_or_404(teacher, slug)
    if not can_edit_bank(teacher, bank):
        raise Forbidden
    return bank


def fact_in_bank_or_404(bank: Bank, fact_id: int) -> Fact:
    return first_or_not_found(select(Fact).where(Fact.id == fact_id, Fact.bank_id == bank.id))


def question_in_bank_or_404(bank: Bank, question_id: int) -> Question:
    return first_or_not_found(
        select(Question)
        .join(Fact, Fact.id == Question.fact_id)
        .where(Question.id == question_id, Fact.bank_id == bank.id)
    )


def assignment_to_start(user: User, assignment_id: int, bank: Bank) -> Assignment | None:
    """The quiz assignment if it puts ``bank`` on a class the learner is enrolled in,
    else None (it was removed, it is not theirs, or it is for study, not a quiz).

    On PostgreSQL the row is locked FOR SHARE until the quiz attempt started from it is
    stored: a teacher removing it at that moment (``deletion.keep_quiz_attempts`` locks
    it FOR UPDATE) waits and then keeps the new attempt too, and a removal that came
    first makes this find nothing instead of a foreign-key failure at the insert."""
    return db.session.scalar(
        select(Assignment)
        .join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
        .where(
            Assignment.id == assignment_id,
            Assignment.bank_id == bank.id,
            Assignment.as_quiz.is_(True),
            Enrollment.student_id == user.id,
        )
        .with_for_update(read=True, of=Assignment)
    )
