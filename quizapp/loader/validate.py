"""Read one bank file and check it, collecting every problem with its line.

The checks are the ones a teacher's typo would trip: a misspelt or missing field, a key
used twice, a cloze sentence without exactly one blank, a distractor that is really the
answer (or listed twice), too few distractors, empty text, and "TODO" left over from
``flask content draft``. Nothing is written anywhere.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from ..urls import URL_RULE, safe_http_url
from .fairness import cloze_problems, distractor_problems, missing_forms
from .locate import FileLines, TablePath, scan
from .problems import Problem, display_path
from .spec import BLANK, BankSpec, FactSpec

# Bump when the meaning of a content file changes, so every bank is reloaded once.
FORMAT_VERSION = b"quizapp-content-v1\n"

BANK_REQUIRED = ("slug", "title", "description", "source", "facts")
SOURCE_REQUIRED = ("publication", "headline", "date")
SOURCE_OPTIONAL = ("url", "paragraphs")
FACT_REQUIRED = (
    "key",
    "topic",
    "statement",
    "paragraph",
    "prompt",
    "answer",
    "explanation",
)
# A fact may leave out a form that would be ambiguous, as long as it keeps three.
FACT_OPTIONAL = ("variants", "strict", "cloze", "distractors", "false_statement", "previous_keys")
MIN_DISTRACTORS = 3
TODO_MARK = "TODO"
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")


def same_text(text: str) -> str:
    """How two answers are compared here: case and spacing do not make them different."""
    return " ".join(text.casefold().split())


class _FileChecker:
    """Checks the values of one parsed file, recording problems at their lines."""

    def __init__(self, display: str, lines: FileLines) -> None:
        self.display = display
        self.lines = lines
        self.problems: list[Problem] = []
        # How many paragraphs the story has ([source] paragraphs), when the file says.
        self.story_length: int | None = None

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.display, line, message))

    def fields(
        self,
        table: TablePath,
        data: dict[str, Any],
        required: tuple[str, ...],
        optional: tuple[str, ...],
        where: str,
    ) -> None:
        allowed = required + optional
        for name in data:
            if name not in allowed:
                self.problem(
                    self.lines.line_of(table, name),
                    f"unknown field '{name}' {where} (allowed: {', '.join(allowed)})",
                )
        for name in required:
            if name not in data:
                self.problem(self.lines.line_of(table), f"missing field '{name}' {where}")

    def text(self, table: TablePath, data: dict[str, Any], name: str) -> str:
        if name not in data:
            return ""
        value = data[name]
        line = self.lines.line_of(table, name)
        if not isinstance(value, str):
            self.problem(line, f"'{name}' must be text in quotes")
            return ""
        value = value.strip()
        if not value:
            self.problem(line, f"'{name}' is empty")
        elif TODO_MARK in value:
            self.problem(line, f"'{name}' still says {TODO_MARK}: replace it with real text")
        return value

    def texts(self, table: TablePath, data: dict[str, Any], name: str) -> tuple[str, ...]:
        if name not in data:
            return ()
        value = data[name]
        line = self.lines.line_of(table, name)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(line, f'\'{name}\' must be a list of texts, like ["a", "b"]')
            return ()
        items = tuple(item.strip() for item in value)
        if any(not item for item in items):
            self.problem(line, f"'{name}' has an empty entry")
        if any(TODO_MARK in item for item in items):
            self.problem(line, f"'{name}' still says {TODO_MARK}: replace it with real text")
        return items

    def paragraph(self, table: TablePath, data: dict[str, Any]) -> int:
        value = data.get("paragraph")
        counted = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        if "paragraph" in data and not counted:
            self.problem(
                self.lines.line_of(table, "paragraph"),
                "'paragraph' must be a whole number, 1 for the article's first paragraph",
            )
            return 0
        if isinstance(value, int) and self.story_length and value > self.story_length:
            self.problem(
                self.lines.line_of(table, "paragraph"),
                f"paragraph {value} is past the story's last paragraph"
                f" ({self.story_length}, from [source] paragraphs)",
            )
        return value if isinstance(value, int) else 0

    def fact(self, index: int, data: Any) -> FactSpec | None:
        table: TablePath = ("facts", index)
        header = self.lines.line_of(table)
        if not isinstance(data, dict):
            self.problem(header, "each fact must be a [[facts]] table")
            return None
        before = len(self.problems)
        key = data.get("key")
        named = isinstance(key, str) and key
        where = f"in fact '{key}'" if named else f"in fact number {index + 1}"
        self.fields(table, data, FACT_REQUIRED, FACT_OPTIONAL, where)
        key = self.text(table, data, "key")
        if key and not KEY_PATTERN.match(key):
            self.problem(
                self.lines.line_of(table, "key"),
                f"key '{key}' may use only lowercase letters, digits and single hyphens",
            )
        values = {name: self.text(table, data, name) for name in _FACT_TEXTS}
        paragraph = self.paragraph(table, data)
        strict = data.get("strict", False)
        if not isinstance(strict, bool):
            self.problem(self.lines.line_of(table, "strict"), "'strict' must be true or false")
        variants = self.texts(table, data, "variants")
        distractors = self.texts(table, data, "distractors")
        previous_keys = self._previous_keys(table, data, key)
        self._cloze(table, values["cloze"], (values["answer"], *variants))
        self._distractors(table, values["answer"], variants, distractors, "distractors" in data)
        forms = missing_forms(values["cloze"], distractors, values["false_statement"])
        if forms and all(name in data for name in FACT_REQUIRED):
            self.problem(header, f"fact '{key}' {forms}")
        if values["false_statement"] and same_text(values["false_statement"]) == same_text(
            values["statement"]
        ):
            self.problem(
                self.lines.line_of(table, "false_statement"),
                "'false_statement' is the same as 'statement'; change a detail to make it false",
            )
        if len(self.problems) > before:
            return None
        return FactSpec(
            key=key,
            paragraph=paragraph,
            strict=strict is True,
            previous_keys=previous_keys,
            variants=variants,
            distractors=distractors,
            **values,
        )

    def _previous_keys(self, table: TablePath, data: dict[str, Any], key: str) -> tuple[str, ...]:
        previous = self.texts(table, data, "previous_keys")
        line = self.lines.line_of(table, "previous_keys")
        for old in previous:
            if not KEY_PATTERN.match(old) or old == key:
                self.problem(line, f"previous key '{old}' must be an older key of this fact")
        return previous

    def _cloze(self, table: TablePath, cloze: str, accepted: tuple[str, ...]) -> None:
        if not cloze:
            return
        line = self.lines.line_of(table, "cloze")
        blanks = cloze.count(BLANK)
        if blanks != 1:
            self.problem(line, f"'cloze' needs exactly one {BLANK}, found {blanks}")
        for message in cloze_problems(cloze, accepted):
            self.problem(line, f"'cloze': {message}")

    def _distractors(
        self,
        table: TablePath,
        answer: str,
        variants: tuple[str, ...],
        distractors: tuple[str, ...],
        present: bool,
    ) -> None:
        if not present:
            return
        line = self.lines.line_of(table, "distractors")
        if len(distractors) < MIN_DISTRACTORS:
            self.problem(
                line, f"needs at least {MIN_DISTRACTORS} distractors, found {len(distractors)}"
            )
        seen: set[str] = set()
        right = {same_text(text) for text in (answer, *variants) if text}
        for distractor in distractors:
            normal = same_text(distractor)
            if normal in seen:
                self.problem(line, f"distractor '{distractor}' is listed twice")
            seen.add(normal)
            if normal in right:
                self.problem(
                    line, f"distractor '{distractor}' is also the answer or an accepted variant"
                )
        if answer and not right & seen:
            for message in distractor_problems(answer, variants, distractors):
                self.problem(line, message)


_FACT_TEXTS = (
    "topic",
    "statement",
    "prompt",
    "answer",
    "cloze",
    "false_statement",
    "explanation",
)


def _parse(path: Path, display: str) -> tuple[dict[str, Any] | None, FileLines, list[Problem]]:
    """Parse the file despite duplicated keys: report each, then parse without them."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, FileLines(), [Problem(display, 1, "the file is not UTF-8 text")]
    except OSError as error:
        return None, FileLines(), [Problem(display, 1, f"cannot read the file: {error.strerror}")]
    lines = scan(text)
    problems = [
        Problem(
            display,
            duplicate.start,
            f"table [{duplicate.name}] is defined twice (first at line {duplicate.first_line})"
            if duplicate.is_table
            else f"duplicate field '{duplicate.name}' (first at line {duplicate.first_line})",
        )
        for duplicate in lines.duplicates
    ]
    try:
        data = tomllib.loads(lines.without_duplicates(text))
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        line = int(found.group(1)) if found and found.group(1) else len(text.split("\n"))
        detail = _TOML_POSITION.sub("", message)
        problems.append(Problem(display, line, f"not valid TOML: {detail}"))
        return None, lines, problems
    return data, lines, problems


