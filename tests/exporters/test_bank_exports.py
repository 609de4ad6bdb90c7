"""Bank exports: CSV round trip, GIFT round trip, a real Anki collection, JSON round trip."""

from __future__ import annotations

import codecs
import html
import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest

from quizapp.exporters import EXPORTS
from quizapp.exporters.csv_export import export_csv
from quizapp.exporters.gift_export import export_gift
from quizapp.exporters.json_export import export_json
from quizapp.importers import parse_upload
from quizapp.importers.csv_format import neutralise_formula, restore_formula
from quizapp.importers.save import save_question_set
from tests.support.factories import make_bank, make_fact, make_question, make_user
from tests.support.teach_fixtures import import_fixture, parsed_without_errors


def _teacher_bank(name: str = "defectors_day.csv"):
    teacher = make_user(role="teacher")
    return teacher, import_fixture(teacher, name).bank


def test_csv_export_import_export_is_byte_identical(app):
    teacher, bank = _teacher_bank()
    first = export_csv(bank)
    again = save_question_set(parse_upload(first, "copy.csv"), teacher, "copy").bank
    assert export_csv(again) == first


def test_csv_export_neutralises_formulas_but_keeps_numbers(app):
    _, bank = _teacher_bank()
    text = export_csv(bank).decode()
    assert "'=SUM(A1:A3)" in text
    assert neutralise_formula("-5") == "-5"
    assert neutralise_formula("@cmd") == "'@cmd"
    for value in ("=1+1", "'=already", "'plain", "+tax", "plain"):
        assert restore_formula(neutralise_formula(value)) == value


def test_csv_export_has_the_documented_header(app):
    _, bank = _teacher_bank()
    exported = export_csv(bank)
    assert exported.startswith(codecs.BOM_UTF8)  # Excel reads Korean right only with it
    header = exported.decode("utf-8-sig").split("\r\n", 1)[0]
    assert header == (
        "kind,prompt,answer,accepted_variants,distractors,explanation,topic,fact_key,"
        "question_key,fact_statement,source_ref,source_paragraph,strict,tags"
    )


def test_gift_export_then_import_keeps_every_question(app):
    _, bank = _teacher_bank()
    exported = export_gift(bank)
    parsed = parsed_without_errors(exported, "bank.gift")
    original = [q for f in bank.facts for q in f.questions]
    assert len(parsed.questions) == len(original)
    answers = sorted(q.answer for q in parsed.questions)
    assert answers == sorted(q.answer for q in original)
    kinds = {q.prompt: q.kind for q in parsed.questions}
    assert kinds["탈북민의 날은 언제입니까?"] == "multiple_choice"
    assert kinds["The first celebration took place in Busan."] == "true_false"
    assert {f.topic for f in parsed.facts} >= {"The day itself", "한국어", "Policy"}


def test_gift_export_of_an_imported_gift_file_reimports_the_same_questions(app):
    _, bank = _teacher_bank("resettlement.gift")
    parsed = parse_upload(export_gift(bank), "again.gift")
    assert not parsed.errors
    original = {(q.kind, q.prompt, q.answer) for f in bank.facts for q in f.questions}
    assert {(q.kind, q.prompt, q.answer) for q in parsed.questions} == original


def test_json_round_trip_is_exact(app):
    teacher, bank = _teacher_bank()
    first = export_json(bank)
    again = save_question_set(parse_upload(first, "bank.json"), teacher, "json copy").bank
    assert export_json(again) == first


def test_an_anki_export_leaves_no_file_behind(app, tmp_path: Path, monkeypatch):
    """genanki writes the package's collection to a ``mkstemp`` file it never deletes: a
    53 KB file in the server's /tmp for every Anki download (891 after a day of this
    suite)."""
    _, bank = _teacher_bank()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    package = EXPORTS["apkg"].write(bank, None)
    assert zipfile.ZipFile(io.BytesIO(package)).namelist()[0] == "collection.anki2"
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_the_anki_package_is_a_collection_with_one_note_per_question(app, tmp_path: Path):
    _, bank = _teacher_bank()
    package = EXPORTS["apkg"].write(bank, None)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert "collection.anki2" in archive.namelist()
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        notes = [row[0].split("\x1f") for row in connection.execute("select flds from notes")]
        decks = connection.execute("select decks from col").fetchone()[0]
        cards = connection.execute("select count(*) from cards").fetchone()[0]
    finally:
        connection.close()
    assert len(notes) == 7 and cards == 7
    assert bank.title in decks
    assert any("{{c1::34,000}}" in fields[0] for fields in notes)
    assert any(fields[1] == "7월 14일" for fields in notes)


