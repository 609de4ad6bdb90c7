"""Changing a teacher's own bank in the browser: add, edit, retire and restore.

Nothing is ever deleted: a retired fact or question (``active=False``) is no longer
asked, but every learner's reviews of it stay attached. The same checks as uploads
(``importers.records``) keep every question within the kinds' contracts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func, select

from ..capabilities import NotFound
from ..database import lock_row
from ..extensions import db
from ..fingerprints import fingerprint
from ..importers.records import (
    ParsedFact,
    ParsedQuestion,
    fact_problems,
    fact_statement,
    question_field_problems,
    readable_slug,
)
from ..importers.save import copy_fact, copy_question
from ..models import Bank, Fact, Question
from ..richtext import plain_text
from ..study.issued_items import answered_from, reissue_waiting_items

New = TypeVar("New", Fact, Question)


class EditRefused(ValueError):
    """The change breaks a rule; the message says which, nothing was saved.

    ``by_field``: the messages by the form field each is about (``key``, ``prompt``,
    ``answer``, ``choices``...), when the rule names one; the form shows them there."""

    def __init__(self, message: str, by_field: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.by_field = by_field or {}


class EditedMeanwhile(EditRefused):
    """The fact or question was saved by someone else (another tab, a co-teacher) after
    this form was opened: saving the form would undo that unseen."""


MEANWHILE = (
    "This was saved meanwhile (in another tab, or by a co-teacher), as the bank's page "
    "now shows it; your changes below are not saved yet. Save again to put them in its place."
)


def content_of(row: Fact | Question) -> dict[str, Any]:
    """A fact's or question's stored content, column by column."""
    return {column.key: getattr(row, column.key) for column in type(row).__table__.columns}


def content_version(row: Fact | Question) -> str:
    """A fingerprint of a fact's or question's stored content: the editor's form carries
    the one it was opened with, and a save made meanwhile elsewhere changes it."""
    return fingerprint(content_of(row))


def changed_columns(before: dict[str, Any], row: Fact | Question) -> set[str]:
    """The columns a save changed, so the message after it can name them."""
    after = content_of(row)
    return {key for key, value in after.items() if before.get(key) != value}


def _sentence(problems: list[str]) -> str:
    return "; ".join(problems).capitalize() + "."


def _check(problems: list[str]) -> None:
    if problems:
        raise EditRefused(_sentence(problems))


def _check_question(question: ParsedQuestion) -> None:
    problems = question_field_problems(question)
    if problems:
        fields: dict[str, list[str]] = {}
        for name, message in problems:
            fields.setdefault(name, []).append(message)
        raise EditRefused(
            _sentence([message for _name, message in problems]),
            {name: _sentence(messages) for name, messages in fields.items()},
        )


def add_fact(bank: Bank, source: ParsedFact) -> Fact:
    """Save a new fact; one sent without a key gets one made from its first words (a
    teacher adding facts by hand, as on Quizlet, need not invent keys)."""
    if not source.key.strip():
        taken = set(db.session.scalars(select(Fact.key).where(Fact.bank_id == bank.id)))
        made = readable_slug(plain_text(source.statement), 40) or "fact"
        source.key = free_key(made, taken)
    _check(fact_problems(source))
    # The bank (below, the fact) is locked while its keys are checked: the same form
    # sent twice at once is told its key is taken, not failed on the unique key.
    _hold_bank(bank.id)
    taken = db.session.scalar(
        select(Fact.id).where(Fact.bank_id == bank.id, Fact.key == source.key)
    )
    if taken is not None:
        raise EditRefused(f"This bank already has a fact with the key “{source.key}”.")
    last = db.session.scalar(select(func.max(Fact.position)).where(Fact.bank_id == bank.id))
    fact = Fact(bank_id=bank.id, key=source.key, position=(last or 0) + 1)
    return _insert(fact, source, copy_fact)


def update_fact(fact: Fact, source: ParsedFact, version: str | None = None) -> None:
    """Save the edited fact; with ``version`` (``content_version`` as the form was opened)
    raise ``EditedMeanwhile`` when it has been saved since."""
    _replace(fact, fact.bank_id, source, _check_fact, copy_fact, version)


def _check_fact(fact: ParsedFact) -> None:
    _check(fact_problems(fact))


def add_question(fact: Fact, source: ParsedQuestion) -> Question:
    _check_question(source)
    _hold_bank(fact.bank_id)
    lock_row(Fact.id, fact.id)
    db.session.refresh(fact, ["questions"])  # as they are now, after any other's commit
    if not source.key.strip():  # named after its kind: "typed", "typed-2"...
        source.key = free_key(source.kind, {question.key for question in fact.questions})
    if any(question.key == source.key for question in fact.questions):
        taken = f"This fact already has a question with the key “{source.key}”."
        raise EditRefused(taken, {"key": taken})
    question = Question(
        fact_id=fact.id, key=source.key, position=len(fact.questions) + 1, active=True
    )
    return _insert(question, source, copy_question)


def free_key(wanted: str, taken: set[str]) -> str:
    """``wanted``, else ``wanted-2``, ``wanted-3``...: the first that no row has."""
    numbered = (f"{wanted}-{n}" for n in range(2, len(taken) + 3))
    return next(key for key in (wanted, *numbered) if key not in taken)


def copy_key(fact: Fact, key: str) -> str:
    """A key for a copy of the question ``key`` that no question of ``fact`` has yet:
    "mc-copy", else "mc-copy-2", "mc-copy-3"..."""
    return free_key(f"{key}-copy", {question.key for question in fact.questions})


def update_question(question: Question, source: ParsedQuestion, version: str | None = None) -> None:
    """Save the edited question (``version`` as for ``update_fact``)."""
    bank_id = question.fact.bank_id
    _replace(question, bank_id, source, _check_question, _copy_edit(question), version)


def _copy_edit(question: Question) -> Callable[[Question, ParsedQuestion], None]:
    """``copy_question``, and what the edit changes beyond the question, in the same
    transaction:

    - a fact statement an upload made from this question ("<prompt> — <answer>") is made
      again from the edited one: learners would otherwise meet the old answer on the
      fact's card. A statement the teacher wrote is theirs and stays.
    - items waiting for an answer are given the new options when the kind, the answer
      or the options change (``reissue_waiting_items``)."""
    generated = fact_statement(question.prompt, question.answer)
    before = answered_from(question)

    def copy(target: Question, source: ParsedQuestion) -> None:
        if target.fact.statement == generated:
            target.fact.statement = fact_statement(source.prompt, source.answer)
        copy_question(target, source)
        if answered_from(source) != before:
            reissue_waiting_items([target])

    return copy


def _insert(target: New, source: Any, copy: Callable[[New, Any], None]) -> New:
    """Save a new fact or question, filled from the form's values already checked."""
    copy(target, source)
    db.session.add(target)
    db.session.commit()
    return target


