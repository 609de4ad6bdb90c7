"""Classes: join codes, joining, removing students, assignments, and who may see what."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from flask_login import login_user
from sqlalchemy import delete, func, select

from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Bank,
    Classroom,
    ClassroomTeacher,
    Enrollment,
    QuizAttempt,
)
from quizapp.teach.classes import create_classroom, end_of_local_day
from quizapp.teach.join_codes import JOIN_ALPHABET, JOIN_CODE_LENGTH, new_join_code
from quizapp.teach.removal_questions import removing_assignment
from quizapp.teach.template_filters import local_time
from quizapp.timeutil import local_day, now_utc
from tests.support.clients import AuthActions, logged_in_client
from tests.support.factories import (
    enroll,
    make_attempt,
    make_bank,
    make_classroom,
    make_fact,
    make_question,
    make_user,
)
from tests.support.study_fixtures import make_study_bank


def _enrolled(classroom_id: int) -> int:
    return db.session.scalar(
        select(func.count(Enrollment.id)).where(Enrollment.classroom_id == classroom_id)
    )


def test_join_codes_are_long_and_avoid_look_alike_characters(app):
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == JOIN_CODE_LENGTH >= 8 for code in codes)
    assert not set("".join(codes)) - set(JOIN_ALPHABET)
    assert not set("0O1IL") & set(JOIN_ALPHABET)


def test_a_teacher_creates_a_class_and_sees_its_code_and_link(teacher_client):
    response = teacher_client.post("/teach/classes/", data={"name": "Year 10 Civics"})
    assert response.status_code == 302
    classroom = db.session.scalar(select(Classroom))
    page = teacher_client.get(response.headers["Location"]).get_data(as_text=True)
    assert classroom.join_code in page
    assert f"/join/{classroom.join_code}" in page
    assert "Year 10 Civics is ready. Share its join code with your students." in page


def test_a_teacher_with_no_bank_is_sent_to_upload_one_instead_of_an_empty_list(
    teacher_client, teacher
):
    classroom = make_classroom(teacher)
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert "You have no question bank to assign yet." in page
    assert 'href="/teach/uploads/new"' in page and 'name="bank_id"' not in page
    make_bank(owner=teacher, title="Resettlement")
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert 'name="bank_id"' in page and "Resettlement" in page
    assert "You have no question bank to assign yet." not in page


def test_the_no_bank_hint_names_every_format_an_upload_takes(teacher_client, teacher):
    page = teacher_client.get(f"/teach/classes/{make_classroom(teacher).id}").get_data(as_text=True)
    assert "(CSV, Anki, Quizlet, GIFT, Aiken, Moodle XML or Quizapp JSON)" in page


def test_the_class_page_links_to_its_progress_and_results_downloads(teacher_client, teacher):
    """Its roster's figures and the CSV downloads live on the class's progress page."""
    classroom = make_classroom(teacher)
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    progress = f"/progress/class/{classroom.id}"
    assert f'<a href="{progress}">Progress and results downloads (CSV)</a>' in page
    downloads = teacher_client.get(progress).get_data(as_text=True)
    assert f"{progress}/export/answers.csv" in downloads


def test_a_student_joins_with_a_typed_code_and_sees_the_assignment(client, auth, teacher):
    classroom, _created = create_classroom(teacher, "10B")
    bank = make_bank(owner=teacher, title="Resettlement facts")
    db.session.add(
        Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True, quiz_size=5)
    )
    db.session.commit()
    student = make_user()
    auth.login(student.email)
    typed = f" {classroom.join_code[:5].lower()}-{classroom.join_code[5:]} "
    response = client.post("/join/", data={"code": typed})
    assert response.status_code == 302
    assert _enrolled(classroom.id) == 1
    home = client.get("/").get_data(as_text=True)
    assert "Resettlement facts" in home and "10B" in home
    forms = re.findall(r'<form method="post" action="/quiz/start".*?</form>', home, re.DOTALL)
    assignment_forms = [form for form in forms if 'name="assignment_id"' in form]
    assert assignment_forms, "a quiz assignment offers a start button"
    assert f'name="bank_id" value="{bank.id}"' in assignment_forms[0]
    assert 'name="csrf_token"' in assignment_forms[0]


def test_a_join_link_opened_logged_out_says_it_is_to_join_a_class(client):
    """Probe: a class's join link, opened without an account, led to the log-in page with
    "Please log in to see that page.": a new student (as one who follows a Quizlet class
    link) read it as needing an account they did not have."""
    make_classroom(make_user(role="teacher"), join_code="ABCDEFGH24")
    response = client.get("/join/ABCDEFGH24")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/join/ABCDEFGH24"
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "To join the class, log in, or create an account if you are new here." in page
    assert "Please log in to see that page." not in page
    assert 'href="/auth/signup?next=/join/ABCDEFGH24"' in page


def test_a_join_link_prefills_the_form_and_joining_twice_is_harmless(student_client, student):
    classroom = make_classroom(make_user(role="teacher"), join_code="ABCDEFGH23")
    page = student_client.get("/join/ABCDEFGH23").get_data(as_text=True)
    assert 'value="ABCDEFGH23"' in page
    pasted = student_client.get("/join/ABCDEFGH23/")  # a link pasted with a slash after it
    assert pasted.status_code == 200 and 'value="ABCDEFGH23"' in pasted.get_data(as_text=True)
    for _ in range(2):
        student_client.post("/join/", data={"code": "ABCDEFGH23"})
    assert _enrolled(classroom.id) == 1


def test_a_code_typed_in_full_width_letters_joins(student_client):
    """A Korean or Japanese keyboard in full-width mode types U+FF21 for A, U+FF12 for 2."""
    classroom = make_classroom(make_user(role="teacher"), join_code="ABCDEFGH23")
    typed = "".join(chr(ord(char) + 0xFEE0) for char in "abcde-FGH23")
    assert student_client.post("/join/", data={"code": typed}).status_code == 302
    assert _enrolled(classroom.id) == 1


@pytest.mark.parametrize(
    ("code", "typed"),
    [
        ("ABCDEFGH23", "뮻ㅇㄷㄹ호23"),  # A B C D E F G H with the keyboard in 한글 mode
        ("KMNPQRST23", "ㅏㅡㅞㅂㄱㄴㅅ23"),  # N P make one vowel, ㅞ
        ("QRSTUVWX23", "ㅃㄲㄴ쎺ㅉㅌ23"),  # typed with Shift: Q R T W double consonants
    ],
)
def test_a_code_typed_with_the_korean_keyboard_left_in_hangul_mode_joins(
    student_client, code, typed
):
    """A Korean learner who forgets to switch 한/영 types the code's keys as Hangul."""
    classroom = make_classroom(make_user(role="teacher"), join_code=code)
    assert student_client.post("/join/", data={"code": typed}).status_code == 302
    assert _enrolled(classroom.id) == 1