def read_bank_file(path: Path) -> tuple[BankSpec | None, list[Problem]]:
    """Parse and check one bank file: the bank, or None and every problem found."""
    display = display_path(path)
    data, lines, problems = _parse(path, display)
    if data is None:
        return None, problems
    checker = _FileChecker(display, lines)
    checker.problems.extend(problems)
    checker.fields((), data, BANK_REQUIRED, (), "in the bank")
    slug = checker.text((), data, "slug")
    if slug and not KEY_PATTERN.match(slug):
        checker.problem(
            lines.line_of((), "slug"),
            f"slug '{slug}' may use only lowercase letters, digits and single hyphens",
        )
    title = checker.text((), data, "title")
    description = checker.text((), data, "description")
    source = _source(checker, data)
    checker.story_length = _story_length(checker, data)
    facts = _facts(checker, data)
    if checker.problems:
        return None, sorted(checker.problems)
    return BankSpec(
        path=path,
        display_path=display,
        slug_line=lines.line_of((), "slug"),
        slug=slug,
        title=title,
        description=description,
        source_publication=source["publication"],
        source_headline=source["headline"],
        source_date=source["date"],
        source_url=source["url"] or None,
        facts=tuple(facts),
        content_hash=hashlib.sha256(FORMAT_VERSION + path.read_bytes()).hexdigest(),
    ), []


