"""Grade passback with a faulty, slow or hostile LMS: the token answer is not JSON or
holds no usable token, the score endpoint drips its answer, the stored line item points
at another host. Each try fails cleanly (recorded for the teacher, retried later, or
stopped for a line item on another host), the other scores still go out, and no request
leaves the LMS's registered sites."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.wrappers import Request, Response

from quizapp.extensions import db
from quizapp.lti import services
from quizapp.lti.models import LtiResourceLink, LtiScore
from quizapp.lti.outbox import send_due_scores
from quizapp.timeutil import now_utc

from .test_grades import take_quiz


def the_score() -> LtiScore:
    db.session.expire_all()
    return db.session.scalars(select(LtiScore)).one()


TOKEN_ANSWERS = {
    "not JSON": (Response("<html>sign in</html>", content_type="text/html"), "not JSON"),
    "a JSON list": (Response("[]", content_type="application/json"), "no usable access_token"),
    "a number token": (Response('{"access_token": 5}'), "no usable access_token"),
    "a token with a line break": (
        Response(json.dumps({"access_token": "abc\r\nX-Evil: 1"})),
        "no usable access_token",
    ),
    "a token with non-ASCII": (Response(json.dumps({"access_token": "é"})), "no usable"),
}


@pytest.mark.parametrize("answer, error", TOKEN_ANSWERS.values(), ids=TOKEN_ANSWERS)
def test_a_token_answer_the_tool_cannot_use_is_a_failed_try_retried_later(
    client, lms, quiz_link, answer, error
):
    take_quiz(client, lms, quiz_link, right=2)
    lms.answers["token"] = lambda request: answer
    now = now_utc()
    assert send_due_scores(now).failed == 1
    score = the_score()
    assert (score.tries, score.sent_at, score.claimed_until) == (1, None, None)
    assert error in score.last_error
    del lms.answers["token"]
    assert send_due_scores(now + timedelta(minutes=2)).sent == 1
    assert [s.body["scoreGiven"] for s in lms.scores] == [2]


def test_a_line_item_on_another_host_gets_no_request(client, lms, quiz_link):
    take_quiz(client, lms, quiz_link, right=1)
    link = db.session.scalars(select(LtiResourceLink)).one()
    link.line_item_url = lms.url.replace("127.0.0.1", "localhost") + "/lineitems/item1"
    db.session.commit()
    assert (
        send_due_scores(now_utc()).stopped == 1
    )  # never retried: tests/lti/test_grades_stopped.py
    assert "is not on the LMS's registered sites" in the_score().last_error
    assert not [host for host, _ in lms.requests if host.startswith("localhost")]


def test_a_score_endpoint_that_drips_its_answer_is_given_up_at_the_deadline(
    client, lms, quiz_link, monkeypatch
):
    take_quiz(client, lms, quiz_link, right=3)
    # 2 s: the token call before it has that long too, and a loaded machine (CI runs two
    # passes side by side) has taken over 1 s to answer it.
    monkeypatch.setattr(services, "CALL_SECONDS", 2.0)

    def drip(request: Request) -> Response:
        def chunks():
            for _ in range(60):
                time.sleep(0.1)
                yield b" "

        return Response(chunks(), status=200)

    lms.answers["scores"] = drip
    started = time.monotonic()
    assert send_due_scores(now_utc()).failed == 1
    assert time.monotonic() - started < 5
    assert "took longer than 2 s" in the_score().last_error