def test_anki_fields_escape_markup(app, tmp_path: Path):
    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank)
    make_question(fact, kind="typed", prompt="<script>alert(1)</script>", answer="x")
    package = EXPORTS["apkg"].write(bank, None)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(tmp_path / "c.anki2")
    fields = connection.execute("select flds from notes").fetchone()[0]
    connection.close()
    assert "<script>" not in fields and "&lt;script&gt;" in fields


def test_web_downloads_offer_every_format_with_a_file_name(teacher_client, teacher):
    bank = import_fixture(teacher, "aiken.txt").bank
    assert bank.title == "aiken.txt"  # named as the fixture: the file is aiken-txt.<ext>
    for fmt, export in EXPORTS.items():
        response = teacher_client.get(f"/teach/banks/{bank.slug}/export/{fmt}")
        assert response.status_code == 200
        disposition = response.headers["Content-Disposition"]
        assert disposition == f'attachment; filename="aiken-txt.{export.extension}"'
    assert teacher_client.get(f"/teach/banks/{bank.slug}/export/pdf").status_code == 404


def test_a_bank_named_in_korean_downloads_under_its_korean_name(teacher_client, teacher):
    # Probe: a bank called 탈북민 정착 downloaded as "h-552ecfb684-t1.csv".
    bank = make_bank(owner=teacher, title="탈북민 정착")
    make_question(make_fact(bank))
    response = teacher_client.get(f"/teach/banks/{bank.slug}/export/csv")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="download.csv"; '
        "filename*=UTF-8''%ED%83%88%EB%B6%81%EB%AF%BC-%EC%A0%95%EC%B0%A9.csv"
    )


def _shipped_bank(app):
    from sqlalchemy import select

    from quizapp.extensions import db
    from quizapp.models import Bank
    from tests.support.content_fixtures import run_content

    assert run_content(app, "load").exit_code == 0
    return db.session.scalar(select(Bank).where(Bank.slug == "defectors-day"))


def _asked(facts) -> dict[str, set[tuple[str, str, str, str]]]:
    return {
        fact.key: {
            (q.key, q.kind, q.prompt, q.answer)
            for q in fact.questions
            if getattr(q, "active", True)
        }
        for fact in facts
        if getattr(fact, "active", True)
    }


def _fact_fields(facts) -> dict[str, tuple[str, str, str, int | None]]:
    return {
        fact.key: (fact.statement, fact.topic, fact.source_ref, fact.source_paragraph)
        for fact in facts
        if getattr(fact, "active", True)
    }


@pytest.mark.parametrize(("fmt", "name"), [("gift", "bank.gift"), ("moodle-xml", "bank.xml")])
def test_a_gift_or_moodle_xml_round_trip_of_the_shipped_bank_gives_back_its_facts(app, fmt, name):
    # Finding 2: every question came back as a fact of its own (96 facts instead of 16).
    # Probe: statements ("prompt — answer" from Moodle XML) and sources were lost.
    bank = _shipped_bank(app)
    parsed = parsed_without_errors(EXPORTS[fmt].write(bank, None), name)
    assert len(parsed.facts) == len(_asked(bank.facts)) == len(bank.facts)
    assert _asked(parsed.facts) == _asked(bank.facts)
    assert any(fact.source_ref and fact.source_paragraph for fact in bank.facts)
    assert _fact_fields(parsed.facts) == _fact_fields(bank.facts)


def test_a_fact_without_a_source_comes_back_without_one(app):
    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank, statement="Two\nlines \\ here")
    make_question(fact, kind="typed", prompt="Lines?", answer="two")
    for fmt, name in (("gift", "b.gift"), ("moodle-xml", "b.xml")):
        parsed = parsed_without_errors(EXPORTS[fmt].write(bank, None), name)
        assert _fact_fields(parsed.facts) == _fact_fields([fact])


