"""What importing an upload would change in the teacher's bank of the same name, said on
its preview before anything is saved: that it makes a new bank or updates one, and then
what it adds, rewrites, retires and brings back.

Importing retires the bank's facts the file no longer has (``importers.save``): they
stop being asked, every answer kept. A fact whose prompt was edited in the file is such
a fact (it comes back as a new one), so its learners' progress stays behind with it.
The teacher should know that before pressing Import, not learn it from the summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from ..banks.fact_upsert import UpsertCounts, upsert_facts
from ..extensions import db
from ..importers.content_keys import match_keys_by_content
from ..importers.records import ParsedSet
from ..importers.save import owned_bank_named
from ..models import Bank, Fact, MemoryState, User

LISTED = 10  # retired facts named on the preview; the rest are counted


@dataclass(frozen=True)
class BankChanges:
    bank: Bank
    retired: list[Fact]  # active facts of the bank the file no longer has
    studied_facts: int  # of those, facts some learner has answered
    learners: int  # learners who answered one of them
    # Everything importing would change, counted by the import's own walk (nothing
    # written): edits made on the bank's page since are undone by the file, and the
    # teacher is told so before, not after.
    counts: UpsertCounts

    @property
    def undoes_edits(self) -> bool:
        """Whether importing changes questions or facts already in the bank: their text,
        a question retired or brought back (what an edit on the bank's page would be)."""
        counts = self.counts
        return bool(
            counts.facts_updated
            or counts.questions_updated
            or counts.questions_retired
            or counts.facts_restored
            or counts.questions_restored
        )


def changes_to_bank(owner: User, name: str, parsed: ParsedSet) -> BankChanges | None:
    """What importing ``parsed`` as ``name`` would change in the owner's bank, or None
    when it makes a new bank. Keys are matched as the import matches them (so the facts
    of ``parsed`` carry the keys they would be saved with)."""
    bank = owned_bank_named(owner, name)
    if bank is None:
        return None
    match_keys_by_content(bank, parsed.facts)
    counts = upsert_facts(bank, parsed.facts, write=False)
    kept = {fact.key for fact in parsed.facts}
    retired = list(
        db.session.scalars(
            select(Fact)
            .where(Fact.bank_id == bank.id, Fact.active.is_(True), Fact.key.not_in(kept))
            .order_by(Fact.position, Fact.id)
        )
    )
    studied_facts, learners = 0, 0
    if retired:
        studied_facts, learners = db.session.execute(
            select(
                func.count(distinct(MemoryState.fact_id)), func.count(distinct(MemoryState.user_id))
            ).where(MemoryState.fact_id.in_([fact.id for fact in retired]))
        ).one()
    return BankChanges(bank, retired, studied_facts, learners, counts)
