"""Archiving a class at the end of a term, as Google Classroom and Moodle teachers do: it
leaves the teacher's lists and stops taking students, its history stays, read-only, and
it can be restored."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Assignment, Classroom, ClassroomTeacher, Enrollment, Review
from quizapp.timeutil import now_utc
from tests.support.clients import CSRFClient
from tests.support.factories import make_bank, make_classroom, make_user


def _page(client: CSRFClient, url: str) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


def _archived_at(classroom_id: int) -> object:
    db.session.rollback()
    return db.session.scalar(select(Classroom.archived_at).where(Classroom.id == classroom_id))


def _archive(classroom: Classroom) -> None:
    """The class archived as the archive button does it (the tests of other rules start
    from an archived class)."""
    classroom.archived_at = now_utc()
    db.session.commit()


def test_archiving_asks_first_saying_what_happens_then_archives(teacher_client, teacher):
    classroom = make_classroom(teacher, name="Civics 2025", join_code="OLDTERM234")
    page = _page(teacher_client, f"/teach/classes/{classroom.id}")
    assert f'href="/teach/classes/{classroom.id}/archive"' in page

    question = _page(teacher_client, f"/teach/classes/{classroom.id}/archive")
    assert "Archive Civics 2025?" in question
    assert "The code OLDTERM234 stops working" in question
    assert "Its students keep all their answers, quiz scores and progress" in question
    assert "its quizzes can no longer be started" in question
    assert "restore it" in question
    assert f'action="/teach/classes/{classroom.id}/archive"' in question
    assert _archived_at(classroom.id) is None, "asking changes nothing"

    response = teacher_client.post(f"/teach/classes/{classroom.id}/archive")
    assert response.status_code == 302
    assert response.headers["Location"] == "/teach/classes/archived"
    assert _archived_at(classroom.id) is not None
    archived = _page(teacher_client, "/teach/classes/archived")
    assert "Civics 2025 is archived." in archived
    assert f'href="/teach/classes/{classroom.id}"' in archived


def test_archiving_without_the_forms_token_changes_nothing(teacher_client, teacher):
    classroom = make_classroom(teacher)
    response = teacher_client.post(f"/teach/classes/{classroom.id}/archive", csrf=False)
    assert response.status_code == 400
    assert _archived_at(classroom.id) is None


def test_an_archived_class_leaves_the_lists_and_waits_on_the_archived_page(teacher_client, teacher):
    make_classroom(teacher, name="Civics 2026")
    old = make_classroom(teacher, name="Civics 2025", join_code="OLDTERM234")
    _archive(old)
    bank = make_bank(owner=teacher, title="Treaties")

    for url in ("/", "/teach/classes/", "/progress/classes", f"/teach/banks/{bank.slug}/imported"):
        page = _page(teacher_client, url)
        assert "Civics 2026" in page, url
        assert "Civics 2025" not in page and "OLDTERM234" not in page, url
    assert 'href="/teach/classes/archived"' in _page(teacher_client, "/teach/classes/")
    assert 'href="/teach/classes/archived"' in _page(teacher_client, "/")

    archived = _page(teacher_client, "/teach/classes/archived")
    assert "Civics 2025" in archived and "Civics 2026" not in archived
    assert f'action="/teach/classes/{old.id}/restore"' in archived


def test_the_archived_page_says_when_there_is_none(teacher_client, teacher):
    make_classroom(teacher, name="Civics 2026")
    page = _page(teacher_client, "/teach/classes/archived")
    assert "No archived classes." in page and "Civics 2026" not in page


def test_restoring_brings_the_class_back_with_its_code(teacher_client, teacher, student):
    classroom = make_classroom(teacher, name="Civics 2025", students=[student])
    _archive(classroom)
    response = teacher_client.post(f"/teach/classes/{classroom.id}/restore")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/teach/classes/{classroom.id}"
    assert _archived_at(classroom.id) is None
    page = _page(teacher_client, response.headers["Location"])
    assert "Civics 2025 is restored" in page
    assert "Civics 2025" in _page(teacher_client, "/teach/classes/")


def test_restoring_without_the_forms_token_changes_nothing(teacher_client, teacher):
    classroom = make_classroom(teacher)
    _archive(classroom)
    response = teacher_client.post(f"/teach/classes/{classroom.id}/restore", csrf=False)
    assert response.status_code == 400
    assert _archived_at(classroom.id) is not None


def test_a_co_teacher_archives_and_restores_the_class(teacher_client, teacher):
    owner = make_user(role="teacher")
    shared = make_classroom(owner, name="Shared 10")
    db.session.add(ClassroomTeacher(classroom_id=shared.id, teacher_id=teacher.id))
    db.session.commit()
    teacher_client.post(f"/teach/classes/{shared.id}/archive")
    assert _archived_at(shared.id) is not None
    teacher_client.post(f"/teach/classes/{shared.id}/restore")
    assert _archived_at(shared.id) is None


def test_a_teacher_cannot_archive_or_restore_a_class_they_do_not_teach(teacher_client, teacher):
    other = make_classroom(make_user(role="teacher"), name="Not yours")
    assert teacher_client.post(f"/teach/classes/{other.id}/archive").status_code == 404
    assert _archived_at(other.id) is None
    _archive(other)
    assert teacher_client.post(f"/teach/classes/{other.id}/restore").status_code == 404
    assert _archived_at(other.id) is not None
    assert "Not yours" not in _page(teacher_client, "/teach/classes/archived")


def test_archiving_twice_or_restoring_a_current_class_says_so(teacher_client, teacher):
    classroom = make_classroom(teacher, name="Civics 2025")
    teacher_client.post(f"/teach/classes/{classroom.id}/archive")
    first = _archived_at(classroom.id)
    again = teacher_client.post(f"/teach/classes/{classroom.id}/archive", follow_redirects=True)
    assert "Civics 2025 was already archived." in html.unescape(again.get_data(as_text=True))
    assert _archived_at(classroom.id) == first
    teacher_client.post(f"/teach/classes/{classroom.id}/restore")
    twice = teacher_client.post(f"/teach/classes/{classroom.id}/restore", follow_redirects=True)
    assert "Civics 2025 is not archived." in html.unescape(twice.get_data(as_text=True))


def test_an_archived_class_stays_readable_with_its_progress_and_downloads(
    teacher_client, teacher, student
):
    bank = make_bank(owner=teacher, title="Treaties")
    classroom = make_classroom(teacher, name="Civics 2025", students=[student], banks=[bank])
    _archive(classroom)
    page = _page(teacher_client, f"/teach/classes/{classroom.id}")
    assert "This class is archived" in page
    assert "Treaties" in page and student.display_name in page
    # Its study assignment sets no new facts while archived: the page does not say it does.
    assert "Study, 10 new facts a day once restored" in page
    assert f'action="/teach/classes/{classroom.id}/restore"' in page
    # Read-only: no form or link that would change it.
    assert 'name="bank_id"' not in page
    assert "Make a new code" not in page and "Remove…" not in page
    assert f"/join/{classroom.join_code}" not in page
    assert f'href="/teach/classes/{classroom.id}/archive"' not in page
    progress = f"/progress/class/{classroom.id}"
    assert teacher_client.get(progress).status_code == 200
    student_page = f"{progress}/student/{student.id}"
    assert teacher_client.get(student_page).status_code == 200
    export = teacher_client.get(f"{progress}/export/answers.csv")
    assert export.status_code == 200 and export.mimetype == "text/csv"


def test_the_join_code_of_an_archived_class_joins_nobody(student_client):
    classroom = make_classroom(
        make_user(role="teacher"), name="Civics 2025", join_code="OLDTERM234"
    )
    _archive(classroom)
    response = student_client.post("/join/", data={"code": "OLDTERM234"})
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "Civics 2025 is archived: it takes no new students." in page
    assert db.session.scalar(select(func.count(Enrollment.id))) == 0


def _changes(classroom: Classroom, student_id: int, assignment_id: int, co_teacher_id: int):
    """Every form that changes a class: (address, form data)."""
    base = f"/teach/classes/{classroom.id}"
    return {
        "assign": (f"{base}/assignments", {"bank_id": "{bank}", "as_quiz": ""}),
        "unassign": (f"{base}/assignments/{assignment_id}/remove", {}),
        "remove student": (f"{base}/students/{student_id}/remove", {}),
        "remove co-teacher": (f"{base}/teachers/{co_teacher_id}/remove", {}),
        "new code": (f"{base}/code", {}),
        "assign from the bank": ("/teach/banks/{slug}/assign", {"classroom_id": classroom.id}),
        "pull the LMS roster": (f"/lti/classes/{classroom.id}/roster", {}),
    }


CHANGES = [
    "assign",
    "unassign",
    "remove student",
    "remove co-teacher",
    "new code",
    "assign from the bank",
    "pull the LMS roster",
]


def _state(classroom_id: int) -> tuple[object, ...]:
    db.session.rollback()
    room = db.session.get(Classroom, classroom_id)
    assert room is not None

    def count(model: type, column: object) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(column == room.id))

    return (
        room.join_code,
        room.name,
        count(Assignment, Assignment.classroom_id),
        count(Enrollment, Enrollment.classroom_id),
        count(ClassroomTeacher, ClassroomTeacher.classroom_id),
    )


@pytest.mark.parametrize("change", CHANGES)
def test_a_form_that_would_change_an_archived_class_is_refused_and_changes_nothing(
    teacher_client, teacher, student, change
):
    bank = make_bank(owner=teacher, title="Treaties")
    other_bank = make_bank(owner=teacher, title="Elections")
    classroom = make_classroom(teacher, name="Civics 2025", students=[student], banks=[bank])
    co_teacher = make_user(role="teacher")
    db.session.add(ClassroomTeacher(classroom_id=classroom.id, teacher_id=co_teacher.id))
    db.session.commit()
    assignment_id = db.session.scalar(select(Assignment.id))
    _archive(classroom)
    before = _state(classroom.id)

    url, data = _changes(classroom, student.id, assignment_id, co_teacher.id)[change]
    url = url.replace("{slug}", other_bank.slug)
    data = {key: str(value).replace("{bank}", str(other_bank.id)) for key, value in data.items()}
    if "/remove" in url or url.endswith("/code"):
        asked = teacher_client.get(url, follow_redirects=True)
        assert "Civics 2025 is archived" in html.unescape(asked.get_data(as_text=True))
    response = teacher_client.post(url, data=data, follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))

    assert "Civics 2025 is archived, so it cannot be changed. Restore it first" in page
    assert _state(classroom.id) == before
    assert db.session.scalar(select(func.count(Review.id))) == 0


def test_an_archived_class_keeps_its_students_and_their_assignments(
    teacher_client, teacher, student
):
    bank = make_bank(owner=teacher)
    classroom = make_classroom(teacher, students=[student], banks=[bank])
    before = _state(classroom.id)
    teacher_client.post(f"/teach/classes/{classroom.id}/archive")
    teacher_client.post(f"/teach/classes/{classroom.id}/restore")
    assert _state(classroom.id) == before


def test_a_new_class_may_take_the_name_of_an_archived_one(teacher_client, teacher):
    """Next year's "Civics" is a new class: the form does not send the teacher back to
    last year's archived one, as it does for a current class of that name."""
    old = make_classroom(teacher, name="Civics")
    _archive(old)
    response = teacher_client.post("/teach/classes/", data={"name": "civics"})
    db.session.rollback()
    new = db.session.scalar(select(Classroom).where(Classroom.id != old.id))
    assert new is not None and new.archived_at is None
    assert response.headers["Location"] == f"/teach/classes/{new.id}"
    page = _page(teacher_client, "/teach/classes/")
    assert "civics" in page and f'href="/teach/classes/{old.id}"' not in page
