"""The answer loop's cost in SQL statements, counted around real requests (the user's
load included): showing the next item at most 4, answering at most 6 plus at most 4 for
the next card its feedback page carries, feedback at most 4.
Transaction control (BEGIN, COMMIT) is not counted: PostgreSQL's driver sends it outside
``cursor.execute``, SQLite's goes through it.

And on SQLite a page that only reads does not take the write lock.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.pool import NullPool

from quizapp.extensions import db
from quizapp.models import IssuedItem
from quizapp.timeutil import now_utc
from tests.support.progress_fixtures import counting_statements
from tests.support.study_fixtures import (
    answered_part,
    carried_card,
    facts_of,
    give_memory,
    make_study_bank,
)

TOKEN = re.compile(r'name="token" value="([^"]+)"')
NEXT_ITEM, ANSWER, FEEDBACK = 4, 6, 4


def counted(client, method: str, path: str, **kwargs) -> tuple[str, list[str]]:
    csrf = client.csrf_token() if method == "post" else None
    if csrf:
        kwargs["data"] = {**kwargs.get("data", {}), "csrf_token": csrf}
    with counting_statements() as statements:
        response = getattr(client, method)(path, **({"csrf": False} if csrf else {}), **kwargs)
    assert response.status_code == 200, response.status_code
    work = [s for s in statements if not s.lstrip().upper().startswith(("BEGIN", "COMMIT"))]
    return response.get_data(as_text=True), work


def right_choice(token: str) -> str:
    item = db.session.scalar(select(IssuedItem).where(IssuedItem.token == token))
    choice = str(item.choice_order.index(item.question.answer))
    db.session.rollback()
    return choice


def one_loop(client) -> dict[str, int]:
    page, shown = counted(client, "get", "/study/")
    token = TOKEN.search(page).group(1)
    _page, reload = counted(client, "get", "/study/")
    fields = {"token": token, "choice": right_choice(token)}
    answer_page, answer = counted(client, "post", "/study/answer", data=fields)
    assert 'class="verdict good"' in answered_part(answer_page)
    carried = TOKEN.search(carried_card(answer_page)).group(1)
    # Continue without scripts: the carried card, already issued, is the one served.
    page, waiting = counted(client, "get", "/study/")
    assert TOKEN.search(page).group(1) == carried
    _page, feedback = counted(client, "get", f"/study/feedback/{token}")
    return {
        "next": len(shown),
        "reload": len(reload),
        "answer": len(answer),
        "waiting": len(waiting),
        "feedback": len(feedback),
    }


def assert_within_budgets(counts: dict[str, int]) -> None:
    assert counts["next"] <= NEXT_ITEM and counts["reload"] <= NEXT_ITEM, counts
    assert counts["answer"] <= ANSWER + NEXT_ITEM, counts
    assert counts["waiting"] <= NEXT_ITEM, counts
    assert counts["feedback"] <= FEEDBACK, counts


def test_a_new_fact_costs_4_6_and_4_statements(app, student_client):
    make_study_bank(facts=3, kinds=("multiple_choice", "true_false"))
    student_client.get("/")
    assert_within_budgets(one_loop(student_client))


def test_a_due_fact_costs_no_more(app, student_client, student):
    bank = make_study_bank(facts=3, kinds=("multiple_choice", "true_false"))
    for fact in facts_of(bank):
        give_memory(student, fact, due=now_utc() - timedelta(hours=1), stability=1.0)
    student_client.get("/")
    assert_within_budgets(one_loop(student_client))


def test_the_statement_counts_do_not_grow_with_the_learners_history(app, student_client, student):
    bank = make_study_bank(facts=30, kinds=("multiple_choice",))
    for fact in facts_of(bank)[:25]:
        give_memory(student, fact, due=now_utc() - timedelta(hours=1), stability=1.0)
    student_client.get("/")
    one_loop(student_client)  # from here on each loop starts on the card the last carried
    first = one_loop(student_client)
    assert one_loop(student_client) == first


def test_a_reading_study_page_does_not_wait_for_the_write_lock(app, student_client, is_postgres):
    if is_postgres:
        pytest.skip("PostgreSQL has no database-wide write lock")
    make_study_bank(facts=2, kinds=("multiple_choice",))
    with counting_statements() as statements:
        token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    # Issuing the item reads first without the lock, then takes it only to write.
    begins = [s for s in statements if s.upper().startswith("BEGIN")]
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]
    url = db.engine.url.render_as_string(hide_password=False)
    engine = create_engine(url, poolclass=NullPool)
    writer = engine.connect()
    writer.exec_driver_sql("PRAGMA busy_timeout=0")
    writer.exec_driver_sql("BEGIN IMMEDIATE")  # another worker is in the middle of an answer
    try:
        with counting_statements() as statements:
            page = student_client.get("/study/")
        assert page.status_code == 200
        assert token in page.get_data(as_text=True)
        assert not any(s.upper().startswith("BEGIN IMMEDIATE") for s in statements)
    finally:
        writer.exec_driver_sql("ROLLBACK")
        writer.close()
        engine.dispose()


def test_an_answer_reads_and_grades_before_it_takes_the_write_lock(
    app, student_client, is_postgres
):
    """On SQLite one lock serialises every writer: an answer holds it only for its writes
    (claim, memory, review), not while its user and item are read and graded; then the
    next card it carries is chosen without the lock, which is taken again to issue it."""
    if is_postgres:
        pytest.skip("PostgreSQL has no database-wide write lock")
    make_study_bank(facts=2, kinds=("multiple_choice",))
    token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    csrf = student_client.csrf_token()
    form = {"token": token, "choice": right_choice(token), "csrf_token": csrf}
    with counting_statements() as statements:
        page = student_client.post("/study/answer", data=form, csrf=False)
    assert 'class="verdict good"' in answered_part(page.get_data(as_text=True))
    begins = [(n, s.upper()) for n, s in enumerate(statements) if s.upper().startswith("BEGIN")]
    assert [begin for _n, begin in begins] == ["BEGIN", "BEGIN IMMEDIATE"] * 2
    first_write = next(n for n, s in enumerate(statements) if s.upper().startswith("UPDATE"))
    locked_at = begins[1][0]
    assert locked_at < first_write
    assert any(s.upper().startswith("SELECT") for s in statements[:locked_at])
    # The next card: read (counts, choice) before the lock, only its INSERT under it.
    reading, issuing = statements[begins[2][0] : begins[3][0]], statements[begins[3][0] :]
    assert any(s.upper().startswith("SELECT") for s in reading)
    assert [s.split()[0].upper() for s in issuing[1:]] == ["INSERT"]
