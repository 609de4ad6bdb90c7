"""Small builders so each test creates just the data it needs, committed for real."""

from __future__ import annotations

from itertools import count
from typing import Any

from quizapp.auth.accounts import create_user
from quizapp.extensions import db
from quizapp.models import Bank, Fact, Question, User

_sequence = count(1)


def make_user(
    email: str | None = None,
    role: str = "student",
    name: str = "",
    password: str = "correct horse",
) -> User:
    email = email or f"user{next(_sequence)}@example.org"
    return create_user(email, password, display_name=name, role=role)


def make_bank(slug: str | None = None, owner: User | None = None, **fields: Any) -> Bank:
    number = next(_sequence)
    bank = Bank(
        slug=slug or f"bank-{number}",
        title=fields.pop("title", f"Bank {number}"),
        owner_id=owner.id if owner else None,
        **fields,
    )
    db.session.add(bank)
    db.session.commit()
    return bank


def make_fact(bank: Bank, key: str | None = None, **fields: Any) -> Fact:
    number = next(_sequence)
    fact = Fact(
        bank_id=bank.id,
        key=key or f"fact-{number}",
        statement=fields.pop("statement", f"Statement {number}."),
        position=fields.pop("position", number),
        **fields,
    )
    db.session.add(fact)
    db.session.commit()
    return fact


def make_question(
    fact: Fact, kind: str = "typed", key: str | None = None, **fields: Any
) -> Question:
    number = next(_sequence)
    question = Question(
        fact_id=fact.id,
        key=key or f"{kind}-{number}",
        kind=kind,
        prompt=fields.pop("prompt", f"Prompt {number}?"),
        answer=fields.pop("answer", f"Answer {number}"),
        **fields,
    )
    db.session.add(question)
    db.session.commit()
    return question


# --- Progress area builders: classes, memory, answers and quiz attempts -------------------
# (imports kept in this section so additions from parallel areas merge cleanly)

from collections.abc import Iterable  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

from quizapp.models import (  # noqa: E402
    Assignment,
    Classroom,
    Enrollment,
    MemoryState,
    QuizAttempt,
    Review,
)
from quizapp.timeutil import now_utc  # noqa: E402

# When ``make_classroom``'s students joined by default: before any history a test writes,
# so all of it counts for the class (a class's figures start at each student's join).
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def make_classroom(
    teacher: User,
    name: str | None = None,
    students: Iterable[User] = (),
    banks: Iterable[Bank] = (),
    join_code: str | None = None,
    joined_at: datetime = LONG_AGO,
) -> Classroom:
    """A class taught by ``teacher`` with these students enrolled (``joined_at``: by
    default long before anything they did) and banks assigned."""
    number = next(_sequence)
    classroom = Classroom(
        name=name or f"Class {number}",
        teacher_id=teacher.id,
        join_code=join_code or f"CODE{number:04d}",
    )
    db.session.add(classroom)
    db.session.flush()
    db.session.add_all(
        Enrollment(classroom_id=classroom.id, student_id=s.id, joined_at=joined_at)
        for s in students
    )
    db.session.add_all(Assignment(classroom_id=classroom.id, bank_id=b.id) for b in banks)
    db.session.commit()
    return classroom


def make_memory_state(user: User, fact: Fact, **fields: Any) -> MemoryState:
    """A memory state; by default a graduated card reviewed just now."""
    now = now_utc()
    state = MemoryState(
        user_id=user.id,
        fact_id=fact.id,
        state=fields.pop("state", 2),
        step=fields.pop("step", None),
        stability=fields.pop("stability", 5.0),
        difficulty=fields.pop("difficulty", 5.0),
        due=fields.pop("due", now + timedelta(days=5)),
        last_review=fields.pop("last_review", now),
        **fields,
    )
    db.session.add(state)
    db.session.commit()
    return state


def make_review(user: User, question: Question, **fields: Any) -> Review:
    """One answer to ``question``; correct, rated Good, now, in study mode by default."""
    correct = fields.pop("correct", True)
    review = Review(
        user_id=user.id,
        question_id=question.id,
        fact_id=question.fact_id,
        correct=correct,
        rating=fields.pop("rating", 3 if correct else 1),
        mode=fields.pop("mode", "quiz" if fields.get("attempt_id") else "study"),
        reviewed_at=fields.pop("reviewed_at", now_utc()),
        **fields,
    )
    db.session.add(review)
    db.session.commit()
    return review


def make_attempt(
    user: User, bank: Bank, marks: dict[Question, bool] | None = None, **fields: Any
) -> QuizAttempt:
    """A finished quiz attempt answering each question in ``marks`` right or wrong."""
    marks = marks or {}
    started = fields.pop("started_at", now_utc())
    attempt = QuizAttempt(
        user_id=user.id,
        bank_id=bank.id,
        question_ids=[question.id for question in marks],
        started_at=started,
        finished_at=fields.pop("finished_at", started + timedelta(minutes=5)),
        score=fields.pop("score", float(sum(marks.values()))),
        max_score=fields.pop("max_score", float(len(marks))),
        **fields,
    )
    db.session.add(attempt)
    db.session.flush()
    for question, correct in marks.items():
        db.session.add(
            Review(
                user_id=user.id,
                question_id=question.id,
                fact_id=question.fact_id,
                attempt_id=attempt.id,
                mode="quiz",
                correct=correct,
                rating=3 if correct else 1,
                reviewed_at=started,
            )
        )
    db.session.commit()
    return attempt


# --- Teacher workspace builders ---------------------------------------------------------


def enroll(classroom: Classroom, student: User, joined_at: datetime | None = None) -> Enrollment:
    """Put ``student`` into an existing class, as joining with its code does (now, unless
    ``joined_at`` says when)."""
    enrollment = Enrollment(
        classroom_id=classroom.id, student_id=student.id, joined_at=joined_at or now_utc()
    )
    db.session.add(enrollment)
    db.session.commit()
    return enrollment


def make_assignment(classroom: Classroom, bank: Bank, **fields: Any) -> Assignment:
    """Put ``bank`` on ``classroom`` (for study unless ``as_quiz=True``)."""
    assignment = Assignment(classroom_id=classroom.id, bank_id=bank.id, **fields)
    db.session.add(assignment)
    db.session.commit()
    return assignment


# --- Accounts and data safety (sec-web) -------------------------------------------------


def make_invite(created_by: User | None = None, days: float = 7) -> str:
    """A fresh teacher invite code, as Teach → Invite a teacher or ``flask users invite`` make."""
    from quizapp.auth.invites import create_invite

    code, _invite = create_invite(created_by, days)
    return code
