"""Crafted input an attacker (or a fuzzer) sends gets a 404 or a form error, never a 500."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Bank, Fact, PendingUpload
from tests.support.digits import OTHER_ZEROS, in_other_digits
from tests.support.factories import make_classroom
from tests.support.rows import count_rows
from tests.support.study_fixtures import make_study_bank
from tests.support.teach_fixtures import pending_id_from, upload

HUGE = 2**70
ABOVE_INT32 = 2**31  # PostgreSQL's INTEGER ends at 2^31 - 1


@pytest.mark.parametrize("number", [HUGE, ABOVE_INT32, 10**4000])
@pytest.mark.parametrize(
    "path",
    [
        "/quiz/{n}",
        "/quiz/{n}/results",
        "/progress/class/{n}",
        "/progress/class/1/student/{n}",
        "/progress/class/{n}/export/answers.csv",
        "/teach/classes/{n}",
        "/teach/uploads/{n}",
    ],
)
def test_an_id_too_big_for_the_database_is_not_found(teacher_client, path, number):
    response = teacher_client.get(path.format(n=number))
    assert response.status_code == 404


def test_a_huge_id_in_a_post_path_is_not_found(teacher_client):
    response = teacher_client.post(f"/teach/uploads/{HUGE}/cancel")
    assert response.status_code == 404


@pytest.mark.parametrize("field", ["bank_id", "assignment_id"])
def test_starting_a_quiz_with_a_huge_id_is_a_form_error(student_client, field):
    bank = make_study_bank(facts=2)
    data = {"bank_id": str(bank.id), field: str(HUGE)}
    response = student_client.post("/quiz/start", data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "That quiz could not be started" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "from=9999-12-31&to=9999-12-31",
        "to=9999-12-31",
        "from=0001-01-01&to=0001-01-01",
        "from=0001-01-01",
    ],
)
def test_dates_at_the_calendars_edge_are_a_form_error(client, auth, teacher, query):
    classroom = make_classroom(teacher)
    auth.login(teacher.email)
    for url in (f"/progress/?{query}", f"/progress/class/{classroom.id}?{query}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "must be between 1900-01-01 and 2999-12-31" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("from=9999-12-31", "must be between 1900-01-01 and 2999-12-31"),
        ("from=2026-02-30", "Not a valid date value"),
        ("from=2026-11-28&to=2026-11-26", "must not be after the"),
    ],
)
def test_a_csv_for_dates_the_page_refuses_is_refused_not_every_date(
    client, auth, teacher, query, reason
):
    # Probe: each of these answered 200 with every answer of every date, the only sign
    # a file name without dates.
    classroom = make_classroom(teacher)
    auth.login(teacher.email)
    for url in (
        f"/progress/class/{classroom.id}/export/answers.csv?{query}",
        f"/progress/my-data/answers.csv?{query}",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert reason in response.get_data(as_text=True), url


def test_json_nested_too_deep_is_a_line_error_and_can_be_discarded(teacher_client):
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    page = upload(teacher_client, "deep.json", deep, format="json")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Line 1: the JSON nests more than 64 levels deep" in text
    pending = db.session.scalar(select(PendingUpload))
    response = teacher_client.post(f"/teach/uploads/{pending.id}/cancel", follow_redirects=True)
    assert response.status_code == 200
    assert count_rows(PendingUpload) == 0


def test_a_pending_upload_that_cannot_be_previewed_can_still_be_discarded(teacher_client, teacher):
    """An upload stored before a parser learned to refuse it must never stay stuck."""
    from quizapp.importers import UploadError

    pending = PendingUpload(
        owner_id=teacher.id,
        filename="x.json",
        chosen_format="no-such-format",
        bank_title="X",
        text="{}",
    )
    db.session.add(pending)
    db.session.commit()
    page = teacher_client.get(f"/teach/uploads/{pending.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Unknown format" in text and f"/teach/uploads/{pending.id}/cancel" in text
    response = teacher_client.post(f"/teach/uploads/{pending.id}/import", follow_redirects=True)
    assert response.status_code == 200 and count_rows(Bank) == 0
    teacher_client.post(f"/teach/uploads/{pending.id}/cancel")
    assert count_rows(PendingUpload) == 0
    assert UploadError  # the documented error type the preview shows


def _json_bank(paragraph: object) -> bytes:
    return json.dumps(
        {
            "format": "quizapp-bank",
            "version": 1,
            "bank": {"title": "Deep"},
            "facts": [
                {
                    "key": "f",
                    "statement": "A fact.",
                    "source_paragraph": paragraph,
                    "questions": [{"key": "t", "kind": "typed", "prompt": "P?", "answer": "A"}],
                }
            ],
        },
        indent=1,
    ).encode()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("big.json", _json_bank(99999999999999999999999)),
        ("big.json", _json_bank(-1)),
        ("big.json", _json_bank(True)),
        ("big.csv", b"prompt,answer,source_paragraph\nP?,A,99999999999999999999999\n"),
        ("sup.csv", "prompt,answer,source_paragraph\nP?,A,\u00b2\n".encode()),
    ],
)
def test_a_source_paragraph_out_of_range_is_refused_at_preview(teacher_client, name, data):
    page = upload(teacher_client, name, data)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "source_paragraph" in text and "Line " in text
    assert "/import" not in text
    pending = db.session.scalar(select(PendingUpload))
    response = teacher_client.post(f"/teach/uploads/{pending.id}/import", follow_redirects=True)
    assert response.status_code == 200
    assert count_rows(Fact) == 0


def test_a_sensible_source_paragraph_still_imports(teacher_client):
    text = upload(teacher_client, "ok.json", _json_bank(12)).get_data(as_text=True)
    teacher_client.post(f"/teach/uploads/{pending_id_from(text)}/import")
    assert db.session.scalar(select(Fact.source_paragraph)) == 12


def test_every_integer_path_id_is_bounded_to_what_the_database_holds(app):
    from werkzeug.routing import IntegerConverter

    from quizapp.ids import MAX_DATABASE_ID, DatabaseIdConverter

    integer_ids = [
        (rule.rule, converter)
        for rule in app.url_map.iter_rules()
        for converter in rule._converters.values()
        if isinstance(converter, IntegerConverter)
    ]
    assert len(integer_ids) >= 15
    for rule, converter in integer_ids:
        assert isinstance(converter, DatabaseIdConverter), rule
        assert converter.max == MAX_DATABASE_ID, rule


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e309"])
def test_a_retention_that_is_not_a_number_is_a_form_error(student_client, student, value):
    data = {"desired_retention": value, "daily_new_limit": "10", "time_zone": "UTC"}
    response = student_client.post("/study/settings", data=data)
    assert response.status_code == 200
    assert "Choose how much you want to remember" in response.get_data(as_text=True)
    db.session.refresh(student)
    assert student.desired_retention == 0.9


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("POST", "/teach/classes/", {"name": "Class \x00 B"}),
        ("POST", "/auth/login", {"email": "a\x00@example.org", "password": "x"}),
        ("GET", "/banks/a%00b/source", None),
        ("GET", "/progress/classes?sort=\x00", None),
    ],
)
def test_a_nul_character_anywhere_in_a_request_is_a_bad_request(teacher_client, method, url, data):
    """PostgreSQL cannot hold U+0000: it used to be a 500 there."""
    send = teacher_client.post if method == "POST" else teacher_client.get
    response = send(url, data=data)
    assert response.status_code == 400
    assert "could not be read" in response.get_data(as_text=True)


def test_a_json_upload_with_an_escaped_nul_is_refused_at_preview(teacher_client):
    data = _json_bank(3).replace(b'"A fact."', b'"A \\u0000 fact."')
    text = upload(teacher_client, "nul.json", data).get_data(as_text=True)
    assert "NUL character" in text and "Line " in text
    assert "/import" not in text


SAMPLE_VALUES = {"sha256": "0" * 64, "ext": "png"}


@pytest.mark.parametrize("script", OTHER_ZEROS)
def test_no_route_reads_an_id_written_in_other_digits(app, script):
    """Every route with an integer id matches ASCII digits only: ``/teach/classes/`` + U+FF11 (a
    fullwidth 1) is not class 1 (it was, as were Arabic-Indic digits)."""
    from werkzeug.exceptions import NotFound
    from werkzeug.routing import IntegerConverter

    adapter = app.url_map.bind("localhost")
    checked = 0
    for rule in app.url_map.iter_rules():
        converters = rule._converters
        if not any(isinstance(c, IntegerConverter) for c in converters.values()):
            continue
        method = "GET" if "GET" in (rule.methods or ()) else "POST"
        values = {name: SAMPLE_VALUES.get(name, "a") for name in rule.arguments}
        values.update({n: 1 for n, c in converters.items() if isinstance(c, IntegerConverter)})
        values.update(rule.defaults or {})
        path = adapter.build(rule.endpoint, values, method=method)
        assert adapter.match(path, method=method)[0] == rule.endpoint, path
        other = path.replace("/1", "/" + in_other_digits(1, script))
        with pytest.raises(NotFound):
            adapter.match(other, method=method)
        checked += 1
    assert checked >= 15


@pytest.mark.parametrize("script", OTHER_ZEROS)
def test_a_class_page_with_its_id_in_other_digits_is_not_found(teacher_client, teacher, script):
    classroom = make_classroom(teacher, name="Digits")
    assert teacher_client.get(f"/teach/classes/{classroom.id}").status_code == 200
    other = in_other_digits(classroom.id, script)
    for path in (f"/teach/classes/{other}", f"/progress/class/{other}"):
        assert teacher_client.get(path).status_code == 404, path
    assert teacher_client.post(f"/teach/classes/{other}/code").status_code == 404


@pytest.mark.parametrize("script", OTHER_ZEROS)
def test_a_form_id_in_other_digits_is_a_form_error(student_client, script):
    bank = make_study_bank(facts=2)
    data = {"bank_id": in_other_digits(bank.id, script)}
    response = student_client.post("/quiz/start", data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "That quiz could not be started" in response.get_data(as_text=True)
