"""An answer sent by study.js (``carry``) gets a feedback page that carries the session's
next card, issued with it: study.js shows it on Continue with no request, and should
Continue reach the server after all it is served that very card. Nothing is issued twice,
nothing typed leaks into the next card, and undo still brings the undone question back
first. An answer sent without scripts carries nothing: that browser could not show it."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import IssuedItem
from tests.support.study_fixtures import answered_part, carried_card, make_study_bank

TOKEN = re.compile(r'name="token" value="([^"]+)"')
RESPONSE_FIELD = re.compile(r'<input[^>]*name="response"[^>]*>')


def issued() -> int:
    count = db.session.scalar(select(func.count(IssuedItem.id)))
    db.session.rollback()
    return count or 0


def answer(client, page: str, carry: str = "1", **fields: str) -> str:
    token = TOKEN.search(page).group(1)
    response = client.post("/study/answer", data={"token": token, "carry": carry, **fields})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_feedback_carries_the_next_card_and_continue_serves_that_same_card(app, student_client):
    make_study_bank(facts=3, kinds=("typed",))
    first = student_client.get("/study/").get_data(as_text=True)
    feedback = answer(student_client, first, response="wrong")
    carried = carried_card(feedback)
    assert carried is not None and "Check" in carried
    carried_token = TOKEN.search(carried).group(1)
    assert carried_token != TOKEN.search(first).group(1)
    assert issued() == 2
    page = student_client.get("/study/").get_data(as_text=True)
    assert TOKEN.search(page).group(1) == carried_token
    assert issued() == 2  # served, not issued again


def test_what_was_typed_never_fills_the_carried_cards_answer_box(app, student_client):
    make_study_bank(facts=2, kinds=("typed",))
    first = student_client.get("/study/").get_data(as_text=True)
    feedback = answer(student_client, first, response="my private guess")
    box = RESPONSE_FIELD.search(carried_card(feedback)).group()
    assert re.search(r'value="[^"]', box) is None, box
    assert "my private guess" not in carried_card(feedback)
    assert "my private guess" in answered_part(feedback)  # shown once: as the answer given


def test_the_last_card_of_the_day_carries_nothing_and_continue_shows_the_summary(
    app, student_client
):
    make_study_bank(facts=1, kinds=("true_false",))
    page = student_client.get("/study/").get_data(as_text=True)
    feedback = answer(student_client, page, choice="0")
    assert carried_card(feedback) is None
    done = student_client.get("/study/").get_data(as_text=True)
    assert TOKEN.search(done) is None or "Undo" in done
    assert 'name="choice"' not in done


def test_a_repeated_answer_issues_nothing_more(app, student_client):
    make_study_bank(facts=3, kinds=("true_false",))
    page = student_client.get("/study/").get_data(as_text=True)
    answer(student_client, page, choice="0")
    assert issued() == 2
    again = answer(student_client, page, choice="1")  # the same token: a double submit
    assert 'class="verdict' in answered_part(again)
    assert issued() == 2


def test_undo_brings_the_undone_question_back_before_the_carried_one(app, student_client):
    make_study_bank(facts=3, kinds=("typed",))
    first = student_client.get("/study/").get_data(as_text=True)
    first_token = TOKEN.search(first).group(1)
    feedback = answer(student_client, first, response="wrong")
    carried_token = TOKEN.search(carried_card(feedback)).group(1)
    undone = student_client.post("/study/undo", data={"token": first_token})
    assert undone.status_code == 302
    again = student_client.get("/study/").get_data(as_text=True)
    assert TOKEN.search(again).group(1) == first_token
    # Answered again, its feedback carries the card that was waiting: none is lost.
    feedback = answer(student_client, again, response="wrong")
    assert TOKEN.search(carried_card(feedback)).group(1) == carried_token
    assert issued() == 2


def test_a_one_bank_session_carries_a_card_of_that_bank_answered_there(app, student_client):
    make_study_bank(facts=2, kinds=("true_false",), slug="one", title="Bank one")
    make_study_bank(facts=2, kinds=("true_false",), slug="two", title="Bank two")
    page = student_client.get("/study/?bank=two").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    data = {"token": token, "choice": "0", "carry": "1"}
    response = student_client.post("/study/answer?bank=two", data=data)
    carried = carried_card(response.get_data(as_text=True))
    assert 'action="/study/answer?bank=two"' in carried
    assert "Study: Bank two" in carried
    assert 'data-title="Study — Bank two · Quizapp"' in response.get_data(as_text=True)


def test_an_answer_sent_without_scripts_carries_no_card_and_issues_none(app, student_client):
    make_study_bank(facts=3, kinds=("true_false",))
    page = student_client.get("/study/").get_data(as_text=True)
    feedback = answer(student_client, page, carry="", choice="0")
    assert carried_card(feedback) is None
    assert 'class="verdict' in feedback
    assert issued() == 1
    assert TOKEN.search(student_client.get("/study/").get_data(as_text=True))
    assert issued() == 2
