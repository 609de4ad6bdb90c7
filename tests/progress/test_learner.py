"""A learner's figures, each on a small hand-made history where the right number is known."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Enrollment, Review
from quizapp.progress.learner import (
    due_forecast,
    history,
    mastery_by_topic,
    new_facts_left_today,
    quiz_history,
    stages,
    streak,
    today_summary,
)
from quizapp.progress.period import DateRange
from quizapp.progress.scope import class_scope, learner_scope
from tests.support.factories import (
    make_attempt,
    make_bank,
    make_classroom,
    make_fact,
    make_memory_state,
    make_question,
    make_review,
    make_user,
)
from tests.support.progress_fixtures import NOW, at


@pytest.fixture
def learner(app):
    return make_user(name="Lee Learner")


@pytest.fixture
def facts(app):
    bank = make_bank(title="Resettlement")
    facts = [make_fact(bank, topic="Arrival" if n < 3 else "Work") for n in range(5)]
    for fact in facts:  # a fact without a question is never served, nor counted as left
        make_question(fact)
    return facts


def in_zone(user, name):
    user.time_zone = name
    db.session.commit()
    return user


def review_on(user, fact, moment, correct=True, mode="study"):
    """An answer as the app records it: a fact's first answer has no memory state before it."""
    question = fact.questions[0] if fact.questions else make_question(fact)
    answered_before = db.session.scalar(
        select(Review.id).where(Review.user_id == user.id, Review.fact_id == fact.id).limit(1)
    )
    state_before = {"state": 2} if answered_before else None
    return make_review(
        user, question, reviewed_at=moment, correct=correct, mode=mode, state_before=state_before
    )


def test_reviews_due_today_count_overdue_and_later_today_but_not_tomorrow(learner, facts):
    make_memory_state(learner, facts[0], due=NOW - timedelta(days=1))
    make_memory_state(learner, facts[1], due=at(17, 23))
    make_memory_state(learner, facts[2], due=at(18, 1))
    today = today_summary(learner_scope(learner), NOW)
    assert today.due == 2
    # Told apart as the study page serves them: one now, one later today.
    assert (today.due_now, today.due_later_today) == (1, 1)


def test_the_end_of_today_is_the_learners_own_midnight(learner, facts):
    make_memory_state(learner, facts[0], due=at(17, 16))  # 01:00 on the 18th in Seoul
    assert today_summary(learner_scope(learner), NOW).due == 1
    in_zone(learner, "Asia/Seoul")
    assert today_summary(learner_scope(learner), NOW).due == 0


def test_new_facts_left_is_the_daily_limit_minus_facts_first_seen_today(learner, facts):
    learner.daily_new_limit = 3
    db.session.commit()
    review_on(learner, facts[0], at(10))
    review_on(learner, facts[0], at(17, 9))  # seen before today: not new today
    review_on(learner, facts[1], at(17, 8))  # first seen today
    for fact in facts[:2]:
        make_memory_state(learner, fact)
    assert new_facts_left_today(learner_scope(learner), NOW) == (2, 0)


def test_new_facts_left_never_exceeds_the_facts_not_yet_studied(learner, facts):
    learner.daily_new_limit = 20
    db.session.commit()
    make_memory_state(learner, facts[0])
    assert new_facts_left_today(learner_scope(learner), NOW) == (4, 0)


def test_new_facts_left_is_zero_once_the_limit_is_used(learner, facts):
    learner.daily_new_limit = 1
    db.session.commit()
    review_on(learner, facts[0], at(17, 1))
    review_on(learner, facts[1], at(17, 2))
    assert new_facts_left_today(learner_scope(learner), NOW) == (0, 0)


def test_streak_counts_days_in_a_row_ending_today(learner, facts):
    for day in (17, 16, 16, 15, 13):
        review_on(learner, facts[0], at(day, 8))
    assert streak(learner, NOW) == 3


def test_streak_survives_until_today_ends_without_a_review(learner, facts):
    for day in (16, 15):
        review_on(learner, facts[0], at(day))
    assert streak(learner, NOW) == 2


def test_streak_is_zero_after_a_missed_day(learner, facts):
    review_on(learner, facts[0], at(15))
    assert streak(learner, NOW) == 0
    assert streak(make_user(), NOW) == 0


def test_streak_days_follow_the_learners_time_zone(learner, facts):
    review_on(learner, facts[0], at(16, 10))  # Seoul: 16 July, 19:00
    review_on(learner, facts[0], at(16, 16))  # Seoul: 17 July, 01:00
    assert streak(learner, NOW) == 1  # in UTC both fall on the 16th
    assert streak(in_zone(learner, "Asia/Seoul"), NOW) == 2


