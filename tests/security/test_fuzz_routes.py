"""Every route of the URL map, fed random and mutated path ids, query parameters and form
fields as the identity that may use it (with a valid CSRF token): never a 5xx.

Routes come from ``app.url_map`` and field names from the app's own forms, so a route or
a field added later is fuzzed without touching this file.
"""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask_wtf import FlaskForm
from hypothesis import given
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from quizapp.extensions import db
from quizapp.models import PendingUpload
from tests.support.clients import AuthActions, CSRFClient
from tests.support.factories import make_classroom, make_user
from tests.support.fuzzing import fuzz_settings, nasty_text
from tests.support.paths import PACKAGE
from tests.support.study_fixtures import facts_of, make_study_bank

PLACEHOLDER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
EXAMPLES_PER_ROUTE = 10


def form_field_names() -> list[str]:
    """The submitted names of every field of every form class the app imported."""
    names: set[str] = set()
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form_class = pending.pop()
        pending.extend(form_class.__subclasses__())
        for attribute, value in vars(form_class).items():
            if isinstance(value, UnboundField):
                names.add(value.kwargs.get("name", attribute))
    return sorted(names)


def query_names() -> list[str]:
    """Query parameters the views read, found in the source, plus the forms' fields."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        found.update(re.findall(r'request\.args\.get\(\s*"(\w+)"', path.read_text()))
    return sorted(found | set(form_field_names()))


def identity_for(endpoint: str) -> str:
    """Who may use a route: visitors for accounts, teachers for their area, else a student."""
    if endpoint.startswith(("auth.", "main.healthz")):
        return "visitor"
    teacher_progress = ("progress.classes", "progress.classroom", "progress.student")
    if endpoint.startswith(("teach.", *teacher_progress, "progress.export")):
        return "teacher"
    return "student"


def routes() -> list[tuple[str, str, str]]:
    """(rule, method, endpoint) for every route but static files, from a bare app's URL map."""
    from quizapp import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    return sorted(
        (rule.rule, method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in sorted((rule.methods or set()) & {"GET", "POST"})
    )


class World:
    """A teacher with a class and a bank, a student in it with an item on screen, a quiz
    under way and an upload waiting: the real ids and tokens routes are fed."""

    def __init__(self, app: Flask) -> None:
        self.teacher = make_user(email="fuzz-teacher@example.org", role="teacher")
        self.student = make_user(email="fuzz-student@example.org")
        self.bank = make_study_bank(facts=3, owner=self.teacher)
        self.classroom = make_classroom(self.teacher, students=[self.student], banks=[self.bank])
        pending = PendingUpload(
            owner_id=self.teacher.id, filename="q.csv", bank_title="Q", text="prompt,answer\nA,B\n"
        )
        db.session.add(pending)
        db.session.commit()
        self.clients = {name: app.test_client() for name in ("visitor", "student", "teacher")}
        AuthActions(self.clients["student"]).login(self.student.email)
        AuthActions(self.clients["teacher"]).login(self.teacher.email)
        page = self.clients["student"].get("/study/").get_data(as_text=True)
        token = re.search(r'name="token"[^>]*value="([^"]+)"', page)
        self.clients["student"].post("/quiz/start", data={"bank_id": str(self.bank.id)})
        fact = facts_of(self.bank)[0]
        self.path_values: dict[str, list[str]] = {
            "classroom_id": [str(self.classroom.id)],
            "student_id": [str(self.student.id)],
            "fact_id": [str(fact.id)],
            "question_id": [str(fact.questions[0].id)],
            "attempt_id": ["1"],
            "assignment_id": [str(self.classroom.assignments[0].id)],
            "pending_id": [str(pending.id)],
            "slug": [self.bank.slug],
            "kind": ["answers", "attempts", "students"],
            "fmt": ["csv", "gift", "apkg", "json"],
            "code": [self.classroom.join_code],
            "token": [token.group(1) if token else "none"],
            "filename": ["style.css"],
        }
        self.good_fields: dict[str, str] = {
            "email": "someone@example.org",
            "password": "correct horse",
            "confirm": "correct horse",
            "display_name": "Someone",
            "role": "student",
            "bank_id": str(self.bank.id),
            "assignment_id": str(self.classroom.assignments[0].id),
            "token": self.path_values["token"][0],
            "response": "Seoul",
            "choice": "0",
            "rating": "3",
            "size": "2",
            "desired_retention": "0.9",
            "daily_new_limit": "10",
            "time_zone": "UTC",
            "code": self.classroom.join_code,
            "name": "Class B",
            "key": "new-key",
            "statement": "A fact in our words.",
            "prompt": "Which city?",
            "answer": "Seoul",
            "kind": "typed",
            "from": "2024-07-01",
            "to": "2024-07-31",
        }


@pytest.fixture
def world(app: Flask) -> World:
    return World(app)


def _url(rule: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: quote(values[match.group(1)], safe=""), rule)


def _path_values(rule: str, world: World) -> st.SearchStrategy[dict[str, str]]:
    """Real ids and slugs, with at most one of them replaced by a crafted value."""
    names = PLACEHOLDER.findall(rule)
    real = {name: st.sampled_from(world.path_values.get(name, ["x"])) for name in names}

    def values(crafted: str | None) -> st.SearchStrategy[dict[str, str]]:
        return st.fixed_dictionaries(
            {name: nasty_text() if name == crafted else real[name] for name in names}
        )

    return st.sampled_from([None, None, *names]).flatmap(values)


def _mutated(names: list[str], good: dict[str, str]) -> st.SearchStrategy[dict[str, str]]:
    """Plausible values for every field, then some replaced, some dropped."""
    base = {name: good[name] for name in names if name in good}
    return st.builds(
        lambda changes, dropped: {
            key: value for key, value in {**base, **changes}.items() if key not in dropped
        },
        st.dictionaries(st.sampled_from(names), nasty_text(), max_size=5),
        st.sets(st.sampled_from(names), max_size=3),
    )


def _send(client: CSRFClient, method: str, url: str, fields: dict[str, str], upload: bytes) -> Any:
    if method == "GET":
        return client.get(url, query_string=fields)
    data: dict[str, Any] = dict(fields)
    if "file" in data:
        data["file"] = (io.BytesIO(upload), data["file"] or "upload.txt")
        return client.post(url, data=data, content_type="multipart/form-data")
    return client.post(url, data=data)


@pytest.mark.parametrize(("rule", "method", "endpoint"), routes())
def test_no_route_answers_5xx_to_crafted_input(
    world: World, rule: str, method: str, endpoint: str
) -> None:
    identity = identity_for(endpoint)
    names = form_field_names() if method == "POST" else query_names()

    @fuzz_settings(EXAMPLES_PER_ROUTE)
    @given(
        values=_path_values(rule, world),
        fields=_mutated(names, world.good_fields if method == "POST" else {}),
        upload=st.one_of(st.binary(max_size=200), nasty_text().map(str.encode)),
    )
    def check(values: dict[str, str], fields: dict[str, str], upload: bytes) -> None:
        url = _url(rule, values)
        response = _send(world.clients[identity], method, url, fields, upload)
        body = response.get_data()  # streamed CSVs run to the end here
        response.close()  # a file response (the favicon) holds its file open until closed
        assert response.status_code < 500, f"{method} {url} {fields!r}: {body[:300]!r}"

    check()
