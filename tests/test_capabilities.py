"""Access rules are plain functions raising our own exceptions; every blueprint shows them
as the same 404/403 page (or JSON when asked)."""

from __future__ import annotations

import pytest

from quizapp.banks.access import visible_bank_or_404
from quizapp.capabilities import Forbidden, NotFound
from quizapp.teach.access import teacher_classroom_or_404
from tests.support.factories import make_bank, make_classroom, make_user


def test_class_access_is_a_rule_checked_without_a_request(app):
    owner, other, student = make_user(role="teacher"), make_user(role="teacher"), make_user()
    classroom = make_classroom(owner)
    assert teacher_classroom_or_404(owner, classroom.id) == classroom
    with pytest.raises(NotFound):
        teacher_classroom_or_404(other, classroom.id)
    with pytest.raises(Forbidden):
        teacher_classroom_or_404(student, classroom.id)


def test_another_teachers_bank_is_not_found_as_a_page_and_as_json(teacher_client):
    theirs = make_bank(owner=make_user(role="teacher"))
    with pytest.raises(NotFound):
        visible_bank_or_404(make_user(), theirs.slug)
    page = teacher_client.get(f"/banks/{theirs.slug}/source")
    assert page.status_code == 404 and "Not found" in page.get_data(as_text=True)
    asked_json = teacher_client.get(
        f"/teach/banks/{theirs.slug}", headers={"Accept": "application/json"}
    )
    assert asked_json.status_code == 404 and asked_json.get_json()["error"] == "Not found"