def test_a_wrong_code_says_so_and_joins_nothing(student_client):
    page = student_client.post("/join/", data={"code": "NOPE"}).get_data(as_text=True)
    assert "No class has that code" in page
    assert db.session.scalar(select(func.count(Enrollment.id))) == 0


def test_a_new_join_code_is_asked_about_first_and_a_slip_changes_nothing(teacher_client, teacher):
    """A class typing the code in must not lose it to one stray click: the class page's
    "Make a new code…" opens a question naming the code that stops working."""
    classroom = make_classroom(teacher, name="Year 9", join_code="OLDCODE234")
    url = f"/teach/classes/{classroom.id}/code"
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert f'href="{url}"' in page and "Make a new code…" in page
    question = html.unescape(teacher_client.get(url).get_data(as_text=True))
    assert "Make a new join code for Year 9?" in question
    assert "The code OLDCODE234 stops working at once" in question
    assert f'action="{url}"' in question
    db.session.refresh(classroom)
    assert classroom.join_code == "OLDCODE234"


def test_regenerating_the_code_stops_the_old_one(teacher_client, teacher):
    classroom = make_classroom(teacher, join_code="OLDCODE234")
    teacher_client.post(f"/teach/classes/{classroom.id}/code")
    db.session.refresh(classroom)
    assert classroom.join_code != "OLDCODE234" and len(classroom.join_code) == JOIN_CODE_LENGTH
    student = make_user()
    teacher_client.post("/auth/logout")
    from tests.support.clients import AuthActions

    AuthActions(teacher_client).login(student.email)
    page = teacher_client.post("/join/", data={"code": "OLDCODE234"}).get_data(as_text=True)
    assert "No class has that code" in page


def test_a_class_pages_student_names_open_their_progress(teacher_client, teacher):
    """As in a gradebook, a student's name opens their work (only the class progress
    page's roster linked it before)."""
    classroom = make_classroom(teacher)
    student = make_user(name="Min-ji")
    enroll(classroom, student)
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    address = f"/progress/class/{classroom.id}/student/{student.id}"
    assert f'<a href="{address}">Min-ji</a>' in page
    assert teacher_client.get(address).status_code == 200


def test_a_teacher_removes_a_student(teacher_client, teacher):
    classroom = make_classroom(teacher)
    student = make_user(name="Min-ji")
    enroll(classroom, student)
    teacher_client.post(f"/teach/classes/{classroom.id}/students/{student.id}/remove")
    assert _enrolled(classroom.id) == 0


