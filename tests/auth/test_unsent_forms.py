"""A form sent after its session ended keeps what was typed: the log-in it asks for
carries it, and one click sends it (a log-out in another tab, an expired session, "Log
out everywhere" on another device)."""

from __future__ import annotations

import io

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Question, Review
from tests.support.clients import logged_in_client
from tests.support.factories import make_bank, make_fact, make_question
from tests.support.load_client import Form, answer_form, post_forms
from tests.support.study_fixtures import make_study_bank

# What a browser sends with a form from one of our pages (the test client's host).
FROM_OUR_PAGE = {"Origin": "http://localhost"}
PASSWORD = "correct horse"


def form_to(page: str, action: str) -> Form:
    """The page's POST form sent to ``action``."""
    forms = [form for form in post_forms(page) if form.action == action]
    assert len(forms) == 1, f"one form to {action} expected on the page:\n{page}"
    return forms[0]


def log_in_and_send_again(client, page: str, email: str):
    """Log in with the form ``page`` asks with, then press "Send it now"."""
    login = form_to(page, "/auth/login")
    resumed = client.post(
        "/auth/login",
        data={**login.fields, "email": email, "password": PASSWORD},
        headers=FROM_OUR_PAGE,
        csrf=False,
    ).get_data(as_text=True)
    assert "Send it now" in resumed
    again = next(form for form in post_forms(resumed) if form.action != "/auth/logout")
    return client.post(again.action, data=again.fields, headers=FROM_OUR_PAGE, csrf=False)


def test_an_answer_typed_before_logging_out_in_another_tab_is_sent_after_logging_in(
    app, student_client, student
):
    make_study_bank(facts=1, kinds=("typed",))
    card = answer_form(student_client.get("/study/").get_data(as_text=True))
    student_client.post("/auth/logout")  # another tab: the browser's cookie is gone
    asked = student_client.post(
        card.action,
        data={**card.fields, "response": "about 34,000"},
        headers=FROM_OUR_PAGE,
        csrf=False,
    )
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "You are not logged in any more" in page and "about 34,000" in page
    assert db.session.scalar(select(Review)) is None
    answered = log_in_and_send_again(student_client, page, student.email)
    assert "Your answer: <strong>about 34,000</strong>" in answered.get_data(as_text=True)
    assert db.session.scalar(select(Review.response)) == "about 34,000"


def test_a_quiz_answer_sent_after_logging_out_everywhere_counts_and_the_quiz_goes_on(
    app, student_client, student
):
    bank = make_study_bank(facts=2, kinds=("typed",))
    quiz = student_client.post("/quiz/start", data={"bank_id": bank.id, "size": 2})
    quiz_url = quiz.headers["Location"]
    card = answer_form(student_client.get(quiz_url).get_data(as_text=True))
    logged_in_client(app, student.email).post("/auth/account/logout-everywhere")
    asked = student_client.post(
        card.action, data={**card.fields, "response": "34,000"}, headers=FROM_OUR_PAGE, csrf=False
    )
    page = asked.get_data(as_text=True)
    assert "You are not logged in any more" in page
    sent = log_in_and_send_again(student_client, page, student.email)
    assert sent.headers["Location"] == quiz_url
    assert "Question 2 of 2" in student_client.get(quiz_url).get_data(as_text=True)
    assert db.session.scalar(select(Review.response)) == "34,000"


def test_a_question_edit_saved_after_the_session_ended_is_kept_through_logging_in(
    app, teacher_client, teacher
):
    bank = make_bank(owner=teacher)
    question = make_question(make_fact(bank), kind="typed", prompt="Which city?", answer="Seoul")
    url = f"/teach/banks/{bank.slug}/questions/{question.id}/edit"
    editor = next(form for form in post_forms(teacher_client.get(url).get_data(as_text=True)))
    teacher_client.delete_cookie("session")  # the session ended (idle, or cleared)
    typed = {"kind": "typed", "prompt": "Which city?", "answer": "Seoul"}
    asked = teacher_client.post(
        url,
        data={**editor.fields, **typed, "explanation": "Typed for twenty minutes."},
        headers={"Referer": f"http://localhost{url}"},
        csrf=False,
    )
    assert "Typed for twenty minutes." in asked.get_data(as_text=True)
    saved = log_in_and_send_again(teacher_client, asked.get_data(as_text=True), teacher.email)
    assert saved.status_code == 302
    assert db.session.get(Question, question.id).explanation == "Typed for twenty minutes."


def test_a_form_sent_from_another_site_is_never_offered_for_sending(app, student_client):
    make_study_bank(facts=1, kinds=("typed",))
    card = answer_form(student_client.get("/study/").get_data(as_text=True))
    student_client.post("/auth/logout")
    for elsewhere in ({"Origin": "https://evil.example"}, {}):
        asked = student_client.post(
            card.action,
            data={**card.fields, "response": "planted"},
            headers=elsewhere,
            csrf=False,
        )
        assert asked.status_code == 303
        assert asked.headers["Location"].startswith("/auth/login?next=")
        page = student_client.get(asked.headers["Location"]).get_data(as_text=True)
        assert "planted" not in page


