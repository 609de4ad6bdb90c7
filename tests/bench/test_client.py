"""The load benchmark's client answers the way a learner does: it finds the answer form
in the page the app really serves, and its answer is recorded."""

from __future__ import annotations

from sqlalchemy import create_engine, func, select, text

from quizapp.extensions import db
from quizapp.models import Review
from tests.support.study_fixtures import make_study_bank

from .client import answer_form, login_form
from .reference_app import create_reference_app, create_tables


def test_the_client_finds_and_submits_the_study_pages_answer_form(app, student_client):
    make_study_bank(facts=2, kinds=("multiple_choice",))
    page = student_client.get("/study/").get_data(as_text=True)
    form = answer_form(page)
    assert form is not None and form.action.endswith("/study/answer")
    assert {"token", "csrf_token", "choice"} <= set(form.fields)
    response = student_client.post(form.action, data=form.fields)
    assert response.status_code in (200, 302, 303)  # what the client counts as answered
    assert db.session.scalar(select(func.count(Review.id))) == 1


def test_a_page_without_an_answer_button_has_no_answer_form():
    page = '<form method="post" action="/auth/logout"><input type="hidden" name="x"></form>'
    assert answer_form(page) is None
    assert login_form(page) == {"x": ""}


def test_the_reference_pair_reads_one_item_and_inserts_one_answer(tmp_path):
    url = f"sqlite:///{tmp_path / 'ref.sqlite3'}"
    create_tables(url)
    client = create_reference_app(url).test_client()
    form = answer_form(client.get("/ref/item?learner=3").get_data(as_text=True))
    assert form is not None
    response = client.post(form.action, data=form.fields)
    assert response.status_code == 303
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT learner FROM ref_answers")).scalars().all() == [3]
    engine.dispose()
