"""Notes of our own Anki note types (written by ``exporters.apkg_export``), read back as
the facts and questions they were exported from.

Anki shows a note's Prompt, Answer and Explanation (a cloze note's Text and Extra). What
Anki has no place for (the fact's key, statement, topic and source; each question's key,
kind, accepted answers, wrong options and spelling rule) travels in one more field,
``Quizapp data``, that no card template shows: JSON, HTML-escaped since Anki fields are
HTML. A note type is ours when it has that field: Anki keeps field names through its
own import and export, while it may rename a note type whose id is already taken.

What Anki shows wins over the data (a teacher may have edited a card in Anki); the notes
of one fact (its key in the data) become that one fact again, so importing an export
gives back the bank's keys and importing it again updates rather than duplicates. A note
of our type without readable data (added in Anki, or its data edited) is asked as a
Basic or Cloze note, keyed by its guid.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from .anki_notes import TOPIC_TAG, AnkiNote, clean_field, note_fact, topic_tag
from .json_lines import loads_shallow
from .records import ParsedFact, ParsedQuestion, ParsedSet, TakenKeys, unique_key
from .tags import merge_tags

DATA_FIELD = "Quizapp data"
BASIC_FIELDS = ("Prompt", "Answer", "Explanation", "Options", DATA_FIELD)
CLOZE_FIELDS = ("Text", "Extra", DATA_FIELD)
# An HTML tag Anki's editor may wrap the field in (``[^<>]``: linear on any text).
_TAG = re.compile(r"<[^<>]*>")
# Points a text's ``<img src="name">`` at the package's file of that name (``apkg``).
KeepImages = Callable[[str, AnkiNote], str]


def _as_is(value: str, note: AnkiNote) -> str:
    return value


@dataclass
class QuestionData:
    key: str
    kind: str
    accepted_variants: list[str]
    choices: list[str]
    strict: bool


@dataclass
class NoteData:
    """What a note of ours carries beyond what Anki shows: its fact, and the questions
    it stands for (a flashcard and a typed question with the same sides share a note)."""

    fact_key: str
    statement: str
    topic: str
    source_ref: str
    source_paragraph: int | None
    questions: list[QuestionData]


def write_note_data(data: NoteData) -> str:
    """The ``Quizapp data`` field's value."""
    return html.escape(json.dumps(dataclasses.asdict(data), ensure_ascii=False))


class _Unreadable(ValueError):
    """The field is not data we wrote."""


def _text(record: dict[str, object], name: str) -> str:
    value = record.get(name, "")
    if not isinstance(value, str):
        raise _Unreadable(name)
    return value


def _texts(record: dict[str, object], name: str) -> list[str]:
    value = record.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Unreadable(name)
    return value


def _question(record: object) -> QuestionData:
    if not isinstance(record, dict) or not isinstance(record.get("strict", False), bool):
        raise _Unreadable("questions")
    return QuestionData(
        key=_text(record, "key"),
        kind=_text(record, "kind"),
        accepted_variants=_texts(record, "accepted_variants"),
        choices=_texts(record, "choices"),
        strict=bool(record.get("strict", False)),
    )


def read_note_data(value: str) -> NoteData | None:
    """The data in a ``Quizapp data`` field, or ``None`` when it holds none we can read.
    The field comes from an upload: every value is checked for its type here, and for
    what it may hold (lengths, kinds, NULs) with every other upload in ``check_set``."""
    text = html.unescape(_TAG.sub("", value)).strip()
    try:
        record = loads_shallow(text) if text else None
        if not isinstance(record, dict):
            return None
        paragraph = record.get("source_paragraph")
        questions = record.get("questions")
        if paragraph is not None and (type(paragraph) is not int):
            return None
        if not isinstance(questions, list) or not questions:
            return None
        data = NoteData(
            fact_key=_text(record, "fact_key"),
            statement=_text(record, "statement"),
            topic=_text(record, "topic"),
            source_ref=_text(record, "source_ref"),
            source_paragraph=paragraph,
            questions=[_question(question) for question in questions],
        )
    except ValueError:  # not JSON, nested too deep, a number too long, a wrong type
        return None
    return data if data.fact_key.strip() else None


def is_ours(note: AnkiNote) -> bool:
    """A note of our note types, or of the basic one our exports wrote before they carried
    data (Prompt, Answer, Explanation): asked as a Basic note, its explanation kept."""
    return DATA_FIELD in note.field_names or note.field_names[:3] == list(BASIC_FIELDS[:3])


