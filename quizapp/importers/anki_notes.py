"""Anki notes, from a package or a plain-text export, turned into facts asked as Anki asks them.

Both Anki readers (``anki`` for "Notes in Plain Text", ``apkg`` for packages) produce
``AnkiNote`` records; this module alone decides which questions a note becomes, so the
two formats cannot drift apart:

* Basic: a flashcard front -> back, and a typed question front -> back when the back is
  short enough to type.
* Basic and reversed (and "optional reversed" when its third field is filled): the same
  in both directions.
* Basic (type in the answer): one typed question front -> back.
* Cloze: one cloze question per cloze number; the hint is kept in the prompt.
* Any other note type: first field -> second field, with a note saying so.

The note's tags become the fact's tags. The fact key is the note's guid exactly, so
re-importing a deck in any order updates the same facts and learners' memory states stay
with their notes.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from ..media.references import PENDING_PREFIX
from ..richtext import carry, join_rich, plain_text, store_html
from .records import (
    BLANK,
    ParsedFact,
    ParsedQuestion,
    ParsedSet,
    TakenKeys,
    fact_statement,
    key_from_text,
    unique_key,
)
from .tags import merge_tags

TYPEABLE_LENGTH = 60
# Each cloze number is a question holding the whole note: a note of thousands of numbers
# would be thousands of copies of itself. Real notes stay far below this.
MAX_CLOZE_NUMBERS = 100
CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")
# What a note's deletions are made of: an opening (with its number) and a closing.
_CLOZE_TOKEN = re.compile(r"\{\{c(\d+)::|\}\}")
PLACEHOLDER = re.compile("\ue010(\\d+)\ue011")
# Cloze syntax written as character references in HTML (``a&#58;&#58;b``, ``&#123;``) is
# text, not syntax: Anki shows ``a::b`` as the answer. Cleaning the field decodes them, so
# they are shielded first, as private-use stand-ins, and given back once the deletions
# are split.
_SYNTAX_REFERENCE = re.compile(
    r"&(?:#0*(?:58|123|125);|#x0*(?:3a|7b|7d);|colon;|lcub;|lbrace;|rcub;|rbrace;)",
    re.IGNORECASE,
)
_SHIELD = {":": "\ue012", "{": "\ue013", "}": "\ue014"}
_UNSHIELD = str.maketrans({stand_in: char for char, stand_in in _SHIELD.items()})
# Anki 23.10's Image Occlusion notes are cloze notes whose deletions are shapes over a
# picture ("{{c1::image-occlusion:rect:left=.1:...}}"): nothing a learner could type.
OCCLUSION = re.compile(r"\{\{c\d+::image-occlusion:")
OCCLUSION_HEADER = 2  # the field an Image Occlusion note's title is in
SOUND = re.compile(r"\[sound:[^\]]*\]")
IMAGE = re.compile(r"<\s*img\b", re.IGNORECASE)
# An image an importer did not point at a kept file (see ``media.references``).
UNKEPT_IMAGE = re.compile(rf"<\s*img\b(?![^>]*{re.escape(PENDING_PREFIX)})", re.IGNORECASE)
NOTE_KINDS = ("basic", "reversed", "optional_reversed", "typed", "cloze", "other")
# Our ``.apkg`` export names each fact's topic in a tag of this prefix (its spaces as
# ``_``), so the topic comes back exactly and is not taken for one of the fact's tags.
TOPIC_TAG = "quizapp-topic::"


@dataclass
class AnkiNote:
    """One note as Anki stores it: raw field values (HTML when ``is_html``)."""

    guid: str
    kind: str
    notetype: str
    fields: list[str]
    deck: str = ""
    tags: list[str] = field(default_factory=list)
    line: int | None = None
    is_html: bool = True
    # The note type's field names, in field order (packages only; see ``anki_ours``).
    field_names: list[str] = field(default_factory=list)


# Anki's ``original_stock_kind`` (2.1.50+): the stock note type a note type was made
# from, whatever the language of its name ("Einfach" in a German Anki), with the stock
# type's fields and card templates. Anki gives every new note type one (Basic by
# default), so it counts only while the note type still has its stock shape.
STOCK_KINDS = {1: ("basic", 2, 1), 2: ("reversed", 2, 2), 3: ("optional_reversed", 3, 2)}


def note_kind(
    name: str,
    *,
    is_cloze: bool = False,
    templates: str = "",
    stock_kind: int = 0,
    shape: tuple[int, int] = (0, 0),
) -> str:
    """Which of ``NOTE_KINDS`` a note type is, from its kind, card templates and name,
    else from the stock note type it was made from when it still has that one's
    ``shape`` (fields, card templates): a stock type named in another language."""
    lowered = name.strip().lower()
    if is_cloze or lowered.startswith("cloze"):
        return "cloze"
    if "{{type:" in templates or "type in the answer" in lowered:
        return "typed"
    if "optional reversed" in lowered:
        return "optional_reversed"
    if "reversed" in lowered:
        return "reversed"
    if lowered == "basic" or lowered.startswith("basic-") or lowered == "":
        return "basic"
    kind, *stock_shape = STOCK_KINDS.get(stock_kind, ("other", -1, -1))
    return kind if tuple(stock_shape) == shape else "other"


def topic_tag(topic: str) -> str:
    return TOPIC_TAG + topic.replace(" ", "_")


def deck_topic(deck: str, tags: list[str]) -> str:
    """Our export's topic tag, else the deck's last part (``Korea::Resettlement`` ->
    ``Resettlement``), else the first tag."""
    ours = [tag[len(TOPIC_TAG) :] for tag in tags if tag.startswith(TOPIC_TAG)]
    if ours:
        return ours[0].replace("_", " ")
    if deck.strip():
        return deck.split("::")[-1].strip()
    return tags[0].replace("_", " ") if tags else ""


def clean_field(note: AnkiNote, value: str, parsed: ParsedSet) -> str:
    """A field as stored (plain, or cleaned HTML when it has formatting); the sounds and
    images it loses are reported on the note's line (a package's images are kept)."""
    if SOUND.search(value):
        parsed.note(note.line, f"note {note.guid}: audio ([sound:…]) is not kept")
        value = SOUND.sub("", value)
    if note.is_html and UNKEPT_IMAGE.search(value):
        parsed.note(note.line, f"note {note.guid}: images are not kept")
    return store_html(value) if note.is_html else value.strip()


def _typeable(stored: str) -> bool:
    text = plain_text(stored)
    return bool(text) and len(text) <= TYPEABLE_LENGTH and "\n" not in text


def _two_sided(
    front: str, back: str, *, reverse: bool, typed_only: bool, line: int | None
) -> list[ParsedQuestion]:
    questions = []
    directions = [("", front, back)] + ([("-reverse", back, front)] if reverse else [])
    for suffix, prompt, answer in directions:
        if not typed_only:
            questions.append(ParsedQuestion("flashcard", prompt, answer, f"flashcard{suffix}"))
        if typed_only or _typeable(answer):
            questions.append(ParsedQuestion("typed", prompt, answer, f"typed{suffix}"))
    for question in questions:
        question.line = line
    return questions


def has_deletion(text: str) -> bool:
    """Whether ``text`` holds a closed deletion: a ``{{cN::`` with a ``}}`` after it.

    Read in one pass: a pattern with the answer and the hint as two lazy groups tried
    every way to split a line of unclosed openings, minutes for a note of 20 KB."""
    opening = CLOZE_NUMBER.search(text)
    return opening is not None and "}}" in text[opening.end() :]


@dataclass(frozen=True)
class _Deletion:
    """One closed deletion: its number, and its answer and hint as written, each
    deletion inside them a placeholder."""

    number: int
    answer: str
    hint: str


def _placeholder(index: int) -> str:
    return f"\ue010{index}\ue011"


def _split_deletions(text: str) -> tuple[str, list[_Deletion]]:
    """``text`` with each closed deletion replaced by a placeholder of its index, and the
    deletions (inner ones before the deletion holding them).

    Deletions may nest (``{{c1::outer {{c2::inner}} text}}``, as Anki 2.1.56+ allows): a
    ``}}`` closes the innermost deletion still open, and an opening never closed stays
    the text it is. One pass, each character copied once: resolving the innermost
    deletions over and over with a pattern took seconds for a few kilobytes of crafted
    note, and filling them in by recursion crashed on deletions nested a thousand deep."""
    text = text.replace("\ue010", "").replace("\ue011", "")  # only our placeholders use them
    deletions: list[_Deletion] = []
    pieces: list[str] = []
    # The deletions still open: their number and where their opening is in ``pieces``.
    still_open: list[tuple[int, int]] = []
    position = 0
    for token in _CLOZE_TOKEN.finditer(text):
        pieces.append(text[position : token.start()])
        position = token.end()
        if token.group(1) is not None:
            still_open.append((int(token.group(1)), len(pieces)))
            pieces.append(token.group())
        elif still_open:
            number, opening = still_open.pop()
            answer, _, hint = "".join(pieces[opening + 1 :]).partition("::")
            del pieces[opening:]
            deletions.append(_Deletion(number, answer, hint))
            pieces.append(_placeholder(len(deletions) - 1))
        else:
            pieces.append(token.group())
    pieces.append(text[position:])
    return "".join(pieces), deletions


def _filled(text: str, deletions: list[_Deletion], asked: int | None = None) -> str:
    """``text`` with its placeholders filled in with their answers (theirs filled in too),
    except those of the deletions numbered ``asked``, which stay placeholders.

    A list of work instead of recursion, so any depth of nesting fills in."""
    done: list[str] = []
    work: list[tuple[bool, str]] = [(False, text)]
    while work:
        filled, piece = work.pop()
        if filled:
            done.append(piece)
            continue
        parts = PLACEHOLDER.split(piece)  # text, index, text, index, ..., text
        for place in range(len(parts) - 1, -1, -1):
            if place % 2 == 0:
                work.append((True, parts[place]))
                continue
            deletion = deletions[int(parts[place])]
            if deletion.number == asked:
                work.append((True, _placeholder(int(parts[place]))))
            else:
                work.append((False, deletion.answer))
    return "".join(done)


def cloze_text(text: str) -> str:
    """The note's text with every deletion filled in, as the back of its cards shows it."""
    return _filled(*_split_deletions(text))


