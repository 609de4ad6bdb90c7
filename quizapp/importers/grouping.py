"""Putting the questions of one fact back together in formats that have no facts.

GIFT and Moodle XML know only questions. Our exports title each question
``fact key/question key``; reading such a title back files the question under that
fact with that key, so an export -> import round trip gives back the same facts.
Titles of any other shape make one fact per question, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .records import ParsedFact, ParsedSet, TakenKeys, unique_key
from .tags import merge_tags

GROUPED_TITLE = re.compile(r"^(\S+)/([^/\s]+)$")


def group_title(fact_key: str, question_key: str) -> str:
    return f"{fact_key}/{question_key}"


@dataclass
class FactKeys:
    """Fact keys used so far in one file, and the facts named by grouped titles."""

    taken: set[str] = field(default_factory=TakenKeys)
    grouped: dict[str, ParsedFact] = field(default_factory=dict)

    def add(self, parsed: ParsedSet, fact: ParsedFact, title: str) -> None:
        """Add a one-question ``fact`` (keyed by ``taken`` already) under its title."""
        match = GROUPED_TITLE.match(title)
        if match is None:
            parsed.facts.append(fact)
            return
        fact_key, question_key = match.groups()
        self.taken.discard(fact.key)
        fact.questions[0].key = question_key
        existing = self.grouped.get(fact_key)
        if existing is not None:
            existing.questions.extend(fact.questions)
            existing.tags = merge_tags(existing.tags, fact.tags)
            return
        fact.key = unique_key(fact_key, self.taken)
        fact.content_key = ""  # the title names the fact: its key is given, not matched
        self.grouped[fact_key] = fact
        parsed.facts.append(fact)
