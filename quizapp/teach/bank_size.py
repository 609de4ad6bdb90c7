"""How big a bank is, as a teacher counts it: its active facts and their active questions.

The after-import summary reads it from the database rather than from the file, so it
says what learners will actually be asked ("14 questions in 11 facts").
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from ..extensions import db
from ..models import Bank, Fact, Question


@dataclass(frozen=True)
class BankSize:
    facts: int
    questions: int

    def __str__(self) -> str:
        questions = "question" if self.questions == 1 else "questions"
        facts = "fact" if self.facts == 1 else "facts"
        return f"{self.questions} {questions} in {self.facts} {facts}"


def bank_size(bank: Bank) -> BankSize:
    row = db.session.execute(
        select(func.count(distinct(Fact.id)), func.count(Question.id))
        .select_from(Fact)
        .outerjoin(Question, (Question.fact_id == Fact.id) & Question.active.is_(True))
        .where(Fact.bank_id == bank.id, Fact.active.is_(True))
    ).one()
    return BankSize(facts=row[0], questions=row[1])