def test_removing_a_student_asks_first_and_says_what_stays(teacher_client, teacher):
    """The class page's "Remove…" opens a question, not the removal: one slip on a list of
    thirty students must not drop one. The question says what goes and what stays."""
    classroom = make_classroom(teacher, name="Year 9")
    student = make_user(name="Min-ji")
    enroll(classroom, student)
    remove = f"/teach/classes/{classroom.id}/students/{student.id}/remove"
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert f'href="{remove}"' in page  # a link to the question, not a form that removes
    question = teacher_client.get(remove)
    text = question.get_data(as_text=True)
    assert question.status_code == 200 and _enrolled(classroom.id) == 1
    assert "Remove Min-ji from Year 9?" in text
    assert "their own answers and progress are kept" in text
    assert f'action="{remove}"' in text and f'href="/teach/classes/{classroom.id}"' in text
    assert (
        teacher_client.get(f"/teach/classes/{classroom.id}/students/999999/remove").status_code
        == 404
    )
    assert teacher_client.post(remove, csrf=False).status_code == 400  # a forged form
    assert _enrolled(classroom.id) == 1
    removed = teacher_client.post(remove, follow_redirects=True).get_data(as_text=True)
    # Which one of thirty left, by name and email, and what they keep.
    assert (
        f"Min-ji ({student.email}) is no longer in Year 9; their own answers and progress are"
        " kept." in html.unescape(removed)
    )
    assert _enrolled(classroom.id) == 0
    assert teacher_client.get(remove).status_code == 404  # no longer in the class
    again = teacher_client.post(remove, follow_redirects=True).get_data(as_text=True)
    assert "That student is not in this class." in again


def test_removing_a_student_says_what_leaves_the_class_s_figures_for_good(teacher_client, teacher):
    """A class counts each student's work from their latest join, so removing one takes
    their work so far out of the class's figures and downloads, and joining again does
    not bring it back. The question counts what leaves and points at the downloads."""
    bank = make_bank(title="Class bank")
    question = make_question(make_fact(bank))
    min_ji = make_user(name="Min-ji")
    classroom = make_classroom(teacher, name="Year 9", students=[min_ji], banks=[bank])
    make_attempt(min_ji, bank, {question: True})
    make_attempt(min_ji, bank, {question: False})
    quiz = Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True)
    db.session.add(quiz)
    db.session.commit()
    make_attempt(min_ji, bank, {}, assignment_id=quiz.id, finished_at=None)
    remove = f"/teach/classes/{classroom.id}/students/{min_ji.id}/remove"
    text = " ".join(html.unescape(teacher_client.get(remove).get_data(as_text=True)).split())
    assert (
        "Min-ji's 2 answers and 2 quizzes in Year 9 so far will no longer show in this"
        " class's figures (roster, item analysis, facts forgotten) or its downloads,"
        " even if Min-ji joins again" in text
    )
    assert f'href="/progress/class/{classroom.id}#export-heading"' in text
    assert "Download the class's results first" in text
    assert "The class quiz Min-ji has begun and not finished becomes their own practice" in text


def test_removing_a_student_with_no_class_work_says_nothing_is_lost(teacher_client, teacher):
    classroom = make_classroom(teacher, name="Year 9")
    student = make_user(name="Min-ji")
    enroll(classroom, student)
    remove = f"/teach/classes/{classroom.id}/students/{student.id}/remove"
    text = " ".join(html.unescape(teacher_client.get(remove).get_data(as_text=True)).split())
    assert "Min-ji has no answers or quizzes in Year 9 yet." in text


def test_a_teacher_assigns_a_bank_as_a_quiz_due_at_the_end_of_their_day(teacher_client, teacher):
    classroom = make_classroom(teacher)
    bank = make_study_bank(facts=10, kinds=("typed",), owner=teacher)
    due = local_day(now_utc(), "UTC") + timedelta(days=4)
    teacher_client.post(
        f"/teach/classes/{classroom.id}/assignments",
        data={"bank_id": bank.id, "as_quiz": "y", "quiz_size": "10", "due_date": due.isoformat()},
    )
    assignment = db.session.scalar(select(Assignment))
    assert (assignment.bank_id, assignment.as_quiz, assignment.quiz_size) == (bank.id, True, 10)
    assert assignment.due_at == end_of_local_day(due, "UTC")


def test_the_due_date_field_says_the_work_is_due_at_the_end_of_that_day_where_the_teacher_is(
    teacher_client, teacher
):
    """A teacher in Seoul picking 1 December, with students in London, was told only
    "Optional.": the work is due at 23:59 on 1 December in Seoul (14:59 in London), which
    the class page showed only once the assignment was saved."""
    teacher.time_zone = "Asia/Seoul"
    db.session.commit()
    classroom = make_classroom(teacher)
    make_study_bank(facts=1, owner=teacher)
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert "Optional. Due at 23:59 on that day in your time zone, Asia/Seoul." in page