def test_gift_export_of_an_option_with_an_arrow_imports_back(app):
    # Finding 7: "->" in an option made the block a matching question.
    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank)
    make_question(
        fact, kind="multiple_choice", prompt="Route?", answer="Seoul -> Busan",
        choices=["Busan -> Seoul", "a <b> c"],
    )  # fmt: skip
    parsed = parsed_without_errors(export_gift(bank), "bank.gift")
    [question] = parsed.questions
    assert (question.kind, question.answer, question.choices) == (
        "multiple_choice", "Seoul -> Busan", ["Busan -> Seoul", "a <b> c"]
    )  # fmt: skip


def test_anki_imports_one_card_per_question_form_that_differs(app, tmp_path: Path):
    # Finding 7: a flashcard and a typed question with the same front and back were
    # two identical Anki cards.
    from tests.support.anki_fixtures import anki_collection_with, rendered_cards

    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank)
    make_question(fact, kind="flashcard", key="flashcard", prompt="Hanawon?", answer="Centre")
    make_question(fact, kind="typed", key="typed", prompt="Hanawon?", answer="Centre")
    make_question(fact, kind="typed", key="typed-back", prompt="Centre?", answer="Hanawon")
    with anki_collection_with(EXPORTS["apkg"].write(bank, None), tmp_path) as collection:
        fronts = sorted(question for question, _ in rendered_cards(collection))
    assert len(fronts) == 2
    assert "Centre?" in fronts[0] and "Hanawon?" in fronts[1]


def test_a_cloze_answer_with_double_colons_survives_in_anki(app, tmp_path: Path):
    from tests.support.anki_fixtures import anki_collection_with, rendered_cards

    bank = make_bank(owner=make_user(role="teacher"))
    make_question(make_fact(bank), kind="cloze", prompt="Ratio {{blank}} here.", answer="3::1 {x}")
    with anki_collection_with(EXPORTS["apkg"].write(bank, None), tmp_path) as collection:
        [(question, answer)] = rendered_cards(collection)
    assert "[...]" in question and "3::1" not in html.unescape(question)
    assert "3::1 {x}" in html.unescape(answer)


def _questions_as(fmt: str, name: str, bank) -> list:
    return parsed_without_errors(EXPORTS[fmt].write(bank, None), name).questions


@pytest.mark.parametrize(("fmt", "name"), [("gift", "bank.gift"), ("moodle-xml", "bank.xml")])
def test_a_cloze_ending_its_sentence_comes_back_a_cloze(app, fmt, name):
    # Probe: GIFT wrote "… is _____ {=answer}", which came back a typed question whose
    # prompt showed the underscores.
    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank)
    make_question(fact, kind="cloze", prompt="The centre is called {{blank}}.", answer="Hanawon")
    make_question(fact, kind="cloze", prompt="{{blank}} is a centre", answer="Hanawon")
    back = _questions_as(fmt, name, bank)
    assert [(q.kind, q.prompt, q.answer) for q in back] == [
        ("cloze", "The centre is called {{blank}}.", "Hanawon"),
        ("cloze", "{{blank}} is a centre", "Hanawon"),
    ]


@pytest.mark.parametrize(("fmt", "name"), [("gift", "bank.gift"), ("moodle-xml", "bank.xml")])
def test_exact_spelling_survives_a_gift_or_moodle_xml_round_trip(app, fmt, name):
    # Probe: "Exact spelling" (strict) came back off after an export and an import.
    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank)
    make_question(fact, kind="typed", prompt="Spell it", answer="necessary", strict=True)
    make_question(fact, kind="cloze", prompt="It is {{blank}}.", answer="necessary", strict=True)
    make_question(fact, kind="flashcard", prompt="Card", answer="necessary", strict=True)
    make_question(fact, kind="typed", prompt="Loosely", answer="necessary")
    back = _questions_as(fmt, name, bank)
    assert [(q.kind, q.strict) for q in back] == [
        ("typed", True), ("cloze", True), ("flashcard", True), ("typed", False)
    ]  # fmt: skip


