"""What a checked content file says: plain values, independent of the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BLANK = "{{blank}}"


@dataclass(frozen=True)
class QuestionSpec:
    """One way of asking a fact, as stored in ``Question`` (see the kinds' contract)."""

    key: str
    kind: str
    prompt: str
    answer: str
    accepted_variants: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    explanation: str = ""
    strict: bool = False


@dataclass(frozen=True)
class FactSpec:
    key: str
    topic: str
    statement: str
    paragraph: int
    prompt: str
    answer: str
    variants: tuple[str, ...]
    cloze: str
    distractors: tuple[str, ...]
    false_statement: str
    explanation: str
    # A spelling test: the cloze and typed answers get no generous readings.
    strict: bool = False
    # Keys this fact had before: a reload renames the stored fact, keeping its progress.
    previous_keys: tuple[str, ...] = ()

    @property
    def source_ref(self) -> str:
        return f"paragraph {self.paragraph}"


@dataclass(frozen=True)
class BankSpec:
    path: Path
    display_path: str
    slug_line: int
    slug: str
    title: str
    description: str
    source_publication: str
    source_headline: str
    source_date: str
    source_url: str | None
    facts: tuple[FactSpec, ...]
    content_hash: str
