"""Builders for the study tests: banks whose facts can be asked in every form."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from quizapp.extensions import db
from quizapp.models import Bank, Fact, MemoryState, User
from quizapp.study.ladder import ladder_step
from tests.support.factories import make_bank, make_fact, make_question

ALL_KINDS = ("multiple_choice", "true_false", "cloze", "typed", "flashcard")
# A fixed instant (a Monday, noon UTC) so day boundaries in tests are deliberate.
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def question_fields(kind: str, number: int) -> dict[str, Any]:
    """Plausible content for each kind, following the content contract."""
    return {
        "multiple_choice": {
            "prompt": f"Which office handles case {number}?",
            "answer": f"Hanawon centre {number}",
            "choices": ["Police office", "Customs office", "Weather office"],
            "explanation": "Resettlement starts at the training centre.",
        },
        "true_false": {
            "prompt": f"Statement number {number} holds.",
            "answer": "true",
            "explanation": "It does.",
        },
        "cloze": {
            "prompt": "The ministry in charge is the {{blank}} ministry.",
            "answer": "Unification",
            "explanation": "Unification handles resettlement.",
        },
        "typed": {
            "prompt": "How many defectors live in the South?",
            "answer": "34,000",
            "accepted_variants": ["about 34,000"],
            "explanation": "Roughly that many.",
        },
        "flashcard": {
            "prompt": f"Front {number}",
            "answer": f"Back {number}",
            "explanation": "Self-graded.",
        },
    }[kind]


def make_study_bank(facts: int = 3, kinds: tuple[str, ...] = ALL_KINDS, **bank_fields: Any) -> Bank:
    """A bank of ``facts`` facts in story order, each with one question of every kind."""
    bank = make_bank(**bank_fields)
    for number in range(1, facts + 1):
        fact = make_fact(
            bank,
            key=f"fact-{number}",
            position=number,
            source_ref=f"paragraph {number}",
            source_paragraph=number,
        )
        for position, kind in enumerate(kinds):
            make_question(
                fact, kind=kind, key=kind, position=position, **question_fields(kind, number)
            )
    return bank


def facts_of(bank: Bank) -> list[Fact]:
    return sorted(db.session.get(Bank, bank.id).facts, key=lambda fact: fact.position)


def give_memory(user: User, fact: Fact, **fields: Any) -> MemoryState:
    """A memory state as if the learner had reviewed the fact before (committed)."""
    values: dict[str, Any] = {
        "state": 2,
        "step": None,
        "stability": 5.0,
        "difficulty": 5.0,
        "due": NOON,
        "last_review": NOON,
        "reps": 3,
        "lapses": 0,
    }
    values.update(fields)
    values.setdefault("form_step", ladder_step(values["stability"]))
    state = MemoryState(user_id=user.id, fact_id=fact.id, **values)
    db.session.add(state)
    db.session.commit()
    return state


# The next card an answer's feedback page carries, shown on Continue with no request.
_CARRIED = re.compile(r'<article id="next-card"[^>]*>(.*?)</article>', re.DOTALL)


def answered_part(page: str) -> str:
    """A feedback page without the next card it carries: the answered card alone."""
    return _CARRIED.sub("", page)


def carried_card(page: str) -> str | None:
    """The next card a feedback page carries (its HTML), or None."""
    found = _CARRIED.search(page)
    return found.group(1) if found else None
