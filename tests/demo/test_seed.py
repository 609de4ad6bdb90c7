"""``flask demo seed``: a demo school whose history looks like real study."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from quizapp.demo.model import QUIZ_QUESTIONS
from quizapp.demo.seed import seed_demo
from quizapp.extensions import db
from quizapp.models import (
    Bank,
    Classroom,
    Enrollment,
    Fact,
    MemoryState,
    QuizAttempt,
    Review,
    User,
)
from quizapp.timeutil import now_utc
from tests.support.clients import AuthActions


def count(query):
    return db.session.scalar(query) or 0


def test_the_seed_writes_classes_answers_states_and_quizzes_that_agree(app):
    now = now_utc()
    school = seed_demo(students=12, days=30, facts=20, class_size=5, now=now)
    assert len(school.join_codes) == 3
    assert count(select(func.count()).select_from(Enrollment)) == 12
    assert school.reviews == count(
        select(func.count()).select_from(Review).where(Review.mode == "study")
    )
    first, last = db.session.execute(
        select(func.min(Review.reviewed_at), func.max(Review.reviewed_at))
    ).one()
    assert now - timedelta(days=30) <= first and last < now
    # one memory state per (student, fact) answered in study, counting its reviews
    pairs = count(
        select(func.count()).select_from(
            select(Review.user_id, Review.fact_id)
            .where(Review.mode == "study")
            .group_by(Review.user_id, Review.fact_id)
            .subquery()
        )
    )
    assert school.memory_states == pairs == count(select(func.count()).select_from(MemoryState))
    assert count(select(func.sum(MemoryState.reps))) == school.reviews
    # plausible: mostly right, not always
    right = count(select(func.count()).where(Review.correct.is_(True)))
    assert 0.6 < right / count(select(func.count()).select_from(Review)) < 0.97
    # each quiz's score is its right answers
    scored = db.session.execute(
        select(QuizAttempt.score, func.count(Review.id))
        .join(
            Review, (Review.attempt_id == QuizAttempt.id) & Review.correct.is_(True), isouter=True
        )
        .group_by(QuizAttempt.id, QuizAttempt.score)
    ).all()
    assert scored and all(score == right for score, right in scored)


def test_the_demo_teacher_logs_in_and_sees_a_class(app, client):
    school = seed_demo(students=6, days=14, facts=10, class_size=6)
    AuthActions(client).login(school.teacher_email, school.password)
    class_id = db.session.scalar(select(Classroom.id))
    page = client.get(f"/progress/class/{class_id}")
    assert page.status_code == 200
    names = db.session.scalars(select(User.display_name).where(User.role == "student")).all()
    assert all(name in page.get_data(as_text=True) for name in names)


def test_the_demo_students_joined_before_their_history_so_their_class_shows_all_of_it(app):
    """A class counts from each student's join: the demo's students joined as their
    history began, so every answer (study and quiz) and memory is their class's."""
    from quizapp.progress.classroom import roster
    from quizapp.progress.period import DateRange
    from quizapp.progress.results_csv import count_class_rows

    # Late in the day, so that this week's quizzes (taken an hour after each student's
    # study) have happened: at another hour of a test run there may be none.
    late = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    school = seed_demo(students=6, days=14, facts=10, class_size=6, now=late)
    assert school.quiz_attempts > 0
    classroom = db.session.scalar(select(Classroom))
    rows = roster(classroom, now_utc())
    assert sum(row.facts_learned for row in rows) == school.memory_states
    quiz_answers = school.quiz_attempts * QUIZ_QUESTIONS
    assert count_class_rows(classroom, "answers", DateRange(), "UTC") == (
        school.reviews + quiz_answers
    )
    assert count_class_rows(classroom, "attempts", DateRange(), "UTC") == count(
        select(func.count()).select_from(QuizAttempt)
    )


