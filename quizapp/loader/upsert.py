"""Write checked banks into the database without ever losing a learner's history.

Everything is matched by stable keys (bank slug, fact key, question key), so a reload
updates rows in place: their ids, and so every ``Review`` and ``MemoryState`` pointing
at them, never change. A fact or question missing from the file is retired
(``active=False``), never deleted. Each bank is one transaction; a bank whose file has
not changed since its last load (same content hash) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Bank, Fact, Question
from .problems import Problem
from .questions import build_questions
from .spec import BankSpec, FactSpec


@dataclass
class BankReport:
    """What a load did to one bank, for the command's summary."""

    slug: str
    skipped: bool = False
    created: bool = False
    facts_added: int = 0
    facts_updated: int = 0
    facts_retired: int = 0
    questions_added: int = 0
    questions_updated: int = 0
    questions_retired: int = 0

    @property
    def changed(self) -> bool:
        counts = (
            self.facts_added,
            self.facts_updated,
            self.facts_retired,
            self.questions_added,
            self.questions_updated,
            self.questions_retired,
        )
        return self.created or any(counts)

    def summary(self) -> str:
        if self.skipped:
            return f"{self.slug}: unchanged since the last load, skipped"
        if not self.changed:
            return f"{self.slug}: nothing to change"
        return (
            f"{self.slug}: {'created; ' if self.created else ''}"
            f"facts {self.facts_added} added, {self.facts_updated} updated, "
            f"{self.facts_retired} retired; questions {self.questions_added} added, "
            f"{self.questions_updated} updated, {self.questions_retired} retired"
        )


def ownership_conflicts(banks: Iterable[BankSpec]) -> list[Problem]:
    """Slugs already taken by a teacher's own bank: loading would overwrite their work."""
    problems = []
    for spec in banks:
        bank = db.session.scalar(select(Bank).where(Bank.slug == spec.slug))
        if bank is not None and bank.owner_id is not None:
            problems.append(
                Problem(
                    spec.display_path,
                    spec.slug_line,
                    f"slug '{spec.slug}' belongs to a teacher's bank; choose another slug",
                )
            )
    return problems


def _assign(row: Any, **values: Any) -> bool:
    """Set only the attributes that differ, so an unchanged row is not even marked dirty
    (its ``updated_at`` stays put). Returns whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _retire(row: Fact | Question) -> bool:
    if not row.active:
        return False
    row.active = False
    return True


def load_bank(
    spec: BankSpec, *, force: bool = False, advance: Callable[[int], None] | None = None
) -> BankReport:
    """Upsert one bank in one transaction; ``advance(n)`` reports facts done."""
    advance = advance or (lambda _n: None)
    report = BankReport(spec.slug)
    bank = db.session.scalar(select(Bank).where(Bank.slug == spec.slug))
    if bank is not None and bank.content_hash == spec.content_hash and not force:
        report.skipped = True
        advance(len(spec.facts))
        return report
    try:
        if bank is None:
            bank = Bank(slug=spec.slug, title=spec.title, owner_id=None)
            db.session.add(bank)
            report.created = True
        _assign(
            bank,
            title=spec.title,
            description=spec.description,
            source_publication=spec.source_publication,
            source_headline=spec.source_headline,
            source_date=spec.source_date,
            source_url=spec.source_url,
        )
        existing = _facts_by_key(bank)
        for position, fact_spec in enumerate(spec.facts, start=1):
            _upsert_fact(bank, existing.pop(fact_spec.key, None), fact_spec, position, report)
            advance(1)
        for fact in existing.values():
            report.facts_retired += _retire(fact)
            report.questions_retired += sum(_retire(question) for question in fact.questions)
        _assign(bank, content_hash=spec.content_hash)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return report


def _facts_by_key(bank: Bank) -> dict[str, Fact]:
    if bank.id is None:
        return {}
    facts = db.session.scalars(
        select(Fact).where(Fact.bank_id == bank.id).options(selectinload(Fact.questions))
    )
    return {fact.key: fact for fact in facts}


def _upsert_fact(
    bank: Bank, fact: Fact | None, spec: FactSpec, position: int, report: BankReport
) -> None:
    if fact is None:
        fact = Fact(bank=bank, key=spec.key, statement=spec.statement)
        db.session.add(fact)
        report.facts_added += 1
        existing: dict[str, Question] = {}
    else:
        existing = {question.key: question for question in fact.questions}
    fact_changed = _assign(
        fact,
        statement=spec.statement,
        topic=spec.topic,
        source_ref=spec.source_ref,
        source_paragraph=spec.paragraph,
        position=position,
        active=True,
    )
    report.facts_updated += int(fact_changed and fact.id is not None)
    for question_position, question_spec in enumerate(build_questions(spec)):
        question = existing.pop(question_spec.key, None)
        if question is None:
            question = Question(fact=fact, key=question_spec.key)
            db.session.add(question)
            report.questions_added += 1
        changed = _assign(
            question,
            kind=question_spec.kind,
            prompt=question_spec.prompt,
            answer=question_spec.answer,
            accepted_variants=list(question_spec.accepted_variants),
            choices=list(question_spec.choices),
            explanation=question_spec.explanation,
            position=question_position,
            active=True,
        )
        report.questions_updated += int(changed and question.id is not None)
    for question in existing.values():
        report.questions_retired += _retire(question)
