"""Scored quizzes: a fixed set of auto-graded questions drawn across a bank's facts.

Starting a quiz on a bank (or from a class assignment) resumes the learner's unfinished
attempt there if one exists; otherwise it draws up to N facts at random, asks each in
the form the ladder picks (auto-graded forms only), and issues every item at once so
the set, its order and its shuffles are fixed for the whole attempt. Answers go through
the same one-time tokens as study answers and also count as reviews for the scheduler.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Select, distinct, exists, func, select, update
from sqlalchemy.orm import selectinload

from ..capabilities import NotFound
from ..database import lock_row
from ..extensions import db
from ..grading import AUTO_GRADED_KINDS, Outcome, judge_answer
from ..models import (
    Assignment,
    Bank,
    Classroom,
    Enrollment,
    Fact,
    IssuedItem,
    MemoryState,
    Question,
    QuestionKind,
    QuizAttempt,
    Review,
    User,
)
from .issued_items import new_item, question_for_fact, todays_steps
from .wording import verdict

DEFAULT_QUIZ_SIZE = 10
MAX_QUIZ_SIZE = 200  # the most a teacher's assignment may ask for
QUIZ_LENGTHS = (5, 10, 20)  # offered to learners, with "all the bank's facts"


ACCOUNT_DELETED = "This account was deleted (perhaps in another tab), so no quiz was started."


class QuizRefused(ValueError):
    """A quiz that cannot start, with a message for the learner."""


def unfinished_attempt(user: User, bank: Bank, assignment: Assignment | None) -> QuizAttempt | None:
    assignment_match = (
        QuizAttempt.assignment_id.is_(None)
        if assignment is None
        else QuizAttempt.assignment_id == assignment.id
    )
    return db.session.scalar(
        select(QuizAttempt)
        .where(
            QuizAttempt.user_id == user.id,
            QuizAttempt.bank_id == bank.id,
            assignment_match,
            QuizAttempt.finished_at.is_(None),
        )
        .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class QuizLength:
    """One choice of quiz length a learner is offered for a bank."""

    size: int
    label: str
    default: bool


def quiz_lengths(fact_count: int, preferred: int = DEFAULT_QUIZ_SIZE) -> list[QuizLength]:
    """5, 10 and 20 questions where the bank has more facts than that, then "All N".

    ``preferred`` is checked when offered (the last length chosen); else 10, else all."""
    if fact_count <= 0:
        return []
    everything = min(fact_count, MAX_QUIZ_SIZE)
    sizes = [size for size in QUIZ_LENGTHS if size < everything] + [everything]
    chosen = preferred if preferred in sizes else min(DEFAULT_QUIZ_SIZE, everything)
    if chosen not in sizes:
        chosen = everything
    return [
        QuizLength(size, f"All {size}" if size == everything else str(size), size == chosen)
        for size in sizes
    ]


def quizzable_fact_counts(bank_ids: Select[int] | list[int]) -> dict[int, int]:
    """How many facts of each bank a quiz can ask (active, with an auto-graded question)."""
    rows = db.session.execute(
        select(Fact.bank_id, func.count(distinct(Fact.id)))
        .join(Question, Question.fact_id == Fact.id)
        .where(
            Fact.bank_id.in_(bank_ids),
            Fact.active.is_(True),
            Question.active.is_(True),
            Question.kind.in_(sorted(AUTO_GRADED_KINDS)),
        )
        .group_by(Fact.bank_id)
    )
    return {bank_id: count for bank_id, count in rows}


def assigned_quiz_sizes(assignments: list[Assignment]) -> dict[int, int]:
    """How many questions a new attempt of each class quiz asks: its size (one set
    without a size, ``MAX_QUIZ_SIZE``), or fewer when the bank can ask fewer now (facts
    retired since it was set), so the "Start quiz (3 questions)" a learner is shown is
    the quiz they get."""
    quizzes = [assignment for assignment in assignments if assignment.as_quiz]
    if not quizzes:
        return {}
    askable = quizzable_fact_counts(sorted({assignment.bank_id for assignment in quizzes}))
    return {
        assignment.id: min(_assigned_size(assignment) or 0, askable.get(assignment.bank_id, 0))
        for assignment in quizzes
    }


def _draw_questions(
    user: User, bank: Bank, size: int, now: datetime, rng: random.Random
) -> list[Question]:
    facts = db.session.scalars(
        select(Fact)
        .where(Fact.bank_id == bank.id, Fact.active.is_(True))
        .options(selectinload(Fact.questions))
        .order_by(Fact.position, Fact.id)
    ).all()
    states = {
        state.fact_id: state
        for state in db.session.scalars(
            select(MemoryState).where(
                MemoryState.user_id == user.id,
                MemoryState.fact_id.in_([fact.id for fact in facts]),
            )
        )
    }
    askable = [
        fact
        for fact in facts
        if any(q.active and q.kind in AUTO_GRADED_KINDS for q in fact.questions)
    ]
    drawn = rng.sample(askable, min(size, len(askable)))
    today = todays_steps(user, [fact.id for fact in drawn], now)
    chosen = (
        question_for_fact(
            user,
            fact.questions,
            states.get(fact.id),
            today.get(fact.id),
            allowed_kinds=AUTO_GRADED_KINDS,
        )
        for fact in drawn
    )
    return [question for question in chosen if question is not None]


def _assigned_size(assignment: Assignment | None) -> int | None:
    """The size a class quiz was set with; one set without a size asks every question of
    the bank (up to ``MAX_QUIZ_SIZE``), as the assign form says."""
    if assignment is None:
        return None
    return assignment.quiz_size or MAX_QUIZ_SIZE


def start_or_resume_quiz(
    user: User,
    bank: Bank,
    assignment: Assignment | None,
    size: int | None,
    now: datetime,
    rng: random.Random | None = None,
) -> tuple[QuizAttempt, bool]:
    """(attempt, resumed): the unfinished attempt on this bank, or a new one of ``size``
    questions (else the assignment's size, every question for one set without a size;
    else DEFAULT_QUIZ_SIZE), one per fact.

    The learner's row is locked first (``lock_row``): the same start sent twice at once
    (a double click) then starts one quiz, and the second resumes it. An account deleted
    meanwhile (in another tab) starts nothing: the lock waited for the deletion."""
    if not lock_row(User.id, user.id):  # no rollback: the page still shows the user's name
        raise NotFound(ACCOUNT_DELETED)
    existing = unfinished_attempt(user, bank, assignment)
    if existing is not None:
        return existing, True
    wanted = size or _assigned_size(assignment) or DEFAULT_QUIZ_SIZE
    wanted = min(max(wanted, 1), MAX_QUIZ_SIZE)
    rng = rng or random.Random()
    questions = _draw_questions(user, bank, wanted, now, rng)
    if not questions:
        raise QuizRefused("This bank has no questions the app can mark yet.")
    attempt = QuizAttempt(
        user_id=user.id,
        bank_id=bank.id,
        assignment_id=assignment.id if assignment else None,
        question_ids=[question.id for question in questions],
        started_at=now,
        score=0.0,
        max_score=float(len(questions)),
    )
    db.session.add(attempt)
    db.session.flush()
    for question in questions:
        db.session.add(new_item(user, question, now, attempt_id=attempt.id, rng=rng))
    db.session.commit()
    return attempt, False


def attempt_for_user_or_404(user: User, attempt_id: int) -> QuizAttempt:
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != user.id:
        raise NotFound
    return attempt


# What a student taken off a class is told about the class quiz they had begun.
LEFT_CLASS_QUIZ = (
    "You are no longer in {name}, so this quiz no longer counts for the class: you can"
    " finish it as your own practice. Every answer you give is kept in your quiz history."
)
NOW_PRACTICE = (
    "You are no longer in the class that set this quiz, so it now counts as your own"
    " practice. Your answers are kept in your quiz history."
)


def _member_of_its_class(user_id: int) -> Any:
    """True where the attempt's assignment is on a class ``user_id`` is enrolled in."""
    return exists().where(
        Assignment.id == QuizAttempt.assignment_id,
        Enrollment.classroom_id == Assignment.classroom_id,
        Enrollment.student_id == user_id,
    )


