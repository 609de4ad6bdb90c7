"""A fact's question forms: every fact is asked in all five kinds, less the forms its
author left out (a fact keeps at least three, see ``fairness.py``).

Question keys name the form they are built from, so they stay the same when the wording
changes and a reload updates each question in place. Both a false and a true statement
are asked, so that "false" is not always the right answer to a true/false question.
"""

from __future__ import annotations

from typing import Any

from ..models import QuestionKind
from .spec import FactSpec, QuestionSpec


def build_questions(fact: FactSpec) -> list[QuestionSpec]:
    """The questions for ``fact``, in the order a learner meets them (recognition first)."""

    def ask(key: str, kind: QuestionKind, prompt: str, answer: str, **extra: Any) -> QuestionSpec:
        return QuestionSpec(key, kind.value, prompt, answer, explanation=fact.explanation, **extra)

    recall = {"accepted_variants": fact.variants, "strict": fact.strict}
    forms = [
        ask("flashcard", QuestionKind.FLASHCARD, fact.prompt, fact.answer),
        fact.distractors
        and ask(
            "multiple_choice",
            QuestionKind.MULTIPLE_CHOICE,
            fact.prompt,
            fact.answer,
            choices=fact.distractors,
        ),
        ask("true_statement", QuestionKind.TRUE_FALSE, fact.statement, "true"),
        fact.false_statement
        and ask("false_statement", QuestionKind.TRUE_FALSE, fact.false_statement, "false"),
        fact.cloze and ask("cloze", QuestionKind.CLOZE, fact.cloze, fact.answer, **recall),
        ask("typed", QuestionKind.TYPED, fact.prompt, fact.answer, **recall),
    ]
    return [form for form in forms if form]
