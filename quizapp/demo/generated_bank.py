"""The bank ``flask demo seed --facts N`` studies: N numbered facts, each teaching a
number that its multiple-choice and typed questions ask for.

Everything a learner reads is worded from the fact's place in the bank, never from a
database id: a second seed (or one after ``flask content load``) makes a bank that reads
as the first, whose questions ask about their own facts.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Bank, Fact, Question, QuestionKind, User
from ..timeutil import now_utc

TOPICS = ("Arrival", "Hanawon", "Work", "Schooling", "Family", "Health", "Law", "Community")
KINDS = (QuestionKind.MULTIPLE_CHOICE.value, QuestionKind.TYPED.value)


def fact_number(position: int) -> int:
    """The number the fact at ``position`` teaches: three digits, varying from fact to fact."""
    return 100 + position * 37 % 900


def wrong_numbers(position: int) -> list[int]:
    """Three wrong options 10 apart around the fact's number, which is the smallest of
    the four for one fact, the second for the next, and so on: no place gives it away."""
    place = position % 4
    return [fact_number(position) + 10 * (other - place) for other in range(4) if other != place]


def generated_bank(session: Session, owner: User, tag: str, facts: int) -> Bank:
    """A bank of ``facts`` numbered facts, each asked as multiple choice and typed; its
    title carries the demo's ``tag``, as its classes' names do."""
    bank = Bank(slug=f"demo-{tag}", title=f"Demo bank ({facts} facts, {tag})", owner_id=owner.id)
    session.add(bank)
    session.flush()
    session.execute(
        Fact.__table__.insert(),
        [
            {
                "bank_id": bank.id,
                "key": f"fact-{n + 1}",
                "statement": f"Demo fact {n + 1} is the number {fact_number(n)}.",
                "topic": TOPICS[n % len(TOPICS)],
                "source_ref": "",
                "position": n,
                "active": True,
            }
            for n in range(facts)
        ],
    )
    positions = session.execute(select(Fact.id, Fact.position).where(Fact.bank_id == bank.id))
    session.execute(
        Question.__table__.insert(),
        [
            {
                "fact_id": fact_id,
                "key": kind,
                "kind": kind,
                "prompt": f"Which number is demo fact {n + 1}?",
                "answer": str(fact_number(n)),
                "accepted_variants": [],
                "choices": [str(number) for number in wrong_numbers(n)]
                if kind == QuestionKind.MULTIPLE_CHOICE
                else [],
                "explanation": "",
                "position": position,
                "active": True,
                "updated_at": now_utc(),
            }
            for fact_id, n in positions
            for position, kind in enumerate(KINDS)
        ],
    )
    return bank
