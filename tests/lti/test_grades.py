"""Grade passback: a quiz finished from the LMS posts its score once, through the outbox,
retried with backoff while the LMS fails, and shown to the teacher."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.lti.models import LtiPlatform, LtiScore
from quizapp.lti.outbox import SendReport, retry_delay, send_due_scores
from quizapp.models import Bank, QuizAttempt
from quizapp.timeutil import now_utc
from tests.study.test_quiz import answer_current, only_attempt, start
from tests.support.servers import free_port

from .conftest import instructor, launch, learner


def take_quiz(client, lms, quiz_link, right: int) -> QuizAttempt:
    """Launch as the learner and answer the 3 questions, the first ``right`` rightly."""
    response = launch(client, lms, learner(quiz_link))
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    for number in range(3):
        answer_current(client, attempt_id, right=number < right)
    db.session.expire_all()
    return db.session.get(QuizAttempt, attempt_id)


def test_a_finished_quiz_posts_its_score_once(client, lms, quiz_link):
    attempt = take_quiz(client, lms, quiz_link, right=2)
    assert attempt.finished_at is not None
    score = db.session.scalars(select(LtiScore)).one()  # queued with the finish
    assert (score.attempt_id, score.sent_at) == (attempt.id, None)
    assert send_due_scores(now_utc()).sent == 1
    [received] = lms.scores
    assert received.line_item == quiz_link["line_item"]
    assert received.body["userId"] == "learner-1"
    assert (received.body["scoreGiven"], received.body["scoreMaximum"]) == (2, 3)
    assert received.body["activityProgress"] == "Completed"
    assert received.body["gradingProgress"] == "FullyGraded"
    assert send_due_scores(now_utc() + timedelta(days=1)).sent == 0
    assert len(lms.scores) == 1


def test_a_score_the_lms_refused_is_retried_later_and_posted_once(client, lms, quiz_link):
    take_quiz(client, lms, quiz_link, right=3)
    lms.fail_scores = 1
    now = now_utc()
    report = send_due_scores(now)
    assert (report.sent, report.failed, lms.scores) == (0, 1, [])
    db.session.expire_all()
    score = db.session.scalars(select(LtiScore)).one()
    assert score.tries == 1 and "500" in score.last_error
    assert score.next_try_at == now + retry_delay(1)
    assert send_due_scores(now).sent == 0  # not due yet: no second post
    assert send_due_scores(now + timedelta(minutes=2)).sent == 1
    assert send_due_scores(now + timedelta(days=1)).sent == 0
    assert [s.body["scoreGiven"] for s in lms.scores] == [3]
    assert lms.score_requests == 2


def test_the_teacher_sees_waiting_and_failed_scores_on_the_class_page(client, app, lms, quiz_link):
    attempt = take_quiz(client, lms, quiz_link, right=1)
    lms.fail_scores = 1
    send_due_scores(now_utc())
    teacher = app.test_client()
    launch(teacher, lms, instructor(**quiz_link))
    page = teacher.get(f"/teach/classes/{attempt.assignment.classroom_id}").get_data(as_text=True)
    assert "Scores sent to the LMS gradebook: 0; waiting: 1, of which 1 failed" in page
    assert "the LMS answered 500" in page
    send_due_scores(now_utc() + timedelta(minutes=5))
    page = teacher.get(f"/teach/classes/{attempt.assignment.classroom_id}").get_data(as_text=True)
    assert "Scores sent to the LMS gradebook: 1; waiting: 0" in page


def test_a_claimed_score_is_not_sent_by_a_second_sender(client, lms, quiz_link):
    take_quiz(client, lms, quiz_link, right=1)
    score = db.session.scalars(select(LtiScore)).one()
    score.claimed_until = now_utc() + timedelta(minutes=1)  # another sender is on it
    db.session.commit()
    assert send_due_scores(now_utc()) == send_due_scores(now_utc())
    assert lms.scores == []
    # A sender that died leaves its claim to expire; then the score goes out.
    assert send_due_scores(now_utc() + timedelta(minutes=3)).sent == 1


def test_a_quiz_not_launched_from_the_lms_queues_nothing(app, student_client, quiz_link):
    bank = db.session.scalars(select(Bank)).one()
    start(student_client, bank, size="2")
    attempt = only_attempt()
    for _ in range(2):
        answer_current(student_client, attempt.id, right=True)
    assert only_attempt().finished_at is not None
    assert db.session.scalars(select(LtiScore)).all() == []


def test_backoff_doubles_up_to_six_hours():
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(30) == timedelta(hours=6)
    # A score failing for weeks (about 50 tries) must not overflow the wait and crash
    # the sender, which then re-posted it every run and sent none after it.
    assert retry_delay(60) == retry_delay(10_000) == timedelta(hours=6)


def test_flask_lti_send_scores_posts_what_is_due(app, client, lms, quiz_link):
    take_quiz(client, lms, quiz_link, right=2)
    result = app.test_cli_runner().invoke(args=["lti", "send-scores"])
    assert result.exit_code == 0, result.output
    assert "1 score sent, 0 failed" in result.output
    assert [s.body["scoreGiven"] for s in lms.scores] == [2]


def test_a_score_posted_while_the_lms_is_unreachable_arrives_once_it_is_back(
    client, lms, quiz_link
):
    take_quiz(client, lms, quiz_link, right=2)
    platform = db.session.scalars(select(LtiPlatform)).one()
    working_url = platform.token_url
    platform.token_url = f"http://127.0.0.1:{free_port()}/token"  # nothing listens there
    db.session.commit()
    now = now_utc()
    assert send_due_scores(now).failed == 1
    platform.token_url = working_url  # the LMS is back
    db.session.commit()
    assert send_due_scores(now + timedelta(minutes=1)).sent == 1
    assert [s.body["scoreGiven"] for s in lms.scores] == [2]


def test_an_older_attempts_score_retried_after_a_newer_one_went_is_not_sent(
    client, app, lms, quiz_link
):
    """AGS keeps the score with the latest timestamp: an older attempt's score posted
    after a newer one would overwrite it (or be refused, by Canvas, on every retry)."""
    take_quiz(client, lms, quiz_link, right=1)
    lms.fail_scores = 1
    now = now_utc()
    assert send_due_scores(now).failed == 1  # the first attempt's score waits a minute
    client.post("/auth/logout")
    take_quiz(client, lms, quiz_link, right=3)  # launched again: a second attempt
    assert send_due_scores(now + timedelta(seconds=10)).sent == 1
    assert send_due_scores(now + timedelta(minutes=2)) == SendReport(sent=0, failed=0)
    assert send_due_scores(now + timedelta(days=1)) == SendReport(sent=0, failed=0)
    assert [s.body["scoreGiven"] for s in lms.scores] == [3]
    assert lms.score_requests == 2  # the first try (500) and the second attempt's score
    db.session.expire_all()
    first = db.session.scalars(select(LtiScore).order_by(LtiScore.id)).first()
    assert "a later attempt's score was sent first" in first.last_error
    teacher = app.test_client()
    launch(teacher, lms, instructor(**quiz_link))
    page = teacher.get(f"/teach/classes/{first.attempt.assignment.classroom_id}")
    text = html.unescape(page.get_data(as_text=True))
    assert "Scores sent to the LMS gradebook: 1; waiting: 0." in text
    assert "Not sent, as a later attempt's score went first" in text


def test_a_scores_timestamp_always_has_sub_second_precision(client, lms, quiz_link):
    """AGS asks for ISO 8601 with sub-second precision; ``isoformat`` leaves the fraction
    out of a time that falls on a whole second."""
    take_quiz(client, lms, quiz_link, right=2)
    score = db.session.scalars(select(LtiScore)).one()
    score.finished_at = datetime(2026, 3, 1, 9, 30, 0, tzinfo=UTC)
    db.session.commit()
    send_due_scores(now_utc())
    [received] = lms.scores
    assert received.body["timestamp"] == "2026-03-01T09:30:00.000000+00:00"


def test_a_quiz_finished_after_the_lms_lets_a_removed_learner_back_counts_for_the_class(
    client, lms, quiz_link
):
    """Taken off the class halfway through its quiz, the learner opens the LMS link
    again: the launch enrols them anew and resumes the quiz, which they finish as a
    member. It is the class's quiz: on the roster and in the item analysis, as in the
    gradebook, though it began before the new join."""
    from quizapp.models import Classroom
    from quizapp.progress.classroom import roster
    from quizapp.progress.item_analysis import class_item_analysis
    from quizapp.teach.classes import classroom_students, remove_student

    response = launch(client, lms, learner(quiz_link))
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    answer_current(client, attempt_id, right=True)
    classroom = db.session.scalars(select(Classroom)).one()
    assert remove_student(classroom, db.session.get(QuizAttempt, attempt_id).user_id)
    resumed = launch(client, lms, learner(quiz_link))
    assert resumed.headers["Location"].endswith(f"/quiz/{attempt_id}")
    db.session.expire_all()
    assert [student.id for student in classroom_students(classroom)] == [
        db.session.get(QuizAttempt, attempt_id).user_id
    ]  # the launch that resumed the quiz enrolled them again
    for _ in range(2):
        answer_current(client, attempt_id, right=True)

    (row,) = roster(classroom, now_utc())
    assert row.quiz_average == 100.0
    assert [item.stats.attempts for item in class_item_analysis(classroom)] == [1, 1, 1]
    assert db.session.scalars(select(LtiScore.attempt_id)).all() == [attempt_id]


def test_a_worse_retake_does_not_lower_the_gradebooks_score(client, lms, quiz_link):
    """The learner's home page shows their best score on a class quiz; the gradebook
    agrees: a retake that scores less posts the best score again, not the lower one."""
    take_quiz(client, lms, quiz_link, right=3)
    assert send_due_scores(now_utc()).sent == 1
    client.post("/auth/logout")
    take_quiz(client, lms, quiz_link, right=0)  # "Take it again", and a bad day
    assert send_due_scores(now_utc() + timedelta(seconds=1)).sent == 1
    assert [s.body["scoreGiven"] for s in lms.scores] == [3, 3]
    client.post("/auth/logout")
    take_quiz(client, lms, quiz_link, right=2)
    send_due_scores(now_utc() + timedelta(seconds=2))
    assert [s.body["scoreGiven"] for s in lms.scores] == [3, 3, 3]
