"""The home page's view model: one composer gathers what each area shows there.

The student home shows where to study (study), today's figures (progress) and class
assignments (teach); the teacher home shows their classes and banks. The home route
builds the model once and the templates only render it, so no query runs from a
template and other pages pay for none of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..banks.access import owned_banks, visible_banks
from ..models import Assignment, Bank, User
from ..progress.learner import Today, today_summary
from ..progress.scope import learner_scope
from ..study.quizzes import AssignedQuizStatus, assigned_quiz_status
from ..teach.classes import (
    ClassroomSummary,
    archived_classroom_count,
    student_assignments,
    teacher_classrooms,
)


@dataclass(frozen=True)
class StudentHome:
    banks: list[Bank]  # where to start studying, bank by bank
    today: Today  # due, new facts left, streak
    assignments: list[Assignment]  # from the learner's classes
    quiz_status: dict[int, AssignedQuizStatus]  # by assignment: the quizzes started
    overdue: frozenset[int]  # assigned quizzes past their due date and not finished


@dataclass(frozen=True)
class TeacherHome:
    classes: list[ClassroomSummary]  # the current ones
    archived: int  # how many archived classes the teacher has, behind a link
    banks: list[Bank]  # the teacher's own banks
    # Classes the account learns in (a teaching assistant an LMS enrolled as a Learner of
    # another course): their assignments, as a student's home lists them.
    assignments: list[Assignment]
    quiz_status: dict[int, AssignedQuizStatus]
    overdue: frozenset[int]


def _assignments(user: User) -> tuple[list[Assignment], dict[int, AssignedQuizStatus]]:
    """The assignments of the classes ``user`` learns in, and where they stand on its
    quizzes."""
    assignments = student_assignments(user)
    quizzes = [assignment.id for assignment in assignments if assignment.as_quiz]
    return assignments, assigned_quiz_status(user, quizzes)


def overdue_quizzes(
    assignments: list[Assignment], status: dict[int, AssignedQuizStatus], now: datetime
) -> frozenset[int]:
    """Assigned quizzes whose due date has passed with no finished attempt: said in words
    ("Overdue", as Moodle does), since a past date beside "Start quiz" reads as one to come.
    A quiz finished, even late, is done; the teacher's pages show when."""
    return frozenset(
        assignment.id
        for assignment in assignments
        if assignment.as_quiz
        and assignment.due_at is not None
        and assignment.due_at < now
        and getattr(status.get(assignment.id), "best", None) is None
    )


def student_home(user: User, now: datetime) -> StudentHome:
    assignments, quiz_status = _assignments(user)
    return StudentHome(
        banks=visible_banks(user),
        today=today_summary(learner_scope(user), now),
        assignments=assignments,
        quiz_status=quiz_status,
        overdue=overdue_quizzes(assignments, quiz_status, now),
    )


def teacher_home(user: User, now: datetime) -> TeacherHome:
    assignments, quiz_status = _assignments(user)
    return TeacherHome(
        classes=teacher_classrooms(user),
        archived=archived_classroom_count(user),
        banks=owned_banks(user),
        assignments=assignments,
        quiz_status=quiz_status,
        overdue=overdue_quizzes(assignments, quiz_status, now),
    )
