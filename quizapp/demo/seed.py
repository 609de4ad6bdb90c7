"""Write a demo school's history with a few set-based statements.

Only the people, the class and the small lookup tables (students, facts, their
questions with the responses a learner gives, review steps) are written row by row;
the answers, memory states and quiz attempts are each one ``INSERT ... SELECT`` over
those tables, so a year of a 1,000-student school (10^7 answers) builds in minutes.
Per-answer draws come from an integer hash of (learner, fact, step), so the same seed
gives the same history on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate, zip_longest
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from ..auth.accounts import hash_password
from ..extensions import db
from ..models import (
    Assignment,
    Bank,
    Classroom,
    Enrollment,
    Role,
    User,
    UTCDateTime,
)
from ..scheduling import Rating, forgetting_curve
from ..teach.join_codes import new_join_code
from ..timeutil import now_utc
from . import model
from .answers import MAX_WRONG, RIGHT_RATING, WRONG_RATING, DemoFact, demo_facts
from .generated_bank import generated_bank

SHIPPED_BANK = "defectors-day"
GIVEN_NAMES = ("Minji", "Jiho", "Seoyeon", "Hyun", "Eunji", "Dong", "Sora", "Joon", "Ana", "Tom")
FAMILY_NAMES = ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim")
# What the seed writes, in order; ``on_phase`` hears each as it begins (a school's year
# takes minutes, most of them in the study answers).
PHASES = ("students and classes", "study answers", "memory states", "quizzes", "saving")

Phase = Callable[[str], None]
# Salts the draw that picks an answer's question, so that it is not its outcome's draw.
QUESTION_SALT = 499_979
# Salts the draw that picks a flashcard's grade among the right ones (Hard, Good, Easy).
GRADE_SALT = 700_001
# The temporary tables a seed writes its history from.
LOOKUP_TABLES = (
    "demo_students",
    "demo_facts",
    "demo_questions",
    "demo_steps",
    "demo_weeks",
    "demo_quizzes",
)
WRONG_COLUMNS = tuple(f"wrong{n}" for n in range(MAX_WRONG))  # of ``demo_questions``


class DemoError(ValueError):
    """A demo that cannot be made as asked, worded for the person at the command line."""


@dataclass(frozen=True)
class DemoSchool:
    teacher_email: str
    password: str  # the teacher's and every demo student's
    join_codes: list[str]  # one class per ``class_size`` students
    students: int
    facts: int
    reviews: int  # study answers (quiz answers come with the quiz attempts)
    memory_states: int
    quiz_attempts: int


def seed_demo(
    students: int,
    days: int,
    facts: int | None = None,
    seed: int = 1,
    class_size: int = 30,
    now: datetime | None = None,
    on_phase: Phase | None = None,
) -> DemoSchool:
    """A demo teacher, ``students`` students in classes of ``class_size`` and ``days``
    days of history, in one transaction. ``facts`` makes a generated bank of that size
    (for benchmarks); without it the classes study the shipped bank (load content first).
    ``on_phase`` is told each of ``PHASES`` as it begins, for a progress bar."""
    on_phase = on_phase or (lambda _phase: None)
    if min(students, days, class_size) < 1:
        raise DemoError("--students, --days and --class-size must be at least 1.")
    now = now or now_utc()
    rng = random.Random(seed)
    session = db.session()  # the app context's Session itself, not its scoped proxy
    on_phase(PHASES[0])
    tag = secrets.token_hex(3)
    password = secrets.token_urlsafe(9)
    password_hash = hash_password(password)
    teacher = User(
        email=f"demo-{tag}-teacher@example.org",
        display_name="Demo Teacher",
        password_hash=password_hash,
        role=Role.TEACHER.value,
    )
    session.add(teacher)
    session.flush()
    bank = generated_bank(session, teacher, tag, facts) if facts else _shipped_bank(session)
    people = model.draw_students(students, rng)
    user_ids = _add_students(session, tag, people, password_hash)
    zero = datetime(now.year, now.month, now.day, tzinfo=now.tzinfo) - timedelta(days=days - 1)
    join_codes = _add_classes(session, teacher, bank, tag, user_ids, class_size, zero)
    fact_rows = demo_facts(session, bank.id)
    if not fact_rows:
        raise DemoError(f"The bank {bank.slug!r} has no facts with questions.")
    writer = _HistoryWriter(session, zero, now, days, len(fact_rows))
    writer.fill_lookups(people, user_ids, fact_rows, model.draw_difficulties(len(fact_rows), rng))
    counts = writer.write(bank.id, on_phase)
    on_phase(PHASES[-1])
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        # Fresh statistics and visibility map, so the planner sees the new rows and the
        # covering review index serves index-only scans from the first page view.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return DemoSchool(teacher.email, password, join_codes, students, len(fact_rows), *counts)


def _shipped_bank(session: Session) -> Bank:
    bank = session.scalar(select(Bank).where(Bank.slug == SHIPPED_BANK))
    if bank is None:
        raise DemoError("Load the shipped bank first (flask content load), or pass --facts N.")
    return bank


DEMO_TIME_ZONE = "Asia/Seoul"


def _utc_hour(local_hour: int) -> int:
    """The UTC hour of a demo student's local study hour (Seoul has one offset all year):
    their history falls after school in Seoul, not in the middle of its night."""
    offset = ZoneInfo(DEMO_TIME_ZONE).utcoffset(datetime(2024, 1, 1))
    hours = int(offset.total_seconds() // 3600) if offset is not None else 0
    return (local_hour - hours) % 24


def _add_students(
    session: Session, tag: str, people: list[model.Student], password_hash: str
) -> list[int]:
    rows = [
        {
            "email": f"demo-{tag}-s{person.index + 1}@example.org",
            "display_name": f"{GIVEN_NAMES[person.index % 10]} "
            f"{FAMILY_NAMES[person.index // 10 % 10]} {person.index + 1}",
            "password_hash": password_hash,
            "role": Role.STUDENT.value,
            "time_zone": DEMO_TIME_ZONE,
            "desired_retention": 0.9,
            "daily_new_limit": 10,
            "prefers_self_grading": False,
            "created_at": now_utc(),
        }
        for person in people
    ]
    session.execute(User.__table__.insert(), rows)
    found = session.execute(
        select(User.email, User.id).where(User.email.like(f"demo-{tag}-s%@example.org"))
    )
    by_email = {email: user_id for email, user_id in found}
    return [by_email[str(row["email"])] for row in rows]


def _add_classes(
    session: Session,
    teacher: User,
    bank: Bank,
    tag: str,
    user_ids: list[int],
    size: int,
    joined_at: datetime,
) -> list[str]:
    """Classes of ``size`` students in sign-up order, each studying ``bank``; the
    students joined before their history begins, so all of it is the class's."""
    codes = []
    for number, first in enumerate(range(0, len(user_ids), size), start=1):
        classroom = Classroom(
            name=f"Demo class {number} ({tag})", teacher_id=teacher.id, join_code=new_join_code()
        )
        session.add(classroom)
        session.flush()
        session.add(Assignment(classroom_id=classroom.id, bank_id=bank.id))
        session.add_all(
            Enrollment(classroom_id=classroom.id, student_id=user_id, joined_at=joined_at)
            for user_id in user_ids[first : first + size]
        )
        codes.append(classroom.join_code)
    return codes