def test_the_command_explains_a_missing_bank(app):
    outcome = app.test_cli_runner().invoke(args=["demo", "seed", "--students", "3"])
    assert outcome.exit_code != 0
    assert "flask content load" in outcome.output
    assert count(select(func.count()).select_from(User)) == 0  # nothing half-made


def test_the_command_reports_what_it_made(app):
    outcome = app.test_cli_runner().invoke(
        args=["demo", "seed", "--students", "4", "--days", "10", "--facts", "8"]
    )
    assert outcome.exit_code == 0, outcome.output
    assert "Seeding the demo school" in outcome.output  # its progress bar
    assert "Made 4 students, 8 facts" in outcome.output
    assert "Log in as demo-" in outcome.output
    assert "1 class, codes" in outcome.output  # not "1 classes"


def test_the_seed_says_what_it_is_writing_as_it_goes(app):
    """A school's year takes minutes: the command's progress bar follows these phases."""
    heard: list[str] = []
    seed_demo(students=3, days=5, facts=6, on_phase=heard.append)
    assert heard == ["students and classes", "study answers", "memory states", "quizzes", "saving"]


def test_the_demo_history_looks_like_a_day_at_school_in_seoul(app):
    # Probe: two answers to one fact at the same second, and every answer between
    # midnight and 05:00 in Seoul, where the demo students live.
    seed_demo(students=6, days=20, facts=15, class_size=6, now=now_utc())
    same_second = count(
        select(func.count()).select_from(
            select(Review.user_id, Review.fact_id, Review.reviewed_at)
            .group_by(Review.user_id, Review.fact_id, Review.reviewed_at)
            .having(func.count() > 1)
            .subquery()
        )
    )
    assert same_second == 0
    seoul = ZoneInfo("Asia/Seoul")
    hours = {
        at.replace(tzinfo=at.tzinfo or UTC).astimezone(seoul).hour
        for at in db.session.scalars(select(Review.reviewed_at))
    }
    assert hours and all(6 <= hour <= 22 for hour in hours), sorted(hours)


def test_a_second_seed_in_the_same_process_makes_a_second_school(app):
    """Its lookup tables are the connection's own and go with the seed: a benchmark or a
    shell seeding twice on one connection got "table demo_students already exists"."""
    first = seed_demo(students=3, days=10, facts=6)
    second = seed_demo(students=3, days=10, facts=6)
    assert second.reviews == first.reviews  # the same seed, the same history
    studied = select(func.count()).select_from(Review).where(Review.mode == "study")
    assert count(studied) == 2 * first.reviews


def _fact_number(text: str) -> str:
    found = re.search(r"demo fact (?:number )?(\d+)", text, re.IGNORECASE)
    assert found, text
    return found.group(1)


def test_a_second_run_with_facts_makes_its_own_bank_whose_questions_ask_its_facts(app):
    """An operator seeding twice (or after loading the shipped bank) gets a second bank
    that reads as the first: each question asks about its own fact, whose statement
    teaches the answer, and ``flask bank list`` tells the two banks apart."""
    runner = app.test_cli_runner()
    for _run in range(2):
        made = runner.invoke(
            args=["demo", "seed", "--students", "2", "--days", "3", "--facts", "6"]
        )
        assert made.exit_code == 0, made.output
    db.session.rollback()
    second = db.session.scalars(select(Bank).order_by(Bank.id)).all()[-1]
    facts = db.session.scalars(select(Fact).where(Fact.bank_id == second.id)).all()
    assert len(facts) == 6
    for fact in facts:
        for question in fact.questions:
            assert _fact_number(question.prompt) == _fact_number(fact.statement)
            assert question.answer in fact.statement
    options = [
        [int(option) for option in [question.answer, *question.choices]]
        for fact in facts
        for question in fact.questions
        if question.kind == "multiple_choice"
    ]
    assert not all(numbers[0] == min(numbers) for numbers in options), "always the smallest"
    listed = runner.invoke(args=["bank", "list"]).output.splitlines()
    assert len({line.split("\t")[1] for line in listed}) == 2, listed
