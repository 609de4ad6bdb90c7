"""A form sent twice: a double click, or an impatient second press while the first is on
its way. The browser shows the answer to the second request, so the second must read as
well as the first (never an error page), and the action happens once.

Each case is tried one after the other (the first request done before the second
arrives, as on SQLite, whose write lock runs them in turn) and, on PostgreSQL, at the
same moment: both requests are held at the statement where they would collide until
both have reached it (``races.meeting_at``)."""

from __future__ import annotations

import html
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Bank,
    Classroom,
    Enrollment,
    Fact,
    PendingUpload,
    Question,
    QuizAttempt,
    Review,
    User,
)
from tests.auth.test_sessions import copy_of_cookie, opens_protected_page
from tests.support.clients import AuthActions, CSRFClient, logged_in_client
from tests.support.factories import make_classroom
from tests.support.races import in_thread, meeting_at
from tests.support.rows import count_rows
from tests.support.study_fixtures import make_study_bank
from tests.support.teach_fixtures import fixture_bytes, pending_id_from, upload


def _sent_twice(
    app: Flask, clients: tuple[CSRFClient, CSRFClient], url: str, form: dict[str, str], at: str
) -> list[Any]:
    """The same form sent by both clients at once, both held at the statement starting
    with ``at`` until both reach it; their responses (or the errors they raised)."""
    db.session.rollback()  # the test's own transaction ends: on SQLite it would block both
    with meeting_at(db.engine, at):
        sending = [in_thread(app, lambda c=client: c.post(url, data=form)) for client in clients]
        for thread, _result in sending:
            thread.join(30)
    return [result[0] for _thread, result in sending]


def _page(client: CSRFClient, response: Any) -> str:
    """The page a response leads to (after its redirect), as the browser shows it."""
    if response.status_code in (302, 303):
        response = client.get(response.headers["Location"])
    return html.unescape(response.get_data(as_text=True))


def _both_pages(
    app: Flask,
    tabs: tuple[CSRFClient, CSRFClient],
    url: str,
    form: dict[str, str],
    at: str,
    refused: bool = False,
) -> list[str]:
    """The same form sent by both tabs at once (``_sent_twice``), neither answering an
    error (``refused``: or the form sent back refused, 422): the page each tab then shows."""
    answers = _sent_twice(app, tabs, url, form, at)
    _assert_no_error(answers, refused)
    return [_page(tab, answer) for tab, answer in zip(tabs, answers, strict=True)]


def _assert_no_error(responses: list[Any], refused: bool = False) -> None:
    for response in responses:
        assert not isinstance(response, Exception), response
        assert response.status_code < 400 or (refused and response.status_code == 422), (
            response.status_code
        )


# --- Signing up -------------------------------------------------------------------------

_SIGN_UP = {
    "display_name": "Ana",
    "email": "ana@example.org",
    "password": "correct horse",
    "confirm": "correct horse",
    "role": "student",
    "invite_code": "",
}


def test_signing_up_twice_makes_one_account_and_the_second_answer_logs_in(app):
    """A double click on "Sign up": the second request left the browser before the
    first's answer, so it carries no session; it logs the new account in, as the first
    did, instead of refusing its email."""
    first, second = app.test_client(), app.test_client()
    for tab in (first, second):
        answer = tab.post("/auth/signup", data=_SIGN_UP)
        assert answer.status_code == 302
        page = _page(tab, answer)
        assert "Welcome, Ana! Your account is ready." in page
        assert "Hello, Ana" in page
    assert count_rows(User) == 1


def test_signing_up_twice_at_the_same_moment_makes_one_account(app):
    tabs = (app.test_client(), app.test_client())
    pages = _both_pages(app, tabs, "/auth/signup", _SIGN_UP, "INSERT INTO users")
    assert all("Hello, Ana" in page for page in pages)
    assert count_rows(User) == 1


def test_signing_up_with_a_taken_email_and_another_password_is_still_refused(app, student):
    answer = app.test_client().post(
        "/auth/signup",
        data={
            **_SIGN_UP,
            "email": student.email,
            "password": "another horse 77",
            "confirm": "another horse 77",
        },
    )
    assert answer.status_code == 200
    assert "We could not create an account with this email" in answer.get_data(as_text=True)
    assert count_rows(User) == 1


# --- Changing the password ----------------------------------------------------------------


