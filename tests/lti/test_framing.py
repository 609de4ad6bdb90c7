"""Only LTI pages, and the pages an LTI launch opens while in an LTI session, may be
framed by the registered LMS; only the cookies LTI needs are SameSite=None; Secure."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from quizapp.headers import CONTENT_SECURITY_POLICY

from .conftest import instructor, launch, learner, start_login


def test_the_login_state_cookie_is_cross_site_on_the_lti_paths_only(app, client, lms, quiz_link):
    app.config["SESSION_COOKIE_SECURE"] = True
    hint = lms.add_launch(learner(quiz_link))
    response = client.get("/lti/login", query_string=lms.login_params(hint))
    [cookie] = response.headers.getlist("Set-Cookie")
    assert cookie.startswith("lti_login_")
    for attribute in ("Secure", "HttpOnly", "SameSite=None", "Path=/lti/", "Max-Age=600"):
        assert attribute in cookie


def test_an_lti_session_cookie_is_cross_site_and_an_ordinary_one_is_not(
    app, client, lms, quiz_link, auth, student
):
    app.config["SESSION_COOKIE_SECURE"] = True
    ordinary = auth.login(student.email)
    assert "SameSite=Lax" in ordinary.headers["Set-Cookie"]
    # Flask's test client keeps Secure cookies only for https URLs.
    https = "https://localhost"
    lms.tool_launch_url = https + "/lti/launch"
    spec = learner(quiz_link)
    hint = lms.add_launch(spec)
    login = client.get("/lti/login", query_string=lms.login_params(hint), base_url=https)
    nonce, state = (
        parse_qs(urlsplit(login.headers["Location"]).query)[k][0] for k in ("nonce", "state")
    )
    response = client.post(
        "/lti/launch",
        data={"id_token": lms.id_token(spec, nonce), "state": state},
        base_url=https,
        csrf=False,
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    session_cookie = next(
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")
    )
    assert "SameSite=None" in session_cookie and "Secure" in session_cookie


def test_lti_pages_are_framed_by_the_lms_and_other_pages_stay_unframeable(client, lms, quiz_link):
    response = launch(client, lms, learner(quiz_link))
    quiz = client.get(response.headers["Location"])
    assert f"frame-ancestors {lms.url}" in quiz.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in quiz.headers
    account = client.get("/auth/account")
    assert account.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert account.headers["X-Frame-Options"] == "DENY"


def test_the_same_pages_outside_an_lti_session_stay_unframeable(student_client):
    page = student_client.get("/study/")
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert page.headers["X-Frame-Options"] == "DENY"


def test_a_refused_launch_from_a_known_lms_shows_its_page_inside_the_lms(client, lms, quiz_link):
    response = launch(client, lms, learner(quiz_link), aud="someone-else")
    assert response.status_code == 403
    assert f"frame-ancestors {lms.url}" in response.headers["Content-Security-Policy"]


def test_a_login_for_another_address_is_refused(client, lms, quiz_link):
    hint = lms.add_launch(learner(quiz_link))
    params = lms.login_params(hint) | {"target_link_uri": "https://evil.example/lti/launch"}
    response = client.get("/lti/login", query_string=params)
    assert response.status_code == 400
    assert "asked to open an address that is not" in response.get_data(as_text=True)
    assert not any(c.startswith("lti_login_") for c in response.headers.getlist("Set-Cookie"))


def test_an_unregistered_lms_cannot_start_a_login(client, lms, quiz_link):
    hint = lms.add_launch(learner(quiz_link))
    response = client.get(
        "/lti/login", query_string=lms.login_params(hint) | {"iss": "https://other.example"}
    )
    assert response.status_code == 400
    assert "not registered" in response.get_data(as_text=True)
    assert start_login  # the helper used everywhere else goes through the same route


def test_every_page_the_framed_class_page_links_to_opens_in_the_frame(client, lms, quiz_link):
    """Inside the LMS's frame a teacher's class page links to its questions ("Remove…",
    a new code, deleting the class) and to each student's progress: each opens framed,
    not as the browser's blocked-frame page. Account pages stay unframeable."""
    launch(client, lms, learner(quiz_link))
    client.post("/auth/logout")
    response = launch(client, lms, instructor(**quiz_link))
    class_page = client.get(response.headers["Location"])
    assert f"frame-ancestors {lms.url}" in class_page.headers["Content-Security-Policy"]
    html = class_page.get_data(as_text=True)
    # The class's own pages and its progress (bank pages stay unframeable: answer keys).
    links = set(re.findall(r'href="(/(?:teach/classes|progress)/[^"]+)"', html))
    links = {link.replace("&amp;", "&") for link in links if not link.endswith(".csv")}
    assert any(link.endswith("/delete") for link in links), links
    assert any("/remove" in link for link in links), links
    for link in links:
        page = client.get(link)
        assert page.status_code == 200, link
        assert f"frame-ancestors {lms.url}" in page.headers["Content-Security-Policy"], link
    assert client.get("/auth/account").headers["X-Frame-Options"] == "DENY"


