"""A teacher's own bank as a whole: its name and description, and deleting it.

Renaming changes only what people read: the bank keeps its address (slug), so links,
exports and uploading the same file again still find it. Deleting is for a bank nobody
else has used yet (a wrong file, a test upload): once a class has it or another learner
has studied it, deleting would take their answers, memory and quiz marks with it, which
nothing here may do, so the teacher is told what stands in the way and what to do
instead (take it off the classes; retire its facts, which keeps every answer).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, union

from ..database import lock_row
from ..date_text import counted
from ..extensions import db
from ..importers.save import free_bank_slug, owned_bank_named
from ..lti.models import LtiScore
from ..models import (
    AnonymousAttempt,
    Assignment,
    Bank,
    BankImport,
    Classroom,
    Fact,
    IssuedItem,
    Media,
    MemoryState,
    Question,
    QuizAttempt,
    Review,
    User,
)
from ..name_keys import by_name


@dataclass(frozen=True)
class DeletionBlockers:
    """Why a bank cannot be deleted now: the classes that have it, how many other
    learners have studied it, and whether deleted accounts' marks still count on it."""

    class_names: list[str]
    other_learners: int
    anonymous_marks: bool

    def __bool__(self) -> bool:
        return bool(self.class_names or self.other_learners or self.anonymous_marks)

    def reasons(self) -> list[str]:
        """Each obstacle as a sentence that says what to do about it."""
        found = []
        if self.class_names:
            names = ", ".join(self.class_names)
            found.append(f"It is assigned to {names}. Take it off those classes first.")
        if self.other_learners:
            has = "has" if self.other_learners == 1 else "have"
            learners = f"{counted(self.other_learners, 'learner')} {has}"
            found.append(
                f"{learners} studied it, and deleting it would erase their answers and"
                " memory. Retire its facts instead: they leave study and every answer is kept."
            )
        if self.anonymous_marks:
            found.append("Quiz marks of a class are kept on it.")
        return found


def create_bank(owner: User, title: str, description: str) -> tuple[Bank, bool]:
    """The teacher's new, empty bank (to fill in the editor, as Quizlet's "Create a set"),
    and True; or, when they already own a bank of that name (the form sent twice, or a
    name they forgot they used), that bank and False: an upload of that name would update
    only one of two, and the list could not tell them apart. The teacher's row is locked
    while checking, so two sendings at one moment make one bank."""
    title = " ".join(title.split())[:200]
    lock_row(User.id, owner.id)
    same = owned_bank_named(owner, title)
    if same is not None:
        db.session.commit()
        return same, False
    bank = Bank(
        slug=free_bank_slug(owner, title),
        title=title,
        description=description.strip(),
        owner_id=owner.id,
    )
    db.session.add(bank)
    db.session.commit()
    return bank, True


def rename_bank(bank: Bank, title: str, description: str) -> None:
    """Give the bank the name and description the teacher typed (already validated)."""
    bank.title = title.strip()
    bank.description = description.strip()
    db.session.commit()


def deletion_blockers(bank: Bank) -> DeletionBlockers:
    """What stops ``bank`` from being deleted without losing anyone else's work."""
    classes = db.session.scalars(
        select(Classroom.name)
        .join(Assignment, Assignment.classroom_id == Classroom.id)
        .where(Assignment.bank_id == bank.id)
        .distinct()
    )
    facts = select(Fact.id).where(Fact.bank_id == bank.id)
    learners = union(
        select(MemoryState.user_id).where(MemoryState.fact_id.in_(facts)),
        select(Review.user_id).where(Review.fact_id.in_(facts)),
        select(QuizAttempt.user_id).where(QuizAttempt.bank_id == bank.id),
    ).subquery()
    others = db.session.scalar(
        select(func.count()).select_from(learners).where(learners.c.user_id != bank.owner_id)
    )
    anonymous = db.session.scalar(
        select(AnonymousAttempt.id).where(AnonymousAttempt.bank_id == bank.id).limit(1)
    )
    return DeletionBlockers(by_name(classes, str), others or 0, anonymous is not None)


class BankDeletionRefused(ValueError):
    """The bank is in use; ``blockers`` says how."""

    def __init__(self, blockers: DeletionBlockers) -> None:
        super().__init__(" ".join(blockers.reasons()))
        self.blockers = blockers


def _wait_for_study_in_flight(bank: Bank) -> None:
    """Let answers to the bank's cards that are on their way finish before the check of
    who studied it, and hold back new ones (PostgreSQL; SQLite's write lock already runs
    them one after the other). A student may still answer a card of a bank taken off
    their class: that answer then stops the deletion, as it would a moment later.

    Without it the check ran before the answer was stored, and the deletion erased it.
    The bank's items are locked first, as an answer locks the item it claims before it
    writes anything else; then its facts, for deleting: every answer, memory and card
    written points at a fact, and is waited for, or waits for the deletion (and then
    finds its card gone)."""
    facts = select(Fact.id).where(Fact.bank_id == bank.id)
    db.session.execute(select(IssuedItem.id).where(IssuedItem.fact_id.in_(facts)).with_for_update())
    db.session.execute(facts.with_for_update())


def _refuse_if_in_use(bank: Bank) -> None:
    blockers = deletion_blockers(bank)
    if blockers:
        db.session.rollback()
        raise BankDeletionRefused(blockers)


def delete_bank(bank: Bank) -> None:
    """Delete ``bank`` with its facts, questions, images, import history and its owner's
    own practice on it, in one transaction; refused (nothing changed) if it is in use.

    The bank's row is locked first and the check made again under the lock, so a class
    assigned it a moment ago is seen and the deletion refused."""
    lock_row(Bank.id, bank.id, deleting=True)
    _refuse_if_in_use(bank)  # at once, before locking the cards of everyone who studied it
    _wait_for_study_in_flight(bank)
    _refuse_if_in_use(bank)
    delete_bank_rows(bank.id)
    db.session.commit()


def delete_bank_rows(bank_id: int) -> None:
    """Delete the bank's row and every row that hangs on it, in the caller's transaction
    (which has checked that it may: ``delete_bank``, ``flask demo remove``)."""
    facts = select(Fact.id).where(Fact.bank_id == bank_id)
    attempts = select(QuizAttempt.id).where(QuizAttempt.bank_id == bank_id)
    for statement in (
        delete(LtiScore).where(LtiScore.attempt_id.in_(attempts)),
        delete(IssuedItem).where(IssuedItem.fact_id.in_(facts)),
        delete(Review).where(Review.fact_id.in_(facts)),
        delete(QuizAttempt).where(QuizAttempt.bank_id == bank_id),
        delete(MemoryState).where(MemoryState.fact_id.in_(facts)),
        delete(Question).where(Question.fact_id.in_(facts)),
        delete(Fact).where(Fact.bank_id == bank_id),
        delete(Media).where(Media.bank_id == bank_id),
        delete(BankImport).where(BankImport.bank_id == bank_id),
        delete(Bank).where(Bank.id == bank_id),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))
