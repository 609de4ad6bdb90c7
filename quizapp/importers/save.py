"""Saving a parsed question set into a teacher's bank: all of it in one transaction, or nothing.

Banks are keyed on the teacher and a slug made from the bank's name (by default the
file name), facts on their keys within the bank and questions on their keys within the
fact, so uploading the same file again updates in place. Facts and questions the new
file no longer has are retired (``active=False``), never deleted, so learners' history
stays attached to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Bank, Fact, Question, User
from .records import ParsedFact, ParsedQuestion, ParsedSet, slugify

INSERT_CHUNK = 1000


class ImportRefused(Exception):
    """The set cannot be saved; nothing was changed. The message is for the teacher."""


@dataclass
class SaveSummary:
    bank: Bank
    created: bool
    facts: int
    questions: int
    retired: int

    def __str__(self) -> str:
        verb = "Created" if self.created else "Updated"
        text = f"{verb} “{self.bank.title}”: {self.facts} facts, {self.questions} questions"
        return text + (f", {self.retired} retired." if self.retired else ".")


def bank_slug(owner: User, name: str) -> str:
    """A teacher's bank slug: the name's slug plus the owner, unique across teachers."""
    return f"{slugify(name, 80)}-t{owner.id}"


def bank_title_from_filename(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    for suffix in (".txt", ".csv", ".tsv", ".json", ".gift"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    title = stem.replace("_", " ").replace("-", " ").strip()[:200] or "Uploaded questions"
    return title[0].upper() + title[1:]


def copy_question(target: Question, source: ParsedQuestion) -> None:
    target.kind = source.kind
    target.prompt = source.prompt
    target.answer = source.answer
    target.accepted_variants = list(source.accepted_variants)
    target.choices = list(source.choices)
    target.explanation = source.explanation


def copy_fact(target: Fact, source: ParsedFact) -> None:
    target.statement = source.statement
    target.topic = source.topic
    target.source_ref = source.source_ref
    target.source_paragraph = source.source_paragraph


def save_question_set(
    parsed: ParsedSet,
    owner: User,
    name: str,
    on_progress: Callable[[int], None] | None = None,
) -> SaveSummary:
    """Create or update the owner's bank called ``name`` from ``parsed``, in one transaction."""
    if parsed.errors:
        raise ImportRefused(f"The file has {len(parsed.errors)} problem(s); nothing was saved.")
    try:
        summary = _save(parsed, owner, name, on_progress or (lambda _: None))
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        raise ImportRefused("The set could not be saved; nothing was changed.") from error
    except ImportRefused:
        db.session.rollback()
        raise
    return summary


def _bank_for(owner: User, name: str, parsed: ParsedSet) -> tuple[Bank, bool]:
    slug = bank_slug(owner, name)
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
    if bank is not None and bank.owner_id != owner.id:
        raise ImportRefused(f"The name “{name}” is taken; choose another bank name.")
    created = bank is None
    if bank is None:
        bank = Bank(slug=slug, title=name[:200], owner_id=owner.id)
        db.session.add(bank)
    bank.title = (parsed.title or name)[:200]
    bank.description = parsed.description or bank.description or ""
    for field, value in parsed.source.items():
        setattr(bank, field, value)
    db.session.flush()
    return bank, created


def _save(
    parsed: ParsedSet, owner: User, name: str, on_progress: Callable[[int], None]
) -> SaveSummary:
    bank, created = _bank_for(owner, name, parsed)
    existing = {
        fact.key: fact
        for fact in db.session.scalars(
            select(Fact).where(Fact.bank_id == bank.id).options(selectinload(Fact.questions))
        )
    }
    fresh: list[tuple[int, ParsedFact]] = []
    for position, source in enumerate(parsed.facts, 1):
        fact = existing.get(source.key)
        if fact is None:
            fresh.append((position, source))
            continue
        copy_fact(fact, source)
        fact.position, fact.active = position, True
        _save_questions(fact, source.questions)
        on_progress(1)
    for start in range(0, len(fresh), INSERT_CHUNK):
        _insert_new_facts(bank, fresh[start : start + INSERT_CHUNK])
        on_progress(len(fresh[start : start + INSERT_CHUNK]))
    seen = {source.key for source in parsed.facts}
    retired = 0
    for key, fact in existing.items():
        if key not in seen and fact.active:
            fact.active = False
            retired += 1
    db.session.flush()
    return SaveSummary(bank, created, len(parsed.facts), len(parsed.questions), retired)


def _insert_new_facts(bank: Bank, fresh: list[tuple[int, ParsedFact]]) -> None:
    """New facts and their questions as two multi-row INSERTs: a first upload of a
    5 MB file is tens of thousands of rows, too many to add one ORM object at a time."""
    fact_rows = [
        {
            "bank_id": bank.id,
            "key": source.key,
            "statement": source.statement,
            "topic": source.topic,
            "source_ref": source.source_ref,
            "source_paragraph": source.source_paragraph,
            "position": position,
            "active": True,
        }
        for position, source in fresh
    ]
    inserted = db.session.execute(insert(Fact).returning(Fact.key, Fact.id), fact_rows)
    ids = {key: fact_id for key, fact_id in inserted}
    question_rows = [
        {
            "fact_id": ids[source.key],
            "key": question.key,
            "kind": question.kind,
            "prompt": question.prompt,
            "answer": question.answer,
            "accepted_variants": list(question.accepted_variants),
            "choices": list(question.choices),
            "explanation": question.explanation,
            "position": number,
            "active": True,
        }
        for _, source in fresh
        for number, question in enumerate(source.questions, 1)
    ]
    if question_rows:
        db.session.execute(insert(Question), question_rows)


def _save_questions(fact: Fact, sources: list[ParsedQuestion]) -> None:
    by_key = {question.key: question for question in fact.questions}
    keep = set()
    for position, source in enumerate(sources, 1):
        question = by_key.get(source.key)
        if question is None:
            question = Question(key=source.key)
            fact.questions.append(question)
        copy_question(question, source)
        question.position, question.active = position, True
        keep.add(source.key)
    for key, question in by_key.items():
        if key not in keep:
            question.active = False
