"""A study assignment's daily budget of new facts, seen from the student's pages.

The rule: the assignment's budget (the teacher's, default 10) pays for new facts of the
assigned bank met since the assignment reached the student (it was given, or they
joined the class); the student's own daily limit pays for every other new fact, and
serves the banks not assigned. The home page, the study card's "N of M", the done page
and the session all count the same facts, so what the home page offers is what the
session serves, and what was assigned today can be started today."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import Assignment, Bank, Classroom, User
from quizapp.timeutil import now_utc
from tests.support.factories import make_classroom, make_user
from tests.support.study_fixtures import make_study_bank

TOKEN = re.compile(r'name="token" value="([^"]+)"')
NEW_LEFT = re.compile(r"<dt>New facts left</dt><dd>(\d+)</dd>")
COUNTER = re.compile(r'class="session-count">(\d+) of (\d+)<')


def new_facts_left_on_home(client: FlaskClient) -> int:
    match = NEW_LEFT.search(client.get("/").get_data(as_text=True))
    assert match, "the home page shows today's new facts left"
    return int(match.group(1))


def study_what_is_served(client: FlaskClient, start: str = "/study/") -> list[tuple[int, int]]:
    """Answer (rightly) every item the session serves now; each card's "N of M"."""
    counters = []
    while True:
        page = client.get(start).get_data(as_text=True)
        if 'class="answer-form"' not in page:
            return counters
        number, total = COUNTER.search(page).groups()
        counters.append((int(number), int(total)))
        client.post("/study/answer", data={"token": TOKEN.search(page).group(1), "choice": "0"})


def done_page(client: FlaskClient, start: str = "/study/") -> str:
    return html.unescape(client.get(start).get_data(as_text=True))


def assign_for_study(bank: Bank, student: User, budget: int) -> None:
    """A teacher's class, joined by ``student`` now, with ``bank`` assigned for study."""
    make_classroom(make_user(role="teacher"), students=[student], banks=[bank])
    db.session.execute(db.update(Assignment).values(daily_new_limit=budget))
    db.session.commit()


def test_the_home_page_offers_only_the_new_facts_the_session_will_serve(
    app, student_client, student
):
    """The only bank is assigned with a budget of 5: the student's own limit of 10 has
    nothing of its own to serve, so the home page offers 5, not 10."""
    bank = make_study_bank(facts=12, kinds=("true_false",))  # "true" (option 0) is right
    assign_for_study(bank, student, budget=5)

    assert new_facts_left_on_home(student_client) == 5
    assert study_what_is_served(student_client) == [(n, 5) for n in range(1, 6)]
    assert "Today's 5 new facts are done; 5 more tomorrow." in done_page(student_client)
    assert new_facts_left_on_home(student_client) == 0


def test_the_own_limit_still_serves_the_banks_not_assigned(app, student_client, student):
    student.daily_new_limit = 3
    db.session.commit()
    make_study_bank(facts=4, kinds=("true_false",), slug="own", title="Own")
    assigned = make_study_bank(facts=4, kinds=("true_false",), slug="class", title="Class")
    assign_for_study(assigned, student, budget=2)

    assert new_facts_left_on_home(student_client) == 5
    home = student_client.get("/").get_data(as_text=True)
    assert '<dd class="figure-note">2 from a class assignment</dd>' in home
    assert study_what_is_served(student_client) == [(n, 5) for n in range(1, 6)]
    assert "Today's 5 new facts are done; 3 more tomorrow." in done_page(student_client)
    assert new_facts_left_on_home(student_client) == 0


def test_an_assignment_reaching_a_student_whose_limit_is_spent_can_be_started_today(
    app, student_client, student
):
    """New facts of the bank met on the student's own, before the assignment reached
    them, were paid by their own limit: the assignment's budget is still whole."""
    student.daily_new_limit = 3
    db.session.commit()
    bank = make_study_bank(facts=8, kinds=("true_false",), slug="story", title="Story")
    assert len(study_what_is_served(student_client)) == 3
    assert new_facts_left_on_home(student_client) == 0

    assign_for_study(bank, student, budget=2)

    assert new_facts_left_on_home(student_client) == 2
    assert study_what_is_served(student_client, "/study/?bank=story") == [(4, 5), (5, 5)]
    assert "Today's 5 new facts are done; 2 more tomorrow." in done_page(
        student_client, "/study/?bank=story"
    )
    assert new_facts_left_on_home(student_client) == 0


def test_an_archived_classs_study_assignment_no_longer_sets_new_facts(app, student_client, student):
    """The term is over: the archived class's bank stays the student's to study (and its
    facts already met keep coming back when due), but new facts of it come from the
    student's own limit, as for any bank they chose, not from the class's budget."""
    student.daily_new_limit = 3
    db.session.commit()
    make_study_bank(facts=4, kinds=("true_false",), slug="own", title="Own")
    assigned = make_study_bank(facts=4, kinds=("true_false",), slug="class", title="Class")
    assign_for_study(assigned, student, budget=2)
    assert new_facts_left_on_home(student_client) == 5

    db.session.execute(db.update(Classroom).values(archived_at=now_utc()))
    db.session.commit()

    assert new_facts_left_on_home(student_client) == 3
    home = student_client.get("/").get_data(as_text=True)
    assert "from a class assignment" not in home
    assert study_what_is_served(student_client) == [(n, 3) for n in range(1, 4)]
    assert new_facts_left_on_home(student_client) == 0
