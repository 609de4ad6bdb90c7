"""Anki package (``.apkg``) export: the one module that talks to ``genanki``.

Model and deck ids are derived from the bank's slug, and note GUIDs from the bank, fact
and question keys, so importing a newer export into Anki updates the notes a learner
already has instead of duplicating them. Anki fields are HTML, so our text is escaped.
Questions of one fact that would look the same in Anki (a flashcard and a typed question
with the same sides) become one note. Each note carries its fact's tags, and the fact's
topic as a ``quizapp-topic::`` tag that our importer reads back as the topic. What Anki
has no place for (keys, kinds, accepted answers, options, the fact's statement and
source) goes in a field no card shows (``importers.anki_ours``), so our importer gives
back the bank the package was written from.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile

import genanki

from ..importers.anki_notes import topic_tag
from ..importers.anki_ours import (
    BASIC_FIELDS,
    CLOZE_FIELDS,
    NoteData,
    QuestionData,
    write_note_data,
)
from ..importers.records import BLANK
from ..media.packing import packed_files, relink
from ..models import Bank, Fact, Question
from ..richtext import body_html, split_rich
from .contents import Progress, bank_contents

CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: left; }"


def stable_id(*parts: str) -> int:
    """A number in the range genanki recommends for ids, the same for the same parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return (1 << 30) + int(digest[:8], 16) % (1 << 30)


def as_html(text: str) -> str:
    """A stored value as an HTML field: rich text keeps its formatting, plain is escaped."""
    return body_html(text)


def cloze_safe(text: str) -> str:
    """Text inside ``{{c1::...}}``: Anki's cloze syntax reads ``::`` as the start of a
    hint and ``}}`` as the end, so colons and braces go in as character references."""
    return as_html(text).replace(":", "&#58;").replace("{", "&#123;").replace("}", "&#125;")


def _basic_model(bank: Bank) -> genanki.Model:
    return genanki.Model(
        stable_id("quizapp-basic", bank.slug),
        "Quizapp question",
        fields=[{"name": name} for name in BASIC_FIELDS],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Prompt}}{{Options}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<br><small>{{Explanation}}</small>',
            }
        ],
        css=CSS,
    )


def _cloze_model(bank: Bank) -> genanki.Model:
    return genanki.Model(
        stable_id("quizapp-cloze", bank.slug),
        "Quizapp cloze",
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[
            {"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Extra}}"}
        ],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )


def _options_html(question: Question) -> str:
    """What the front shows after the prompt: the options of a multiple-choice question
    (in alphabetical order, so the answer's place gives nothing away)."""
    if question.kind == "multiple_choice":
        options = sorted([question.answer, *question.choices], key=str.casefold)
        items = "".join(f"<li>{as_html(option)}</li>" for option in options)
        return f"<ol type='A'>{items}</ol>"
    if question.kind == "true_false":
        return "<br><i>True or false?</i>"
    return ""


def _shown_fields(question: Question) -> tuple[str, list[str]]:
    """The note type (``basic`` or ``cloze``) and the fields Anki shows of a question."""
    if question.kind == "cloze":
        before, after = split_rich(question.prompt, BLANK)
        text = f"{cloze_safe(before)}{{{{c1::{cloze_safe(question.answer)}}}}}{cloze_safe(after)}"
        return "cloze", [text, as_html(question.explanation)]
    fields = [as_html(question.prompt), as_html(question.answer), as_html(question.explanation)]
    return "basic", [*fields, _options_html(question)]


def _note_data(fact: Fact, questions: list[Question]) -> str:
    return write_note_data(
        NoteData(
            fact_key=fact.key,
            statement=fact.statement,
            topic=fact.topic,
            source_ref=fact.source_ref,
            source_paragraph=fact.source_paragraph,
            # Images name the package's file here too (see ``_fact_notes``).
            questions=[
                QuestionData(
                    q.key,
                    q.kind,
                    [relink(variant) for variant in q.accepted_variants],
                    [relink(choice) for choice in q.choices],
                    q.strict,
                )
                for q in questions
            ],
        )
    )


def _fact_notes(
    bank: Bank, fact: Fact, questions: list[Question], models: dict[str, genanki.Model]
) -> list[genanki.Note]:
    """One note per question form that differs: a flashcard and a typed question with the
    same sides are one Anki card, whose data names both."""
    forms: dict[tuple[str, ...], list[Question]] = {}
    for question in questions:
        model, fields = _shown_fields(question)
        forms.setdefault((model, *fields), []).append(question)
    tags = [*fact.tags, topic_tag(fact.topic)] if fact.topic else list(fact.tags)
    return [
        genanki.Note(
            models[model],
            # Images name the package's file (``<sha256>.<ext>``) instead of the app's URL.
            [*(relink(field) for field in fields), _note_data(fact, same)],
            guid=genanki.guid_for(bank.slug, fact.key, same[0].key),
            tags=tags,
        )
        for (model, *fields), same in forms.items()
    ]


def export_apkg(bank: Bank, on_progress: Progress = None) -> bytes:
    models = {"basic": _basic_model(bank), "cloze": _cloze_model(bank)}
    deck = genanki.Deck(stable_id("quizapp-deck", bank.slug), bank.title, bank.description)
    for item in bank_contents(bank, on_progress):
        for note in _fact_notes(bank, item.fact, item.questions, models):
            deck.add_note(note)
    with tempfile.TemporaryDirectory() as folder:
        media = _write_media(bank, folder)
        return _package_bytes(genanki.Package(deck, media_files=media), folder)


def _package_bytes(package: genanki.Package, folder: str) -> bytes:
    """``package`` as genanki's ``write_to_file`` packs it, its collection made in
    ``folder``: genanki makes it with ``mkstemp()`` in /tmp and never deletes it, a
    53 KB file left on the server by every Anki download."""
    collection = os.path.join(folder, "collection.anki2")
    connection = sqlite3.connect(collection)
    try:
        now = time.time()
        package.write_to_db(connection.cursor(), now, itertools.count(int(now * 1000)))
        connection.commit()
    finally:
        connection.close()
    media = dict(enumerate(package.media_files))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(collection, "collection.anki2")
        archive.writestr("media", json.dumps({i: os.path.basename(p) for i, p in media.items()}))
        for index, path in media.items():
            archive.write(path, str(index))
    return buffer.getvalue()


def _write_media(bank: Bank, folder: str) -> list[str]:
    """The bank's images as files named ``<sha256>.<ext>`` (genanki packs them by path;
    the notes name them so)."""
    paths = []
    for name, data in packed_files(bank).items():
        path = os.path.join(folder, name)
        with open(path, "wb") as file:
            file.write(data)
        paths.append(path)
    return paths
