"""The plain records every upload parser produces, and the rules every question obeys.

Parsers know nothing about the database: they turn text into a ``ParsedSet`` of facts,
each with its questions, plus a list of ``Problem``s with line numbers. One shared
function (``save.save_question_set``) then writes a set into a bank.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ..answer_forms import option_form
from ..media.images import CheckedImage
from ..richtext import plain_text
from ..storable_text import LONE_SURROGATE
from .tags import tag_problems

KINDS = ("flashcard", "multiple_choice", "true_false", "cloze", "typed")
BLANK = "{{blank}}"
# Anything a teacher may have meant as a blank: "{{ Blank }}" would be shown to learners as
# it is, so a prompt holding one besides its {{blank}} is refused rather than saved.
_BLANK_LIKE = re.compile(r"\{\{\s*blank\s*\}\}", re.IGNORECASE)
KEY_LENGTH = 100
TOPIC_LENGTH = 120
SOURCE_REF_LENGTH = 200
# Paragraph 1 is the article's first; the bound keeps a crafted number out of the
# database's INTEGER column (a 500 at import used to follow a clean preview).
MAX_SOURCE_PARAGRAPH = 1_000_000


@dataclass
class Problem:
    """Something wrong (``error``: nothing is imported) or worth knowing (``note``) in a file."""

    line: int | None
    message: str
    severity: str = "error"
    # What ``line`` counts: lines of a text file, or notes of an Anki package.
    place: str = "Line"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.place} {self.line}: " if self.line else ""
        return f"{where}{self.message}"


@dataclass
class ParsedQuestion:
    kind: str
    prompt: str
    answer: str
    key: str = ""
    accepted_variants: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    explanation: str = ""
    line: int | None = None
    # A spelling test: no generous readings when grading (see grading.py).
    strict: bool = False


@dataclass
class ParsedFact:
    key: str
    statement: str
    topic: str = ""
    source_ref: str = ""
    source_paragraph: int | None = None
    questions: list[ParsedQuestion] = field(default_factory=list)
    line: int | None = None
    tags: list[str] = field(default_factory=list)
    # Set when the file gave no key and ``key`` was made from the text (``key_from_text``)
    # or from a question's title: that base key. Rows repeating a prompt or a title share
    # it, so their keys are matched to the bank's facts by content when saved
    # (``content_keys``), not by their order.
    content_key: str = ""
    # The key is another program's id for the row (an Anki note's), never written or seen
    # by the teacher, so the preview leaves it out as it does keys made from the text.
    foreign_key: bool = False

    @property
    def shown_key(self) -> str:
        """The key as the upload preview shows it: only one a person gave the fact (a
        ``fact_key`` column, a GIFT title); "" for one made from the text ("q-…") or
        another program's id, which name nothing the teacher would recognise."""
        return "" if self.foreign_key or is_key_from_text(self.key) else self.key


