"""A teacher's long lists (classes, banks, a roster) in the order a person reads names:
capitals aside and numbers by their value, the same on every page that lists them."""

from __future__ import annotations

import re

import pytest

from tests.support.factories import (
    make_attempt,
    make_bank,
    make_classroom,
    make_fact,
    make_question,
    make_user,
)

SHUFFLED = ("Unit 10", "unit 2", "Unit 1", "Ünit 3", "unit 11")
IN_ORDER = ["Unit 1", "unit 2", "Ünit 3", "Unit 10", "unit 11"]


def order_on(page: str, names: list[str]) -> list[str]:
    """``names`` in the order they first appear on ``page``."""
    found = {name: page.index(f">{name}<") for name in names}
    return sorted(names, key=found.__getitem__)


@pytest.fixture
def big_workspace(teacher):
    students = [make_user(name=name) for name in ("kim 10", "Kim 9", "박서연", "Lee 1", "김민지")]
    rooms = [make_classroom(teacher, name=name, students=students) for name in SHUFFLED]
    for title in SHUFFLED:
        make_bank(owner=teacher, title=title)
    return rooms[0]


@pytest.mark.parametrize("path", ["/", "/teach/classes/", "/progress/classes"])
def test_a_teachers_classes_are_listed_case_aside_with_numbers_by_value(
    big_workspace, teacher_client, path
):
    page = teacher_client.get(path).get_data(as_text=True)
    assert order_on(page, IN_ORDER) == IN_ORDER


@pytest.mark.parametrize("path", ["/", "/teach/banks/", "/banks/"])
def test_a_teachers_banks_are_listed_case_aside_with_numbers_by_value(
    big_workspace, teacher_client, path
):
    page = teacher_client.get(path).get_data(as_text=True)
    assert order_on(page, IN_ORDER) == IN_ORDER


def test_the_assign_a_bank_choices_are_in_the_bank_lists_order(big_workspace, teacher_client):
    page = teacher_client.get(f"/teach/classes/{big_workspace.id}").get_data(as_text=True)
    choices = re.findall(r'<option value="\d+">([^<]+)</option>', page)
    assert choices == IN_ORDER


def test_the_class_page_and_its_progress_roster_list_students_in_one_order(
    big_workspace, teacher_client
):
    expected = ["Kim 9", "kim 10", "Lee 1", "김민지", "박서연"]
    teach = teacher_client.get(f"/teach/classes/{big_workspace.id}").get_data(as_text=True)
    progress = teacher_client.get(f"/progress/class/{big_workspace.id}").get_data(as_text=True)
    assert order_on(teach, expected) == expected
    assert order_on(progress, expected) == expected


def test_item_analysis_lists_a_classes_banks_in_the_bank_lists_order(teacher, teacher_client):
    student = make_user(name="Kim")
    banks = [make_bank(owner=teacher, title=title) for title in ("Unit 10", "unit 2")]
    for bank in banks:
        question = make_question(make_fact(bank), prompt=f"Asked in {bank.title}?")
        make_attempt(student, bank, {question: True})
    room = make_classroom(teacher, students=[student], banks=banks)
    page = teacher_client.get(f"/progress/class/{room.id}").get_data(as_text=True)
    assert page.index("Asked in unit 2?") < page.index("Asked in Unit 10?")
