"""Saving a parsed set: one bank per teacher and name, updates in place, retires, never deletes."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.importers import parse_upload
from quizapp.importers.save import (
    ImportRefused,
    bank_slug,
    bank_title_from_filename,
    save_question_set,
)
from quizapp.models import Bank, Fact, Question
from quizapp.teach.bank_settings import rename_bank
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


def test_a_slug_taken_by_someone_else_gives_the_new_bank_another_address(app):
    teacher = make_user(role="teacher")
    theirs = make_bank(slug=bank_slug(teacher, "Week 1"))  # a built-in bank that matches
    summary = save_question_set(parse_upload(FIRST, "w.csv"), teacher, "Week 1")
    assert summary.created and summary.bank.id != theirs.id
    assert summary.bank.slug != theirs.slug and summary.bank.owner_id == teacher.id
    assert db.session.scalar(select(func.count(Fact.id)).where(Fact.bank_id == theirs.id)) == 0


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


# Two questions with the same prompt and no keys: each keeps its own fact whatever the
# order of the rows (the keys were numbered in file order, so reordering swapped them).
TWINS = (
    "kind,prompt,answer\n"
    "typed,Who arrived first?,{}\n"
    "typed,Who arrived first?,{}\n"
    "typed,Where?,Seoul\n"
)


def _facts_by_answer() -> dict[str, int]:
    return {
        fact.questions[0].answer: fact.id
        for fact in db.session.scalars(select(Fact).where(Fact.active.is_(True)))
    }


def test_reordered_rows_with_the_same_prompt_keep_their_facts(app):
    teacher = make_user(role="teacher")
    save_question_set(parse_upload(TWINS.format("Ana", "Ben").encode(), "w.csv"), teacher, "W")
    before = _facts_by_answer()
    summary = save_question_set(
        parse_upload(TWINS.format("Ben", "Ana").encode(), "w.csv"), teacher, "W"
    )
    assert _facts_by_answer() == before
    assert summary.retired == 0
    assert db.session.scalar(select(func.count(Question.id))) == 3
    assert all(q.answer == q.fact.questions[0].answer for q in db.session.scalars(select(Question)))


def test_a_row_added_or_dropped_beside_its_twin_leaves_the_twin_its_fact(app):
    teacher = make_user(role="teacher")
    save_question_set(parse_upload(TWINS.format("Ana", "Ben").encode(), "w.csv"), teacher, "W")
    before = _facts_by_answer()
    only_ben = b"kind,prompt,answer\ntyped,Who arrived first?,Ben\ntyped,Where?,Seoul\n"
    save_question_set(parse_upload(only_ben, "w.csv"), teacher, "W")
    assert _facts_by_answer() == {"Ben": before["Ben"], "Seoul": before["Seoul"]}
    three = TWINS.format("Cho", "Ben").replace("Where?,Seoul", "Who arrived first?,Ana")
    save_question_set(parse_upload(three.encode(), "w.csv"), teacher, "W")
    after = _facts_by_answer()
    assert after["Ben"] == before["Ben"] and after["Ana"] == before["Ana"]  # Ana restored
    assert after["Cho"] not in before.values()


def test_an_edited_answer_of_one_twin_stays_on_its_fact(app):
    teacher = make_user(role="teacher")
    save_question_set(parse_upload(TWINS.format("Ana", "Ben").encode(), "w.csv"), teacher, "W")
    before = _facts_by_answer()
    save_question_set(parse_upload(TWINS.format("Ben", "Anna").encode(), "w.csv"), teacher, "W")
    after = _facts_by_answer()
    assert after["Ben"] == before["Ben"] and after["Anna"] == before["Ana"]


def test_reordered_quizlet_cards_with_the_same_term_keep_their_facts(app):
    teacher = make_user(role="teacher")
    save_question_set(parse_upload(b"Hanawon\tcentre\nHanawon\tschool\n", "q.txt"), teacher, "Q")
    before = _facts_by_answer()
    save_question_set(parse_upload(b"Hanawon\tschool\nHanawon\tcentre\n", "q.txt"), teacher, "Q")
    assert _facts_by_answer() == before


def test_two_names_that_differ_only_in_korean_make_two_banks(app):
    teacher = make_user(role="teacher")
    words = save_question_set(parse_upload(FIRST, "a.csv"), teacher, "1과 어휘").bank
    grammar = save_question_set(parse_upload(SECOND, "b.csv"), teacher, "1과 문법")
    assert grammar.created and grammar.bank.id != words.id
    assert grammar.bank.title == "1과 문법" and words.title == "1과 어휘"
    active = select(func.count(Fact.id)).where(Fact.bank_id == words.id, Fact.active.is_(True))
    assert db.session.scalar(active) == 2  # the first bank lost nothing
    again = save_question_set(parse_upload(FIRST, "b.csv"), teacher, "1과 문법")
    assert not again.created and again.bank.id == grammar.bank.id  # found by its name


def test_a_renamed_bank_is_updated_by_its_new_name_and_by_its_old_file(app):
    teacher = make_user(role="teacher")
    bank = save_question_set(parse_upload(FIRST, "basic.csv"), teacher, "Basic").bank
    rename_bank(bank, "Korea basics", "")
    db.session.commit()
    by_name = save_question_set(parse_upload(SECOND, "x.csv"), teacher, "korea  Basics")
    assert not by_name.created and by_name.bank.id == bank.id
    by_old_file = save_question_set(parse_upload(FIRST, "basic.csv"), teacher, "Basic")
    assert not by_old_file.created and by_old_file.bank.id == bank.id
    assert db.session.scalar(select(func.count(Bank.id)).where(Bank.owner_id == teacher.id)) == 1


def test_the_apps_own_downloads_name_the_bank_they_came_from():
    assert bank_title_from_filename("gift.moodle.xml") == "Gift"
    assert bank_title_from_filename("korea-basics.csv") == "Korea basics"
    assert bank_title_from_filename("week_1.gift.txt") == "Week 1"


def test_a_korean_name_typed_on_a_mac_finds_the_same_bank(app):
    # macOS hands over file names decomposed (NFD): "어휘" as jamo, which looks the same.
    teacher = make_user(role="teacher")
    composed = unicodedata.normalize("NFC", "1과 어휘")
    bank = save_question_set(parse_upload(FIRST, "a.csv"), teacher, composed).bank
    again = save_question_set(
        parse_upload(SECOND, "a.csv"), teacher, unicodedata.normalize("NFD", composed)
    )
    assert not again.created and again.bank.id == bank.id


def test_a_file_name_gives_the_bank_name_without_its_extension():
    assert bank_title_from_filename("wrongext.pdf") == "Wrongext"
    assert bank_title_from_filename("Lesson 3.docx") == "Lesson 3"
    assert bank_title_from_filename("korea v2.0.csv") == "Korea v2.0"


def test_an_anki_collection_package_names_the_bank_without_colpkg():
    # Anki's "Export collection" writes .colpkg, one letter longer than most extensions.
    assert bank_title_from_filename("Korean Vocab.colpkg") == "Korean Vocab"
    assert bank_title_from_filename("collection-2024.colpkg") == "Collection 2024"