def test_an_answer_from_a_tab_opened_before_a_password_change_is_offered_again(
    app, student_client, student
):
    """Changing the password (or logging in again) in one tab gives the browser a new
    session: the forms of tabs opened before carry the old one's CSRF token."""
    make_study_bank(facts=1, kinds=("typed",))
    card = answer_form(student_client.get("/study/").get_data(as_text=True))
    new = "a new long password"
    student_client.post(
        "/auth/account/password", data={"current": PASSWORD, "password": new, "confirm": new}
    )
    asked = student_client.post(
        card.action, data={**card.fields, "response": "34,000"}, headers=FROM_OUR_PAGE, csrf=False
    )
    page = asked.get_data(as_text=True)
    assert "was not sent" in page and "Send it now" in page
    assert db.session.scalar(select(Review)) is None
    again = form_to(page, card.action)
    sent = student_client.post(again.action, data=again.fields, headers=FROM_OUR_PAGE, csrf=False)
    assert "Your answer: <strong>34,000</strong>" in sent.get_data(as_text=True)


def test_a_stale_form_from_another_site_is_refused_as_before(app, student_client):
    make_study_bank(facts=1, kinds=("typed",))
    card = answer_form(student_client.get("/study/").get_data(as_text=True))
    stale = {**card.fields, "csrf_token": "stale", "response": "planted"}
    asked = student_client.post(
        card.action, data=stale, headers={"Origin": "https://evil.example"}, csrf=False
    )
    assert asked.status_code == 400 and "planted" not in asked.get_data(as_text=True)


def test_an_upload_sent_after_the_session_ended_asks_for_the_file_again(
    app, teacher_client, teacher
):
    """A browser cannot put a file back into a form: the log-in says to choose it again
    (it said "carry on where you were", and the upload form then came back empty)."""
    teacher_client.delete_cookie("session")
    asked = teacher_client.post(
        "/teach/uploads/new",
        data={"file": (io.BytesIO(b"prompt,answer\nCapital?,Seoul\n"), "week3.csv")},
        content_type="multipart/form-data",
        headers={"Referer": "http://localhost/teach/uploads/new"},
        csrf=False,
    )
    assert asked.headers["Location"] == "/auth/login?next=/teach/uploads/new"
    page = teacher_client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "choose the file again" in page


def account_form(client, action: str):
    """The form of the account page that posts to ``action``, as a tab shows it now."""
    return form_to(client.get("/auth/account").get_data(as_text=True), action)


def send_from_account_page(client, form, **typed: str):
    """``form`` sent as the account page's tab sends it, with what was typed."""
    return client.post(
        form.action,
        data={**form.fields, **typed},
        headers={**FROM_OUR_PAGE, "Referer": "http://localhost/auth/account"},
        csrf=False,
    )


def test_a_password_form_sent_after_logging_out_everywhere_logs_in_back_to_its_page(
    app, student_client, student
):
    """A password is never carried, so the log-in comes back to the form's page. It came
    back to the form's own address instead, which takes no GET: "Not allowed"."""
    form = account_form(student_client, "/auth/account/password")
    logged_in_client(app, student.email).post("/auth/account/logout-everywhere")
    typed = {
        "current": PASSWORD,
        "password": "a new long passphrase",
        "confirm": "a new long passphrase",
    }
    asked = send_from_account_page(student_client, form, **typed)
    assert asked.headers["Location"] == "/auth/login?next=/auth/account"
    page = student_client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "You are not logged in any more" in page
    login = form_to(page, "/auth/login")
    back = student_client.post(
        "/auth/login", data={**login.fields, "email": student.email, "password": PASSWORD}
    )
    assert back.headers["Location"] == "/auth/account"
    assert student_client.get("/auth/account").status_code == 200


def test_an_account_form_sent_after_logging_out_in_another_tab_asks_to_log_in(
    app, student_client, student
):
    """The account page was open in one tab; the learner logged out in another. "Change
    email" there said "This form has expired... submit it again", and sending it again
    said the same: the log-in is what it needs, then back to the account page."""
    form = account_form(student_client, "/auth/account/email")
    student_client.post("/auth/logout")
    asked = send_from_account_page(
        student_client, form, email="new@example.org", current_password=PASSWORD
    )
    assert asked.headers["Location"] == "/auth/login?next=/auth/account"
    page = student_client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "You are not logged in any more" in page


def test_a_password_form_from_a_tab_opened_before_logging_in_again_goes_back_to_its_page(
    app, student_client, student
):
    """A form asking for a password is never carried. It said "This form has expired...
    Reload the page and submit it again", and reloading sent the same form again: now
    its page comes back, fresh, saying nothing was changed."""
    form = account_form(student_client, "/auth/account/email")
    student_client.post("/auth/logout")
    student_client.post("/auth/login", data={"email": student.email, "password": PASSWORD})
    asked = send_from_account_page(
        student_client, form, email="new@example.org", current_password=PASSWORD
    )
    assert asked.status_code == 303 and asked.headers["Location"] == "/auth/account"
    page = student_client.get("/auth/account").get_data(as_text=True)
    assert "was not sent" in page and "nothing of it is saved" in page
    assert db.session.get(type(student), student.id).email == student.email
