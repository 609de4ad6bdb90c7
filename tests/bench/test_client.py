"""The load benchmark's client answers the way a learner does: it finds the answer form
in the page the app really serves, and its answer is recorded."""

from __future__ import annotations

import asyncio
import builtins
import threading
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select, text

from quizapp.extensions import db
from quizapp.models import Review
from tests.support.servers import ThreadedServer
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


def test_on_a_feedback_page_every_browser_answers_the_carried_card(app, student_client):
    make_study_bank(facts=3, kinds=("multiple_choice",))
    first = answer_form(student_client.get("/study/").get_data(as_text=True))
    feedback = student_client.post(first.action, data=first.fields).get_data(as_text=True)
    carried = answer_form(feedback, scripts=True)
    assert carried is not None and carried.fields["token"] != first.fields["token"]
    # Without scripts Continue is a link to the card on the same page: no request either.
    assert answer_form(feedback, scripts=False) == carried
    assert student_client.post(carried.action, data=carried.fields).status_code == 200
    assert db.session.scalar(select(func.count(Review.id))) == 2


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


def test_the_client_sends_requests_without_a_failed_import_each(monkeypatch):
    """httpcore asks for sniffio on every async request; when it is missing each ask
    searches sys.path and fails, CPU the benchmark client takes from the servers' cores
    (0.4 ms per answer, more than a tenth of the bare reference's whole answer)."""
    failed: list[str] = []
    real_import = builtins.__import__

    def counting_import(name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return real_import(name, *args, **kwargs)
        except ImportError:
            failed.append(name)
            raise

    def ok(environ: Any, start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    server = ThreadedServer(ok)
    server.start()

    async def requests_after_the_first() -> list[int]:
        async with httpx.AsyncClient(base_url=server.url) as client:
            await client.get("/")  # the first request may import what it needs once
            monkeypatch.setattr(builtins, "__import__", counting_import)
            return [(await client.get("/")).status_code for _ in range(3)]

    statuses: list[int] = []
    # A thread of its own: an earlier test (a browser's) may leave this thread's loop running.
    runner = threading.Thread(
        target=lambda: statuses.extend(asyncio.run(requests_after_the_first()))
    )
    try:
        runner.start()
        runner.join(timeout=30)
        assert statuses == [200, 200, 200]
    finally:
        monkeypatch.undo()
        server.stop()
    assert failed == []
