"""A study answer gets a feedback page that carries the session's next card, issued with
it: Continue shows it with no request (study.js swaps it in; without scripts Continue is a
link to it on the same page), and should Continue reach the server after all it is served
that very card. Nothing is issued twice, nothing typed leaks into the next card, undo
still brings the undone question back first, and a card shown without the script claims
no answer time it could not measure."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import IssuedItem, Review
from tests.support.study_fixtures import answered_part, carried_card, make_study_bank

TOKEN = re.compile(r'name="token" value="([^"]+)"')
RESPONSE_FIELD = re.compile(r'<input[^>]*name="response"[^>]*>')


def issued() -> int:
    count = db.session.scalar(select(func.count(IssuedItem.id)))
    db.session.rollback()
    return count or 0


SHOWN_AT = re.compile(r'<input[^>]*name="shown_at"[^>]*>')
CONTINUE = re.compile(r'<a[^>]*id="continue"[^>]*>')


def answer(client, page: str, **fields: str) -> str:
    token = TOKEN.search(page).group(1)
    response = client.post("/study/answer", data={"token": token, **fields})
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
    assert 'href="/study/"' in CONTINUE.search(feedback).group()
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
    data = {"token": token, "choice": "0"}
    response = student_client.post("/study/answer?bank=two", data=data)
    carried = carried_card(response.get_data(as_text=True))
    assert 'action="/study/answer?bank=two"' in carried
    assert "Study: Bank two" in carried
    assert 'data-title="Study — Bank two · Quizapp"' in response.get_data(as_text=True)


def test_continue_leads_to_the_carried_card_on_the_same_page(app, student_client):
    """Without scripts the card is in the page, hidden until Continue's link targets it;
    study.js finds the session's address on the link to show in the address bar."""
    make_study_bank(facts=3, kinds=("true_false",))
    page = student_client.get("/study/").get_data(as_text=True)
    feedback = answer(student_client, page, choice="0")
    assert carried_card(feedback) is not None
    link = CONTINUE.search(feedback).group()
    assert 'href="#next-card"' in link and 'data-session="/study/"' in link
    assert issued() == 2


def test_a_carried_card_claims_no_answer_time_unless_the_script_times_it(app, student_client):
    """The server renders the card before the learner has read the feedback: its moment is
    left for study.js to set when it shows the card. Without the script nobody knows when
    the learner turned to it, so the answer records no time (the results export leaves the
    cell blank) rather than one that counts the feedback's reading."""
    make_study_bank(facts=3, kinds=("true_false",))
    page = student_client.get("/study/").get_data(as_text=True)
    served_at = re.search(r'value="([^"]+)"', SHOWN_AT.search(page).group()).group(1)
    feedback = answer(student_client, page, choice="0", shown_at=served_at)
    carried = carried_card(feedback)
    shown_at = SHOWN_AT.search(carried).group()
    assert 'value=""' in shown_at and "data-rendered-at=" in shown_at, shown_at
    answer(student_client, carried, choice="0", shown_at="")
    durations = db.session.scalars(select(Review.duration_ms).order_by(Review.id)).all()
    db.session.rollback()
    assert durations[0] is not None and durations[1] is None


def test_continue_opened_in_a_new_tab_without_scripts_opens_the_session(app, student_client):
    make_study_bank(facts=2, kinds=("true_false",), slug="two", title="Bank two")
    response = student_client.get("/study/answer?bank=two")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/study/?bank=two")
