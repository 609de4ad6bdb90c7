"""Moodle GIFT export, one question per block, readable by Moodle and by our importer.

GIFT has no flashcard, so flashcards and typed questions become short-answer questions
(accepted variants as further ``=`` answers; a ``// quizapp-kind: flashcard`` comment,
which Moodle ignores, tells our importer which were flashcards, ``// quizapp-strict``
which asked for exact spelling, and a
``// quizapp-fact:`` comment carries the fact's statement, ``// quizapp-source-ref:`` and
``// quizapp-source-paragraph:`` its source); cloze becomes a
missing-word question; the explanation becomes general feedback (``####``). The topic
becomes ``$CATEGORY:``. Each question's title is ``fact key/question key``, which our
importer reads back as the fact grouping. GIFT has no escape for ``->`` (it would make
a matching question), so a question holding one is written as ``[html]`` with ``&gt;``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..importers.gift import (
    FLASHCARD_COMMENT,
    SOURCE_PARAGRAPH_COMMENT,
    SOURCE_REF_COMMENT,
    STATEMENT_COMMENT,
    STRICT_COMMENT,
    category_path,
    comment_escape,
)
from ..importers.grouping import group_title
from ..importers.records import BLANK
from ..models import Bank, Fact, Question
from ..richtext import is_rich, split_rich
from .apkg_export import as_html
from .contents import Progress, bank_contents

SPECIAL = "\\~=#{}:"
WILDCARD_ESCAPE = "\\*"


def escape(text: str) -> str:
    out = "".join("\\" + char if char in SPECIAL else char for char in text)
    return out.replace("\n", "\\n")


def _answers(question: Question, write: Callable[[str], str]) -> str:
    if question.kind == "true_false":
        return "TRUE" if question.answer == "true" else "FALSE"
    if question.kind == "multiple_choice":
        wrong = " ".join(f"~{write(choice)}" for choice in question.choices)
        return f"={write(question.answer)} {wrong}"
    # Moodle reads * in a short answer as "any text": a written one is \*.
    return " ".join(
        f"={write(a).replace('*', WILDCARD_ESCAPE)}"
        for a in [question.answer, *question.accepted_variants]
    )


def _texts(question: Question) -> list[str]:
    return [question.prompt, question.answer, question.explanation, *question.choices,
            *question.accepted_variants]  # fmt: skip


def gift_block(question: Question, title: str) -> str:
    as_markup = any("->" in text or is_rich(text) for text in _texts(question))
    if as_markup:
        marker = "[html]"

        def write(text: str) -> str:
            return escape(as_html(text))
    else:
        marker, write = ("[plain]" if "<" in question.prompt else ""), escape
    feedback = f" ####{write(question.explanation)}" if question.explanation else ""
    answers = "{" + _answers(question, write) + feedback + "}"
    before, after = split_rich(question.prompt, BLANK)
    if question.kind == "cloze" and after.strip():
        text = f"{write(before.lstrip())}{answers}{write(after.rstrip())}"
    else:
        text = f"{write(question.prompt.replace(BLANK, '_____').strip())} {answers}"
    block = f"::{escape(title)}::{marker}{text}"
    comments = [FLASHCARD_COMMENT] if question.kind == "flashcard" else []
    if question.strict:
        comments.append(STRICT_COMMENT)
    return "\n".join([*comments, block])


def _fact_comments(fact: Fact) -> list[str]:
    """The fact's statement and source, as comments before its first question (Moodle
    ignores them; our importer reads them back)."""
    comments = [f"{STATEMENT_COMMENT}{comment_escape(fact.statement)}"]
    if fact.source_ref:
        comments.append(f"{SOURCE_REF_COMMENT}{comment_escape(fact.source_ref)}")
    if fact.source_paragraph is not None:
        comments.append(f"{SOURCE_PARAGRAPH_COMMENT}{fact.source_paragraph}")
    return comments


def _tag_comment(tags: list[str]) -> list[str]:
    """The fact's tags as Moodle 4 writes a question's in GIFT ("// [tag:geo]"), which
    it and our importer read back; a tag holding "]" cannot be written there."""
    written = [f"[tag:{tag}]" for tag in tags if "]" not in tag]
    return [f"// {' '.join(written)}"] if written else []


def export_gift(bank: Bank, on_progress: Progress = None) -> bytes:
    blocks = [f"// {bank.title} — exported from Quizapp"]
    topic = None
    for item in bank_contents(bank, on_progress):
        if item.fact.topic != topic:
            topic = item.fact.topic
            path = category_path(topic)
            blocks.append(f"$CATEGORY: {path}")
        tags = _tag_comment(item.fact.tags)
        for number, question in enumerate(item.questions):
            block = gift_block(question, group_title(item.fact.key, question.key))
            if number == 0:
                block = "\n".join([*_fact_comments(item.fact), block])
            blocks.append("\n".join([*tags, block]))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
