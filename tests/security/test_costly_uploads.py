"""Uploads crafted to cost the server: each is answered in a moment, whatever it holds.

A teacher's upload is parsed on its way in and again on every look at its preview, in
the web worker that serves it. Text a parser reads by backtracking can hold that worker
for minutes with a file of a few kilobytes, while the school's other requests wait.
"""

from __future__ import annotations

import io
import json
import sqlite3
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.support.crafted_apkg import BASIC, DECKS
from tests.support.teach_fixtures import pending_id_from, upload

# Far above what these uploads take (well under a second), far below what they took.
SECONDS = 5
ANKI_HEADER = "#separator:tab\n#html:true\n#notetype column:1\n"


def _timed_upload(client, name: str, text: str) -> tuple[float, str]:
    started = time.perf_counter()
    page = upload(client, name, text.encode()).get_data(as_text=True)
    return time.perf_counter() - started, page


def test_an_anki_note_of_unclosed_cloze_openings_is_previewed_at_once(teacher_client):
    """20 KB of "{{c1::" with no "}}": the check for a deletion backtracked over every
    way to split the line (12 minutes on this note)."""
    note = "{{c1::" * 3_400
    took, page = _timed_upload(teacher_client, "notes.txt", f"{ANKI_HEADER}Cloze\t{note}\tx\n")
    assert took < SECONDS
    assert "has no {{c1::…}} deletion" in page


def test_an_anki_note_of_deeply_nested_clozes_is_previewed_not_a_crash(teacher_client):
    """Deletions nested 1,000 deep (8 KB): the preview crashed ("maximum recursion
    depth exceeded", a server error) instead of asking the first, as Anki does."""
    note = "{{c1::" * 1_000 + "x" + "}}" * 1_000
    took, page = _timed_upload(teacher_client, "notes.txt", f"{ANKI_HEADER}Cloze\t{note}\tx\n")
    assert took < SECONDS
    assert "1 fact, 1 question." in page
    assert "cloze c1 has 1000 deletions; only the first is asked" in page


def test_an_anki_note_of_an_unclosed_deletion_full_of_hint_marks_is_previewed_at_once(
    teacher_client,
):
    """A closed deletion, then an opening followed by 20 KB of "::" and no "}}": each
    way to split answer from hint was tried (seconds for a few kilobytes, growing with
    the square of the length)."""
    note = "{{c1::a}} {{c1::" + "::" * 10_000
    took, page = _timed_upload(teacher_client, "notes.txt", f"{ANKI_HEADER}Cloze\t{note}\tx\n")
    assert took < SECONDS
    assert "Preview" in page


def test_a_prompt_of_formula_openings_never_closed_shows_at_once(teacher_client):
    """A question written as "\\(" 20,000 times (40 KB, within a cell's limit): each
    opening was read to the end of the text looking for its closing, seconds on every
    page that showed the question (the bank's page, each learner's card)."""
    prompt = "\\(" * 20_000
    page = upload(teacher_client, "set.csv", f"prompt,answer\n{prompt},x\n".encode())
    imported = teacher_client.post(
        f"/teach/uploads/{pending_id_from(page.get_data(as_text=True))}/import"
    )
    bank_page = imported.headers["Location"].replace("/imported", "")
    started = time.perf_counter()
    shown = teacher_client.get(bank_page)
    assert time.perf_counter() - started < SECONDS
    assert prompt in shown.get_data(as_text=True)


def test_a_file_of_blank_lines_with_a_question_after_them_is_previewed_at_once(teacher_client):
    """40,000 blank lines before an Aiken question: telling the format looked for GIFT's
    "::" from each line start across every blank line after it (the square of the
    number of lines: seconds here, hours for the largest upload)."""
    text = "\n" * 40_000 + "What is it?\nA) This\nB) That\nANSWER: A\n"
    took, page = _timed_upload(teacher_client, "questions.txt", text)
    assert took < SECONDS
    assert "Format: <strong>aiken</strong>" in page


def test_an_anki_note_of_thousands_of_cloze_numbers_asks_the_first_hundred(teacher_client):
    """A note of 4,000 deletions c1 to c4000 (47 KB): each number became a question
    holding the whole note (16 seconds to preview; a 5 MB file, gigabytes of questions).
    The first hundred numbers are asked and the preview says the rest are not."""
    note = "".join(f"{{{{c{number}::a}}}}" for number in range(1, 4_001))
    took, page = _timed_upload(teacher_client, "notes.txt", f"{ANKI_HEADER}Cloze\t{note}\tx\n")
    assert took < SECONDS
    assert "1 fact, 100 questions." in page
    assert "only the first 100 cloze numbers (c1 to c100) are asked" in page


