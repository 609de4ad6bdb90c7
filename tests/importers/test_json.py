"""Our own JSON bank format."""

from __future__ import annotations

import json

import pytest

from quizapp.importers import parse_upload


def _document(**question):
    return {
        "format": "quizapp-bank",
        "version": 1,
        "bank": {"title": "Defectors' Day", "description": "Own words."},
        "facts": [
            {
                "key": "venue",
                "statement": "The first celebration was held in Seoul.",
                "topic": "Venue",
                "source_ref": "paragraph 2",
                "source_paragraph": 2,
                "questions": [
                    {"key": "mc", "kind": "multiple_choice", "prompt": "Where?",
                     "answer": "Seoul", "choices": ["Busan", "Incheon", "Daegu"], **question}
                ],
            }
        ],
    }  # fmt: skip


def test_a_json_bank_keeps_title_kinds_choices_and_source():
    parsed = parse_upload(json.dumps(_document()).encode(), "bank.json")
    assert parsed.format == "json" and not parsed.problems
    assert parsed.title == "Defectors' Day"
    fact = parsed.facts[0]
    assert (fact.key, fact.topic, fact.source_paragraph) == ("venue", "Venue", 2)
    assert fact.questions[0].choices == ["Busan", "Incheon", "Daegu"]


def test_invalid_json_names_its_line():
    parsed = parse_upload(b'{\n  "format": "quizapp-bank",\n  "facts": [,]\n}', "bank.json")
    assert str(parsed.errors[0]).startswith("Line 3: not valid JSON")


def test_a_question_that_breaks_its_kind_is_refused_with_its_path():
    parsed = parse_upload(json.dumps(_document(kind="essay")).encode(), "bank.json")
    assert any("unknown kind 'essay'" in str(p) for p in parsed.errors)
    bad_choices = parse_upload(json.dumps(_document(choices="Busan")).encode(), "bank.json")
    assert "facts[0].questions[0]: choices must be a list of strings" in [
        p.message for p in bad_choices.errors
    ]


def test_json_problems_name_the_line_of_their_object():
    text = json.dumps(_document(kind="essay"), indent=2)
    parsed = parse_upload(text.encode(), "bank.json")
    question_line = text.split("\n").index("        {") + 1
    assert [p.line for p in parsed.errors] == [question_line]


def test_citation_fields_that_do_not_fit_are_refused():
    document = _document()
    document["bank"]["source_date"] = "x" * 41
    parsed = parse_upload(json.dumps(document).encode(), "bank.json")
    assert [p.message for p in parsed.errors] == [
        "bank: source_date must be text of at most 40 characters"
    ]


def test_a_source_url_must_be_an_http_address():
    for url, ok in [("https://example.org/story", True), ("javascript:alert(1)", False),
                    ("data:text/html,x", False), ("//example.org", False)]:  # fmt: skip
        document = _document()
        document["bank"]["source_url"] = url
        parsed = parse_upload(json.dumps(document).encode(), "bank.json")
        messages = [str(problem) for problem in parsed.errors]
        assert messages == (
            [] if ok else ["Line 1: bank: source_url must be an http:// or https:// address"]
        )


@pytest.mark.parametrize("facts", [{}, {"venue": {"key": "venue"}}, "none", 3])
def test_facts_that_are_not_a_list_get_a_json_message_by_line(facts):
    document = _document()
    document["facts"] = facts
    for text in (json.dumps(document), json.dumps(document, indent=1)):  # one line, or many
        parsed = parse_upload(text.encode(), "bank.json")
        assert parsed.format == "json"
        assert [p.message for p in parsed.errors] == ["facts: must be a list of facts"]
        assert parsed.errors[0].line is not None


@pytest.mark.parametrize("version", ["NaN", "Infinity", "1e400", "2", '"1"', "true", "null"])
def test_a_version_this_app_does_not_read_is_refused(version):
    text = json.dumps(_document(), indent=1).replace('"version": 1', f'"version": {version}')
    parsed = parse_upload(text.encode(), "bank.json")
    assert [str(p) for p in parsed.errors] == [
        "Line 1: version must be 1 (the version this app writes and reads)"
    ]


def test_version_1_and_a_file_without_a_version_import():
    for text in (json.dumps(_document()), json.dumps({**_document(), "version": 1.0})):
        assert not parse_upload(text.encode(), "bank.json").errors
    document = _document()
    del document["version"]
    assert not parse_upload(json.dumps(document).encode(), "bank.json").errors


def test_a_key_given_twice_in_one_object_is_an_error_at_its_line():
    # Probe: "answer" twice in a question, the last one won silently.
    text = (
        '{"format": "quizapp-bank", "version": 1,\n'
        ' "bank": {"slug": "b", "title": "B"},\n'
        ' "facts": [{"key": "f", "statement": "S",\n'
        '   "questions": [{"kind": "typed", "prompt": "P?", "answer": "a",\n'
        '                  "answer": "b"}]}]}\n'
    )
    parsed = parse_upload(text.encode(), "bank.json", "json")
    assert [str(error) for error in parsed.errors] == [
        "Line 5: the key 'answer' appears twice in one object: keep one of them"
    ]
