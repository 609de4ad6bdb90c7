"""Launches at the same moment: a new course's link opened by two students at once (the
teacher shares it and the whole class clicks), or one student's double click. Each
launch makes what it needs on first sight (the course's class, its keeper, the link's
assignment, the student's account); two of them making the same thing must not leave
one student with an error page. On PostgreSQL the launches run together, held where
they first write until both have got there; on SQLite its write lock runs them in turn."""

from __future__ import annotations

from flask import Flask

from quizapp.extensions import db
from quizapp.lti.models import LtiContext, LtiUser
from quizapp.models import Classroom, Enrollment, QuizAttempt
from tests.support.races import in_thread, meeting_at
from tests.support.rows import count_rows

from .conftest import learner, post_launch, start_login


def test_two_students_opening_a_new_courses_link_at_once_both_get_in(app: Flask, lms, quiz_link):
    tabs = [app.test_client(), app.test_client()]
    specs = [learner(quiz_link, sub=f"learner-{n}") for n in (1, 2)]
    forms = []
    for tab, spec in zip(tabs, specs, strict=True):
        request = start_login(tab, lms, spec)
        forms.append((lms.id_token(spec, request["nonce"]), request["state"]))
    db.session.rollback()
    with meeting_at(db.engine, "INSERT INTO users"):
        launches = [
            in_thread(app, lambda tab=tab, form=form: post_launch(tab, *form))
            for tab, form in zip(tabs, forms, strict=True)
        ]
        for thread, _result in launches:
            thread.join(30)
    responses = [result[0] for _thread, result in launches]
    for response in responses:
        assert not isinstance(response, Exception), response
        assert response.status_code == 302, response.status_code
        assert response.headers["Location"].startswith("/quiz/")
    assert count_rows(LtiContext) == 1 and count_rows(Classroom) == 1
    assert count_rows(Enrollment) == 2 and count_rows(QuizAttempt) == 2
    assert count_rows(LtiUser) == 3  # the two students and the course's keeper
