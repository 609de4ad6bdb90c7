"""After an import the teacher lands on a short summary with the next steps, not on a long
page of edit links: "N questions in M facts imported", assign it to a class, or review it."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Assignment, Bank, BankImport, Classroom
from tests.support.factories import make_user
from tests.support.teach_fixtures import fixture_bytes, import_fixture, pending_id_from, upload


def make_class(teacher, name: str = "Class 9A") -> Classroom:
    classroom = Classroom(name=name, teacher_id=teacher.id, join_code=secrets.token_hex(5))
    db.session.add(classroom)
    db.session.commit()
    return classroom


def import_through_the_pages(client, name: str = "resettlement.gift"):
    preview = upload(client, name, fixture_bytes(name)).get_data(as_text=True)
    return client.post(f"/teach/uploads/{pending_id_from(preview)}/import")


def test_an_import_lands_on_a_summary_with_assign_and_review_buttons(teacher_client, teacher):
    make_class(teacher)
    response = import_through_the_pages(teacher_client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/imported")
    page = teacher_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "12 questions in 12 facts imported." in page
    assert ">Assign to a class<" in page or 'value="Assign to a class"' in page
    assert ">Review the questions</a>" in page
    assert "Edit fact" not in page  # not the long editing page
    assert "<option value=" in page and "Class 9A" in page


def test_the_summary_counts_only_what_learners_will_be_asked(teacher_client, teacher):
    summary = import_fixture(teacher, "aiken.txt", "Aiken set")
    page = teacher_client.get(f"/teach/banks/{summary.bank.slug}/imported").get_data(as_text=True)
    assert f"{summary.questions} questions in {summary.facts} facts imported." in page


def test_assigning_from_the_summary_puts_the_bank_on_the_chosen_class(teacher_client, teacher):
    make_class(teacher, "Class 9B")
    chosen = make_class(teacher, "Class 9A")
    summary = import_fixture(teacher, "resettlement.gift", "Week 3")
    response = teacher_client.post(
        f"/teach/banks/{summary.bank.slug}/assign",
        data={"classroom_id": str(chosen.id), "as_quiz": "y", "quiz_size": "5"},
    )
    assert response.headers["Location"].endswith(f"/teach/classes/{chosen.id}")
    assignment = db.session.scalars(select(Assignment)).one()
    assert (assignment.classroom_id, assignment.bank_id) == (chosen.id, summary.bank.id)
    assert (assignment.as_quiz, assignment.quiz_size) == (True, 5)


def test_another_teachers_class_cannot_be_chosen(teacher_client, teacher):
    theirs = make_class(make_user(role="teacher", name="Other teacher"))
    make_class(teacher, "Class 9A")
    summary = import_fixture(teacher, "resettlement.gift", "Week 3")
    response = teacher_client.post(
        f"/teach/banks/{summary.bank.slug}/assign",
        data={"classroom_id": str(theirs.id)},
    )
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalars(select(Assignment)).first() is None


def test_another_teachers_bank_has_no_summary_and_cannot_be_assigned(teacher_client, teacher):
    other = make_user(role="teacher", name="Other teacher")
    summary = import_fixture(other, "resettlement.gift", "Their bank")
    mine = make_class(teacher)
    slug = summary.bank.slug
    assert teacher_client.get(f"/teach/banks/{slug}/imported").status_code == 404
    response = teacher_client.post(
        f"/teach/banks/{slug}/assign", data={"classroom_id": str(mine.id)}
    )
    assert response.status_code == 404
    assert db.session.scalars(select(Assignment)).first() is None


def test_without_a_class_the_summary_offers_to_create_one(teacher_client, teacher):
    summary = import_fixture(teacher, "resettlement.gift", "Week 3")
    page = teacher_client.get(f"/teach/banks/{summary.bank.slug}/imported").get_data(as_text=True)
    assert "Create a class to assign it to" in page
    assert ">Review the questions</a>" in page


def test_the_import_history_tells_the_time_on_the_teachers_clock(teacher_client, teacher):
    """Every other teacher page tells times in the teacher's zone, named; the bank page's
    import history alone said "05:30 UTC" to a teacher in Seoul, where it was 14:30."""
    teacher.time_zone = "Asia/Seoul"
    db.session.commit()
    import_through_the_pages(teacher_client)
    record = db.session.scalar(select(BankImport))
    record.imported_at = datetime(2026, 3, 2, 5, 30, tzinfo=UTC)
    db.session.commit()
    bank = db.session.get(Bank, record.bank_id)
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert '<span class="date">2026-03-02</span> 14:30 (Asia/Seoul) · resettlement.gift' in page
