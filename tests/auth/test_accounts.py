"""Sign-up, log-in and log-out as a person does them, through the real forms."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from quizapp.extensions import db
from quizapp.models import User
from quizapp.timeutil import now_utc
from tests.support.factories import make_classroom, make_invite


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0


def test_signup_as_student_logs_in_and_shows_student_home(client, auth):
    response = auth.signup(email="Ana@Example.org", role="student", name="Ana")
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Hello, Ana" in home
    assert "Student account" in home
    user = db.session.scalar(select(User))
    assert user.email == "ana@example.org"
    assert user.password_hash != "correct horse"
    assert user.password_hash.startswith("pbkdf2:")


def signup_from_a_browser_in(client, time_zone: str):
    """The sign-up form as a browser sends it, its time zone field filled by the page's
    script from the browser's own zone."""
    return client.post(
        "/auth/signup",
        data={
            "display_name": "Min",
            "email": "min@example.org",
            "password": "correct horse",
            "confirm": "correct horse",
            "role": "student",
            "time_zone": time_zone,
        },
    )


def test_a_new_account_keeps_the_time_zone_its_browser_reports(client):
    """A student in Seoul who never opened Study settings had days in UTC: their new
    facts came back and their streak day ended at 09:00 in the morning."""
    page = client.get("/auth/signup").get_data(as_text=True)
    assert re.search(r'<input[^>]*data-browser-time-zone[^>]*name="time_zone"', page)
    assert "time-zone.js" in page
    assert signup_from_a_browser_in(client, "Asia/Seoul").status_code == 302
    assert db.session.scalar(select(User.time_zone)) == "Asia/Seoul"


@pytest.mark.parametrize("reported", ["", "Mars/Olympus_Mons", "localtime", "x" * 500])
def test_a_sign_up_without_a_usable_time_zone_lives_in_utc(client, reported):
    assert signup_from_a_browser_in(client, reported).status_code == 302
    assert db.session.scalar(select(User.time_zone)) == "UTC"


def test_an_email_typed_with_spaces_around_it_signs_up_as_log_in_reads_it(client, auth):
    response = auth.signup(email="  Ana@Example.org ", name="Ana")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.scalar(select(User.email)) == "ana@example.org"
    auth.logout()
    assert auth.login(email=" ana@example.org ").status_code == 302


def test_signup_as_teacher_with_an_invite_shows_teacher_home(client, auth):
    auth.signup(email="t@example.org", role="teacher", name="Tom", invite_code=make_invite())
    assert "Teacher account" in client.get("/").get_data(as_text=True)


def test_duplicate_email_in_other_case_is_refused_without_naming_the_account(client, auth, student):
    """Someone else's email (they do not know its password) in another case."""
    response = auth.signup(
        email="STUDENT@example.org", name="Someone Else", password="other horse 77"
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "We could not create an account with this email" in page
    assert "exists" not in page
    assert "Sam Student" not in page
    assert count_users() == 1


def test_signup_with_mismatched_passwords_creates_nobody(auth):
    response = auth.signup(email="x@example.org", name="X", confirm="different one")
    assert "do not match" in response.get_data(as_text=True)
    assert count_users() == 0


def test_signup_with_forged_role_is_refused(auth):
    response = auth.signup(email="x@example.org", name="X", role="admin")
    assert response.status_code == 200
    assert count_users() == 0


def test_login_is_case_insensitive_and_logout_ends_the_session(client, auth, student):
    response = auth.login(email="  Student@EXAMPLE.org ")
    assert response.status_code == 302
    assert "Hello, Sam Student" in client.get("/").get_data(as_text=True)
    auth.logout()
    page = client.get("/").get_data(as_text=True)
    assert "Hello, Sam Student" not in page
    assert "Log in" in page


def test_wrong_password_says_so_and_logs_nobody_in(client, auth, student):
    response = auth.login(password="wrong password")
    assert response.status_code == 200
    assert "do not match" in response.get_data(as_text=True)
    assert "Hello," not in client.get("/").get_data(as_text=True)


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client, auth):
    response = auth.login(email="nobody@example.org")
    assert "do not match" in response.get_data(as_text=True)