@pytest.mark.parametrize("time_zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_a_due_date_already_past_where_the_teacher_is_is_refused(
    teacher_client, teacher, time_zone
):
    # Probe: a quiz due 2020-01-01 was saved, and students saw "due 2020-01-01" beside
    # "Start quiz".
    teacher.time_zone = time_zone
    db.session.commit()
    classroom = make_classroom(teacher)
    bank = make_study_bank(facts=1, kinds=("typed",), owner=teacher)
    today = local_day(now_utc(), time_zone)
    for day, refused in ((today - timedelta(days=1), True), (today, False)):
        response = teacher_client.post(
            f"/teach/classes/{classroom.id}/assignments",
            data={"bank_id": bank.id, "as_quiz": "y", "due_date": day.isoformat()},
        )
        assert (response.status_code == 422) is refused, day
        if refused:
            message = _error_beside(response.get_data(as_text=True), "due_date")
            assert message == f"The due date has passed: choose {today.isoformat()} or later."
    assert db.session.scalar(select(func.count(Assignment.id))) == 1


def test_assigning_a_bank_for_study_again_changes_its_budget_not_a_second_copy(
    teacher_client, teacher
):
    # Probe: the same bank assigned for study at 5 and then 10 new facts a day was listed
    # twice on the students' pages, the larger budget silently in force.
    classroom = make_classroom(teacher, name="Year 9")
    bank = make_bank(owner=teacher, title="Resettlement")
    for limit in ("5", "10"):
        response = teacher_client.post(
            f"/teach/classes/{classroom.id}/assignments",
            data={"bank_id": bank.id, "daily_new_limit": limit},
            follow_redirects=True,
        )
    [assignment] = db.session.scalars(select(Assignment)).all()
    assert assignment.daily_new_limit == 10
    page = html.unescape(response.get_data(as_text=True))
    assert "Resettlement was already assigned to Year 9 for study: now 10 new facts a day" in page


def _field_tag(page: str, name: str) -> str:
    """The ``<input>`` or ``<select>`` of the form field named ``name``."""
    found = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', page)
    assert found, name
    return found.group(0)


