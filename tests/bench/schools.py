"""Demo schools for the benchmarks: throwaway PostgreSQL databases filled by ``flask demo
seed``'s own code, with a logged-in teacher and student to time pages as they are served."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import func, select

from quizapp import create_app
from quizapp.demo.seed import seed_demo
from quizapp.extensions import db
from quizapp.models import Classroom, Enrollment, MemoryState, Review
from tests.support.clients import AuthActions, CSRFClient
from tests.support.databases import TEST_SETTINGS, migrate_to_head, throwaway_postgres_database

DAYS = 365
FACTS = 1000  # facts each student meets over the year: 10^6 memory states for 1,000 students
CLASS_SIZE = 10  # so the 10^5-review school is exactly one class


@dataclass
class School:
    """One seeded database, its app, and what the benchmarks look at."""

    app: Flask
    url: str
    students: int
    reviews: int
    memory_states: int
    class_id: int
    student_id: int
    teacher_email: str
    student_email: str
    password: str

    @contextmanager
    def context(self) -> Iterator[None]:
        """This school's app context, without disposing its connections afterwards."""
        ctx = self.app.app_context()
        ctx.push()
        try:
            yield
        finally:
            db.session.remove()
            ctx.pop()

    def client(self, email: str) -> CSRFClient:
        self.app.test_client_class = CSRFClient
        client = self.app.test_client()
        with self.context():
            AuthActions(client).login(email, self.password)  # type: ignore[arg-type]
        return client  # type: ignore[return-value]


def build_school(
    stack: ExitStack, server: str, students: int, class_size: int = CLASS_SIZE
) -> School:
    """A fresh database on ``server`` with a year of ``students`` students' history."""
    url = stack.enter_context(throwaway_postgres_database(server))
    migrate_to_head(url)
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": url})
    school = School(app, url, students, 0, 0, 0, 0, "", "", "")
    with school.context():
        demo = seed_demo(students, DAYS, facts=FACTS, class_size=class_size)
        class_id = db.session.scalar(
            select(Classroom.id).where(Classroom.join_code == demo.join_codes[0])
        )
        school.class_id = class_id or 0
        school.student_id = (
            db.session.scalar(
                select(func.min(Enrollment.student_id)).where(Enrollment.classroom_id == class_id)
            )
            or 0
        )
        school.reviews = db.session.scalar(select(func.count()).select_from(Review)) or 0
        school.memory_states = db.session.scalar(select(func.count()).select_from(MemoryState)) or 0
    school.teacher_email = demo.teacher_email
    school.student_email = demo.teacher_email.replace("-teacher@", "-s1@")
    school.password = demo.password
    stack.callback(lambda: _dispose(school))
    return school


def _dispose(school: School) -> None:
    with school.context():
        db.engine.dispose()
