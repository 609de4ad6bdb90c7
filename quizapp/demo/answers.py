"""What a demo learner answers to each question, stored as the study pages store a real
answer (``study.answers.judge``): a flashcard's own grade, the option picked, the text
typed.

Each question gets its right response and a few plausible wrong ones here, once per
seed; the set-based writer (``seed``) then picks among them per answer with its hash
draws. A wrong typed answer is one of the fact's own distractors (what a learner who
half remembers gives) or nothing at all. No distractor is ever graded as its answer:
the content loader refuses a bank with one (``loader.fairness``), and the generated
bank's are other numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..grading import AUTO_GRADED_KINDS, Outcome, rating_for
from ..models import Fact, Question, QuestionKind
from ..richtext import plain_text
from ..study.issued_items import TRUE_FALSE_OPTIONS

MAX_WRONG = 4  # wrong responses kept per question: a typed one's 3 distractors and a blank
RIGHT_RATING = rating_for(Outcome.CORRECT)  # Good, a flashcard's "I knew it" too
WRONG_RATING = rating_for(Outcome.WRONG)  # Again


@dataclass(frozen=True)
class Responses:
    """One question's right response and its plausible wrong ones (at least one)."""

    question_id: int
    right: str
    wrong: tuple[str, ...]
    self_graded: bool = False  # a flashcard: the learner's own grade is the response


@dataclass(frozen=True)
class DemoFact:
    """A fact the demo studies: every active question of it, in the bank's order, and
    which of them its quizzes ask (an auto-graded one where it has one, as a quiz does)."""

    fact_id: int
    questions: tuple[Responses, ...]
    quiz: int  # index into ``questions``

    @property
    def quiz_question_id(self) -> int:
        return self.questions[self.quiz].question_id


@dataclass(frozen=True)
class _Asked:
    question_id: int
    kind: str
    answer: str
    choices: Sequence[str]


def demo_facts(session: Session, bank_id: int) -> list[DemoFact]:
    """The bank's active facts with active questions, in story order. Read as plain rows:
    a generated bank of 10^5 facts is read in seconds."""
    rows = session.execute(
        select(Question.fact_id, Question.id, Question.kind, Question.answer, Question.choices)
        .join(Fact, Fact.id == Question.fact_id)
        .where(Fact.bank_id == bank_id, Fact.active.is_(True), Question.active.is_(True))
        .order_by(Fact.position, Fact.id, Question.position, Question.id)
    )
    by_fact: dict[int, list[_Asked]] = {}
    for fact_id, question_id, kind, answer, choices in rows:
        by_fact.setdefault(fact_id, []).append(_Asked(question_id, kind, answer, choices or []))
    return [_demo_fact(fact_id, asked) for fact_id, asked in by_fact.items()]


def _demo_fact(fact_id: int, questions: list[_Asked]) -> DemoFact:
    distractors = [
        choice
        for question in questions
        if question.kind == QuestionKind.MULTIPLE_CHOICE
        for choice in question.choices
        if choice != question.answer
    ]
    quiz = next(
        (n for n, question in enumerate(questions) if question.kind in AUTO_GRADED_KINDS), 0
    )
    return DemoFact(
        fact_id, tuple(_responses(question, distractors) for question in questions), quiz
    )


def _responses(question: _Asked, distractors: list[str]) -> Responses:
    """The answers a learner gives to ``question``; ``distractors`` are its fact's wrong
    multiple-choice options, the likely wrong guesses when an answer is typed."""
    if question.kind == QuestionKind.FLASHCARD:
        right, wrong = RIGHT_RATING.name.title(), [WRONG_RATING.name.title()]
    elif question.kind == QuestionKind.MULTIPLE_CHOICE:
        right = question.answer  # one of the options shown, as is every wrong one
        wrong = [choice for choice in dict.fromkeys(question.choices) if choice != right]
    elif question.kind == QuestionKind.TRUE_FALSE:
        right = question.answer
        wrong = [option for option in TRUE_FALSE_OPTIONS if option != right]
    else:  # typed, or a cloze's blank
        right = plain_text(question.answer)
        wrong = [*list(dict.fromkeys(distractors))[: MAX_WRONG - 1], ""]
    return Responses(
        question.question_id,
        right,
        tuple(wrong[:MAX_WRONG] or [""]),
        self_graded=question.kind == QuestionKind.FLASHCARD,
    )