def _error_beside(page: str, name: str) -> str:
    """The error shown under field ``name``, which its control names as its description."""
    tag = _field_tag(page, name)
    assert 'aria-invalid="true"' in tag and "autofocus" in tag
    described = re.search(r'aria-describedby="([^"]*)"', tag)
    assert described and f"{name}-error" in described.group(1).split()
    error = re.search(rf'<p class="error" id="{name}-error">([^<]*)</p>', page)
    assert error, name
    return html.unescape(error.group(1))


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_a_due_date_off_the_calendar_is_refused_and_assigns_nothing(teacher_client, teacher, day):
    classroom = make_classroom(teacher)
    bank = make_bank(owner=teacher)
    response = teacher_client.post(
        f"/teach/classes/{classroom.id}/assignments",
        data={"bank_id": bank.id, "as_quiz": "y", "quiz_size": "10", "due_date": day},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "between 1900-01-01 and 2999-12-31" in _error_beside(page, "due_date")
    assert db.session.scalar(select(func.count(Assignment.id))) == 0


def test_a_refused_assignment_comes_back_with_what_the_teacher_typed(teacher_client, teacher):
    """A redirect used to drop the form: the teacher typed it all again to fix one date."""
    classroom = make_classroom(teacher, name="Civics 10")
    make_bank(owner=teacher, title="First set")
    bank = make_bank(owner=teacher, title="Second set")
    response = teacher_client.post(
        f"/teach/classes/{classroom.id}/assignments",
        data={"bank_id": bank.id, "as_quiz": "y", "quiz_size": "12", "due_date": "1800-01-01"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<h1>Civics 10</h1>" in page  # the class's page, not an error page
    assert re.search(rf'<option selected value="{bank.id}">Second set</option>', page)
    assert "checked" in _field_tag(page, "as_quiz")
    assert 'value="12"' in _field_tag(page, "quiz_size")
    assert 'value="1800-01-01"' in _field_tag(page, "due_date")
    assert "aria-invalid" not in _field_tag(page, "quiz_size")  # only the field to fix
    assert 'class="flash ' not in page  # the message is beside the field, not above the page


@pytest.mark.parametrize("field", ["quiz_size", "daily_new_limit"])
def test_a_refused_assignment_shows_the_error_beside_the_field_to_fix(
    teacher_client, teacher, field
):
    """Two number fields sit side by side; "Number must be between 1 and ..." is told
    under the one that was wrong (and is the description a screen reader reads for it)."""
    classroom = make_classroom(teacher)
    bank = make_bank(owner=teacher)
    response = teacher_client.post(
        f"/teach/classes/{classroom.id}/assignments", data={"bank_id": bank.id, field: "500"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert _error_beside(page, field).startswith("Number must be between 1 and ")
    assert db.session.scalar(select(func.count(Assignment.id))) == 0


def test_a_refused_assignment_from_a_banks_summary_comes_back_there(teacher_client, teacher):
    """The after-import summary's form too: the class chosen and the size typed stay."""
    classroom = make_classroom(teacher, name="Civics 10")
    bank = make_bank(owner=teacher, title="Fresh import")
    response = teacher_client.post(
        f"/teach/banks/{bank.slug}/assign",
        data={"classroom_id": classroom.id, "as_quiz": "y", "quiz_size": "0"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Next: put it in front of a class" in page
    assert re.search(rf'<option selected value="{classroom.id}">Civics 10</option>', page)
    assert "checked" in _field_tag(page, "as_quiz")
    assert _error_beside(page, "quiz_size").startswith("Number must be between 1 and ")
    assert db.session.scalar(select(func.count(Assignment.id))) == 0


def test_a_due_time_at_the_calendars_edge_shows_in_any_time_zone(app, teacher):
    teacher.time_zone = "Asia/Seoul"
    db.session.commit()
    with app.test_request_context():
        login_user(teacher)
        assert "9999-12-31" in local_time(datetime(9999, 12, 31, 23, 59, tzinfo=UTC))


def test_a_teacher_cannot_assign_another_teachers_bank(teacher_client, teacher):
    classroom = make_classroom(teacher)
    foreign = make_bank(owner=make_user(role="teacher"))
    teacher_client.post(f"/teach/classes/{classroom.id}/assignments", data={"bank_id": foreign.id})
    assert db.session.scalar(select(func.count(Assignment.id))) == 0


def test_another_teachers_class_is_not_found_and_cannot_be_changed(teacher_client):
    other = make_user(role="teacher")
    classroom = make_classroom(other, join_code="THEIRS2345")
    student = make_user()
    enroll(classroom, student)
    assert teacher_client.get(f"/teach/classes/{classroom.id}").status_code == 404
    assert teacher_client.post(f"/teach/classes/{classroom.id}/code").status_code == 404
    assert teacher_client.get(f"/teach/classes/{classroom.id}/code").status_code == 404
    remove = f"/teach/classes/{classroom.id}/students/{student.id}/remove"
    assert teacher_client.post(remove).status_code == 404
    assert teacher_client.get(remove).status_code == 404
    assert "THEIRS2345" not in teacher_client.get("/teach/classes/").get_data(as_text=True)
    db.session.refresh(classroom)
    assert classroom.join_code == "THEIRS2345" and _enrolled(classroom.id) == 1


def test_students_cannot_reach_teacher_pages(student_client):
    for url in ("/teach/classes/", "/teach/banks/", "/teach/uploads/new"):
        assert student_client.get(url).status_code == 403
    assert student_client.post("/teach/classes/", data={"name": "Mine"}).status_code == 403


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/teach/classes/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_teacher_home_lists_classes_and_banks_and_nav_has_teach(teacher_client, teacher):
    make_classroom(teacher, name="History 9")
    make_bank(owner=teacher, title="My uploaded set")
    page = teacher_client.get("/").get_data(as_text=True)
    assert "History 9" in page and "My uploaded set" in page
    assert 'href="/teach/classes/">Teach</a>' in page


def test_a_co_teacher_runs_the_class_and_may_assign_their_bank_to_it(teacher_client, teacher):
    owner = make_user(role="teacher", name="Olga Owner")
    classroom = make_classroom(owner, name="Shared 10")
    db.session.add(ClassroomTeacher(classroom_id=classroom.id, teacher_id=teacher.id))
    db.session.commit()
    bank = make_bank(owner=teacher)
    assert "Shared 10" in teacher_client.get("/teach/classes/").get_data(as_text=True)
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert "Taught by Olga Owner, Tess Teacher" in page
    teacher_client.post(
        f"/teach/banks/{bank.slug}/assign", data={"classroom_id": classroom.id, "as_quiz": ""}
    )
    assert db.session.scalar(select(Assignment.classroom_id)) == classroom.id


def test_a_teacher_who_no_longer_teaches_a_class_is_told_why_it_is_not_found(
    teacher_client, teacher
):
    """A co-teacher removed from a class, following an old link to it (or to its
    progress page), learns why it is gone; the page reads the same for a class deleted
    and one never taught, so it tells a prober nothing."""
    owner = make_user(role="teacher")
    shared = make_classroom(owner, name="Shared 10")
    db.session.add(ClassroomTeacher(classroom_id=shared.id, teacher_id=teacher.id))
    db.session.commit()
    assert teacher_client.get(f"/teach/classes/{shared.id}").status_code == 200
    db.session.execute(delete(ClassroomTeacher))
    db.session.commit()
    never = make_classroom(owner, name="Never mine")
    for url in (
        f"/teach/classes/{shared.id}",
        f"/progress/class/{shared.id}",
        f"/teach/classes/{never.id}",
        "/teach/classes/999999",
    ):
        page = teacher_client.get(url)
        text = page.get_data(as_text=True)
        assert page.status_code == 404, url
        assert "No class you teach is at this address." in text, url
        assert "Shared 10" not in text and "Never mine" not in text


def test_removing_an_assignment_students_took_asks_first_and_keeps_their_quiz_scores(
    teacher_client, teacher
):
    """A quiz assignment some students have taken can be taken off the class (it used to
    fail on the attempts pointing at it), after a question saying what stays: each
    attempt and its score outlive the assignment, in the student's quiz history."""
    student = make_user(name="Min-ji")
    bank = make_bank(owner=teacher, title="Resettlement")
    classroom = make_classroom(teacher, name="Year 9", students=[student], banks=[bank])
    assignment = db.session.scalar(select(Assignment))
    question = make_question(make_fact(bank))
    attempt = make_attempt(student, bank, {question: True}, assignment_id=assignment.id)
    remove = f"/teach/classes/{classroom.id}/assignments/{assignment.id}/remove"
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert f'href="{remove}"' in page and f'action="{remove}"' not in page

    asked = teacher_client.get(remove)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Remove Resettlement from Year 9?" in text
    assert "A student took its quiz once; that score stays in their quiz history." in text
    assert f'action="{remove}"' in text and db.session.scalar(select(Assignment.id))
    other = make_classroom(teacher, banks=[make_bank(owner=teacher)])
    elsewhere = f"/teach/classes/{classroom.id}/assignments/{other.assignments[0].id}/remove"
    assert teacher_client.get(elsewhere).status_code == 404  # another class's assignment
    assert teacher_client.post(remove, csrf=False).status_code == 400  # a forged form

    removed = teacher_client.post(remove, follow_redirects=True).get_data(as_text=True)

    assert "Resettlement is no longer assigned to Year 9; students keep their answers and" in (
        html.unescape(removed)
    )
    assert db.session.scalar(select(func.count(Assignment.id))) == 1  # the other class's
    db.session.expire_all()
    kept = db.session.get(QuizAttempt, attempt.id)
    assert kept is not None and (kept.score, kept.max_score, kept.assignment_id) == (1, 1, None)
    again = teacher_client.post(remove, follow_redirects=True).get_data(as_text=True)
    assert "That assignment is not on this class." in again
    learner = teacher_client.application.test_client()
    AuthActions(learner).login(student.email)
    assert f'href="/quiz/{attempt.id}/results">1 / 1' in learner.get("/quiz/").get_data(
        as_text=True
    )
    results = learner.get(f"/quiz/{attempt.id}/results").get_data(as_text=True)
    assert "1 / 1" in results and "Resettlement is no longer shared with you" in results
    assert "Take another quiz" not in results  # it would lead to a bank they cannot open


def test_the_assignment_question_counts_the_quizzes_taken_and_names_no_lms_unless_linked():
    room, bank = Classroom(name="Year 9"), Bank(title="Resettlement")
    question = removing_assignment(room, Assignment(bank=bank), attempts=3, lms=False)
    assert question.title == "Remove Resettlement from Year 9?"
    assert any(line.startswith("Students took its quiz 3 times") for line in question.lines)
    assert not any("LMS" in line for line in question.lines)
    untaken = removing_assignment(room, Assignment(bank=bank), attempts=0, lms=False)
    assert not any("quiz" in line for line in untaken.lines)


def _assignment_item(page: str, bank_title: str) -> str:
    """The home page's list item of the assignment of ``bank_title``."""
    items = re.findall(r"<li>\s*<strong>(.*?)</li>", page, re.DOTALL)
    return next(item for item in items if item.startswith(bank_title))


def test_a_students_home_shows_a_finished_class_quiz_with_its_score(
    student_client, student, teacher
):
    # Probe: after scoring 3 of 5 the home page still offered "Start quiz (5 questions)"
    # with no word of the score, as if the quiz had never been taken.
    bank = make_bank(title="Resettlement")
    questions = [make_question(make_fact(bank), kind="multiple_choice") for _ in range(5)]
    classroom = make_classroom(teacher, "Year 9", students=[student])
    assignment = Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True, quiz_size=5)
    db.session.add(assignment)
    db.session.commit()
    before = _assignment_item(student_client.get("/").get_data(as_text=True), bank.title)
    assert "Start quiz (5 questions)" in before and "Done" not in before

    make_attempt(
        student, bank, {q: n < 2 for n, q in enumerate(questions)}, assignment_id=assignment.id
    )
    best = make_attempt(
        student, bank, {q: n < 3 for n, q in enumerate(questions)}, assignment_id=assignment.id
    )
    make_attempt(student, bank, {q: True for q in questions})  # on their own: not this one
    item = _assignment_item(student_client.get("/").get_data(as_text=True), bank.title)
    assert "Done: best score 3 / 5" in re.sub(r"<[^>]+>", "", item)
    assert f'href="/quiz/{best.id}/results"' in item
    assert "Take it again (5 questions)" in item and "Start quiz" not in item

    make_attempt(student, bank, {}, assignment_id=assignment.id, finished_at=None)
    item = _assignment_item(student_client.get("/").get_data(as_text=True), bank.title)
    assert "Continue the quiz (5 questions)" in item and "best score 3 / 5" in item


def _assignment_words(client, bank_title: str) -> str:
    return re.sub(
        r"<[^>]+>", "", _assignment_item(client.get("/").get_data(as_text=True), bank_title)
    )


def test_a_study_assignment_on_the_students_home_says_so_and_opens_its_study_session(
    student_client, student, teacher
):
    """Probe: a bank assigned for study showed only "Read the facts", under the same
    heading as the quiz of that bank beside it: nothing said it was to be studied, nor led
    to its study session, as Quizlet's or Classroom's "Study" on an assigned set does."""
    bank = make_bank(title="Resettlement")
    make_question(make_fact(bank), kind="multiple_choice")
    classroom = make_classroom(teacher, "Year 9", students=[student])
    db.session.add_all(
        [
            Assignment(classroom_id=classroom.id, bank_id=bank.id, daily_new_limit=7),
            Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True, quiz_size=1),
        ]
    )
    db.session.commit()
    page = student_client.get("/").get_data(as_text=True)
    items = re.findall(r"<li>\s*<strong>(.*?)</li>", page, re.DOTALL)
    study, quiz = sorted(items, key=lambda item: "Start quiz" in item)
    words = " ".join(re.sub(r"<[^>]+>", " ", study).split())
    assert "Study, 7 new facts a day" in words
    assert f'href="/study/?bank={bank.slug}"' in study
    assert "Study Resettlement for Year 9" in words  # its name, as the quiz button names its class
    assert "/study/" not in quiz and "Study," not in quiz


def test_a_class_quiz_past_its_due_date_and_not_taken_says_overdue_on_the_students_home(
    student_client, student, teacher
):
    """As Moodle's "Overdue" or Classroom's "Missing": a date that has passed, beside "Start
    quiz", was easy to read as still to come. A quiz finished (late or not) is not overdue,
    and one due later says nothing more."""
    bank = make_bank(title="Resettlement")
    questions = [make_question(make_fact(bank), kind="multiple_choice") for _ in range(2)]
    classroom = make_classroom(teacher, "Year 9", students=[student])
    past, future = now_utc() - timedelta(days=2), now_utc() + timedelta(days=2)
    overdue = Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True, due_at=past)
    db.session.add(overdue)
    db.session.commit()
    item = _assignment_words(student_client, bank.title)
    assert "Overdue" in item
    make_attempt(student, bank, dict.fromkeys(questions, True), assignment_id=overdue.id)
    item = _assignment_words(student_client, bank.title)
    assert "Overdue" not in item and "Done" in item
    later = make_bank(title="Hanawon")
    make_question(make_fact(later), kind="multiple_choice")
    db.session.add(
        Assignment(classroom_id=classroom.id, bank_id=later.id, as_quiz=True, due_at=future)
    )
    db.session.commit()
    item = _assignment_words(student_client, later.title)
    assert "Overdue" not in item and "due" in item


def test_a_quiz_larger_than_the_bank_is_refused_with_what_the_bank_has(teacher_client, teacher):
    """Probe: a quiz of 50 on a bank of 2 was assigned, and students were promised
    "Start quiz (50 questions)" for a quiz of 2."""
    classroom = make_classroom(teacher)
    bank = make_study_bank(facts=2, owner=teacher, title="Aiken")
    for size, refused in (("50", True), ("3", True), ("2", False)):
        response = teacher_client.post(
            f"/teach/classes/{classroom.id}/assignments",
            data={"bank_id": bank.id, "as_quiz": "y", "quiz_size": size},
        )
        assert (response.status_code == 422) is refused, size
        if refused:
            message = _error_beside(response.get_data(as_text=True), "quiz_size")
            assert message == "Aiken has 2 questions a quiz can ask: choose 2 or fewer."
    assert db.session.scalars(select(Assignment.quiz_size)).all() == [2]


def test_a_bank_with_nothing_a_quiz_can_ask_is_not_assigned_as_a_quiz(teacher_client, teacher):
    """Probe: a bank whose every fact was retired was assigned as a quiz, and its students
    found "This bank has no questions the app can mark yet." behind "Start quiz"."""
    classroom = make_classroom(teacher)
    bank = make_study_bank(facts=2, owner=teacher, title="Dups")
    for fact in bank.facts:
        fact.active = False
    db.session.commit()
    response = teacher_client.post(
        f"/teach/classes/{classroom.id}/assignments", data={"bank_id": bank.id, "as_quiz": "y"}
    )
    assert response.status_code == 422
    message = _error_beside(response.get_data(as_text=True), "bank_id")
    assert message.startswith("Dups has no questions a quiz can ask")
    summary = teacher_client.post(
        f"/teach/banks/{bank.slug}/assign", data={"classroom_id": classroom.id, "as_quiz": "y"}
    )
    assert summary.status_code == 422
    assert _error_beside(summary.get_data(as_text=True), "as_quiz").startswith("Dups has no")
    assert db.session.scalar(select(func.count(Assignment.id))) == 0


def test_a_full_classs_assignments_and_assign_form_come_before_its_long_roster(
    teacher_client, teacher
):
    """With 35 students listed first, what a teacher comes to the page for most (what the
    class is set, assigning a bank) sat some 2,000 px down a phone's screen."""
    students = [make_user(name=f"Student {n}") for n in range(35)]
    classroom = make_classroom(teacher, "Year 9", students=students, banks=[make_bank()])
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    roster = page.index("Students (35)")
    assert page.index(">Assignments<") < roster and page.index("Assign a bank") < roster


def test_a_class_quiz_button_counts_the_questions_the_bank_can_still_ask(
    student_client, student, teacher
):
    # Probe: a quiz of 3 set, two of the bank's four facts retired since: the home page
    # still offered "Start quiz (3 questions)" and the quiz said "Question 1 of 2".
    bank = make_bank(title="Resettlement")
    facts = [make_fact(bank) for _ in range(4)]
    for fact in facts:
        make_question(fact, kind="multiple_choice")
    classroom = make_classroom(teacher, "Year 9", students=[student])
    db.session.add(
        Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True, quiz_size=3)
    )
    for fact in facts[:2]:
        fact.active = False
    db.session.commit()
    item = _assignment_item(student_client.get("/").get_data(as_text=True), bank.title)
    assert "Start quiz (2 questions)" in item


def test_a_join_link_pasted_into_the_code_box_joins(student_client, student):
    # Probe: the link the teacher shared, pasted into "Join code", was "No class has that code".
    classroom = make_classroom(make_user(role="teacher"), join_code="ABCDEFGH23")
    links = (
        "https://quizapp.seoul-international-school.example.org/join/ABCDEFGH23",
        "quiz.example.org/join/abcdefgh23/",
    )
    for pasted in links:
        response = student_client.post("/join/", data={"code": pasted})
        assert response.status_code == 302, pasted
    assert _enrolled(classroom.id) == 1


def test_the_class_page_says_when_a_quiz_asks_fewer_questions_than_it_was_set_with(
    teacher_client, teacher
):
    """The class page said "Quiz of 3" while its students were asked 2 (facts retired)."""
    bank = make_bank(owner=teacher, title="Resettlement")
    facts = [make_fact(bank) for _ in range(3)]
    for fact in facts:
        make_question(fact, kind="multiple_choice")
    classroom = make_classroom(teacher, "Year 9")
    db.session.add(
        Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True, quiz_size=3)
    )
    facts[0].active = False
    db.session.commit()
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert "Quiz of 3 (2 now: the bank has 2 questions a quiz can ask)" in page


def test_a_class_quiz_set_without_a_size_says_how_many_questions_it_asks(
    app, student_client, student, teacher
):
    """ "Leave empty for every question of the bank": its button said no number, and a bank
    of 300 facts was asked 200 (the most a quiz asks), which the form did not say."""
    bank = make_bank(title="Resettlement")
    for _ in range(3):
        make_question(make_fact(bank), kind="multiple_choice")
    classroom = make_classroom(teacher, "Year 9", students=[student])
    db.session.add(Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True))
    db.session.commit()
    item = _assignment_item(student_client.get("/").get_data(as_text=True), bank.title)
    assert "Start quiz (3 questions)" in item
    page = logged_in_client(app, teacher.email).get(f"/teach/classes/{classroom.id}")
    assert "Leave empty to ask one question on each fact the app can mark, at most 200." in (
        page.get_data(as_text=True)
    )
