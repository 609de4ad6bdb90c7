"""Fact tags as Anki writes them: words separated by spaces, ``::`` marking a hierarchy
(``Korea::Dates``).

A fact keeps its tags as a list, in the order given, so every format that has tags
(Anki packages and plain-text notes, CSV, JSON, Moodle XML) gives them back exactly. A
tag is one word: Anki itself cannot hold a space inside a tag, so CSV and the fact
editor write a fact's tags space-separated, as Anki's own exports do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TAG_LENGTH = 100
MAX_TAGS = 50
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SPACE = re.compile(r"\s")


def split_tags(text: str) -> list[str]:
    """Space-separated tags as a list; a repeated tag is kept once (Anki does the same)."""
    return merge_tags(text.split())


def join_tags(tags: Iterable[str]) -> str:
    return " ".join(tags)


def merge_tags(*groups: Iterable[str]) -> list[str]:
    """Every tag of ``groups`` once, in the order first met (the questions of one fact in
    Moodle XML each carry the fact's tags)."""
    return list(dict.fromkeys(tag for group in groups for tag in group))


def tag_problems(tags: list[str]) -> list[str]:
    """Why these tags cannot be stored (empty when they are fine)."""
    problems = []
    if len(tags) > MAX_TAGS:
        problems.append(f"a fact may have at most {MAX_TAGS} tags")
    for tag in tags:
        if not tag or SPACE.search(tag):
            problems.append(f"the tag {tag!r} must be one word without spaces")
        elif CONTROL.search(tag):
            problems.append(f"the tag {tag!r} holds a control character")
        elif len(tag) > TAG_LENGTH:
            problems.append(f"a tag is longer than {TAG_LENGTH} characters")
    return problems