def test_login_renews_the_session_and_sets_safe_cookie_flags(client, auth, student):
    client.get("/auth/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = auth.login()
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    with client.session_transaction() as session:
        assert "planted" not in session


def test_login_follows_a_local_next_but_not_an_outside_one(client, auth, student):
    response = client.post(
        "/auth/login?next=/healthz", data={"email": student.email, "password": "correct horse"}
    )
    assert response.headers["Location"].endswith("/healthz")
    auth.logout()
    response = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": student.email, "password": "correct horse"},
    )
    assert "evil.example" not in response.headers["Location"]


def test_the_login_form_carries_its_next_page_in_one_field(client, student):
    page = client.get("/auth/login?next=/progress/").get_data(as_text=True)
    fields = re.findall(r'<input[^>]*name="next"[^>]*>', page)
    assert len(fields) == 1 and 'value="/progress/"' in fields[0]


def test_logout_requires_post(student_client):
    assert student_client.get("/auth/logout").status_code == 405


def test_signing_up_again_with_an_older_accounts_password_logs_in_to_it(client, auth, student):
    """The person who has the account (they typed its password) is logged in to it, told
    so, and nothing is made; the account is not new, so the page says welcome back."""
    db.session.execute(update(User).values(created_at=now_utc() - timedelta(days=30)))
    db.session.commit()
    response = auth.signup(email=student.email, name="Another Name", role="teacher")
    assert response.status_code == 302
    home = html.unescape(client.get("/").get_data(as_text=True))
    assert (
        "Welcome back, Sam Student. You already had an account with this email, so you are "
        "logged in." in home
    )
    assert "Student account" in home
    assert count_users() == 1


def test_signup_with_a_name_longer_than_80_characters_says_so_and_creates_nobody(auth):
    response = auth.signup(email="long@example.org", name="A" * 81)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "At most 80 characters (this one has 81)." in page
    assert 'maxlength="80"' not in page  # a browser would cut a pasted name without a word
    assert count_users() == 0


def test_signup_keeps_a_name_of_80_characters_with_spaces_around_it(auth):
    assert auth.signup(email="full@example.org", name=f"  {'B' * 80} ").status_code == 302
    assert db.session.scalar(select(User.display_name)) == "B" * 80


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", " \u2060\ufeff ", "\u200bKim Minji\u200b"])
def test_a_name_that_shows_as_nothing_becomes_the_emails_first_part(auth, name):
    # Probe: a name of three zero-width spaces was kept: "Welcome, !", and on the
    # teacher's roster a link to the student with no text to see or click.
    assert auth.signup(email="minji@example.org", name=name).status_code == 302
    shown = db.session.scalar(select(User.display_name))
    assert shown == ("Kim Minji" if "Kim" in name else "minji")


def test_the_account_page_repeats_no_id(student_client):
    page = student_client.get("/auth/account").get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert [name for name in set(ids) if ids.count(name) > 1] == []


def test_a_new_student_following_a_join_link_signs_up_and_lands_on_the_join_form(client, teacher):
    """Probe: a join link opened without an account led to the log-in page; "Create an
    account" then signed the student up onto their home page, the class's code gone."""
    code = make_classroom(teacher, join_code="KPQRSTUVWX").join_code
    login_page = client.get(f"/join/{code}", follow_redirects=True).get_data(as_text=True)
    signup_link = html.unescape(re.search(r'href="([^"]*)">Create an account', login_page).group(1))
    assert signup_link == f"/auth/signup?next=/join/{code}"
    signed_up = client.post(
        signup_link,
        data={
            "display_name": "Newcomer",
            "email": "new@example.org",
            "password": "correct horse",
            "confirm": "correct horse",
            "role": "student",
        },
    )
    assert signed_up.headers["Location"] == f"/join/{code}"
    join_page = client.get(signed_up.headers["Location"]).get_data(as_text=True)
    assert f'value="{code}"' in join_page