def _replace(
    target: Any,
    bank_id: int,
    source: Any,
    check: Callable[[Any], None],
    copy: Callable[[Any, Any], None],
    version: str | None = None,
) -> None:
    """Overwrite a fact or question with the form's values once they pass the checks
    (``check`` raises ``EditRefused``) and, given the ``version`` the form was opened
    with, once the row is found unchanged since, under its lock (two saves at one moment
    run one after the other).

    The key never changes: learners' history, exports and re-uploads rely on it."""
    source.key = target.key
    check(source)
    _hold_bank(bank_id)
    if version:
        lock_row(type(target).id, target.id)
        db.session.refresh(target)  # as it is now, after any other's commit
        if content_version(target) != version:
            saved_already = _holds_already(target, source, copy)
            db.session.rollback()
            if saved_already:
                return
            raise EditedMeanwhile(MEANWHILE)
    copy(target, source)
    db.session.commit()


def _holds_already(target: Any, source: Any, copy: Callable[[Any, Any], None]) -> bool:
    """Whether the row changed since the form was opened to exactly what the form says:
    the same form saved already (a double click on Save, its page sent again, two tabs
    making one change). Nothing of the form would be lost, so it is no "saved meanwhile"
    refusal, which would tell the teacher their changes are not saved. The copy is made
    to compare; the caller rolls it back."""
    stored = content_version(target)
    copy(target, source)
    return content_version(target) == stored


BANK_DELETED = "This bank was deleted (perhaps in another tab), so nothing was saved."


def _hold_bank(bank_id: int) -> None:
    """Lock the bank's row until the change commits (PostgreSQL), or raise ``NotFound``
    when it is gone. Its deletion (``bank_settings.delete_bank``) locks it first for
    deleting: a change made at that moment waits for it and then finds the bank gone,
    instead of failing on its key (an error page); a deletion that comes later waits for
    the change and deletes it with the rest, instead of failing on the new row."""
    if not lock_row(Bank.id, bank_id):
        db.session.rollback()
        raise NotFound(BANK_DELETED)


def move_fact(fact: Fact, step: int) -> bool:
    """Move the fact one place earlier (``step`` -1) or later (+1) in its bank's order,
    the order learners meet new facts in and every page lists them in; False when it is
    at that end already. The bank's facts are numbered 1, 2, 3... again (positions an
    upload left equal, or with gaps, then order the same way they were shown)."""
    _hold_bank(fact.bank_id)
    order = list(
        db.session.scalars(
            select(Fact).where(Fact.bank_id == fact.bank_id).order_by(Fact.position, Fact.id)
        )
    )
    here = order.index(fact)
    there = here + step
    if not 0 <= there < len(order):
        db.session.commit()
        return False
    order[here], order[there] = order[there], order[here]
    for number, row in enumerate(order, start=1):
        if row.position != number:
            row.position = number
    db.session.commit()
    return True


def set_active(item: Fact | Question, active: bool) -> None:
    """Retire (``False``) or restore (``True``) a fact or question."""
    _hold_bank(item.bank_id if isinstance(item, Fact) else item.fact.bank_id)
    item.active = active
    db.session.commit()