def test_changing_the_password_twice_at_the_same_moment_keeps_both_tabs_logged_in(
    app, student_client, student
):
    """Two sends of the change with the same cookie (a double click without scripts): the
    second waits for the first and reads as its repeat, so whichever answer the browser
    keeps, its cookie is still good and the new password logs in."""
    new = "new battery staple"
    form = {"current": "correct horse", "password": new, "confirm": new}
    tabs = (student_client, copy_of_cookie(app, student_client))
    pages = _both_pages(app, tabs, "/auth/account/password", form, "UPDATE users")
    assert all("Your password is changed" in page for page in pages), pages
    assert all(opens_protected_page(tab) for tab in tabs)
    assert AuthActions(app.test_client()).login(student.email, new).status_code == 302


# --- Changing the email -------------------------------------------------------------------


def test_changing_the_email_twice_at_the_same_moment_changes_it_once(app, student_client, student):
    """Each tab's answer reads as done, not as "this email cannot be used" (the other
    tab's change is the account's own)."""
    tabs = (student_client, logged_in_client(app, student.email))
    form = {"email": "sam.new@example.org", "current_password": "correct horse"}
    pages = _both_pages(app, tabs, "/auth/account/email", form, "UPDATE users")
    assert all("log in with sam.new@example.org" in page for page in pages), pages
    db.session.rollback()
    assert db.session.scalar(select(User.email).where(User.id == student.id)) == form["email"]


# --- Creating a class --------------------------------------------------------------------


def test_creating_a_class_twice_makes_one_class(app, teacher_client, teacher):
    """ "Create class" sent twice (a double click without JavaScript), one after the other
    and at the same moment: one class, and the second answer shows it."""
    answers = [teacher_client.post("/teach/classes/", data={"name": "Year 9"}) for _ in range(2)]
    _assert_no_error(answers)
    assert count_rows(Classroom) == 1
    classroom_id = db.session.scalar(select(Classroom.id))
    assert answers[1].headers["Location"].endswith(f"/teach/classes/{classroom_id}")
    assert "You already have a class named Year 9: here it is." in _page(teacher_client, answers[1])
    tabs = (teacher_client, logged_in_client(app, teacher.email))
    pages = _both_pages(app, tabs, "/teach/classes/", {"name": "Year 10"}, "INSERT INTO classrooms")
    assert any("Year 10 is ready." in page for page in pages)
    assert count_rows(Classroom) == 2


def test_a_class_name_is_one_class_whatever_its_case_and_spaces(teacher_client):
    teacher_client.post("/teach/classes/", data={"name": "Year 9"})
    again = teacher_client.post("/teach/classes/", data={"name": "  year 9 "})
    assert "You already have a class named Year 9: here it is." in _page(teacher_client, again)
    other = teacher_client.post("/teach/classes/", data={"name": "Year 9B"})
    assert "Year 9B is ready." in _page(teacher_client, other)
    assert count_rows(Classroom) == 2


# --- Joining a class ---------------------------------------------------------------------


def _class_with_code(teacher: Any) -> str:
    make_classroom(teacher, name="Year 9", join_code="JOINCODE77")
    return "JOINCODE77"


def test_joining_twice_joins_once_and_both_answers_say_so(app, student_client, teacher):
    code = _class_with_code(teacher)
    answers = [student_client.post("/join/", data={"code": code}) for _ in range(2)]
    _assert_no_error(answers)
    assert "You joined Year 9." in _page(student_client, answers[1])
    assert count_rows(Enrollment) == 1


def test_joining_twice_at_the_same_moment_joins_once(app, student_client, student, teacher):
    code = _class_with_code(teacher)
    tabs = (student_client, logged_in_client(app, student.email))
    pages = _both_pages(app, tabs, "/join/", {"code": code}, "INSERT INTO enrollments")
    assert count_rows(Enrollment) == 1
    assert all("You joined Year 9." in page for page in pages)


def test_assigning_a_bank_twice_makes_one_assignment(app, teacher_client, teacher):
    """The same assignment form sent twice, one after the other and at the same moment:
    one assignment on the class (and on its students' pages), and the second answer
    says nothing changed."""
    bank = make_study_bank(facts=3, owner=teacher, title="Resettlement")
    classroom = make_classroom(teacher, name="Year 9")
    url = f"/teach/classes/{classroom.id}/assignments"
    form = {"bank_id": str(bank.id), "as_quiz": "y", "quiz_size": "2"}
    teacher_client.post(url, data=form)
    second = teacher_client.post(url, data=form)
    assert "Resettlement was already assigned to Year 9 this way; nothing changed." in _page(
        teacher_client, second
    )
    tabs = (teacher_client, logged_in_client(app, teacher.email))
    _assert_no_error(
        _sent_twice(app, tabs, url, {**form, "quiz_size": "3"}, "INSERT INTO assignments")
    )
    sizes = db.session.scalars(select(Assignment.quiz_size).order_by(Assignment.id)).all()
    assert sizes == [2, 3]
    other_way = teacher_client.post(url, data={"bank_id": str(bank.id)})  # for study: another
    assert "Resettlement assigned to Year 9." in _page(teacher_client, other_way)
    assert count_rows(Assignment) == 3


