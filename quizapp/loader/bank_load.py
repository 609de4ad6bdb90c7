"""Write checked banks into the database without ever losing a learner's history.

Everything is matched by stable keys (bank slug, fact key, question key), so a reload
updates rows in place: their ids, and so every ``Review`` and ``MemoryState`` pointing
at them, never change. A fact or question missing from the file is retired
(``active=False``), never deleted. Each bank is one transaction; a bank whose file has
not changed since its last load (same content hash) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from ..banks.fact_upsert import UpsertCounts, assign_changed, upsert_facts
from ..extensions import db
from ..models import Bank, Fact
from .problems import Problem
from .questions import build_questions
from .spec import BankSpec, FactSpec, QuestionSpec


@dataclass
class BankReport:
    """What a load did to one bank, for the command's summary."""

    slug: str
    skipped: bool = False
    created: bool = False
    counts: UpsertCounts = field(default_factory=UpsertCounts)
    renamed: int = 0  # facts found under one of their ``previous_keys``

    @property
    def changed(self) -> bool:
        return self.created or self.renamed > 0 or self.counts.changed

    @property
    def outcome(self) -> str:
        """One word for logs and metrics: skipped, created, updated or unchanged."""
        if self.skipped:
            return "skipped"
        if self.created:
            return "created"
        return "updated" if self.changed else "unchanged"

    def summary(self) -> str:
        if self.skipped:
            return f"{self.slug}: unchanged since the last load, skipped"
        if not self.changed:
            return f"{self.slug}: nothing to change"
        c = self.counts
        return (
            f"{self.slug}: {'created; ' if self.created else ''}"
            f"facts {c.facts_added} added, {c.facts_updated} updated, {c.facts_retired} retired"
            f"{_also(self.renamed, 'renamed')}{_also(c.facts_restored, 'restored')}"
            f"{_also(c.facts_moved, 'moved')}; "
            f"questions {c.questions_added} added, {c.questions_updated} updated, "
            f"{c.questions_retired} retired{_also(c.questions_restored, 'restored')}"
        )


def _follow_renames(bank: Bank, spec: BankSpec) -> int:
    """Give a stored fact its new key when the file lists its old one in
    ``previous_keys``, so the upsert updates it in place (its id, reviews and memory
    states stay) rather than retiring it and starting a new fact."""
    if bank.id is None:
        return 0
    stored = {
        fact.key: fact for fact in db.session.scalars(select(Fact).where(Fact.bank_id == bank.id))
    }
    renamed = 0
    for fact_spec in spec.facts:
        if fact_spec.key in stored:
            continue
        old = next((stored.pop(key) for key in fact_spec.previous_keys if key in stored), None)
        if old is not None:
            old.key = fact_spec.key
            stored[fact_spec.key] = old
            renamed += 1
    db.session.flush()
    return renamed


def _also(count: int, what: str) -> str:
    """A count the summary names only when it happened (restored, moved)."""
    return f", {count} {what}" if count else ""


@dataclass(frozen=True)
class _FactContent:
    """A content-file fact in the shape the shared upsert takes."""

    key: str
    statement: str
    topic: str
    source_ref: str
    source_paragraph: int | None
    questions: list[QuestionSpec]
    # Content files have no tags; a built-in fact's tags stay empty.
    tags: tuple[str, ...] = ()

    @classmethod
    def of(cls, spec: FactSpec) -> _FactContent:
        return cls(
            spec.key,
            spec.statement,
            spec.topic,
            spec.source_ref,
            spec.paragraph,
            build_questions(spec),
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
        assign_changed(
            bank,
            title=spec.title,
            description=spec.description,
            source_publication=spec.source_publication,
            source_headline=spec.source_headline,
            source_date=spec.source_date,
            source_url=spec.source_url,
            content_hash=spec.content_hash,
        )
        report.renamed = _follow_renames(bank, spec)
        report.counts = upsert_facts(
            bank,
            [_FactContent.of(fact) for fact in spec.facts],
            retire_questions_of_dropped_facts=True,
            advance=advance,
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return report