def test_facts_by_stage_and_the_share_they_would_recall(learner, facts):
    # Retrievability is exactly 0.9 when the days since the last review equal the stability.
    make_memory_state(learner, facts[0], state=1, step=0, stability=0.5, last_review=NOW)
    make_memory_state(learner, facts[1], stability=5, last_review=NOW - timedelta(days=5))
    make_memory_state(learner, facts[2], stability=21, last_review=NOW - timedelta(days=21))
    make_memory_state(learner, facts[3], state=3, step=0, stability=2, last_review=NOW)
    result = stages(learner_scope(learner), NOW)
    assert result.counts == {"new": 1, "learning": 2, "young": 1, "mature": 1}
    # Facts answered today (the two reviewed at NOW) are left out of the prediction.
    assert result.memory.predicted_recall == pytest.approx(0.9, abs=1e-9)
    assert result.memory.predicted_facts == 2


def test_just_after_midnight_the_facts_missed_minutes_ago_are_not_predicted_certain(learner, facts):
    # Probe: at 00:05 "predicted to recall today" read 100 % for facts missed at 23:50.
    just_after_midnight = at(17, 0, 5)
    for fact in facts[:3]:
        make_memory_state(learner, fact, stability=0.01, last_review=at(16, 23, 50))
    make_memory_state(learner, facts[3], stability=5, last_review=at(12, 0, 5))
    result = stages(learner_scope(learner), just_after_midnight)
    assert result.memory.predicted_facts == 1  # only the fact studied days ago
    assert result.memory.predicted_recall == pytest.approx(0.9, abs=1e-9)
    topics = mastery_by_topic(learner_scope(learner), just_after_midnight)
    assert sum(1 for topic in topics if topic.mastery is not None) <= 1


def test_a_learner_with_nothing_studied_has_no_retention_figure(learner, facts):
    result = stages(learner_scope(learner), NOW)
    assert result.counts["new"] == 5
    assert result.memory.predicted_recall is None
    assert result.answers.share_right is None


def test_facts_of_banks_the_learner_cannot_see_do_not_count(learner, facts):
    hidden = make_bank(owner=make_user(role="teacher"))
    make_fact(hidden)
    assert stages(learner_scope(learner), NOW).counts["new"] == 5


def test_due_forecast_puts_each_review_on_its_local_day(learner, facts):
    in_zone(learner, "Asia/Seoul")
    make_memory_state(learner, facts[0], due=at(10))  # overdue: today
    make_memory_state(learner, facts[1], due=at(17, 16))  # Seoul 18 July
    make_memory_state(learner, facts[2], due=at(30, 12))  # Seoul 30 July, the 14th day
    make_memory_state(learner, facts[3], due=at(31, 12))  # beyond the window
    forecast = due_forecast(learner_scope(learner), NOW)
    assert len(forecast) == 14
    assert forecast[0] == (date(2024, 7, 17), 1)
    assert forecast[1] == (date(2024, 7, 18), 1)
    assert forecast[13] == (date(2024, 7, 30), 1)
    assert sum(count for _, count in forecast) == 3


def test_activity_and_weekly_accuracy_use_local_days(learner, facts):
    in_zone(learner, "Asia/Seoul")
    review_on(learner, facts[0], at(17, 1))  # Seoul 17th
    review_on(learner, facts[0], at(16, 20))  # Seoul 17th
    review_on(learner, facts[1], at(16, 10), correct=False)  # Seoul 16th
    review_on(learner, facts[1], at(8, 10))  # the week before
    result = history(learner_scope(learner), NOW)
    assert result.first_day == date(2024, 4, 29)  # the Monday 11 weeks before this week's
    assert result.last_day == date(2024, 7, 17)
    assert result.per_day == {date(2024, 7, 17): 2, date(2024, 7, 16): 1, date(2024, 7, 8): 1}
    assert len(result.per_week) == 12
    assert result.per_week[-1] == (date(2024, 7, 15), 2, 3)
    assert result.per_week[-2] == (date(2024, 7, 8), 1, 1)
    assert result.per_week[0] == (date(2024, 4, 29), 0, 0)


def test_a_date_range_limits_the_history(learner, facts):
    review_on(learner, facts[0], at(17, 1))
    review_on(learner, facts[0], at(16, 1))
    review_on(learner, facts[0], at(1, 1))
    result = history(learner_scope(learner), NOW, DateRange(date(2024, 7, 16), date(2024, 7, 16)))
    assert result.per_day == {date(2024, 7, 16): 1}
    assert result.last_day == date(2024, 7, 16)


