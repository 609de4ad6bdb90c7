"""Moodle GIFT export, one question per block, readable by Moodle and by our importer.

GIFT has no flashcard, so flashcards and typed questions become short-answer questions
(accepted variants as further ``=`` answers); cloze becomes a missing-word question; the
explanation becomes general feedback (``####``). The topic becomes ``$CATEGORY:``.
"""

from __future__ import annotations

from ..importers.records import BLANK
from ..models import Bank, Question
from .contents import Progress, bank_contents

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    out = "".join("\\" + char if char in SPECIAL else char for char in text)
    return out.replace("\n", "\\n")


def _answers(question: Question) -> str:
    if question.kind == "true_false":
        return "TRUE" if question.answer == "true" else "FALSE"
    if question.kind == "multiple_choice":
        wrong = " ".join(f"~{escape(choice)}" for choice in question.choices)
        return f"={escape(question.answer)} {wrong}"
    return " ".join(f"={escape(a)}" for a in [question.answer, *question.accepted_variants])


def gift_block(question: Question, title: str) -> str:
    feedback = f" ####{escape(question.explanation)}" if question.explanation else ""
    answers = "{" + _answers(question) + feedback + "}"
    before, _, after = question.prompt.partition(BLANK)
    if question.kind != "cloze" or not after.strip():
        before, after = question.prompt.replace(BLANK, "_____"), ""
    marker = "[plain]" if "<" in question.prompt else ""
    tail = f" {escape(after.strip())}" if after.strip() else ""
    return f"::{escape(title)}::{marker}{escape(before.strip())} {answers}{tail}"


def export_gift(bank: Bank, on_progress: Progress = None) -> bytes:
    blocks = [f"// {bank.title} — exported from Quizapp"]
    topic = None
    for item in bank_contents(bank, on_progress):
        if item.fact.topic != topic:
            topic = item.fact.topic
            path = f"$course$/top/{topic.replace('/', '-')}" if topic else "$course$/top"
            blocks.append(f"$CATEGORY: {path}")
        for question in item.questions:
            title = item.fact.key
            if len(item.questions) > 1:
                title = f"{item.fact.key}-{question.key}"
            blocks.append(gift_block(question, title))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