def cloze_questions(
    text: str, extra: str, line: int | None, parsed: ParsedSet
) -> list[ParsedQuestion]:
    """One question per cloze number: its first deletion is the blank (with the hint after
    it), every other deletion is shown filled in, as Anki shows it on that card."""
    numbers = sorted({int(number) for number in CLOZE_NUMBER.findall(text)})
    if len(numbers) > MAX_CLOZE_NUMBERS:
        numbers = numbers[:MAX_CLOZE_NUMBERS]
        parsed.note(
            line,
            f"only the first {MAX_CLOZE_NUMBERS} cloze numbers "
            f"(c{numbers[0]} to c{numbers[-1]}) are asked",
        )
    masked, deletions = _split_deletions(text)
    counts = Counter(deletion.number for deletion in deletions)
    questions = []
    for number in numbers:
        resolved = _filled(masked, deletions, number)
        if counts[number] > 1:
            parsed.note(
                line, f"cloze c{number} has {counts[number]} deletions; only the first is asked"
            )
        first = PLACEHOLDER.search(resolved)
        if first is None:
            parsed.note(line, f"cloze c{number} is never closed with }}}}; it is not asked")
            continue
        asked = deletions[int(first.group(1))]
        hint = _filled(asked.hint, deletions)
        hint = f" ({hint.strip()})" if hint else ""
        before = carry(text, _filled(resolved[: first.start()], deletions))
        after = carry(text, _filled(resolved[first.end() :], deletions))
        questions.append(
            ParsedQuestion(
                "cloze",
                join_rich([before, BLANK, carry(text, hint), after]),
                carry(text, _filled(asked.answer, deletions).strip()),
                key="cloze" if number == 1 else f"cloze-{number}",
                explanation=extra,
                line=line,
            )
        )
    return questions


