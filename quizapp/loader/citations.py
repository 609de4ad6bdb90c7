"""A bank's citations checked against its article: ``flask content check --article``.

A fact's ``paragraph`` sends a student to the place the story says it. The slip a
careful author still makes is a number taken from a neighbouring paragraph (a date
beside the day of the week it fell on), and it shows only with the article at hand,
which the repository must not hold. So the author gives the article: every number of a
fact's answer and statement written in digits must then be in the paragraph it cites.
The paragraph is read as the grader reads an answer ("34,000", "34000" and "thirty-four
thousand" are one number; "May 9" and "9 May" hold the same 9), and the numbers of
``[source] date`` count as said everywhere: an article's year is often only in its date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..answer_forms import read_answer
from .article import Paragraph
from .locate import scan
from .problems import Problem
from .spec import BankSpec, FactSpec

_NUMBER = re.compile(r"[0-9]+")
# A number a fact writes in digits, with the scale word that may follow it ("1.5 million").
# A fact's numbers in words are left alone: "one" is as often a pronoun as a number.
_WRITTEN_NUMBER = re.compile(
    r"[0-9](?:[0-9,.\u00a0]*[0-9])?(?:\s*(?:thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
# The parts of a fact a student can check against its paragraph, as the message names them.
_CHECKED = (("answer", "its answer"), ("statement", "its statement"))


def numbers_in(text: str) -> set[str]:
    """The numbers ``text`` states, however written (digits, grouped, in words)."""
    return set(_NUMBER.findall(read_answer(text).core))


def written_numbers(text: str) -> set[str]:
    """The numbers ``text`` writes in digits, read as ``numbers_in`` reads them."""
    return {number for found in _WRITTEN_NUMBER.finditer(text) for number in numbers_in(found[0])}


def citation_problems(bank: BankSpec, paragraphs: Sequence[Paragraph]) -> list[Problem]:
    """Every fact of ``bank`` whose cited paragraph lacks one of its numbers, or which
    cites a paragraph past the article's end, at the line of its ``paragraph``."""
    lines = scan(bank.path.read_text(encoding="utf-8"))
    said = [numbers_in(paragraph.text) for paragraph in paragraphs]
    dated = numbers_in(bank.source_date)
    problems = []
    for index, fact in enumerate(bank.facts):
        line = lines.line_of(("facts", index), "paragraph")
        for message in _fact_problems(fact, said, dated):
            problems.append(Problem(bank.display_path, line, f"fact '{fact.key}': {message}"))
    return problems


def _fact_problems(fact: FactSpec, said: list[set[str]], dated: set[str]) -> list[str]:
    if fact.paragraph > len(said):
        return [f"paragraph {fact.paragraph} is past the article's last paragraph ({len(said)})"]
    cited = said[fact.paragraph - 1] | dated
    messages = []
    for field, named in _CHECKED:
        missing = sorted(written_numbers(getattr(fact, field)) - cited, key=int)
        if missing:
            messages.append(
                f"paragraph {fact.paragraph} does not say {', '.join(missing)} ({named})"
                f"{_where_said(missing, said)}"
            )
    return messages


def _where_said(missing: list[str], said: list[set[str]]) -> str:
    """ "; paragraph 3 does" when one paragraph holds every missing number, else ""."""
    holding = [number for number, found in enumerate(said, start=1) if set(missing) <= found]
    if not holding:
        return ""
    named = " and ".join(f"paragraph {number}" for number in holding)
    return f"; {named} {'does' if len(holding) == 1 else 'do'}"
