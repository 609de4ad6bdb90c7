"""CSRF on every POST route, found from the URL map so new routes are covered automatically."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter, Rule

from quizapp.errors import is_visitors_form

# The LMS posts these cross-site; a signed id_token bound to the browser's state cookie
# and a single-use nonce stand in for the CSRF token (tests/lti/test_launch.py).
CROSS_SITE_ENDPOINTS = {"lti.login", "lti.launch"}


def post_rules(app, cross_site: bool = False) -> list[Rule]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and (rule.endpoint in CROSS_SITE_ENDPOINTS) == cross_site
    ]


def sample_url(rule: Rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        values[name] = 1 if isinstance(converter, IntegerConverter) else "x"
    return rule.build(values, append_unknown=False)[1]


def test_the_app_has_post_routes(app):
    assert len(post_rules(app)) >= 3


@pytest.mark.parametrize("logged_in", [False, True])
def test_every_post_route_refuses_a_form_without_csrf_token(app, client, auth, teacher, logged_in):
    if logged_in:
        auth.login(teacher.email)
    for rule in post_rules(app):
        url = sample_url(rule)
        response = client.post(url, data={"anything": "1"}, csrf=False)
        if not logged_in and not is_visitors_form(rule.endpoint):
            # Not logged in (any more): asked to log in, then back to the page.
            assert response.status_code == 303, f"{rule.rule} accepted a POST without a token"
            assert response.headers["Location"].startswith("/auth/login?next="), rule.rule
            continue
        assert response.status_code == 400, f"{rule.rule} accepted a POST without a CSRF token"
        assert "expired" in response.get_data(as_text=True)


def test_a_form_sent_after_logging_out_in_another_tab_asks_to_log_in_and_comes_back(
    app, student_client, student
):
    """The study page was open in one tab; the learner logged out in another. Answering
    there cannot count, and "reload and send it again" cannot work: the page says they
    are logged out and asks them to log in there, and logging in brings them back to
    their study page (or sends the form: tests/auth/test_unsent_forms.py)."""
    student_client.get("/study/")
    token = student_client.csrf_token()
    student_client.post("/auth/logout")
    response = student_client.post(
        "/study/answer",
        data={"token": "x", "choice": "0", "csrf_token": token},
        headers={"Referer": "http://localhost/study/"},
        csrf=False,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You are not logged in any more" in page
    assert 'name="next" type="hidden" value="/study/"' in page
    logged_in = student_client.post(
        "/auth/login?next=/study/", data={"email": student.email, "password": "correct horse"}
    )
    assert logged_in.headers["Location"] == "/study/"


def test_the_lms_entry_points_refuse_a_post_without_a_signed_launch(app, client):
    for rule in post_rules(app, cross_site=True):
        response = client.post(sample_url(rule), data={"anything": "1"}, csrf=False)
        assert response.status_code in (400, 403), rule.rule
        assert "quizapp could not open this link" in response.get_data(as_text=True)


def test_a_forged_csrf_token_is_refused(client, student):
    response = client.post(
        "/auth/login",
        data={"email": student.email, "password": "correct horse", "csrf_token": "forged"},
    )
    assert response.status_code == 400


def test_templates_escape_what_users_typed(client, auth):
    auth.signup(email="x@example.org", name="<script>alert(1)</script>")
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
