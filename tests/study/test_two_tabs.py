"""Two study pages opened at the same moment (two tabs, a double click on "Study"): each
can issue an item for the same fact, since both chose it before either stored its item.
Once one of them is answered, the other must not come back as the next card: the learner
would be asked the fact they have just answered."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import IssuedItem
from tests.support.clients import CSRFClient, logged_in_client
from tests.support.races import in_thread, meeting_at
from tests.support.study_fixtures import make_study_bank

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def _shown_item(page: str) -> IssuedItem:
    match = TOKEN.search(page)
    assert match, "the page shows an item"
    item = db.session.scalar(select(IssuedItem).where(IssuedItem.token == match.group(1)))
    assert item is not None
    return item


def _answer_rightly(tab: CSRFClient, item: IssuedItem) -> None:
    choice = item.choice_order.index(item.question.answer)
    answered = tab.post("/study/answer", data={"token": item.token, "choice": str(choice)})
    assert answered.status_code == 200


def test_an_item_of_a_fact_answered_in_another_tab_is_not_the_next_card(
    app, student_client, student
):
    make_study_bank(facts=3, kinds=("true_false",))
    tabs = (student_client, logged_in_client(app, student.email))
    db.session.rollback()
    # Both pages choose their fact before either stores its item.
    with meeting_at(db.engine, "SELECT questions."):
        opening = [in_thread(app, lambda t=tab: t.get("/study/")) for tab in tabs]
        for thread, _result in opening:
            thread.join(30)
    pages = [result[0].get_data(as_text=True) for _thread, result in opening]
    first, second = (_shown_item(page) for page in pages)
    assert first.fact_id == second.fact_id  # the race: one fact, two items

    _answer_rightly(tabs[0], first)
    following = _shown_item(tabs[0].get("/study/").get_data(as_text=True))
    assert following.fact_id != first.fact_id
    # The other tab, answered late, is still taken (as any page left open is).
    _answer_rightly(tabs[1], second)
