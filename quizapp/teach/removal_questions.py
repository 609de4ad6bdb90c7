"""What a removal (or an archiving) asks before it happens: who goes, what they lose,
what stays.

A class page's "Remove…" (a student, a co-teacher, an assignment), "Stop co-teaching
this class…" and "Make a new code…" (the old code goes) are links to a question page;
its button posts to the same address, which removes. The wording lives here so the views
stay thin and the questions read alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Assignment, Classroom, User
from ..progress.classroom import MemberWork

OWNER_CANNOT_LEAVE = "You own this class, so you cannot leave it; you can delete it."


@dataclass(frozen=True)
class Question:
    """A removal's question page: what goes and what stays, then its button."""

    title: str
    lines: tuple[str, ...]
    button: str
    back_label: str = "Cancel"
    # (words, address) of a page worth opening before answering.
    link: tuple[str, str] | None = None
    # A removal's button warns; one that deletes nothing (archiving) need not.
    button_class: str = "button danger"


def renewing_join_code(room: Classroom) -> Question:
    """The old code goes: a class still typing it in would be locked out by a slip."""
    return Question(
        f"Make a new join code for {room.name}?",
        (
            f"The code {room.join_code} stops working at once: students who have not joined"
            " yet will need the new one.",
            "Students already in the class stay in, with their progress.",
        ),
        "Make a new code",
        "Keep this code",
    )


def archiving_class(room: Classroom) -> Question:
    """Archiving deletes nothing, but it locks the code out and takes the class's work off
    its students' home pages: the question says what changes for whom, and how to undo."""
    return Question(
        f"Archive {room.name}?",
        (
            "It leaves your home page and class lists (and those of its other teachers),"
            " and is no longer offered when you assign a bank. It waits under Archived"
            " classes, where any teacher of it can restore it.",
            f"The code {room.join_code} stops working: nobody can join while it is archived.",
            "Its students keep all their answers, quiz scores and progress. Its assignments"
            " leave their home pages, its quizzes can no longer be started, and its study"
            " banks no longer set them new facts each day; facts they have met still come"
            " back for review.",
            "Its page, progress and CSV downloads stay open, read-only: nothing in it can be"
            " changed until you restore it.",
        ),
        "Archive the class",
        button_class="button primary",
    )


def _counted(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def removing_student(
    room: Classroom, student: User, work: MemberWork, downloads_url: str, lms: bool
) -> Question:
    """The class counts each student from their latest join (there is no record of an
    earlier one), so what the student did in the class so far leaves its figures for
    good: the question counts it, says a new join will not bring it back, and points at
    the downloads that keep a copy. ``lms``: an LMS course opens the class, and a learner
    it still lists comes back with their next launch or roster sync."""
    name = student.display_name
    # The email tells apart two students of one name (two 김민지 in a class of 35).
    lines = [
        f"{name} ({student.email}) leaves the class's roster, its progress pages and its"
        " assignments."
    ]
    done = [
        _counted(number, one, many)
        for number, one, many in (
            (work.answers, "answer", "answers"),
            (work.quizzes, "quiz", "quizzes"),
        )
        if number
    ]
    if done:
        lines.append(
            f"{name}'s {' and '.join(done)} in {room.name} so far will no longer show in"
            " this class's figures (roster, item analysis, facts forgotten) or its"
            f" downloads, even if {name} joins again: a new join counts from that day."
        )
    elif not work.nothing:
        lines.append(f"{name} has no finished work in {room.name} yet.")
    else:
        lines.append(f"{name} has no answers or quizzes in {room.name} yet.")
    if work.unfinished_class_quizzes == 1:
        lines.append(
            f"The class quiz {name} has begun and not finished becomes their own practice"
            " if they finish it; it will not count for the class."
        )
    elif work.unfinished_class_quizzes:
        lines.append(
            f"The {work.unfinished_class_quizzes} class quizzes {name} has begun and not"
            " finished become their own practice if they finish them; they will not count"
            " for the class."
        )
    lines.append(
        "Their account and their own answers and progress are kept, and they can join"
        " again with the class's code."
    )
    if lms:
        lines.append(
            f"If the LMS still lists {name} in the course, their next launch from it or a"
            " roster sync adds them again, counting from that new join: remove them in the"
            " LMS too."
        )
    return Question(
        f"Remove {name} from {room.name}?",
        tuple(lines),
        "Remove from the class",
        link=("Download the class's results first", downloads_url) if done else None,
    )


def removing_co_teacher(room: Classroom, teacher: User, leaving: bool) -> Question:
    """The owner removing ``teacher``, or ``teacher`` leaving (``leaving``). The LMS decides
    who teaches a course, so a launch may add the teacher back: the question says so."""
    if leaving:
        return Question(
            f"Stop co-teaching {room.name}?",
            (
                "You will no longer see this class, its students or their progress.",
                "If the LMS still lists you as an instructor of the course, your next launch"
                " from it adds you again.",
            ),
            "Stop co-teaching",
            "Keep teaching it",
        )
    return Question(
        f"Remove {teacher.display_name} as a co-teacher of {room.name}?",
        (
            f"{teacher.display_name} will no longer see this class, its students or their"
            " progress.",
            "If the LMS still lists them as an instructor of the course, their next launch"
            " from it adds them again.",
        ),
        "Remove as a co-teacher",
    )


def removing_assignment(
    room: Classroom, assignment: Assignment, attempts: int, lms: bool
) -> Question:
    """``attempts``: quiz attempts started from the assignment, which outlive it;
    ``lms``: whether an LMS link opens it (a link the LMS keeps assigns the bank again
    at its next launch, as a new assignment)."""
    title = assignment.bank.title
    lines = [f"The class's students no longer see {title} among its assignments."]
    if attempts == 1:
        lines.append("A student took its quiz once; that score stays in their quiz history.")
    elif attempts:
        lines.append(
            f"Students took its quiz {attempts} times; each score stays in its student's"
            " quiz history."
        )
    lines.append("Students keep their own answers and progress, and you can assign the bank again.")
    if lms:
        lines.append(
            "A link in the LMS course opens it: remove that link in the LMS too, or its next"
            " launch assigns the bank again. Scores not yet sent to the LMS gradebook will"
            " not be sent."
        )
    return Question(f"Remove {title} from {room.name}?", tuple(lines), "Remove the assignment")