@pytest.mark.parametrize("answer", ["a::b", "3::1 {x}", "std::vector"])
def test_a_cloze_answer_with_double_colons_comes_back_whole_from_our_anki_package(app, answer):
    # Probe: "a::b" came back as "a", with "(b)" put in the prompt as a hint.
    bank = make_bank(owner=make_user(role="teacher"))
    make_question(make_fact(bank), kind="cloze", prompt="Use {{blank}} :: here", answer=answer)
    [question] = parsed_without_errors(EXPORTS["apkg"].write(bank, None), "b.apkg").questions
    assert (question.prompt, question.answer) == ("Use {{blank}} :: here", answer)


@pytest.mark.parametrize(("fmt", "name"), [("gift", "bank.gift"), ("moodle-xml", "bank.xml")])
def test_a_nested_category_comes_back_nested_not_renamed(app, fmt, name):
    # Probe: "Biology / Cells" (Moodle's Biology/Cells) came back as "Biology - Cells".
    bank = make_bank(owner=make_user(role="teacher"))
    for topic in ("Biology / Cells", "Biology", "Fractions 1/2"):
        make_question(make_fact(bank, topic=topic), kind="typed", prompt=f"{topic}?", answer="x")
    back = parsed_without_errors(EXPORTS[fmt].write(bank, None), name).facts
    assert [fact.topic for fact in back] == ["Biology / Cells", "Biology", "Fractions 1-2"]


@pytest.mark.parametrize(("fmt", "name"), [("apkg", "bank.apkg"), ("moodle-xml", "bank.xml")])
def test_a_prompt_of_two_paragraphs_keeps_its_blank_line_through_anki_or_moodle_xml(app, fmt, name):
    # Probe: "First.\n\nSecond." came back as "First.\nSecond.": one paragraph.
    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank)
    two = "Read the passage.\n\nHow many <defectors> came?"
    make_question(fact, kind="typed", key="plain", prompt=two, answer="34,000")
    rich = "<!--rich--><b>Read</b> the passage.<br><br>How many &lt;defectors&gt; came?"
    make_question(fact, kind="typed", key="rich", prompt=rich, answer="34,000")
    make_question(
        fact, kind="cloze", key="cloze", prompt="Story one.\n\nIt was {{blank}}.", answer="2024"
    )
    back = {q.key: q.prompt for q in _questions_as(fmt, name, bank)}
    assert back == {"plain": two, "rich": rich, "cloze": "Story one.\n\nIt was {{blank}}."}


@pytest.mark.parametrize(("fmt", "name"), [("gift", "bank.gift"), ("moodle-xml", "bank.xml")])
def test_an_answer_with_an_asterisk_survives_a_gift_or_moodle_xml_round_trip(app, fmt, name):
    # Moodle reads * in a short answer as "any text": our exports write a literal one as
    # \*, so Moodle matches it exactly and our import gives it back.
    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank)
    make_question(fact, kind="typed", prompt="5 times 3, written out", answer="5*3")
    make_question(fact, kind="cloze", prompt="It is {{blank}}.", answer="5*3")
    back = parsed_without_errors(EXPORTS[fmt].write(bank, None), name)
    assert [(q.kind, q.answer) for q in back.questions] == [("typed", "5*3"), ("cloze", "5*3")]
    assert not back.notes


def test_a_facts_tags_survive_a_gift_round_trip_in_moodles_tag_comment(app):
    # GIFT has no place for tags, so they were lost on a GIFT export; Moodle 4 writes
    # (and reads) a question's tags as a "// [tag:name]" comment before it.
    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank, tags=["geo", "Korea::Dates"])
    make_question(fact, kind="typed", prompt="Capital of Korea?", answer="Seoul")
    make_question(fact, kind="flashcard", prompt="Korea's capital", answer="Seoul")
    written = EXPORTS["gift"].write(bank, None)
    assert written.decode().count("// [tag:geo] [tag:Korea::Dates]\n") == 2
    [back] = parsed_without_errors(written, "bank.gift").facts
    assert back.tags == ["geo", "Korea::Dates"]