def class_left(attempt: QuizAttempt) -> str | None:
    """The name of the class that set this unfinished quiz if its student is no longer
    in it (taken off by the teacher), else None: the quiz page says so before the next
    answer makes it their own practice (``practice_if_removed``)."""
    if attempt.assignment_id is None or attempt.finished_at is not None:
        return None
    return db.session.scalar(
        select(Classroom.name)
        .join(Assignment, Assignment.classroom_id == Classroom.id)
        .where(Assignment.id == attempt.assignment_id, ~_member_of_its_class(attempt.user_id))
    )


def practice_if_removed(attempt_id: int, user: User) -> bool:
    """Make the learner's unfinished class quiz their own practice if they are no longer
    in the class that set it; True when this call did. In the answer's transaction.

    Why not refuse the answer: the teacher ended the membership, so the class's figures
    and its LMS gradebook must not get the score, but the learner's answers still train
    their memory and are theirs to keep. Letting go of the assignment, as a quiz taken
    off the class does (``deletion.keep_quiz_attempts``), does both: the attempt finishes
    as a private quiz, and nothing they typed is lost."""
    return (
        change_unfinished_attempt(
            attempt_id,
            user,
            {"assignment_id": None},
            QuizAttempt.assignment_id.is_not(None),
            ~_member_of_its_class(user.id),
        )
        == 1
    )


def change_unfinished_attempt(
    attempt_id: int, user: User, values: dict[str, Any], *conditions: ColumnElement[bool]
) -> int:
    """Set ``values`` on the learner's own attempt while it is unfinished (and meets
    ``conditions``): 1 if it did, 0 if not. One guarded UPDATE, so a finished quiz, or
    someone else's, is never changed whatever the request believed when it began."""
    result = db.session.execute(
        update(QuizAttempt)
        .where(
            QuizAttempt.id == attempt_id,
            QuizAttempt.user_id == user.id,
            QuizAttempt.finished_at.is_(None),
            *conditions,
        )
        .values(values)
        .execution_options(synchronize_session=False)
    )
    return cast("CursorResult[Any]", result).rowcount