def test_removing_a_student_twice_at_the_same_moment_removes_once_and_says_so(
    app, teacher_client, teacher, student
):
    """A double click on the removal's confirm button (or the owner and a co-teacher
    removing the same student at once): one removal, and the other answer says the
    student is no longer in the class."""
    classroom = make_classroom(teacher, name="Year 9", students=[student])
    url = f"/teach/classes/{classroom.id}/students/{student.id}/remove"
    tabs = (teacher_client, logged_in_client(app, teacher.email))
    pages = _both_pages(app, tabs, url, {}, "DELETE FROM enrollments")
    assert any("is no longer in Year 9" in page for page in pages)
    assert any("That student is not in this class." in page for page in pages)
    assert count_rows(Enrollment) == 0


def test_adding_a_fact_and_a_question_twice_at_the_same_moment_adds_each_once(
    app, teacher_client, teacher
):
    """The second of two identical "Add" forms is told the key is taken (as it is one
    after the other), instead of failing on the unique key."""
    bank = make_study_bank(facts=1, owner=teacher, title="Resettlement")
    tabs = (teacher_client, logged_in_client(app, teacher.email))
    fact_form = {"key": "venue", "statement": "The first day was held in Seoul."}
    url = f"/teach/banks/{bank.slug}/facts/new"
    pages = _both_pages(app, tabs, url, fact_form, "INSERT INTO facts", refused=True)
    assert any("This bank already has a fact with the key “venue”." in page for page in pages)
    fact_id = db.session.scalar(select(Fact.id).where(Fact.key == "venue"))
    question_form = {"key": "typed", "kind": "typed", "prompt": "Where?", "answer": "Seoul"}
    url = f"/teach/banks/{bank.slug}/facts/{fact_id}/questions/new"
    pages = _both_pages(app, tabs, url, question_form, "INSERT INTO questions", refused=True)
    assert any("This fact already has a question with the key “typed”." in page for page in pages)
    assert db.session.scalar(select(func.count()).where(Question.fact_id == fact_id)) == 1


# --- Importing an upload -----------------------------------------------------------------


def _pending_upload(client: CSRFClient) -> str:
    page = upload(client, "aiken.txt", fixture_bytes("aiken.txt")).get_data(as_text=True)
    return f"/teach/uploads/{pending_id_from(page)}/import"


def test_importing_twice_imports_once_and_the_second_answer_is_not_an_error(teacher_client):
    url = _pending_upload(teacher_client)
    answers = [teacher_client.post(url) for _ in range(2)]
    _assert_no_error(answers)
    second = _page(teacher_client, answers[1])
    assert "That upload is no longer waiting: it was imported or discarded." in second
    assert count_rows(Bank) == 1 and count_rows(PendingUpload) == 0


def test_importing_twice_at_the_same_moment_imports_once(app, teacher_client, teacher):
    url = _pending_upload(teacher_client)
    tabs = (teacher_client, logged_in_client(app, teacher.email))
    answers = _sent_twice(app, tabs, url, {}, "DELETE FROM pending_uploads")
    _assert_no_error(answers)
    assert count_rows(Bank) == 1 and count_rows(PendingUpload) == 0


def test_discarding_twice_discards_once_and_the_second_answer_is_not_an_error(
    app, teacher_client, teacher
):
    url = _pending_upload(teacher_client).replace("/import", "/cancel")
    tabs = (teacher_client, logged_in_client(app, teacher.email))
    pages = _both_pages(app, tabs, url, {}, "DELETE FROM pending_uploads")
    assert any("Upload discarded; nothing was imported." in page for page in pages)
    assert any("That upload is no longer waiting" in page for page in pages)
    assert count_rows(Bank) == 0 and count_rows(PendingUpload) == 0


# --- Starting a quiz ---------------------------------------------------------------------