IN_A_FRAME = {"Sec-Fetch-Dest": "iframe"}


def _login_in_the_frame(client, lms, quiz_link) -> tuple[dict[str, str], str]:
    """A login initiation as a browser sends it inside the LMS's iframe: the login
    params, and where the tool sends the frame next (its cookie check)."""
    params = lms.login_params(lms.add_launch(learner(quiz_link)))
    response = client.get("/lti/login", query_string=params, headers=IN_A_FRAME)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/lti/login/check"
    return params, response.headers["Location"]


def test_a_login_in_the_lms_frame_whose_cookie_is_kept_goes_on_to_the_lms(client, lms, quiz_link):
    _params, check = _login_in_the_frame(client, lms, quiz_link)
    onward = client.get(check, headers=IN_A_FRAME)
    assert onward.status_code == 302
    assert onward.headers["Location"].startswith(lms.url + "/auth?")
    request = {k: v[0] for k, v in parse_qs(urlsplit(onward.headers["Location"]).query).items()}
    token = lms.id_token(learner(quiz_link), request["nonce"])
    launched = client.post(
        "/lti/launch", data={"id_token": token, "state": request["state"]}, csrf=False
    )
    assert launched.status_code == 302
    assert launched.headers["Location"].startswith("/quiz/")


def test_a_browser_that_keeps_no_cookie_in_the_lms_frame_is_offered_a_new_window(
    client, lms, quiz_link
):
    """Safari (every iPad) and private windows keep no cookie of a site inside another
    site's frame: the launch was refused with "open the link again, or allow cookies",
    and opening it again in the frame failed the same way, every time. The frame now
    finds that out before the launch and offers quizapp in a new window, where the
    cookie is the site's own."""
    params, check = _login_in_the_frame(client, lms, quiz_link)
    for cookie in list(client._cookies.values()):  # the browser kept none
        client.delete_cookie(cookie.key, domain=cookie.domain, path=cookie.path)
    page = client.get(check, headers=IN_A_FRAME)
    assert page.status_code == 200
    assert f"frame-ancestors {lms.url}" in page.headers["Content-Security-Policy"]
    text = page.get_data(as_text=True)
    assert "Open quizapp in a new window" in text
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*target="_blank"', text)
    assert link is not None
    address = html.unescape(link.group(1))
    assert urlsplit(address).path == "/lti/login"
    assert {k: v[0] for k, v in parse_qs(urlsplit(address).query).items()} == params
    # In the new window the cookie is first-party: the login goes straight to the LMS.
    opened = client.get(address, headers={"Sec-Fetch-Dest": "document"})
    assert opened.status_code == 302
    assert opened.headers["Location"].startswith(lms.url + "/auth?")


def test_a_cookie_check_with_a_state_we_did_not_issue_is_refused(client, lms, quiz_link):
    _params, check = _login_in_the_frame(client, lms, quiz_link)
    query = {k: v[0] for k, v in parse_qs(urlsplit(check).query).items()}
    query["state"] = "x;y"
    response = client.get("/lti/login/check", query_string=query, headers=IN_A_FRAME)
    assert response.status_code == 400
    assert "not one quizapp gave out" in response.get_data(as_text=True)
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("lti_login_")]
