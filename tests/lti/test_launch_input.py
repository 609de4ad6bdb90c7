"""LTI launches with hostile or malformed input: each one is the ordinary "launch refused"
page (never a 500), sets no cookie of the attacker's making and saves nothing."""

from __future__ import annotations

import pytest

from quizapp.lti.launch import is_issued_state

from .conftest import learner, row_counts, start_login


def _login_cookies(response) -> list[str]:
    return [value for value in response.headers.getlist("Set-Cookie") if "lti_login" in value]


@pytest.mark.parametrize(
    "state",
    [
        "a\r\nX-Injected: 1",
        "a; Domain=evil.example; Path=/",
        "a=b",
        "x" * 33,
        "short",
    ],
)
def test_a_posted_state_we_did_not_issue_is_refused_and_sets_no_cookie(client, lms, state):
    before = row_counts()
    response = client.post("/lti/launch", data={"id_token": "x", "state": state}, csrf=False)
    assert response.status_code == 403
    assert "quizapp could not open this link" in response.get_data(as_text=True)
    assert "X-Injected" not in response.headers
    assert _login_cookies(response) == []
    assert row_counts() == before


def test_the_states_we_issue_have_the_shape_a_launch_accepts(client, lms, quiz_link):
    request = start_login(client, lms, learner(quiz_link))
    assert is_issued_state(request["state"])
