"""Deleting an LMS learner's account, an LMS class or a linked assignment takes its LTI
rows along, in the same transaction."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.deletion import delete_classroom, delete_learner_account
from quizapp.extensions import db
from quizapp.lti.cleanup import has_lms_link
from quizapp.lti.models import LtiContext, LtiResourceLink, LtiScore, LtiUser
from quizapp.models import Assignment, Classroom, QuizAttempt
from quizapp.teach.classes import quiz_attempts_from, remove_assignment
from quizapp.teach.removal_questions import removing_assignment

from .conftest import launch, learner
from .test_grades import take_quiz


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_deleting_an_lms_learner_removes_their_link_and_unsent_score(client, lms, quiz_link):
    attempt = take_quiz(client, lms, quiz_link, right=1)
    user = attempt.user
    assert count(LtiScore) == 1
    delete_learner_account(user)
    assert (count(LtiScore), count(QuizAttempt)) == (0, 0)
    assert db.session.scalars(select(LtiUser.sub)).all() == [""]  # the course keeper only


def test_deleting_an_lms_class_removes_its_course_and_links(client, lms, quiz_link):
    take_quiz(client, lms, quiz_link, right=1)
    delete_classroom(db.session.scalars(select(Classroom)).one())
    assert (count(LtiContext), count(LtiResourceLink), count(LtiScore)) == (0, 0, 0)


def test_removing_a_linked_assignment_removes_its_link(client, lms, quiz_link):
    launch(client, lms, learner({**quiz_link, "custom": {"quizapp_bank": "lti-bank"}}))
    link = db.session.scalars(select(LtiResourceLink)).one()
    assert remove_assignment(link.assignment.classroom, link.assignment_id)
    assert count(LtiResourceLink) == 0


def test_removing_a_linked_assignment_a_learner_took_keeps_their_attempt(client, lms, quiz_link):
    """The removal's question names the LMS link that stops working; the attempt made
    through it stays the learner's, with its score, once the assignment is gone."""
    attempt = take_quiz(client, lms, quiz_link, right=1)
    link = db.session.scalars(select(LtiResourceLink)).one()
    assignment, room = link.assignment, link.assignment.classroom
    question = removing_assignment(room, assignment, quiz_attempts_from(assignment), True)
    assert "A student took its quiz once; that score stays in their quiz history." in question.lines
    assert question.lines[-1].startswith("A link in the LMS course opens it: remove that link")
    assert has_lms_link(assignment)

    assert remove_assignment(room, assignment.id)

    assert (count(LtiResourceLink), count(LtiScore), count(Assignment)) == (0, 0, 0)
    kept = db.session.get(QuizAttempt, attempt.id)
    assert kept is not None and kept.assignment_id is None and kept.score == 1
    launch(client, lms, learner(quiz_link))  # as the question warns: the link assigns again
    assert (count(LtiResourceLink), count(Assignment)) == (1, 1)


def test_deleting_a_class_whose_scores_wait_for_the_gradebook_says_so_first(
    client, app, lms, quiz_link
):
    """A score the LMS has not taken yet goes with the class: the question says how many,
    and that the LMS course makes the class again on its next launch."""
    import html

    from .conftest import instructor

    take_quiz(client, lms, quiz_link, right=3)  # its score waits (not sent yet)
    teacher = app.test_client()
    launch(teacher, lms, instructor(**quiz_link))
    classroom = db.session.scalars(select(Classroom)).one()
    page = html.unescape(
        teacher.get(f"/teach/classes/{classroom.id}/delete").get_data(as_text=True)
    )
    assert "1 score is still waiting to be sent to the LMS gradebook" in page
    assert "the LMS course makes the class again" in page