def _source(checker: _FileChecker, data: dict[str, Any]) -> dict[str, str]:
    source = data.get("source", {})
    values = dict.fromkeys(SOURCE_REQUIRED + SOURCE_OPTIONAL, "")
    if not isinstance(source, dict):
        checker.problem(checker.lines.line_of((), "source"), "'source' must be a [source] table")
        return values
    checker.fields(("source",), source, SOURCE_REQUIRED, SOURCE_OPTIONAL, "in [source]")
    for name in SOURCE_REQUIRED:
        values[name] = checker.text(("source",), source, name)
    if "url" in source:
        values["url"] = _url(checker, checker.text(("source",), source, "url"))
    return values


def _story_length(checker: _FileChecker, data: dict[str, Any]) -> int | None:
    """``[source] paragraphs``, the story's paragraph count, if given (a whole number)."""
    source = data.get("source")
    if not isinstance(source, dict) or "paragraphs" not in source:
        return None
    value = source["paragraphs"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        checker.problem(
            checker.lines.line_of(("source",), "paragraphs"),
            "'paragraphs' must be a whole number: how many paragraphs the story has",
        )
        return None
    return value


def _url(checker: _FileChecker, url: str) -> str:
    """The source URL if it is http(s) (it becomes a link on the source page), else a problem."""
    if not url:
        return ""
    safe = safe_http_url(url)
    if safe is None:
        checker.problem(checker.lines.line_of(("source",), "url"), f"url {URL_RULE}")
        return ""
    return safe


def _facts(checker: _FileChecker, data: dict[str, Any]) -> list[FactSpec]:
    facts = data.get("facts", [])
    if not isinstance(facts, list):
        checker.problem(checker.lines.line_of((), "facts"), "facts must be [[facts]] tables")
        return []
    if "facts" in data and not facts:
        checker.problem(1, "the bank has no facts: add at least one [[facts]] table")
    first_line: dict[str, int] = {}
    specs = []
    for index, fact_data in enumerate(facts):
        key = fact_data.get("key") if isinstance(fact_data, dict) else None
        if isinstance(key, str) and key:
            line = checker.lines.line_of(("facts", index), "key")
            if key in first_line:
                checker.problem(
                    line, f"duplicate fact key '{key}' (first used at line {first_line[key]})"
                )
            else:
                first_line[key] = line
        spec = checker.fact(index, fact_data)
        if spec is not None:
            specs.append(spec)
    _previous_keys_unique(checker, specs, first_line)
    return specs


def _previous_keys_unique(
    checker: _FileChecker, specs: list[FactSpec], key_lines: dict[str, int]
) -> None:
    """An old key names one fact of the past: not a fact of the file, not two facts."""
    claimed: dict[str, str] = {}
    for spec in specs:
        line = key_lines.get(spec.key, 0)
        for old in spec.previous_keys:
            if old in key_lines:
                checker.problem(line, f"previous key '{old}' is the key of another fact")
            elif claimed.setdefault(old, spec.key) != spec.key:
                checker.problem(
                    line, f"previous key '{old}' is also claimed by fact '{claimed[old]}'"
                )
