"""Who sees which bank, and the bank source page."""

from __future__ import annotations

from quizapp.extensions import db
from quizapp.models import Assignment, Classroom, Enrollment
from tests.support.factories import make_bank, make_fact, make_user


def test_source_page_lists_facts_in_story_order_with_anchors(student_client):
    bank = make_bank(slug="story", title="The story", source_publication="Example Times")
    make_fact(bank, key="second", statement="Second fact.", position=2, source_ref="paragraph 2")
    make_fact(bank, key="first", statement="First fact.", position=1, source_ref="paragraph 1")
    page = student_client.get("/banks/story/source").get_data(as_text=True)
    assert page.index("First fact.") < page.index("Second fact.")
    assert 'id="fact-first"' in page
    assert "Example Times" in page


def test_another_teachers_bank_is_hidden_until_assigned_to_the_students_class(
    app, student_client, student
):
    owner = make_user(role="teacher")
    bank = make_bank(slug="private", title="Private bank", owner=owner)
    assert student_client.get("/banks/private/source").status_code == 404
    assert "Private bank" not in student_client.get("/banks/").get_data(as_text=True)

    classroom = Classroom(name="7B", teacher_id=owner.id, join_code="code-7b")
    db.session.add(classroom)
    db.session.flush()
    db.session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
    db.session.add(Assignment(classroom_id=classroom.id, bank_id=bank.id))
    db.session.commit()
    assert student_client.get("/banks/private/source").status_code == 200
    assert "Private bank" in student_client.get("/banks/").get_data(as_text=True)


def test_bank_pages_need_a_log_in(client):
    response = client.get("/banks/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