def test_the_headers_sign_up_and_log_in_keep_the_join_link_too(client, teacher):
    """Probe: on the log-in page a join link led to, the header's "Sign up" (on a phone,
    the first thing under the thumb) signed the student up onto their home page, the
    class's code gone, where "Create an account" below the form kept it."""
    code = make_classroom(teacher, join_code="KPQRSTUVWZ").join_code
    for page in ("/auth/login", "/auth/signup"):
        shown = client.get(f"{page}?next=/join/{code}").get_data(as_text=True)
        header = shown[shown.index('<header class="site-header">') : shown.index("</header>")]
        links = dict(
            (name, html.unescape(href))
            for href, name in re.findall(r'<a href="([^"]*)"[^>]*>(Log in|Sign up)</a>', header)
        )
        assert links == {
            "Log in": f"/auth/login?next=/join/{code}",
            "Sign up": f"/auth/signup?next=/join/{code}",
        }, page
    plain = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/signup"' in plain  # nothing to keep: the plain address


# What a browser sends with a form from one of our pages (the test client's host).
FROM_OUR_PAGE = {"Origin": "http://localhost"}
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def stale_page_token(client, path: str) -> str:
    """The token of ``path``'s form, then the session it belongs to ends and another
    begins (a log-out in another tab, which then shows the home page), as for a page
    left open."""
    token = CSRF_FIELD.search(client.get(path).get_data(as_text=True))
    client.delete_cookie("session")
    client.get("/")
    assert token
    return token.group(1)


def test_a_log_in_page_left_open_shows_the_form_again_with_the_email_kept(client, student):
    """It said "This form has expired... Reload the page and submit it again", and
    reloading sent the same expired form again: now the form comes back, ready."""
    token = stale_page_token(client, "/auth/login?next=/progress/")
    sent = {"email": student.email, "password": "correct horse", "next": "/progress/"}
    again = client.post(
        "/auth/login", data={**sent, "csrf_token": token}, headers=FROM_OUR_PAGE, csrf=False
    )
    page = again.get_data(as_text=True)
    assert again.status_code == 400
    assert "That page had expired" in page and "type it again" in page
    assert f'value="{student.email}"' in page and "correct horse" not in page
    fresh = CSRF_FIELD.search(page)
    assert fresh and fresh.group(1) != token
    logged_in = client.post(
        "/auth/login",
        data={**sent, "csrf_token": fresh.group(1)},
        headers=FROM_OUR_PAGE,
        csrf=False,
    )
    assert logged_in.headers["Location"] == "/progress/"


def test_a_sign_up_page_left_open_shows_the_form_again_and_makes_nobody(client):
    token = stale_page_token(client, "/auth/signup")
    typed = {"display_name": "Ji-woo Park", "email": "jiwoo@example.org", "role": "student"}
    passwords = {"password": "a long passphrase", "confirm": "a long passphrase"}
    again = client.post(
        "/auth/signup",
        data={**typed, **passwords, "csrf_token": token},
        headers=FROM_OUR_PAGE,
        csrf=False,
    )
    page = again.get_data(as_text=True)
    assert again.status_code == 400 and "That page had expired" in page
    assert 'value="Ji-woo Park"' in page and 'value="jiwoo@example.org"' in page
    assert "a long passphrase" not in page
    assert count_users() == 0


def test_a_log_in_page_opened_once_logged_in_goes_on_to_its_next_page(student_client):
    """Logged in meanwhile in another tab, reloading the log-in (or sign-up) page that
    asked for a page went home instead of to that page."""
    response = student_client.get("/auth/login?next=/progress/")
    assert response.headers["Location"] == "/progress/"
    assert student_client.get("/auth/login").headers["Location"] == "/"
    assert student_client.get("/auth/login?next=//evil.example").headers["Location"] == "/"
    joining = student_client.get("/auth/signup?next=/join/K7QM2XH9PA")  # a join link's sign-up
    assert joining.headers["Location"] == "/join/K7QM2XH9PA"


def test_a_log_in_sent_without_any_cookie_says_cookies_are_needed(client, student):
    """A browser keeping no cookie sent every log-in without its session: "That page had
    expired" again and again, with no word of what to change."""
    token = CSRF_FIELD.search(client.get("/auth/login").get_data(as_text=True)).group(1)
    client.delete_cookie("session")
    again = client.post(
        "/auth/login",
        data={"email": student.email, "password": "correct horse", "csrf_token": token},
        headers=FROM_OUR_PAGE,
        csrf=False,
    )
    page = again.get_data(as_text=True)
    assert again.status_code == 400
    assert "sent no cookie" in page and "allow cookies for this site" in page
    assert f'value="{student.email}"' in page
