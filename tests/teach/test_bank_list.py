"""The workspace's bank list at a school's size: 25 banks, some a teacher uploaded, some
built in, each assigned to some of their 8 classes."""

from __future__ import annotations

import re

from quizapp.extensions import db
from quizapp.timeutil import now_utc
from tests.support.factories import make_bank, make_classroom, make_user
from tests.support.progress_fixtures import counting_statements


def section(page: str, heading: str) -> str:
    """The part of ``page`` from ``heading`` to the next section heading."""
    start = page.index(heading)
    following = page.find("<h2", start + 1)
    return page[start : following if following != -1 else len(page)]


def test_the_bank_list_groups_a_teachers_own_banks_apart_from_the_built_in_ones(
    teacher, teacher_client
):
    make_bank(owner=teacher, title="My unit")
    make_bank(title="Shipped unit")
    page = teacher_client.get("/teach/banks/").get_data(as_text=True)
    assert "My unit" in section(page, "Your banks (1)")
    assert "Shipped unit" in section(page, "Built-in banks (1)")
    assert "Shipped unit" not in section(page, "Your banks (1)")


def test_each_bank_says_which_of_the_teachers_classes_it_is_assigned_to(teacher, teacher_client):
    used, unused = make_bank(owner=teacher, title="Used"), make_bank(owner=teacher, title="Idle")
    make_classroom(teacher, "Year 9", banks=[used])
    make_classroom(teacher, "Year 10", banks=[used])
    page = teacher_client.get("/teach/banks/").get_data(as_text=True)
    used_item = re.search(r">Used</a>.*?</li>", page, re.S).group(0)
    idle_item = re.search(r">Idle</a>.*?</li>", page, re.S).group(0)
    assert "Assigned to Year 9, Year 10" in used_item
    assert "Not assigned to any of your classes" in idle_item and unused.slug in page


def test_the_bank_list_costs_the_same_statements_for_1_class_as_for_8(teacher, teacher_client):
    counts = []
    for classes in (1, 8):
        banks = [make_bank(owner=teacher) for _ in range(3)]
        for _ in range(classes):
            make_classroom(teacher, banks=banks)
        teacher_client.get("/teach/banks/")  # warm-up: log-in, caches
        with counting_statements() as statements:
            assert teacher_client.get("/teach/banks/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_assign_a_bank_offers_the_teachers_own_banks_apart_from_the_built_in_ones(
    teacher, teacher_client
):
    mine, shipped = make_bank(owner=teacher, title="My unit"), make_bank(title="Shipped unit")
    room = make_classroom(teacher, "Year 9")
    page = teacher_client.get(f"/teach/classes/{room.id}").get_data(as_text=True)
    own = re.search(r'<optgroup label="Your banks">(.*?)</optgroup>', page, re.S).group(1)
    built_in = re.search(r'<optgroup label="Built-in banks">(.*?)</optgroup>', page, re.S)
    assert f'value="{mine.id}"' in own and f'value="{shipped.id}"' in built_in.group(1)
    assigned = teacher_client.post(
        f"/teach/classes/{room.id}/assignments", data={"bank_id": shipped.id}, follow_redirects=True
    )
    assert "Shipped unit assigned to Year 9." in assigned.get_data(as_text=True)


def test_a_banks_page_says_which_of_the_teachers_classes_it_is_assigned_to(teacher, teacher_client):
    """Before editing a bank a teacher wants to know whose study it changes."""
    bank = make_bank(owner=teacher, title="Unit 3")
    make_classroom(teacher, "Year 10", banks=[bank])
    make_classroom(teacher, "Year 9", banks=[bank])
    make_classroom(make_user(role="teacher"), "Someone else's", banks=[bank])
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert "Assigned to Year 9, Year 10" in page and "Someone else" not in page


def test_a_bank_assigned_to_an_archived_class_says_the_class_is_archived(teacher, teacher_client):
    """Last term's class still holds the bank (its results need it), but reads as a
    current class beside this term's unless the list says so."""
    used = make_bank(owner=teacher, title="Used")
    make_classroom(teacher, "Year 9", banks=[used])
    old = make_classroom(teacher, "Year 9 2025", banks=[used])
    old.archived_at = now_utc()
    db.session.commit()
    for url in ("/teach/banks/", f"/teach/banks/{used.slug}"):
        page = teacher_client.get(url).get_data(as_text=True)
        assert "Assigned to Year 9, Year 9 2025 (archived)" in page, url
