"""A class bank taken off the class while a student studies it: the next page says so
and carries on with the rest of their study, instead of "There is nothing at this
address"."""

from __future__ import annotations

import html
import re

from sqlalchemy import delete

from quizapp.extensions import db
from quizapp.models import Assignment
from quizapp.study.routes import BANK_GONE
from tests.support.factories import make_classroom, make_user
from tests.support.study_fixtures import make_study_bank

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def test_continuing_a_bank_taken_off_the_class_goes_on_with_the_rest(app, student_client, student):
    teacher = make_user(role="teacher")
    class_bank = make_study_bank(facts=2, slug="class-bank", owner=teacher)
    make_study_bank(facts=2, slug="own-bank", title="Own bank")
    make_classroom(teacher, students=[student], banks=[class_bank])
    assert student_client.get("/study/?bank=class-bank").status_code == 200

    db.session.execute(delete(Assignment).where(Assignment.bank_id == class_bank.id))
    db.session.commit()
    response = student_client.get("/study/?bank=class-bank&ahead=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/study/?ahead=1"
    page = html.unescape(student_client.get("/study/").get_data(as_text=True))
    assert BANK_GONE in page


def test_a_bank_never_seen_gets_the_same_answer_as_one_taken_off(app, student_client):
    other_teacher = make_user(role="teacher")
    make_study_bank(facts=1, slug="someone-elses", owner=other_teacher)
    for slug in ("someone-elses", "no-such-bank"):
        response = student_client.get(f"/study/?bank={slug}")
        assert (response.status_code, response.headers["Location"]) == (302, "/study/")


def test_a_study_link_to_a_bank_never_shared_with_the_learner_does_not_say_no_longer(
    app, student_client
):
    """Probe: a classmate's shared link to their class's bank told a student who had
    never had it "That bank is no longer in your study". The one message (the same for
    every bank one may not see, so none is told apart) now says what may be the matter."""
    other_teacher = make_user(role="teacher")
    make_study_bank(facts=1, slug="their-class-bank", owner=other_teacher)
    student_client.get("/study/?bank=their-class-bank")
    page = html.unescape(student_client.get("/study/").get_data(as_text=True))
    assert BANK_GONE in page and "no longer" not in BANK_GONE
    assert "not in your study" in BANK_GONE and "join code" in BANK_GONE


def test_a_fact_retired_while_on_screen_is_answered_and_said_not_to_come_back(app, student_client):
    bank = make_study_bank(facts=1, kinds=("true_false",))
    page = student_client.get("/study/").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    fact = bank.facts[0]
    fact.active = False
    db.session.commit()
    feedback = html.unescape(
        student_client.post("/study/answer", data={"token": token, "choice": "0"}).get_data(
            as_text=True
        )
    )
    assert "it will not come back" in feedback
    assert "This fact comes back" not in feedback