def _shielded(note: AnkiNote, value: str) -> str:
    """An HTML field with its cloze syntax written as references shielded (see
    ``_SHIELD``); ``unshielded`` gives the characters back."""
    if not note.is_html:
        return value
    return _SYNTAX_REFERENCE.sub(lambda m: _SHIELD[html.unescape(m.group().lower())], value)


def unshielded(text: str) -> str:
    return text.translate(_UNSHIELD)


def note_fact(note: AnkiNote, parsed: ParsedSet, taken: set[str]) -> ParsedFact | None:
    """The fact a note becomes, or ``None`` (with a warning naming it) when it cannot be
    asked."""
    if note.fields and OCCLUSION.search(note.fields[0]):
        _skipped_occlusion(note, parsed)
        return None
    raw = [_shielded(note, note.fields[0]), *note.fields[1:]] if note.fields else []
    fields = [clean_field(note, value, parsed) for value in raw]
    cloze_front = fields[0] if fields else ""  # its cloze syntax only what is syntax
    front = unshielded(cloze_front)
    back = fields[1] if len(fields) > 1 else ""
    kind = note.kind
    if kind != "cloze" and has_deletion(cloze_front) and note.notetype == "":
        kind = "cloze"
    if not front:
        _skipped(note, front, "its front (first field) is empty", parsed)
        return None
    if kind == "cloze" and not has_deletion(cloze_front):
        _skipped(note, front, "the cloze note has no {{c1::…}} deletion", parsed)
        return None
    if kind != "cloze" and not back:
        _skipped(note, front, "it has no back (a second field with text)", parsed)
        return None
    content_key = "" if note.guid else key_from_text(front)
    fact = ParsedFact(
        key=unique_key(note.guid or content_key, taken),
        content_key=content_key,
        foreign_key=bool(note.guid),
        statement=fact_statement(front, back),
        topic=deck_topic(note.deck, note.tags),
        line=note.line,
        tags=merge_tags(tag for tag in note.tags if not tag.startswith(TOPIC_TAG)),
    )
    if kind == "cloze":
        fact.statement = unshielded(plain_text(cloze_text(cloze_front)))
        fact.questions = cloze_questions(cloze_front, back, note.line, parsed)
        for question in fact.questions:
            question.prompt, question.answer = (
                unshielded(question.prompt),
                unshielded(question.answer),
            )
        return fact
    if kind == "other":
        parsed.note(
            note.line,
            f"note type “{note.notetype}” is not a standard one: asked first field → second field",
        )
    reverse = kind == "reversed" or (
        kind == "optional_reversed" and len(fields) > 2 and bool(fields[2])
    )
    fact.questions = _two_sided(
        front, back, reverse=reverse, typed_only=kind == "typed", line=note.line
    )
    return fact


