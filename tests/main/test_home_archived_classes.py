"""The home pages after a class is archived: its assignments are no longer current work
(as Google Classroom moves an archived class's work out of the student's to-do list),
while the student's banks and progress stay."""

from __future__ import annotations

import html

from quizapp.extensions import db
from quizapp.models import Assignment, Classroom
from quizapp.timeutil import now_utc
from tests.support.clients import CSRFClient
from tests.support.factories import make_bank, make_classroom, make_user


def _home(client: CSRFClient) -> str:
    return html.unescape(client.get("/").get_data(as_text=True))


def _archive(classroom: Classroom) -> None:
    classroom.archived_at = now_utc()
    db.session.commit()


def _class_with_a_quiz(student, name: str, title: str) -> Classroom:
    bank = make_bank(title=title, owner=make_user(role="teacher"))
    classroom = make_classroom(bank.owner, name=name, students=[student])
    db.session.add(Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True))
    db.session.commit()
    return classroom


def test_a_students_home_no_longer_lists_an_archived_classs_assignments(
    app, student_client, student
):
    _class_with_a_quiz(student, "Civics 2026", "Elections")
    old = _class_with_a_quiz(student, "Civics 2025", "Treaties")
    assert "Treaties" in _home(student_client)

    _archive(old)

    home = _home(student_client)
    assert "Elections" in home and "Civics 2026" in home
    assert "Civics 2025" not in home
    assert f'name="assignment_id" value="{old.assignments[0].id}"' not in home


def test_a_teachers_home_lists_current_classes_and_links_the_archived_ones(
    app, teacher_client, teacher
):
    make_classroom(teacher, name="History 10")
    assert 'href="/teach/classes/archived"' not in _home(teacher_client)
    _archive(make_classroom(teacher, name="History 9"))
    home = _home(teacher_client)
    assert "History 10" in home and "History 9" not in home
    assert 'href="/teach/classes/archived">Archived classes (1)</a>' in home