class _HistoryWriter:
    """The set-based statements, with the few SQL pieces that differ by database."""

    def __init__(self, session: Session, zero: datetime, now: datetime, days: int, facts: int):
        self.session = session
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self.days = days
        factor, decay = forgetting_curve()
        self.params = {
            "zero": zero,
            "now": now,
            "days": days,
            "plan_days": 0.9 * days,
            "facts": facts,
            "factor": factor,
            "decay": decay,
            "first_s": model.FIRST_STABILITY_DAYS,
            "s_growth": model.STABILITY_GROWTH,
            "right_rating": int(RIGHT_RATING),
            "wrong_rating": int(WRONG_RATING),
            "easy_rating": int(Rating.EASY),
            "hard_rating": int(Rating.HARD),
            "easy_above": model.EASY_ABOVE,
            "easy_share": model.EASY_SHARE,
            "hard_below": model.HARD_BELOW,
            "hard_share": model.HARD_SHARE,
        }

    def _add_seconds(self, moment: str, seconds: str) -> str:
        if self.postgres:
            return f"(CAST({moment} AS TIMESTAMPTZ) + ({seconds}) * INTERVAL '1 second')"
        return (
            f"(strftime('%Y-%m-%d %H:%M:%S', {moment}, '+' || CAST(({seconds}) AS INTEGER)"
            " || ' seconds') || '.000000')"
        )

    @staticmethod
    def _mixed(*parts: str, salt: int = 0) -> str:
        """A well-mixed whole number in [0, 1000003) from integers: the same on every
        database. Another ``salt`` gives another number from the same parts."""
        first, second, third = (f"CAST({part} AS BIGINT)" for part in parts)
        salted = f" + {salt}" if salt else ""
        mixed = f"({first} * 7919 + {second} * 104729 + {third} * 1299709{salted})"
        return f"((({mixed} % 1000003) * ({mixed} % 1000003) + {mixed} * 31) % 1000003)"

    def _draw(self, *parts: str) -> str:
        """A well-mixed number in [0, 1) from integers: the same on every database."""
        return f"({self._mixed(*parts)} / 1000003.0)"

    @staticmethod
    def _response(ok: str, pick: str) -> str:
        """The stored response of a demo answer to the question ``dq``
        (``demo_questions``): its right one when ``ok``, else the wrong one ``pick`` (a
        whole number) falls on."""
        wrong = " ".join(f"WHEN {n} THEN dq.{column}" for n, column in enumerate(WRONG_COLUMNS))
        return f"CASE WHEN {ok} THEN dq.right_response ELSE CASE {pick} % dq.wrongs {wrong} END END"

    def _run(self, sql: str, **extra: object) -> int:
        statement = text(sql)
        params = {**self.params, **extra}
        for name in ("zero", "now"):
            if f":{name}" in sql:
                statement = statement.bindparams(bindparam(name, type_=UTCDateTime))
        result = self.session.execute(
            statement, {k: v for k, v in params.items() if f":{k}" in sql}
        )
        return max(getattr(result, "rowcount", 0) or 0, 0)

    def fill_lookups(
        self,
        people: list[model.Student],
        user_ids: list[int],
        facts: list[DemoFact],
        difficulties: list[float],
    ) -> None:
        temp = "TEMPORARY TABLE"
        wrong_columns = "".join(f", {column} TEXT" for column in WRONG_COLUMNS)
        for ddl in (
            f"CREATE {temp} demo_students (idx INTEGER, user_id INTEGER, ability FLOAT, "
            "pace FLOAT, hour INTEGER)",
            f"CREATE {temp} demo_facts (rank INTEGER, fact_id INTEGER, first_question INTEGER, "
            "questions INTEGER, quiz_question INTEGER, quiz_question_id INTEGER, "
            "difficulty FLOAT)",
            f"CREATE {temp} demo_questions (n INTEGER PRIMARY KEY, question_id INTEGER, "
            f"right_response TEXT, self_graded INTEGER, wrongs INTEGER{wrong_columns})",
            f"CREATE {temp} demo_steps (k INTEGER, off FLOAT, gap FLOAT, growth FLOAT)",
            f"CREATE {temp} demo_weeks (day INTEGER, r0 INTEGER)",
        ):
            self.session.execute(text(ddl))
        self.session.execute(
            text("INSERT INTO demo_students VALUES (:idx, :user_id, :ability, :pace, :hour)"),
            [
                {
                    "idx": p.index,
                    "user_id": uid,
                    "ability": p.ability,
                    "pace": p.pace,
                    "hour": _utc_hour(p.hour),
                }
                for p, uid in zip(people, user_ids, strict=True)
            ],
        )
        self._fill_facts(facts, difficulties)
        self.session.execute(
            text("INSERT INTO demo_steps VALUES (:k, :offset, :gap, :growth)"),
            # Steps that even the shortest stretch (0.4) puts past the last day never happen.
            [vars(step) for step in model.steps() if 0.4 * step.offset < self.days],
        )
        days, count = self.days, len(facts)
        weeks = [
            {"day": day, "r0": min(int(day * count / (0.9 * days)), count) - model.QUIZ_QUESTIONS}
            for day in range(6, days, 7)
        ]
        weeks = [week for week in weeks if week["r0"] >= 0]
        if weeks:
            self.session.execute(text("INSERT INTO demo_weeks VALUES (:day, :r0)"), weeks)

    def _fill_facts(self, facts: list[DemoFact], difficulties: list[float]) -> None:
        """``demo_facts``, and ``demo_questions``: every fact's questions one after the
        other (numbered from its ``first_question``), with the responses a learner gives."""
        firsts = list(accumulate((len(fact.questions) for fact in facts), initial=0))[:-1]
        self.session.execute(
            text(
                "INSERT INTO demo_facts VALUES (:rank, :fact_id, :first, :questions, :quiz, "
                ":quiz_question_id, :difficulty)"
            ),
            [
                {
                    "rank": rank,
                    "fact_id": fact.fact_id,
                    "first": first,
                    "questions": len(fact.questions),
                    "quiz": first + fact.quiz,
                    "quiz_question_id": fact.quiz_question_id,
                    "difficulty": difficulty,
                }
                for rank, (fact, first, difficulty) in enumerate(
                    zip(facts, firsts, difficulties, strict=True)
                )
            ],
        )
        wrong_values = "".join(f", :{column}" for column in WRONG_COLUMNS)
        self.session.execute(
            text(
                "INSERT INTO demo_questions VALUES (:n, :question_id, :right, :self_graded, "
                f":wrongs{wrong_values})"
            ),
            [
                {
                    "n": first + slot,
                    "question_id": asked.question_id,
                    "right": asked.right,
                    "self_graded": int(asked.self_graded),
                    "wrongs": len(asked.wrong),
                    # None in the columns past its last wrong response
                    **dict(zip_longest(WRONG_COLUMNS, asked.wrong)),
                }
                for fact, first in zip(facts, firsts, strict=True)
                for slot, asked in enumerate(fact.questions)
            ],
        )

    def write(self, bank_id: int, on_phase: Phase) -> tuple[int, int, int]:
        if self.postgres and self.session.scalar(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ):
            # Fast path: every foreign key holds by construction, so skip the per-row
            # trigger checks for this transaction only.
            self.session.execute(text("SET LOCAL session_replication_role = replica"))
        on_phase(PHASES[1])
        reviews = self._study_reviews()
        on_phase(PHASES[2])
        states = self._memory_states()
        on_phase(PHASES[3])
        attempts = self._quizzes(bank_id)
        self._drop_lookups()
        return reviews, states, attempts

    def _drop_lookups(self) -> None:
        """The temporary tables belong to the connection, which the pool hands to the next
        seed of this process: they go in the seed's own transaction (as a rollback takes
        them too), so a second seed on the connection does not find them there."""
        for table in LOOKUP_TABLES:
            self.session.execute(text(f"DROP TABLE {table}"))

    def _study_reviews(self) -> int:
        ease = "(s.ability - f.difficulty)"
        stretch = f"(CASE WHEN 1 + 0.4 * {ease} < 0.4 THEN 0.4 ELSE 1 + 0.4 * {ease} END)"
        strength = f"(CASE WHEN 1 + 0.5 * {ease} < 0.3 THEN 0.3 ELSE 1 + 0.5 * {ease} END)"
        first = f"(CASE WHEN 0.55 + 0.25 * {ease} < 0.1 THEN 0.1 ELSE 0.55 + 0.25 * {ease} END)"
        plan = f"""
            SELECT s.user_id, s.hour, f.rank, f.fact_id, f.first_question, f.questions, st.k,
              CAST(f.rank * :plan_days * s.pace / :facts AS INTEGER)
                + CAST({stretch} * st.off AS INTEGER) AS day,
              CASE WHEN st.k = 0 THEN {first}
                ELSE power(1 + :factor * {stretch} * st.gap
                           / (:first_s * {strength} * st.growth), -:decay) END AS p,
              {self._draw("s.user_id", "f.fact_id", "st.k")} AS draw,
              {self._mixed("s.user_id", "f.fact_id", "st.k", salt=QUESTION_SALT)} AS pick,
              {self._mixed("s.user_id", "f.fact_id", "st.k", salt=GRADE_SALT)} / 1000003.0
                AS grade_draw
            FROM demo_students s CROSS JOIN demo_facts f CROSS JOIN demo_steps st
        """
        # Steps met on one day (a relearning step after a miss) come 10 minutes apart.
        at = self._add_seconds(
            ":zero", "x.day * 86400 + x.hour * 3600 + (x.rank * 37) % 3000 + x.k * 600"
        )
        # Each answer asks one of the fact's questions (``pick`` falls on one), so the
        # forms are answered in proportion to the bank's; what is left of ``pick`` chooses
        # the wrong response.
        # A flashcard's right answer is the learner's own grade: Easy sometimes when recall
        # was all but certain, Hard sometimes when it was a near thing, else Good. Its
        # response is the grade's name, as the study page stores it.
        grade_names = " ".join(f"WHEN {int(grade)} THEN '{grade.name.title()}'" for grade in Rating)
        return self._run(f"""
            INSERT INTO reviews (user_id, question_id, fact_id, attempt_id, mode, rating, correct,
                                 response, duration_ms, reviewed_at)
            SELECT z.user_id, z.question_id, z.fact_id, NULL, 'study', z.rating, z.ok,
                   CASE WHEN z.self_graded = 1 THEN CASE z.rating {grade_names} END
                        ELSE z.response END,
                   z.duration, z.at
            FROM (SELECT y.user_id, dq.question_id, y.fact_id, y.ok, y.duration, y.at,
                         dq.self_graded, {self._rating("y.ok", "y.p", "y.grade_draw")} AS rating,
                         {self._response("y.ok", "(y.pick / y.questions)")} AS response
                  FROM (SELECT x.user_id, x.fact_id, x.first_question, x.questions, x.pick,
                               x.p, x.grade_draw, x.draw < x.p AS ok,
                               2000 + CAST(x.draw * 6000 AS INTEGER) AS duration, {at} AS at
                        FROM ({plan}) x WHERE x.day < :days) y
                  JOIN demo_questions dq ON dq.n = y.first_question + y.pick % y.questions
                  WHERE y.at < :now) z
        """)

    @staticmethod
    def _rating(ok: str, p: str, draw: str) -> str:
        """The rating of a study answer to ``dq``: Again when wrong; a right flashcard's
        own grade (see ``model.EASY_ABOVE``, ``model.HARD_BELOW``); else Good."""
        self_graded = "dq.self_graded = 1"
        return f"""CASE WHEN NOT ({ok}) THEN :wrong_rating
            WHEN {self_graded} AND {p} >= :easy_above AND {draw} < :easy_share THEN :easy_rating
            WHEN {self_graded} AND {p} < :hard_below AND {draw} < :hard_share THEN :hard_rating
            ELSE :right_rating END"""

    def _memory_states(self) -> int:
        ease = "(s.ability - f.difficulty)"
        strength = f"(CASE WHEN 1 + 0.5 * {ease} < 0.3 THEN 0.3 ELSE 1 + 0.5 * {ease} END)"
        stability = f"(:first_s * {strength} * power(:s_growth, a.n - 1))"
        raw = f"5 - 2 * {ease}"
        difficulty = f"(CASE WHEN {raw} < 1 THEN 1 WHEN {raw} > 10 THEN 10 ELSE {raw} END)"
        due = self._add_seconds("a.last", f"{stability} * 86400")
        return self._run(f"""
            INSERT INTO memory_states (user_id, fact_id, state, step, stability, difficulty, due,
                                       last_review, reps, lapses)
            SELECT a.user_id, a.fact_id, 2, NULL, {stability}, {difficulty}, {due}, a.last,
                   a.n, a.wrong
            FROM (SELECT r.user_id, r.fact_id, COUNT(*) AS n, MAX(r.reviewed_at) AS last,
                         SUM(CASE WHEN r.correct THEN 0 ELSE 1 END) AS wrong
                  FROM reviews r JOIN demo_students ds ON ds.user_id = r.user_id
                  GROUP BY r.user_id, r.fact_id) a
            JOIN demo_students s ON s.user_id = a.user_id
            JOIN demo_facts f ON f.fact_id = a.fact_id
        """)

    def _quizzes(self, bank_id: int) -> int:
        started = self._add_seconds(":zero", "w.day * 86400 + (s.hour + 1) * 3600")
        self._run(f"""
            CREATE TEMPORARY TABLE demo_quizzes AS
            SELECT s.user_id, s.ability, w.r0, {started} AS started_at
            FROM demo_students s CROSS JOIN demo_weeks w
        """)
        self._run("DELETE FROM demo_quizzes WHERE started_at >= :now")
        ids = " || ',' || ".join(
            f"CAST((SELECT quiz_question_id FROM demo_facts WHERE rank = q.r0 + {j}) AS TEXT)"
            for j in range(model.QUIZ_QUESTIONS)
        )
        question_ids = f"'[' || {ids} || ']'"
        if self.postgres:
            question_ids = f"CAST({question_ids} AS JSON)"
        finished = self._add_seconds("q.started_at", "600")
        attempts = self._run(
            f"""
            INSERT INTO quiz_attempts (user_id, bank_id, assignment_id, question_ids, started_at,
                                       finished_at, score, max_score)
            SELECT q.user_id, :bank, NULL, {question_ids}, q.started_at, {finished}, 0, :size
            FROM demo_quizzes q
            """,
            bank=bank_id,
            size=float(model.QUIZ_QUESTIONS),
        )
        ease = "(q.ability - f.difficulty)"
        p = f"(CASE WHEN 0.72 + 0.25 * {ease} > 0.98 THEN 0.98 ELSE 0.72 + 0.25 * {ease} END)"
        draw = self._draw("a.user_id", "f.fact_id", "a.id")
        pick = self._mixed("a.user_id", "f.fact_id", "a.id", salt=QUESTION_SALT)
        answered = self._add_seconds("q.started_at", "(f.rank - q.r0 + 1) * 40")
        self._run(
            f"""
            INSERT INTO reviews (user_id, question_id, fact_id, attempt_id, mode, rating, correct,
                                 response, duration_ms, reviewed_at)
            SELECT y.user_id, dq.question_id, y.fact_id, y.attempt_id, 'quiz',
                   CASE WHEN y.ok THEN :right_rating ELSE :wrong_rating END, y.ok,
                   {self._response("y.ok", "y.pick")}, 5000, y.at
            FROM (SELECT a.user_id, f.quiz_question, f.fact_id, a.id AS attempt_id,
                         {draw} < {p} AS ok, {pick} AS pick, {answered} AS at
                  FROM quiz_attempts a
                  JOIN demo_quizzes q ON q.user_id = a.user_id AND q.started_at = a.started_at
                  JOIN demo_facts f ON f.rank >= q.r0 AND f.rank < q.r0 + :size) y
            JOIN demo_questions dq ON dq.n = y.quiz_question
        """,
            size=model.QUIZ_QUESTIONS,
        )
        self._run("""
            UPDATE quiz_attempts SET score = (
                SELECT COUNT(*) FROM reviews r WHERE r.attempt_id = quiz_attempts.id AND r.correct)
            WHERE user_id IN (SELECT user_id FROM demo_students)
        """)
        return attempts
