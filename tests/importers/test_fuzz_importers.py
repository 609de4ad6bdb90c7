"""Every importer, fed mutated and random files: a parsed set or the documented problems
(with line numbers inside the file), never another exception; and saving it writes all
of it or, when it has problems, nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.importers import PARSERS, parse_text
from quizapp.importers.records import ParsedSet
from quizapp.importers.save import ImportRefused, save_question_set
from quizapp.importers.text import UploadError
from quizapp.models import Bank, Fact, Question
from tests.importers.test_json import _document
from tests.support.factories import make_user
from tests.support.fuzzing import fuzz_settings, nasty_text
from tests.support.teach_fixtures import fixture_bytes

SAMPLES = {
    "csv": "defectors_day.csv",
    "anki": "anki_notes.txt",
    "quizlet": "quizlet_tab.txt",
    "gift": "resettlement.gift",
    "aiken": "aiken.txt",
    "moodle-xml": "moodle_quiz.xml",
}
JSON_SAMPLE = _document(accepted_variants=[], explanation="Seoul hosted it.")
JSON_SAMPLE["bank"]["source_url"] = "https://example.org/article"
JSON_SAMPLE["facts"][0]["questions"].append(
    {"key": "t", "kind": "typed", "prompt": "City?", "answer": "Seoul"}
)


def sample_text(fmt: str) -> str:
    if fmt == "json":
        return json.dumps(JSON_SAMPLE, indent=2, ensure_ascii=False)
    return fixture_bytes(SAMPLES[fmt]).decode("utf-8")


def _edit(lines: list[str], operation: tuple[str, int, str]) -> list[str]:
    kind, position, value = operation
    if not lines:
        return [value]
    index = position % len(lines)
    line = lines[index]
    cut = position % (len(line) + 1)
    edits = {
        "replace": lambda: [*lines[:index], value, *lines[index + 1 :]],
        "insert": lambda: [*lines[:index], line[:cut] + value + line[cut:], *lines[index + 1 :]],
        "delete": lambda: lines[:index] + lines[index + 1 :],
        "duplicate": lambda: [*lines[: index + 1], line, *lines[index + 1 :]],
        "truncate": lambda: [*lines[:index], line[:cut]],
    }
    return edits[kind]()


def mutated(text: str) -> st.SearchStrategy[str]:
    """The sample with a few lines replaced, spliced, deleted, duplicated or cut short."""
    operation = st.tuples(
        st.sampled_from(["replace", "insert", "delete", "duplicate", "truncate"]),
        st.integers(min_value=0, max_value=10_000),
        nasty_text(),
    )

    def apply(operations: list[tuple[str, int, str]]) -> str:
        lines = text.split("\n")
        for each in operations:
            lines = _edit(lines, each)
        return "\n".join(lines)

    return st.lists(operation, min_size=1, max_size=4).map(apply)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | nasty_text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text(), inner, max_size=3),
    max_leaves=6,
)


def _json_with(path: tuple[str, ...], value: Any) -> str:
    document = json.loads(json.dumps(JSON_SAMPLE))
    target = document
    for step in path[:-1]:
        target = target[int(step)] if isinstance(target, list) else target[step]
    target[path[-1]] = value
    return json.dumps(document, indent=2)


JSON_PATHS = [
    ("bank",),
    ("facts",),
    ("bank", "title"),
    ("bank", "source_url"),
    ("bank", "source_date"),
    *(("facts", "0", name) for name in JSON_SAMPLE["facts"][0]),  # type: ignore[index]
    *(
        ("facts", "0", "questions", "0", name)
        for name in JSON_SAMPLE["facts"][0]["questions"][0]  # type: ignore[index]
    ),
]
JSON_DOCUMENTS = st.builds(_json_with, st.sampled_from(JSON_PATHS), JSON_VALUES)


def files(fmt: str) -> st.SearchStrategy[str]:
    strategies = [mutated(sample_text(fmt)), st.text(max_size=300)]
    if fmt == "json":
        strategies.append(JSON_DOCUMENTS)
    return st.one_of(*strategies)


def _counts() -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        db.session.scalar(select(func.count(model.id))) for model in (Bank, Fact, Question)
    )


def check_problems_name_lines_inside(parsed: ParsedSet, text: str) -> None:
    last_line = text.count("\n") + 1
    for problem in parsed.problems:
        assert problem.message.strip()
        assert problem.line is None or 1 <= problem.line <= last_line, problem


def test_every_format_has_a_property_test() -> None:
    assert set(PARSERS) == {*SAMPLES, "json"}


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_the_unmutated_sample_imports_cleanly(app, fmt: str) -> None:
    parsed = parse_text(sample_text(fmt), chosen=fmt)
    assert not parsed.errors, parsed.errors
    save_question_set(parsed, make_user(role="teacher"), "Sample")
    assert _counts()[2] == len(parsed.questions)


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_an_importer_gives_a_set_or_line_numbered_problems_and_saves_all_or_nothing(
    app, fmt: str
) -> None:
    teacher = make_user(role="teacher")

    @fuzz_settings(25)
    @given(text=files(fmt))
    def check(text: str) -> None:
        try:
            parsed = parse_text(text, chosen=fmt)  # any other exception fails the test
        except UploadError as refusal:  # a whole file refused at upload, with its reason
            assert str(refusal).strip()
            return
        check_problems_name_lines_inside(parsed, text)
        before = _counts()
        if parsed.errors:
            with pytest.raises(ImportRefused):
                save_question_set(parsed, teacher, "Fuzzed")
            assert _counts() == before
            return
        summary = save_question_set(parsed, teacher, "Fuzzed")  # a clean preview imports
        assert summary.questions == len(parsed.questions)
        bank = db.session.get(Bank, summary.bank.id)
        active = [q for fact in bank.facts if fact.active for q in fact.questions if q.active]
        assert len(active) == len(parsed.questions)

    check()
