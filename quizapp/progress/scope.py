"""Whose progress is shown, over which banks, and from when: the learner's own, or one
class's.

A learner looks at everything they may study, and at all of their own past work, on
banks they no longer see too (a class left, a bank taken off it): what they did stays
theirs. A teacher looking at a student sees only the banks assigned to that class, never
what the student does elsewhere.

A fact counts while the study session can serve it: active, with an active question. A
fact whose questions were all retired counts nowhere, as a retired fact.

A class's own figures (roster, facts forgotten, item analysis, exports) count what each
student did as a member: their rows from the moment they joined (``Enrollment.joined_at``),
never their private practice before. Removing a student deletes their enrolment, so
someone who rejoins counts from the new join. The (user, time) indexes of answers and
quiz attempts read each member's rows from their join on, so this costs nothing extra.

One exception, for quiz attempts: a quiz the class set (started from one of its
assignments) is the class's work whenever it began, once it is finished as a member (or
is still going). A student taken off a class mid-quiz and let back in (with the code, or
by their next launch from the LMS, which resumes the quiz) finishes the class's quiz as a
member: a teacher expects it in the class's quiz figures, as the LMS gradebook gets it.
A quiz set by the class and finished before the (latest) join stays out, as the rest of
a first membership does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, exists, select, true
from sqlalchemy.orm import InstrumentedAttribute

from ..banks.access import visible_bank_ids
from ..models import Assignment, Classroom, Enrollment, Fact, Question, QuizAttempt, User

Query = TypeVar("Query", bound=Select[*tuple[Any, ...]])
UserColumn = ColumnElement[int] | InstrumentedAttribute[int]
MomentColumn = ColumnElement[datetime] | InstrumentedAttribute[datetime]
OptionalMomentColumn = MomentColumn | InstrumentedAttribute[datetime | None]


class Learners(Protocol):
    """Whose rows a figure counts (answers, memory states, quiz attempts)."""

    def keep(self, query: Query, user: UserColumn, moment: OptionalMomentColumn) -> Query:
        """``query`` limited to these learners' rows; ``moment`` is when a row happened."""
        ...

    def keep_attempts(self, query: Query) -> Query:
        """``query`` (over ``QuizAttempt``) limited to these learners' attempts."""
        ...


@dataclass(frozen=True)
class OneLearner:
    """One learner's rows, all of them (their own page, their own data)."""

    user_id: int

    def keep(self, query: Query, user: UserColumn, moment: OptionalMomentColumn) -> Query:
        return query.where(user == self.user_id)

    def keep_attempts(self, query: Query) -> Query:
        return query.where(QuizAttempt.user_id == self.user_id)


@dataclass(frozen=True)
class ClassMembers:
    """A class's students, each from the moment they joined it.

    A join, not ``IN``: each enrolment's own ``joined_at`` bounds its student's range of
    the (user, time) index, so PostgreSQL reads only the rows made as a member."""

    classroom_id: int

    def keep(self, query: Query, user: UserColumn, moment: OptionalMomentColumn) -> Query:
        return query.join(Enrollment, self._member(user)).where(moment >= Enrollment.joined_at)

    def keep_attempts(self, query: Query) -> Query:
        """Attempts started since the join, and the class's own quizzes finished since
        it or still going (see the module's docstring)."""
        set_by_class = QuizAttempt.assignment_id.in_(
            select(Assignment.id).where(Assignment.classroom_id == self.classroom_id)
        )
        as_member = QuizAttempt.finished_at.is_(None) | (
            QuizAttempt.finished_at >= Enrollment.joined_at
        )
        return query.join(Enrollment, self._member(QuizAttempt.user_id)).where(
            (QuizAttempt.started_at >= Enrollment.joined_at) | (set_by_class & as_member)
        )

    def _member(self, user: UserColumn) -> ColumnElement[bool]:
        return (Enrollment.classroom_id == self.classroom_id) & (Enrollment.student_id == user)


@dataclass(frozen=True)
class Scope:
    user: User
    bank_ids: Select[int]
    # Set when a teacher looks at a student of a class: the page marks what the class's
    # own figures leave out (work before joining).
    classroom: ClassMembers | None = None
    # The learner's own page: past figures (answers, streak, quizzes) cover all of their
    # work, on banks they no longer see too; ``bank_ids`` bounds what is ahead of them.
    whole_past: bool = False
    # The time zone a page's date range is read in: the viewer's. A teacher reads a
    # student's page in their own dates, as the roster linking it and the downloads do.
    range_zone: str | None = None

    @property
    def dates_zone(self) -> str:
        """The zone the page's "from" and "to" dates are days of."""
        return self.range_zone or self.user.time_zone

    @property
    def fact_ids(self) -> Select[int]:
        return active_fact_ids(self.bank_ids)

    @property
    def past_fact_ids(self) -> Select[int] | None:
        """The facts whose answers past figures count; None: every fact."""
        return None if self.whole_past else self.fact_ids

    @property
    def past_bank_ids(self) -> Select[int] | None:
        """The banks whose quizzes past figures count; None: every bank."""
        return None if self.whole_past else self.bank_ids


def active_fact_ids(bank_ids: Select[int]) -> Select[int]:
    """The facts of these banks the study session can serve: active, with an active
    question (retired facts, and facts whose questions all were, no longer count)."""
    return select(Fact.id).where(
        Fact.bank_id.in_(bank_ids),
        Fact.active.is_(True),
        exists().where(Question.fact_id == Fact.id, Question.active == true()),
    )


def class_bank_ids(classroom: Classroom) -> Select[int]:
    return select(Assignment.bank_id).where(Assignment.classroom_id == classroom.id)


def learner_scope(user: User) -> Scope:
    """Every bank the learner may see (built-in, their own, their classes'), and all of
    their own past."""
    return Scope(user, visible_bank_ids(user), whole_past=True)


def class_scope(student: User, classroom: Classroom, viewer_zone: str | None = None) -> Scope:
    """One student's page seen by their teacher: the class's banks, over the student's
    whole history (before joining too); the class's own figures count from joining. The
    page's dates are days in ``viewer_zone`` (the teacher's)."""
    return Scope(
        student, class_bank_ids(classroom), ClassMembers(classroom.id), range_zone=viewer_zone
    )
