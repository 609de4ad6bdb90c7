"""Our own JSON bank format, written by ``flask bank export --format json``.

```
{"format": "quizapp-bank", "version": 1,
 "bank": {"title", "description", "source_publication", "source_headline",
          "source_date", "source_url"},
 "facts": [{"key", "statement", "topic", "source_ref", "source_paragraph", "tags",
            "questions": [{"key", "kind", "prompt", "answer", "accepted_variants",
                           "choices", "explanation", "strict"}]}]}
```
Fact order is story order. ``tags`` (a list of one-word strings, as Anki's tags) may be
left out: files written before facts had tags import with none. The bank's slug is not
in the file: it belongs to whoever imports it, so exporting, importing and exporting
again gives the same bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..urls import URL_RULE, safe_http_url
from .json_lines import NestedTooDeep, object_lines
from .records import ParsedFact, ParsedQuestion, ParsedSet, check_set
from .tags import merge_tags

FORMAT_NAME = "quizapp-bank"
# The versions of the format this app reads; a file without one is taken as version 1.
SUPPORTED_VERSIONS = (1,)
# The bank's citation fields and the longest value each column holds.
BANK_FIELDS = {
    "source_publication": 200,
    "source_headline": 400,
    "source_date": 40,
    "source_url": 500,
}


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def _text(record: dict[str, Any], name: str, where: str, parsed: ParsedSet) -> str:
    value = record.get(name, "")
    if not isinstance(value, str):
        parsed.error(None, f"{where}: {name} must be a string")
        return ""
    return value


def _strict(record: dict[str, Any], where: str, parsed: ParsedSet) -> bool:
    value = record.get("strict", False)
    if not isinstance(value, bool):
        parsed.error(None, f"{where}: strict must be true or false")
        return False
    return value


def _question(
    record: Any, where: str, parsed: ParsedSet, lines: dict[str, int]
) -> ParsedQuestion | None:
    if not isinstance(record, dict):
        parsed.error(None, f"{where}: must be an object")
        return None
    lists = {name: _strings(record.get(name, [])) for name in ("accepted_variants", "choices")}
    for name, value in lists.items():
        if value is None:
            parsed.error(None, f"{where}: {name} must be a list of strings")
    return ParsedQuestion(
        kind=_text(record, "kind", where, parsed),
        prompt=_text(record, "prompt", where, parsed),
        answer=_text(record, "answer", where, parsed),
        key=_text(record, "key", where, parsed) or _text(record, "kind", where, parsed),
        accepted_variants=lists["accepted_variants"] or [],
        choices=lists["choices"] or [],
        explanation=_text(record, "explanation", where, parsed),
        line=lines.get(where),
        strict=_strict(record, where, parsed),
    )


def _fact(record: Any, where: str, parsed: ParsedSet, lines: dict[str, int]) -> ParsedFact | None:
    if not isinstance(record, dict):
        parsed.error(None, f"{where}: must be an object")
        return None
    paragraph = record.get("source_paragraph")
    if paragraph is not None and (not isinstance(paragraph, int) or isinstance(paragraph, bool)):
        parsed.error(None, f"{where}: source_paragraph must be a whole number or null")
        paragraph = None
    questions = record.get("questions", [])
    if not isinstance(questions, list):
        parsed.error(None, f"{where}: questions must be a list")
        questions = []
    tags = _strings(record.get("tags", []))
    if tags is None:
        parsed.error(None, f"{where}: tags must be a list of strings")
    fact = ParsedFact(
        key=_text(record, "key", where, parsed),
        statement=_text(record, "statement", where, parsed),
        topic=_text(record, "topic", where, parsed),
        source_ref=_text(record, "source_ref", where, parsed),
        source_paragraph=paragraph,
        line=lines.get(where),
        tags=merge_tags(tags or []),
    )
    for index, item in enumerate(questions):
        question = _question(item, f"{where}.questions[{index}]", parsed, lines)
        if question:
            fact.questions.append(question)
    return fact


class DuplicateKey(ValueError):
    """An object names one key twice: JSON readers keep the last silently, so one of
    the teacher's two values would be lost without a word."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} appears twice in one object: keep one of them")
        self.key = key


def _keys_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise DuplicateKey(key)
        document[key] = value
    return document


def _line_of_key(text: str, key: str) -> int | None:
    """The line of the key's second appearance when the file names it as a key exactly
    twice (so that one is the duplicate); None when other objects use the key too and
    the reader cannot tell which one holds it twice."""
    found = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    return text.count("\n", 0, found[1]) + 1 if len(found) == 2 else None


def parse_json(text: str) -> ParsedSet:
    parsed = ParsedSet(format="json")
    try:
        lines = object_lines(text)
        document = json.loads(text, object_pairs_hook=_keys_once)
    except NestedTooDeep as error:
        parsed.error(error.line, str(error))
        return parsed
    except DuplicateKey as error:
        parsed.error(_line_of_key(text, error.key), str(error))
        return parsed
    except json.JSONDecodeError as error:
        parsed.error(error.lineno, f"not valid JSON: {error.msg} (column {error.colno})")
        return parsed
    except ValueError:  # Python refuses whole numbers of more than 4,300 digits
        parsed.error(1, "not valid JSON: a number in the file has too many digits")
        return parsed
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        parsed.error(1, f'not a quizapp bank: expected "format": "{FORMAT_NAME}"')
        return parsed
    version = document.get("version", 1)
    # 1.0 is 1; NaN, 1e400 (infinity), "1" and true are not
    if isinstance(version, bool) or not isinstance(version, int | float):
        version = None
    if version not in SUPPORTED_VERSIONS:
        parsed.error(1, "version must be 1 (the version this app writes and reads)")
        return parsed
    bank = document.get("bank")
    if not isinstance(bank, dict):
        bank = {}
    parsed.title = _text(bank, "title", "bank", parsed)
    parsed.description = _text(bank, "description", "bank", parsed)
    parsed.source = _source(bank, parsed)
    facts = document.get("facts")
    if not isinstance(facts, list):
        parsed.error(lines.get("facts", 1), "facts: must be a list of facts")
        return parsed
    for index, item in enumerate(facts):
        fact = _fact(item, f"facts[{index}]", parsed, lines)
        if fact:
            parsed.facts.append(fact)
    _check_unique_fact_keys(parsed)
    _add_line_numbers(parsed, lines)
    return check_set(parsed)


def _add_line_numbers(parsed: ParsedSet, lines: dict[str, int]) -> None:
    """Problems found by path (``facts[2].questions[0]: ...``) get that object's line."""
    for problem in parsed.problems:
        if problem.line is None:
            path = problem.message.split(":", 1)[0]
            while path and path not in lines:
                path = path.rsplit(".", 1)[0] if "." in path else ""
            problem.line = lines.get(path) if path else None


def _check_unique_fact_keys(parsed: ParsedSet) -> None:
    seen: set[str] = set()
    for index, fact in enumerate(parsed.facts):
        if fact.key in seen:
            parsed.error(None, f"facts[{index}]: fact key {fact.key!r} is used twice")
        seen.add(fact.key)


def _source(bank: dict[str, Any], parsed: ParsedSet) -> dict[str, str | None]:
    source: dict[str, str | None] = {}
    for name, longest in BANK_FIELDS.items():
        value = bank.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > longest):
            parsed.error(None, f"bank: {name} must be text of at most {longest} characters")
            value = None
        elif name == "source_url" and value:
            value = safe_http_url(value)
            if value is None:
                parsed.error(None, f"bank: source_url {URL_RULE}")
        source[name] = value
    return source