@dataclass(frozen=True)
class QuizProgress:
    item: IssuedItem | None  # the next question to answer; None when all are answered
    number: int  # 1-based position of that question
    total: int


def quiz_progress(attempt: QuizAttempt) -> QuizProgress:
    """The next unanswered question of the attempt, in the attempt's fixed order."""
    items = db.session.scalars(
        select(IssuedItem)
        .where(IssuedItem.attempt_id == attempt.id)
        .options(selectinload(IssuedItem.question))
    ).all()
    by_question = {item.question_id: item for item in items}
    total = len(attempt.question_ids)
    for number, question_id in enumerate(attempt.question_ids, start=1):
        item = by_question.get(question_id)
        if item is not None and item.used_at is None:
            return QuizProgress(item, number, total)
    return QuizProgress(None, total, total)


@dataclass(frozen=True)
class ResultRow:
    question: Question
    review: Review | None  # None if never answered

    @property
    def right(self) -> bool:
        """Counted in the score (an "almost" is right)."""
        return self.review is not None and self.review.correct

    @property
    def verdict(self) -> tuple[str, str]:
        """(css class, words) of the answer. The grader says whether a right typed answer
        was "almost" (one letter off): its Hard rating cannot, as a right answer on a fact
        never taught rates Hard too."""
        review = self.review
        if review is None:
            return "bad", "Not answered"
        almost = (
            review.correct
            and self.question.kind in (QuestionKind.TYPED, QuestionKind.CLOZE)
            and judge_answer(self.question, review.response).outcome is Outcome.ALMOST
        )
        return verdict(self.question.kind, review.correct, review.rating, almost=almost)


@dataclass(frozen=True)
class QuizReport:
    """A finished attempt as the results page tells it: score first, then what to learn."""

    score: int
    max_score: int
    wrong: list[ResultRow]  # wrong or unanswered, in the quiz's order
    right: list[ResultRow]

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0

    @property
    def tone(self) -> str:
        """good from 80 %, warn from 50 %, else bad: the colour of the percentage badge."""
        return "good" if self.percent >= 80 else "warn" if self.percent >= 50 else "bad"


def quiz_report(attempt: QuizAttempt) -> QuizReport:
    rows = quiz_results(attempt)
    return QuizReport(
        score=round(attempt.score),
        max_score=round(attempt.max_score),
        wrong=[row for row in rows if not row.right],
        right=[row for row in rows if row.right],
    )


def quiz_results(attempt: QuizAttempt) -> list[ResultRow]:
    """Each question of the attempt in order, with the answer the learner gave. The facts
    come with the questions: checking a right typed answer again (was it "almost"?) reads
    its fact's statement, one statement per question otherwise."""
    questions = {
        question.id: question
        for question in db.session.scalars(
            select(Question)
            .where(Question.id.in_(attempt.question_ids))
            .options(selectinload(Question.fact))
        )
    }
    reviews = {
        review.question_id: review
        for review in db.session.scalars(select(Review).where(Review.attempt_id == attempt.id))
    }
    return [
        ResultRow(questions[question_id], reviews.get(question_id))
        for question_id in attempt.question_ids
        if question_id in questions
    ]


def recent_attempts(user: User, limit: int = 20) -> list[QuizAttempt]:
    """The learner's latest quizzes, with the class that set each one (a class quiz, not
    practice) loaded for the list to name."""
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user.id)
            .options(
                selectinload(QuizAttempt.bank),
                selectinload(QuizAttempt.assignment).selectinload(Assignment.classroom),
            )
            .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class AssignedQuizStatus:
    """Where a learner stands with a quiz their class assigned, for their home page."""

    best: QuizAttempt | None  # the best finished attempt: highest share right, then latest
    unfinished: bool  # an attempt started and not finished ("Start" resumes it)


def assigned_quiz_status(user: User, assignment_ids: list[int]) -> dict[int, AssignedQuizStatus]:
    """The learner's status on each of these assigned quizzes (one SELECT); a quiz they
    never started has none. Without it their home page offered "Start quiz" for a quiz
    already taken, with no word of its score."""
    if not assignment_ids:
        return {}
    attempts = db.session.scalars(
        select(QuizAttempt).where(
            QuizAttempt.user_id == user.id, QuizAttempt.assignment_id.in_(assignment_ids)
        )
    )
    by_assignment: dict[int, list[QuizAttempt]] = {}
    for attempt in attempts:
        by_assignment.setdefault(cast(int, attempt.assignment_id), []).append(attempt)
    return {
        assignment_id: AssignedQuizStatus(
            best=max(
                (a for a in taken if a.finished_at is not None),
                key=lambda a: (a.score / a.max_score if a.max_score else 0.0, a.finished_at),
                default=None,
            ),
            unfinished=any(a.finished_at is None for a in taken),
        )
        for assignment_id, taken in by_assignment.items()
    }
