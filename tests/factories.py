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


# --- Teacher workspace builders ---------------------------------------------------------


def make_classroom(teacher: User, name: str = "", join_code: str | None = None) -> Any:
    from quizapp.models import Classroom

    number = next(_sequence)
    classroom = Classroom(
        name=name or f"Class {number}",
        teacher_id=teacher.id,
        join_code=join_code or f"CODE{number:06d}",
    )
    db.session.add(classroom)
    db.session.commit()
    return classroom


def enroll(classroom: Any, student: User) -> Any:
    from quizapp.models import Enrollment

    enrollment = Enrollment(classroom_id=classroom.id, student_id=student.id)
    db.session.add(enrollment)
    db.session.commit()
    return enrollment
