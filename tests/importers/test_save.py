"""Saving a parsed set: one bank per teacher and name, updates in place, retires, never deletes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.importers import parse_upload
from quizapp.importers.save import ImportRefused, bank_slug, save_question_set
from quizapp.models import Bank, Fact, Question
from tests.support.factories import make_bank, make_user

FIRST = b"kind,prompt,answer,fact_key\ntyped,City?,Seoul,venue\ntyped,Year?,2024,year\n"
SECOND = b"kind,prompt,answer,fact_key\ntyped,City?,Seoul (Dongdaemun),venue\n"


def test_a_second_version_updates_answers_and_retires_what_it_dropped(app):
    teacher = make_user(role="teacher")
    save_question_set(parse_upload(FIRST, "w.csv"), teacher, "Week 1")
    summary = save_question_set(parse_upload(SECOND, "w.csv"), teacher, "Week 1")
    assert not summary.created and summary.retired == 1
    facts = {fact.key: fact for fact in db.session.scalars(select(Fact))}
    assert facts["year"].active is False and facts["venue"].active is True
    assert facts["venue"].questions[0].answer == "Seoul (Dongdaemun)"
    assert db.session.scalar(select(func.count(Question.id))) == 2  # nothing deleted
    save_question_set(parse_upload(FIRST, "w.csv"), teacher, "Week 1")
    db.session.refresh(facts["year"])
    assert facts["year"].active is True


def test_two_teachers_with_the_same_file_name_get_separate_banks(app):
    one, two = make_user(role="teacher"), make_user(role="teacher")
    first = save_question_set(parse_upload(FIRST, "w.csv"), one, "Week 1").bank
    second = save_question_set(parse_upload(FIRST, "w.csv"), two, "Week 1").bank
    assert first.id != second.id and first.owner_id == one.id and second.owner_id == two.id


def test_a_slug_taken_by_someone_else_is_refused_and_changes_nothing(app):
    teacher = make_user(role="teacher")
    make_bank(slug=bank_slug(teacher, "Week 1"))  # a built-in bank that happens to match
    with pytest.raises(ImportRefused, match="is taken"):
        save_question_set(parse_upload(FIRST, "w.csv"), teacher, "Week 1")
    assert db.session.scalar(select(func.count(Fact.id))) == 0
    assert db.session.scalar(select(func.count(Bank.id))) == 1


BAD_FILES = {
    "csv": ("bad.csv", b"kind,prompt,answer\ntyped,Fine?,yes\ntrue_false,In the North.,maybe\n", 3),
    "anki": ("bad.txt", b"#separator:tab\n#html:false\nHanawon\tcentre\nA {{c1::}} gap\tx\n", 4),
    "quizlet": ("bad.txt", b"Hanawon\tcentre\nWoorion\n", 2),
    "gift": ("bad.gift", b"::a::Fine? {=yes ~no}\n\n::b::Broken {=yes ~no\n", 3),
    "aiken": ("bad.txt", b"Where?\nA) Seoul\nB) Busan\nANSWER: C\n", 4),
    "json": ("bad.json", b'{"format": "quizapp-bank",\n "facts": [\n {"key": "a", "statement": "s",'
             b'\n   "questions": [{"kind": "typed", "prompt": "", "answer": "x"}]}]}', 4),
}  # fmt: skip


@pytest.mark.parametrize("fmt", sorted(BAD_FILES))
def test_a_file_with_one_bad_row_imports_nothing_and_names_the_line(app, fmt):
    name, data, line = BAD_FILES[fmt]
    parsed = parse_upload(data, name, fmt)
    assert parsed.errors and parsed.errors[0].line == line, parsed.problems
    with pytest.raises(ImportRefused):
        save_question_set(parsed, make_user(role="teacher"), "bad")
    assert db.session.scalar(select(func.count(Bank.id))) == 0
    assert db.session.scalar(select(func.count(Question.id))) == 0
