"""Write a bank's facts and questions by their stable keys, never losing a learner's history.

Both ways content reaches a bank — `flask content load` for built-in banks and a
teacher's upload — go through here, so the rule that keeps progress safe is written
once: facts are matched by key within the bank and questions by key within their fact,
so a changed prompt or answer updates the row in place (its id, and every ``Review`` and
``MemoryState`` pointing at it, stay); a fact or question the new content no longer has
is retired (``active=False``), never deleted; one that comes back is reactivated.

The caller owns the transaction (one per bank) and commits or rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any, Protocol

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Bank, Fact, Question

# New rows go in as multi-row INSERTs of this many facts: a first upload of a 5 MB file
# is tens of thousands of rows, too many to add one ORM object at a time.
INSERT_CHUNK = 1000


class QuestionContent(Protocol):
    """A question as the upsert reads it (read-only, so frozen specs and parsed
    uploads with lists or tuples both fit)."""

    @property
    def key(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def prompt(self) -> str: ...

    @property
    def answer(self) -> str: ...

    @property
    def accepted_variants(self) -> Sequence[str]: ...

    @property
    def choices(self) -> Sequence[str]: ...

    @property
    def explanation(self) -> str: ...

    @property
    def strict(self) -> bool: ...


class FactContent(Protocol):
    """A fact as the upsert reads it, with its questions."""

    @property
    def key(self) -> str: ...

    @property
    def statement(self) -> str: ...

    @property
    def topic(self) -> str: ...

    @property
    def source_ref(self) -> str: ...

    @property
    def source_paragraph(self) -> int | None: ...

    @property
    def tags(self) -> Sequence[str]: ...

    @property
    def questions(self) -> Sequence[QuestionContent]: ...


@dataclass
class UpsertCounts:
    """What an upsert changed, for the summaries the loader and the uploads print."""

    facts_added: int = 0
    facts_updated: int = 0  # its text changed
    facts_retired: int = 0
    questions_added: int = 0
    questions_updated: int = 0
    questions_retired: int = 0
    facts_restored: int = 0  # retired, and back in the content
    questions_restored: int = 0
    facts_moved: int = 0  # only its place in the story changed

    @property
    def changed(self) -> bool:
        return any(getattr(self, counted.name) for counted in fields(self))


def upsert_facts(
    bank: Bank,
    facts: Sequence[FactContent],
    *,
    retire_questions_of_dropped_facts: bool = False,
    advance: Callable[[int], None] | None = None,
    write: bool = True,
) -> UpsertCounts:
    """Make ``bank`` hold exactly ``facts`` (in this order) as its active content.

    With ``retire_questions_of_dropped_facts`` a dropped fact's questions are retired too
    (built-in banks, whose files are the whole truth); a teacher's bank leaves them as they
    were, so restoring a retired fact in the editor brings its questions back with it.
    ``advance(n)`` reports facts done, for progress bars. Without ``write`` nothing is
    changed: the counts say what writing would change (an upload's preview).
    """
    advance = advance or (lambda _n: None)
    counts = UpsertCounts()
    if write:
        db.session.flush()  # a new bank needs its id before facts can point at it
    existing = _facts_by_key(bank)
    fresh: list[tuple[int, FactContent]] = []
    reasked: list[Question] = []
    for position, source in enumerate(facts, start=1):
        fact = existing.pop(source.key, None)
        if fact is None:
            fresh.append((position, source))
            continue
        _count_change(fact, _fact_values(source), counts, "facts", write)
        counts.facts_moved += _changed(fact, {"position": position}, write) and fact.active
        reasked += _upsert_questions(fact, source.questions, counts, write)
        advance(1)
    # The study pages import the teacher's, which import this module: import late.
    from ..study.issued_items import reissue_waiting_items

    reissue_waiting_items(reasked)
    for start in range(0, len(fresh), INSERT_CHUNK):
        chunk = fresh[start : start + INSERT_CHUNK]
        if write:
            _insert_new_facts(bank, chunk, counts)
        else:
            counts.facts_added += len(chunk)
            counts.questions_added += sum(len(source.questions) for _, source in chunk)
        advance(len(chunk))
    for fact in existing.values():
        counts.facts_retired += _retire(fact, write)
        if retire_questions_of_dropped_facts:
            counts.questions_retired += sum(_retire(q, write) for q in fact.questions)
    if write:
        db.session.flush()
    return counts


def _facts_by_key(bank: Bank) -> dict[str, Fact]:
    facts = db.session.scalars(
        select(Fact).where(Fact.bank_id == bank.id).options(selectinload(Fact.questions))
    )
    return {fact.key: fact for fact in facts}


def _fact_values(source: FactContent) -> dict[str, Any]:
    return {
        "statement": source.statement,
        "topic": source.topic,
        "source_ref": source.source_ref,
        "source_paragraph": source.source_paragraph,
        "tags": list(source.tags),
        "active": True,
    }


def _question_values(source: QuestionContent) -> dict[str, Any]:
    return {
        "kind": source.kind,
        "prompt": source.prompt,
        "answer": source.answer,
        "accepted_variants": list(source.accepted_variants),
        "choices": list(source.choices),
        "explanation": source.explanation,
        "strict": source.strict,
        "active": True,
    }


def assign_changed(row: Any, **values: Any) -> bool:
    """Set only the attributes that differ, so an unchanged row is not even marked dirty
    (its ``updated_at`` stays put). Returns whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _changed(row: Any, values: dict[str, Any], write: bool) -> bool:
    """Whether ``values`` change the row; written when ``write``."""
    if write:
        return assign_changed(row, **values)
    return any(getattr(row, name) != value for name, value in values.items())


def _count_change(
    row: Fact | Question, values: dict[str, Any], counts: UpsertCounts, kind: str, write: bool
) -> None:
    """Write ``values`` (which make the row active) and count it as restored when it was
    retired, updated when its content changed; a question moved within its fact counts
    as updated, as before."""
    was_active = row.active
    if not _changed(row, values, write):
        return
    field = f"{kind}_updated" if was_active else f"{kind}_restored"
    setattr(counts, field, getattr(counts, field) + 1)


def _retire(row: Fact | Question, write: bool = True) -> bool:
    if not row.active:
        return False
    if write:
        row.active = False
    return True


def _upsert_questions(
    fact: Fact, sources: Sequence[QuestionContent], counts: UpsertCounts, write: bool
) -> list[Question]:
    """Write the fact's questions; the existing ones whose kind, answer or options changed
    (their items waiting for an answer must be asked again as they now are)."""
    from ..study.issued_items import answered_from  # import late, as ``upsert_facts`` does

    existing = {question.key: question for question in fact.questions}
    reasked: list[Question] = []
    for position, source in enumerate(sources, start=1):
        question = existing.pop(source.key, None)
        values = {**_question_values(source), "position": position}
        if question is None:
            if write:
                fact.questions.append(Question(key=source.key, **values))
            counts.questions_added += 1
            continue
        if write and answered_from(question) != answered_from(source):
            reasked.append(question)
        _count_change(question, values, counts, "questions", write)
    for question in existing.values():
        counts.questions_retired += _retire(question, write)
    return reasked


def _insert_new_facts(
    bank: Bank, fresh: list[tuple[int, FactContent]], counts: UpsertCounts
) -> None:
    """New facts and their questions as two multi-row INSERTs."""
    fact_rows = [
        {"bank_id": bank.id, "key": source.key, "position": position, **_fact_values(source)}
        for position, source in fresh
    ]
    inserted = db.session.execute(insert(Fact).returning(Fact.key, Fact.id), fact_rows)
    ids = {key: fact_id for key, fact_id in inserted}
    question_rows = [
        {
            "fact_id": ids[source.key],
            "key": question.key,
            "position": position,
            **_question_values(question),
        }
        for _, source in fresh
        for position, question in enumerate(source.questions, start=1)
    ]
    if question_rows:
        db.session.execute(insert(Question), question_rows)
    counts.facts_added += len(fact_rows)
    counts.questions_added += len(question_rows)