def test_mastery_per_topic_predicts_the_facts_studied_before_today_like_the_headline(
    learner, facts
):
    """Each topic's "predicted to recall today" is the headline's figure for its facts:
    facts never studied count in "Studied", not as a predicted 0%, and a topic whose
    facts were all first answered today has no prediction yet (not "0%")."""
    make_memory_state(learner, facts[0], stability=4, last_review=NOW - timedelta(days=4))
    make_memory_state(learner, facts[3], stability=30, last_review=NOW)
    topics = {topic.topic: topic for topic in mastery_by_topic(learner_scope(learner), NOW)}
    assert topics["Arrival"].facts == 3
    assert topics["Arrival"].studied == 1
    assert topics["Arrival"].mastery == pytest.approx(0.9)
    assert topics["Work"].mature == 1
    # the Work fact answered just now is left out, and the other one was never studied
    assert topics["Work"].mastery is None


def test_quiz_history_lists_attempts_newest_first_with_percent(learner, facts):
    bank = facts[0].bank
    questions = [make_question(fact) for fact in facts[:4]]
    older = make_attempt(learner, bank, dict.fromkeys(questions, True), started_at=at(10))
    newer = make_attempt(
        learner, bank, {questions[0]: True, questions[1]: False}, started_at=at(16)
    )
    unfinished = make_attempt(learner, bank, {}, started_at=at(17), finished_at=None)
    make_attempt(make_user(), bank, {questions[0]: True}, started_at=at(17))
    rows = quiz_history(learner_scope(learner))
    assert [row.id for row in rows] == [unfinished.id, newer.id, older.id]
    assert rows[1].percent == 50
    assert rows[2].percent == 100
    assert rows[0].percent is None
    in_range = quiz_history(learner_scope(learner), DateRange(date(2024, 7, 15), None))
    assert [row.id for row in in_range] == [unfinished.id, newer.id]


def test_new_facts_met_in_a_quiz_do_not_use_up_the_daily_limit(learner, facts):
    learner.daily_new_limit = 2
    db.session.commit()
    review_on(learner, facts[0], at(17, 1), mode="quiz")
    review_on(learner, facts[1], at(17, 2))
    assert new_facts_left_today(learner_scope(learner), NOW) == (1, 0)


def test_a_fact_whose_questions_are_all_retired_is_neither_due_nor_new(learner, facts):
    """The study session never serves a fact without an active question, so it counts
    nowhere: not due, not new, not by stage (as a retired fact)."""
    make_memory_state(learner, facts[0], due=NOW - timedelta(days=1))
    make_memory_state(learner, facts[1], due=NOW - timedelta(days=1))
    for fact in (facts[0], facts[4]):
        for question in fact.questions:
            question.active = False
    db.session.commit()
    scope = learner_scope(learner)
    assert today_summary(scope, NOW).due_now == 1
    counts = stages(scope, NOW).counts
    assert counts["new"] == 2 and sum(counts.values()) == 3
    assert sum(count for _day, count in due_forecast(scope, NOW)) == 1


def test_the_learners_own_past_stays_when_a_bank_leaves_their_study(learner):
    """Taken off a class (or the bank taken off it), the learner no longer studies its
    bank, but their own progress page keeps what they did: answers, streak, quizzes."""
    teacher = make_user(role="teacher")
    bank = make_bank(title="Teacher bank", owner=teacher)
    questions = [make_question(make_fact(bank)) for _ in range(2)]
    classroom = make_classroom(teacher, students=[learner], banks=[bank])
    attempt = make_attempt(learner, bank, {questions[0]: True}, started_at=at(16))
    review_on(learner, questions[1].fact, at(17, 8))
    review_on(learner, questions[1].fact, at(16, 8), correct=False)
    db.session.execute(Enrollment.__table__.delete().where(Enrollment.classroom_id == classroom.id))
    db.session.commit()
    scope = learner_scope(learner)
    assert [row.id for row in quiz_history(scope)] == [attempt.id]
    # The quiz's one answer and the two study answers.
    assert history(scope, NOW).per_day == {date(2024, 7, 17): 1, date(2024, 7, 16): 2}
    assert (stages(scope, NOW).answers.answers, stages(scope, NOW).answers.right) == (3, 2)
    assert today_summary(scope, NOW).streak == 2


def test_a_teachers_view_of_a_students_streak_counts_only_the_class_banks(learner, facts):
    teacher = make_user(role="teacher")
    bank = make_bank(title="Class bank", owner=teacher)
    fact = make_fact(bank)
    make_question(fact)
    classroom = make_classroom(teacher, students=[learner], banks=[bank])
    for day in (17, 16, 15):
        review_on(learner, facts[0], at(day, 8))  # a bank the class never assigned
    review_on(learner, fact, at(1, 8))
    assert today_summary(learner_scope(learner), NOW).streak == 3
    assert today_summary(class_scope(learner, classroom), NOW).streak == 0
    review_on(learner, fact, at(17, 9))
    assert today_summary(class_scope(learner, classroom), NOW).streak == 1