class OurNotes:
    """Turns the notes of our note types into facts, one fact per fact key in their data."""

    def __init__(self, parsed: ParsedSet, taken: set[str], keep: KeepImages) -> None:
        self.parsed = parsed
        self.taken = taken
        self.keep = keep
        self.facts: dict[str, ParsedFact] = {}

    def fact(self, note: AnkiNote) -> ParsedFact | None:
        """The new fact ``note`` starts, or ``None`` when it was added to one already
        started by an earlier note (or skipped, with a warning)."""
        values = dict(zip(note.field_names, note.fields, strict=False))
        cloze = note.kind == "cloze"
        front, back, *_ = CLOZE_FIELDS if cloze else BASIC_FIELDS
        raw = values.get(DATA_FIELD, "")
        data = read_note_data(raw)
        if data is None and raw.strip():
            self.parsed.note(
                note.line,
                f"note {note.guid}: its {DATA_FIELD} field cannot be read; asked as a "
                f"{'Cloze' if cloze else 'Basic'} note",
            )
        # Anki's own rules read the visible fields (cleaned, empty ones skipped); a basic
        # note of ours is then asked as its data says, so it is read as one typed question.
        kind = "cloze" if cloze else ("typed" if data else "basic")
        shown = dataclasses.replace(
            note, kind=kind, fields=[values.get(front, ""), values.get(back, "")]
        )
        fact = note_fact(shown, self.parsed, self.taken if data is None else set())
        if fact is None:
            return None
        if not cloze:
            explanation = clean_field(note, values.get("Explanation", ""), self.parsed)
            for question in fact.questions:
                question.explanation = explanation
        if data is None:
            return fact
        for asked in data.questions:  # their images name the package's files
            asked.choices = [self.keep(choice, note) for choice in asked.choices]
            asked.accepted_variants = [self.keep(v, note) for v in asked.accepted_variants]
        return self._as_exported(fact, data, note.tags, cloze=cloze)

    def _as_exported(
        self, read: ParsedFact, data: NoteData, tags: list[str], *, cloze: bool
    ) -> ParsedFact | None:
        questions = _questions(read.questions, data.questions, cloze=cloze)
        fact = self.facts.get(data.fact_key)
        started = fact is None
        if fact is None:
            fact = dataclasses.replace(
                read,
                key=unique_key(data.fact_key, self.taken),
                foreign_key=False,  # our own key, exported with the note
                statement=data.statement or read.statement,
                source_ref=data.source_ref,
                source_paragraph=data.source_paragraph,
                questions=[],
            )
            fact.topic = _topic(data.topic, tags, read.topic)
            self.facts[data.fact_key] = fact
        else:
            fact.tags = merge_tags([*fact.tags, *read.tags])
        keys = {question.key for question in fact.questions}
        for question in questions:
            question.key = unique_key(question.key or question.kind, keys)
        fact.questions.extend(questions)
        return fact if started else None


def _topic(exported: str, tags: list[str], read: str) -> str:
    """The exported topic exactly (a tag cannot hold a space, and no tag means the deck's
    name), unless the note's topic tag was changed in Anki: then the topic ``read``."""
    ours = [tag for tag in tags if tag.startswith(TOPIC_TAG)]
    if ours == ([topic_tag(exported)] if exported else []):
        return exported
    return read


def _questions(
    read: list[ParsedQuestion], asked: list[QuestionData], *, cloze: bool
) -> list[ParsedQuestion]:
    """The questions a note stands for: a cloze note's deletions as Anki asks them, with
    their keys and accepted answers from the data; a basic note's one front and back, asked
    once per question in the data."""
    if cloze:
        for question, data in zip(read, asked, strict=False):
            question.key = data.key
            question.accepted_variants = data.accepted_variants
            question.strict = data.strict
        return read
    [shown] = read
    return [
        dataclasses.replace(
            shown,
            kind=data.kind,
            key=data.key,
            accepted_variants=data.accepted_variants,
            choices=data.choices,
            strict=data.strict,
        )
        for data in asked
    ]


def package_notes_to_set(
    notes: list[AnkiNote], parsed: ParsedSet, keep: KeepImages = _as_is
) -> ParsedSet:
    """Add every note's fact to ``parsed``: notes of our types as ``OurNotes`` reads them,
    every other note as Anki asks it (``anki_notes``), keys unique within the file."""
    taken: set[str] = TakenKeys()
    ours = OurNotes(parsed, taken, keep)
    for note in notes:
        fact = ours.fact(note) if is_ours(note) else note_fact(note, parsed, taken)
        if fact is not None:
            parsed.facts.append(fact)
    return parsed