@dataclass
class ParsedSet:
    """What one uploaded file holds: bank details (when the format has them), facts, problems."""

    format: str
    facts: list[ParsedFact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    title: str = ""
    description: str = ""
    source: dict[str, str | None] = field(default_factory=dict)
    # What problem and fact numbers count: "Line" in text files, "Note" in Anki packages.
    place: str = "Line"
    # Images the file's rich text shows, by sha256, stored when the set is saved.
    images: dict[str, CheckedImage] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def questions(self) -> list[ParsedQuestion]:
        return [q for fact in self.facts for q in fact.questions]

    def error(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(line, message, place=self.place))

    def note(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(line, message, "note", self.place))


def paragraph_number(text: str, parsed: ParsedSet, line: int | None) -> int | None:
    """A source paragraph written as text (a CSV cell, a comment or element of our
    exports): blank is none; only ASCII digits of sensible length are read, since int()
    of thousands of digits raises rather than answers."""
    cell = text.strip()
    if not cell:
        return None
    if cell.isascii() and cell.isdigit() and len(cell) < 20:
        return int(cell)
    parsed.error(line, "source_paragraph must be a whole number")
    return None


def slugify(text: str, limit: int = 60) -> str:
    """ASCII-ish slug for URLs and keys; non-Latin text (Korean) falls back to a short hash."""
    normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", normal.lower()).strip("-")[:limit].strip("-")
    return slug or "h-" + hashlib.sha1(text.encode()).hexdigest()[:10]


def keeps_in_address(ch: str) -> bool:
    """Whether a character of a name stays in its bank's address: a letter or digit of a
    script without Latin letters (Hangul, Cyrillic...). Latin ones are spelled in ASCII
    as ``slugify`` always did, so the addresses of existing banks stay what they were."""
    return ch.isalnum() and not ch.isascii() and not unicodedata.name(ch, "").startswith("LATIN")


def _slug_letter(ch: str) -> bool:
    return (ch.isascii() and ch.isalnum()) or keeps_in_address(ch)


def readable_slug(text: str, limit: int = 60) -> str:
    """A slug that keeps a name readable in any script: "탈북민 어휘" -> "탈북민-어휘",
    "Week 1 어휘" -> "week-1-어휘"; a Latin-only name gets ``slugify``'s slug ("Café" ->
    "cafe"). Hangul is composed (NFC), as a name pasted from a Mac is not, so one name
    gives one address; browsers send it percent-encoded and werkzeug reads it back."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if ch.isascii() or keeps_in_address(ch))
    normal = unicodedata.normalize("NFC", kept).lower()
    slug = "".join(ch if _slug_letter(ch) else "-" for ch in normal)
    slug = re.sub(r"-+", "-", slug).strip("-")[:limit].strip("-")
    return slug or slugify(text, limit)


# A key ``key_from_text`` made, or ``slugify``'s hash of a title in another script (and
# ``unique_key`` numbered either): it names nothing a person reads.
_KEY_FROM_TEXT = re.compile(r"(?:q-[0-9a-f]{12}|h-[0-9a-f]{10})(?:-\d+)?")


def is_key_from_text(key: str) -> bool:
    """Whether ``key`` was made from a fact's text rather than given by a person."""
    return _KEY_FROM_TEXT.fullmatch(key) is not None


def key_from_text(text: str) -> str:
    """A stable key for a fact that has no key of its own: the same text gives the same key,
    so uploading the same file twice updates rather than duplicates."""
    return "q-" + hashlib.sha1(text.strip().encode()).hexdigest()[:12]


class TakenKeys(set[str]):
    """The keys a parse has given out, and for each base the last number it gave (a file
    of many rows with one text numbers them on instead of counting from 2 every time:
    8,000 such rows took ten seconds, the largest upload hours). A key given back
    (``discard``) forgets those numbers, so the smallest free one is found again."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        super().__init__(keys)
        self.numbered: dict[str, int] = {}

    def discard(self, key: object) -> None:
        super().discard(key)
        self.numbered.clear()

    def remove(self, key: str) -> None:
        super().remove(key)
        self.numbered.clear()


def unique_key(base: str, taken: set[str]) -> str:
    """``base`` truncated to fit the column, with ``-2``, ``-3``... if already used: the
    smallest number free."""
    base = base[:KEY_LENGTH]
    numbered = taken.numbered if isinstance(taken, TakenKeys) else {}
    number = numbered.get(base, 1)
    key = _numbered(base, number)
    while key in taken:
        number += 1
        key = _numbered(base, number)
    taken.add(key)
    numbered[base] = number
    return key


def _numbered(base: str, number: int) -> str:
    if number == 1:
        return base
    suffix = f"-{number}"
    return base[: KEY_LENGTH - len(suffix)] + suffix


NUL_MESSAGE = "the text holds a NUL character (U+0000), which cannot be stored"


def _holds_nul(*texts: str | list[str] | None) -> bool:
    """JSON can spell U+0000 as an escape; PostgreSQL text cannot hold it."""
    return any("\x00" in text for value in texts if value for text in _as_list(value))


def _as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


# A lone surrogate (``storable_text``) in an upload or an Anki package's collection is
# shown as U+FFFD, so the preview can render, and refused with this message (it used to
# be a 500 at import or on the preview).
REPLACEMENT = "\ufffd"
SURROGATE_MESSAGE = "the text holds an invalid character (a lone surrogate, such as \\ud800)"


def _without_surrogates(value: object) -> object:
    if isinstance(value, str):
        return LONE_SURROGATE.sub(REPLACEMENT, value)
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_surrogates(item) for key, item in value.items()}
    return value


def _holds_surrogate(value: object) -> bool:
    """Whether a text (or a list or dict of them) holds a lone surrogate. Most text is
    ASCII and needs no search: a file of 100,000 cards checks its fields in well under a
    second, where searching and rebuilding each took most of the preview's 30 seconds."""
    if isinstance(value, str):
        return not value.isascii() and LONE_SURROGATE.search(value) is not None
    if isinstance(value, list):
        return any(_holds_surrogate(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_surrogate(item) for item in value.values())
    return False


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(item.name for item in dataclasses.fields(kind))


def replace_surrogates(record: object) -> list[str]:
    """The names of ``record``'s text fields (strings, lists or dicts of strings) that held
    a lone surrogate, each now shown as U+FFFD so that the preview can still show it."""
    kind: type = type(record)
    assert dataclasses.is_dataclass(kind)
    found = []
    for name in _field_names(kind):
        value = getattr(record, name)
        if _holds_surrogate(value):
            setattr(record, name, _without_surrogates(value))
            found.append(name)
    return found


def question_problems(question: ParsedQuestion) -> list[str]:
    """Why this question cannot be saved as its kind (empty when it is fine)."""
    return [message for _field, message in question_field_problems(question)]


def question_field_problems(question: ParsedQuestion) -> list[tuple[str, str]]:
    """``question_problems``, each with the field it is about (a ``ParsedQuestion``
    attribute: ``kind``, ``prompt``, ``answer``, ``choices``...): the question editor
    shows each message under its field."""
    texts: dict[str, str | list[str]] = {
        "key": question.key,
        "prompt": question.prompt,
        "answer": question.answer,
        "explanation": question.explanation,
        "accepted_variants": question.accepted_variants,
        "choices": question.choices,
    }
    nul = next((name for name, text in texts.items() if _holds_nul(text)), None)
    problems = [(nul, NUL_MESSAGE)] if nul else []
    problems.extend((name, f"{name}: {SURROGATE_MESSAGE}") for name in replace_surrogates(question))
    if question.kind not in KINDS:
        return [
            *problems,
            ("kind", f"unknown kind {question.kind!r} (use one of {', '.join(KINDS)})"),
        ]
    if not question.prompt.strip():
        problems.append(("prompt", "the prompt is empty"))
    if not question.answer.strip():
        problems.append(("answer", "the answer is empty"))
    if len(question.key) > KEY_LENGTH:
        problems.append(("key", f"the question key is longer than {KEY_LENGTH} characters"))
    if question.kind == "cloze" and not _has_one_blank(question.prompt):
        problems.append(("prompt", f"a cloze prompt needs exactly one {BLANK}"))
    if question.kind == "true_false" and question.answer not in ("true", "false"):
        problems.append(("answer", "a true/false answer must be true or false"))
    if question.kind == "multiple_choice":
        problems.extend(("choices", message) for message in _option_problems(question))
    return problems


def _has_one_blank(prompt: str) -> bool:
    """One ``{{blank}}`` and nothing else that looks like one."""
    return prompt.count(BLANK) == 1 and len(_BLANK_LIKE.findall(prompt)) == 1


def _option_problems(question: ParsedQuestion) -> list[str]:
    """A multiple-choice question's wrong options, compared as grading compares a pick
    (``option_form``: no case, accents or punctuation): a wrong option grading takes for
    the answer would mark a learner right beside "Your answer, wrong", and a repeated
    one is shown once."""
    if not question.choices:
        return ["a multiple-choice question needs at least one wrong option"]
    problems = []
    answer = option_form(question.answer)
    if any(option_form(choice) == answer for choice in question.choices):
        problems.append("the right answer is also listed as a wrong option")
    seen: set[str] = set()
    repeated: set[str] = set()
    for choice in question.choices:
        compared = option_form(choice)
        if compared in seen and compared != answer and compared not in repeated:
            problems.append(f"the wrong option “{choice}” is listed twice")
            repeated.add(compared)
        seen.add(compared)
    return problems


def without_empty_options(choices: list[str], parsed: ParsedSet, line: int | None) -> list[str]:
    """A multiple-choice question's wrong options without the empty ones (a doubled
    ``~`` in GIFT, a blank answer in Moodle), which Moodle leaves out too: a learner
    was offered a blank button. An image is not empty."""
    kept = [choice for choice in choices if choice.strip()]
    if len(kept) < len(choices):
        parsed.note(line, "an empty wrong option is left out")
    return kept


TRUE_WORDS = {"true", "t", "yes", "y", "1"}
FALSE_WORDS = {"false", "f", "no", "n", "0"}


def normal_answer(kind: str, answer: str) -> str:
    """A true/false answer as stored ("true" or "false") from the words people write for
    it ("True", "yes", "T", "1"...); any other answer as given."""
    if kind == "true_false":
        word = answer.strip().lower()
        if word in TRUE_WORDS:
            return "true"
        if word in FALSE_WORDS:
            return "false"
    return answer


def fact_problems(fact: ParsedFact) -> list[str]:
    problems = (
        [NUL_MESSAGE] if _holds_nul(fact.key, fact.statement, fact.topic, fact.source_ref) else []
    )
    problems.extend(f"{name}: {SURROGATE_MESSAGE}" for name in replace_surrogates(fact))
    if not fact.key.strip():
        problems.append("the fact key is empty")
    if len(fact.key) > KEY_LENGTH:
        problems.append(f"the fact key is longer than {KEY_LENGTH} characters")
    if len(fact.topic) > TOPIC_LENGTH:
        problems.append(f"the topic is longer than {TOPIC_LENGTH} characters")
    if len(fact.source_ref) > SOURCE_REF_LENGTH:
        problems.append(f"the source reference is longer than {SOURCE_REF_LENGTH} characters")
    if not fact.statement.strip():
        problems.append("the fact statement is empty")
    problems.extend(tag_problems(fact.tags))
    paragraph = fact.source_paragraph
    if paragraph is not None and not 1 <= paragraph <= MAX_SOURCE_PARAGRAPH:
        problems.append(
            f"source_paragraph must be a whole number from 1 to {MAX_SOURCE_PARAGRAPH:,}"
        )
    return problems


def check_set(parsed: ParsedSet) -> ParsedSet:
    """Add an error for every fact or question that breaks the contracts, and for an empty set.

    Every format ends here, so text that no page can show or no database can store (a
    NUL, a lone surrogate) is refused here, naming the field and its line."""
    if _holds_nul(parsed.title, parsed.description, *parsed.source.values()):
        parsed.error(1, f"bank: {NUL_MESSAGE}")
    for problem in parsed.problems:  # a message may quote the text at fault
        replace_surrogates(problem)
    for name in replace_surrogates(parsed):
        parsed.error(1, f"bank {name}: {SURROGATE_MESSAGE}")
    for fact in parsed.facts:
        for message in fact_problems(fact):
            parsed.error(fact.line, message)
        seen: set[str] = set()
        for question in fact.questions:
            for message in question_problems(question):
                parsed.error(question.line, message)
            if question.key in seen:
                parsed.error(question.line, f"question key {question.key!r} is used twice")
            seen.add(question.key)
    if not parsed.questions and not parsed.errors:
        parsed.error(None, "the file holds no questions we can import")
    parsed.problems.sort(key=lambda problem: problem.line or 0)
    return parsed


def fact_statement(prompt: str, answer: str) -> str:
    """The statement of a fact known only by a question: its prompt and answer as plain
    text (statements are always plain, so a rich part must not bring its mark along)."""
    return f"{plain_text(prompt)} — {plain_text(answer)}"


def simple_fact(
    prompt: str,
    question: ParsedQuestion,
    *,
    taken: set[str],
    title: str = "",
    topic: str = "",
    statement: str = "",
) -> ParsedFact:
    """One fact asked one way, as GIFT, Aiken and the flashcard formats give them.

    Its key comes from the question's title when there is one, else from its text. Titles
    and texts repeat (Aiken's "Which of the following is true?", a copied Moodle "Q1"),
    so the key is matched by content when saved, as a key made from a prompt is."""
    content_key = slugify(title) if title else key_from_text(prompt)
    question.key = question.key or question.kind
    return ParsedFact(
        key=unique_key(content_key, taken),
        content_key=content_key,
        statement=statement or fact_statement(prompt, question.answer),
        topic=topic,
        questions=[question],
        line=question.line,
    )
