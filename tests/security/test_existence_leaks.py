"""Refusals that must not tell an account whether something it may not see exists.

The route table of ``test_authorization`` checks each address's status; these check the
answers that come from a form's hidden ids, where "not found" and "not yours" could
differ in their status or their message.
"""

from __future__ import annotations

import html

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import QuizAttempt
from tests.support.clients import CSRFClient
from tests.support.factories import make_classroom, make_user
from tests.support.study_fixtures import make_study_bank

UNKNOWN_ID = 987_654


def _start(client: CSRFClient, bank_id: int, assignment_id: int) -> tuple[int, str]:
    """The status of a forged quiz start and the message of the page it leads to."""
    response = client.post(
        "/quiz/start", data={"bank_id": str(bank_id), "assignment_id": str(assignment_id)}
    )
    if response.status_code not in (302, 303):
        return response.status_code, ""
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return response.status_code, html.unescape(page)


def test_a_forged_quiz_start_reads_the_same_for_another_schools_bank_and_no_bank(
    app, student_client, student
):
    """A student posts the start form with the ids of another teacher's bank and quiz
    assignment: the answer must be the one a bank id that exists nowhere gets, or
    counting through ids would list which banks exist."""
    teacher = make_user(role="teacher", email="elsewhere@example.org")
    outsider = make_user(role="student", email="their-student@example.org")
    bank = make_study_bank(facts=2, owner=teacher, slug="their-bank", title="Their bank")
    room = make_classroom(teacher, students=[outsider], banks=[bank])
    room.assignments[0].as_quiz = True
    db.session.commit()
    assignment_id = room.assignments[0].id

    theirs = _start(student_client, bank.id, assignment_id)
    nowhere = _start(student_client, UNKNOWN_ID, assignment_id)

    assert theirs[0] == nowhere[0]
    assert ("no longer assigned" in theirs[1]) == ("no longer assigned" in nowhere[1])
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 0