def test_starting_a_quiz_twice_at_the_same_moment_starts_one(app, student_client, student):
    bank = make_study_bank(facts=3, kinds=("true_false",))
    tabs = (student_client, logged_in_client(app, student.email))
    form = {"bank_id": str(bank.id)}
    answers = _sent_twice(app, tabs, "/quiz/start", form, "INSERT INTO quiz_attempts")
    _assert_no_error(answers)
    assert count_rows(QuizAttempt) == 1
    attempt_id = db.session.scalar(select(QuizAttempt.id))
    for answer in answers:
        assert answer.headers["Location"].endswith(f"/quiz/{attempt_id}")


# --- Taking an answer back ---------------------------------------------------------------

TAKEN_BACK = "Answer taken back. Here is the question again."
TAKEN_BACK_ALREADY = "That answer was already taken back. Here is the question again."
UNDO_REFUSED = "Only your last answer in a study session can be taken back."


def _answered_card(client: CSRFClient) -> str:
    """Answer the card the study page shows (with a wrong pick); its token."""
    page = client.get("/study/").get_data(as_text=True)
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    client.post("/study/answer", data={"token": token, "choice": "0"})
    return token


def test_taking_an_answer_back_twice_says_it_was_taken_back_and_shows_the_question(
    student_client,
):
    """A double click on "Undo last answer": the second request finds the answer already
    taken back, and says so over the question it brought back, rather than that only the
    last answer can be taken back (as if the undo had failed)."""
    make_study_bank(facts=3, kinds=("true_false",))
    _answered_card(student_client)
    token = _answered_card(student_client)
    pages = []
    for _ in range(2):
        answer = student_client.post("/study/undo", data={"token": token})
        _assert_no_error([answer])
        pages.append(_page(student_client, answer))
    assert TAKEN_BACK in pages[0]
    assert TAKEN_BACK_ALREADY in pages[1] and UNDO_REFUSED not in pages[1]
    assert f'name="token" value="{token}"' in pages[1]
    assert count_rows(Review) == 1


def test_taking_an_answer_back_twice_at_the_same_moment_takes_it_back_once(
    app, student_client, student
):
    make_study_bank(facts=3, kinds=("true_false",))
    _answered_card(student_client)
    token = _answered_card(student_client)
    tabs = (student_client, logged_in_client(app, student.email))
    pages = _both_pages(app, tabs, "/study/undo", {"token": token}, "DELETE FROM reviews")
    assert any(TAKEN_BACK in page for page in pages)
    assert any(TAKEN_BACK_ALREADY in page for page in pages)
    assert count_rows(Review) == 1


# --- Saving an edit ----------------------------------------------------------------------

SAVED_MEANWHILE = "This was saved meanwhile"


def _opened_version(client: CSRFClient, url: str) -> str:
    """The version the edit form carries as it opens."""
    page = client.get(url).get_data(as_text=True)
    field = page.split('name="version"', 1)[1].split(">", 1)[0]
    return field.split('value="', 1)[1].split('"', 1)[0]


def _edit_forms(teacher: User) -> list[tuple[str, dict[str, str]]]:
    """A question's and a fact's edit address, each with a form of changes."""
    bank = make_study_bank(facts=1, kinds=("typed",), owner=teacher, title="Resettlement")
    fact = bank.facts[0]
    question = fact.questions[0]
    return [
        (
            f"/teach/banks/{bank.slug}/questions/{question.id}/edit",
            {"key": question.key, "kind": "typed", "prompt": "Where?", "answer": "Seoul"},
        ),
        (
            f"/teach/banks/{bank.slug}/facts/{fact.id}/edit",
            {"key": fact.key, "statement": "The first day was held in Seoul."},
        ),
    ]


def test_saving_an_edit_twice_saves_it_and_the_second_answer_says_so_too(teacher_client, teacher):
    """A double click on "Save" (or its page sent again): the second request finds the
    row already holding what it sends, and is answered as the first was, rather than be
    told that it was saved meanwhile elsewhere and that the changes are not saved yet."""
    for url, changes in _edit_forms(teacher):
        form = {**changes, "version": _opened_version(teacher_client, url)}
        for _ in range(2):
            answer = teacher_client.post(url, data=form)
            assert answer.status_code == 302, url
            assert SAVED_MEANWHILE not in _page(teacher_client, answer)


def test_saving_an_edit_twice_at_the_same_moment_saves_it_and_neither_is_refused(
    app, teacher_client, teacher
):
    tabs = (teacher_client, logged_in_client(app, teacher.email))
    for url, changes in _edit_forms(teacher):
        form = {**changes, "version": _opened_version(teacher_client, url)}
        pages = _both_pages(app, tabs, url, form, "UPDATE")
        assert not any(SAVED_MEANWHILE in page for page in pages), url