def _skipped_occlusion(note: AnkiNote, parsed: ParsedSet) -> None:
    """An Image Occlusion note is left out with a warning naming it by its header (its
    first field holds only shapes)."""
    header = note.fields[OCCLUSION_HEADER] if len(note.fields) > OCCLUSION_HEADER else ""
    reason = (
        "it is an image occlusion note (parts of a picture hidden by shapes), "
        "which cannot be asked here"
    )
    shown = store_html(header) if note.is_html else header.strip()
    _skipped(note, shown, reason, parsed)


def _skipped(note: AnkiNote, front: str, reason: str, parsed: ParsedSet) -> None:
    """A note that cannot be asked is left out with a warning naming it (guid and front),
    so one empty note in a deck of hundreds does not refuse the whole file."""
    name = f"note {note.guid}" if note.guid else "the note"
    shown = plain_text(front)
    if shown:
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        name += f" (“{shown}”)"
    parsed.note(note.line, f"{name} skipped: {reason}")


def notes_to_set(notes: list[AnkiNote], parsed: ParsedSet) -> ParsedSet:
    """Add every note's fact to ``parsed`` (keys unique within the file)."""
    taken: set[str] = TakenKeys()
    for note in notes:
        fact = note_fact(note, parsed, taken)
        if fact is not None:
            parsed.facts.append(fact)
    return parsed