def test_a_csv_of_thousands_of_rows_with_one_text_is_previewed_at_once(teacher_client):
    """8,000 rows all reading "a": each row's key counted "-2", "-3"... from the start
    past every one given before (ten seconds here, hours for the largest upload)."""
    took, page = _timed_upload(teacher_client, "set.csv", "prompt,answer\n" + "a,b\n" * 8_000)
    assert took < SECONDS
    assert "8,000 facts" in page


def _collection_package(folder: Path, build: Callable[[sqlite3.Connection], None]) -> bytes:
    """A legacy Anki package whose collection ``build`` makes (its ``col`` row given)."""
    folder.mkdir(exist_ok=True)
    path = folder / "collection.anki2"
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("create table col (models text, decks text)")
        connection.execute("insert into col values (?, ?)", (json.dumps(BASIC), json.dumps(DECKS)))
        build(connection)
    connection.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, "collection.anki2")
        archive.writestr("media", "{}")
    return buffer.getvalue()


def test_an_anki_package_whose_notes_never_end_is_refused_at_once(teacher_client, tmp_path):
    """A 700-byte package whose ``notes`` is a view counting up for ever: reading it
    held the worker until its memory ran out."""

    def endless_notes(connection: sqlite3.Connection) -> None:
        connection.execute("create table cards (nid integer, did integer, ord integer)")
        connection.execute(
            "create view notes as with recursive n(id) as "
            "(select 1 union all select id + 1 from n) "
            "select id, 'g' || id as guid, 1 as mid, '' as tags, 'a' || char(31) || 'b' as flds "
            "from n"
        )

    package = _collection_package(tmp_path, endless_notes)
    started = time.perf_counter()
    page = upload(teacher_client, "deck.apkg", package).get_data(as_text=True)
    assert time.perf_counter() - started < SECONDS
    assert "The Anki package is damaged" in page


def test_an_anki_package_without_anki_s_card_index_is_read_as_fast_as_with_it(
    teacher_client, tmp_path
):
    """8,000 notes and cards, their collection lacking the index on ``cards.nid`` Anki
    always writes: each note's deck was looked for through every card, so the time grew
    with the square of the notes (minutes for 600 KB) where Anki's own file takes
    seconds."""

    def notes(indexed: bool) -> Callable[[sqlite3.Connection], None]:
        def build(connection: sqlite3.Connection) -> None:
            connection.execute(
                "create table notes (id integer, guid text, mid integer, tags text, flds text)"
            )
            connection.execute("create table cards (nid integer, did integer, ord integer)")
            if indexed:
                connection.execute("create index ix_cards_nid on cards (nid)")
            connection.executemany(
                "insert into notes values (?, ?, 1, '', ?)",
                ((number, f"g{number}", f"Front {number}\x1fBack") for number in range(8_000)),
            )
            connection.executemany(
                "insert into cards values (?, 1, 0)", ((number,) for number in range(8_000))
            )

        return build

    took = {}
    for indexed in (True, False):
        package = _collection_package(tmp_path / str(indexed), notes(indexed))
        started = time.perf_counter()
        page = upload(teacher_client, "deck.apkg", package).get_data(as_text=True)
        took[indexed] = time.perf_counter() - started
        assert "8,000 facts" in page
    assert took[False] < 2 * took[True] + 1


def test_a_csv_of_thousands_of_questions_of_one_fact_is_previewed_at_once(teacher_client):
    """8,000 rows sharing one ``fact_key``: each row's question key was found by listing
    every question of the fact so far (18 seconds here, hours for the largest upload)."""
    rows = "".join(f"Question {number},Answer {number},one\n" for number in range(8_000))
    took, page = _timed_upload(teacher_client, "set.csv", "prompt,answer,fact_key\n" + rows)
    assert took < SECONDS
    assert "1 fact, 8,000 questions." in page


def test_a_moodle_xml_of_thousands_of_questions_is_previewed_at_once(teacher_client):
    """12,000 short questions (1.7 MB): each question's line was counted from the top of
    the file again (ten seconds here, growing with the square of the file)."""
    question = (
        '<question type="shortanswer"><name><text>Q</text></name><questiontext>'
        '<text>Where?</text></questiontext><answer fraction="100"><text>Here</text>'
        "</answer></question>"
    )
    took, page = _timed_upload(teacher_client, "quiz.xml", f"<quiz>{question * 12_000}</quiz>")
    assert took < SECONDS
    assert "12,000 questions" in page


def test_a_quizlet_export_of_thousands_of_cards_on_their_own_separator_is_previewed_at_once(
    teacher_client,
):
    """30,000 cards on lines of their own, rows separated by ";" as Quizlet's dialog
    offers: each card's line was counted from the top of the file again (seconds here,
    growing with the square of the file)."""
    cards = "".join(f"term {number}\tdefinition {number}\n;" for number in range(30_000))
    started = time.perf_counter()
    page = upload(teacher_client, "cards.txt", cards.encode(), card_separator="semicolon").get_data(
        as_text=True
    )
    assert time.perf_counter() - started < SECONDS
    assert "30,000 facts" in page
