"""Class pages: list and create classes, join code, students, assignments."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

# types-WTForms (3.2) predates WTForms 3.3's SelectChoice.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from ..banks.access import workspace_banks
from ..date_text import counted
from ..lti.cleanup import has_lms_link
from ..lti.roster import lms_context, lms_panel
from ..models import Bank, Classroom, User
from ..progress.classroom import member_work
from ..study.quizzes import assigned_quiz_sizes, quizzable_fact_counts
from . import bp
from .access import owned_classroom_or_404, teacher_classroom_or_404
from .archive import ClassArchived, archived_classroom, refuse_changes_to
from .classes import (
    BankGone,
    archived_classroom_count,
    assign_bank,
    class_assignment,
    classroom_assignments,
    classroom_students,
    classroom_teachers,
    create_classroom,
    end_of_local_day,
    quiz_attempts_from,
    remove_assignment,
    remove_co_teacher,
    remove_student,
    teacher_classrooms,
)
from .forms import (
    FORM_REFUSED,
    AssignForm,
    AssignmentFields,
    AssignToClassForm,
    ButtonForm,
    ClassroomForm,
    StudentSearchForm,
    refused_or_ok,
)
from .join_codes import regenerate_join_code
from .removal_questions import (
    OWNER_CANNOT_LEAVE,
    Question,
    removing_assignment,
    removing_co_teacher,
    removing_student,
    renewing_join_code,
)
from .student_search import find_students


@bp.route("/classes/", methods=["GET", "POST"])
def classes() -> str | tuple[str, int] | Response:
    form = ClassroomForm()
    if form.validate_on_submit():
        classroom, created = create_classroom(current_user, form.name.data or "")
        if created:
            flash(f"{classroom.name} is ready. Share its join code with your students.", "success")
        else:
            flash(f"You already have a class named {classroom.name}: here it is.", "info")
        return redirect(url_for("teach.classroom", classroom_id=classroom.id))
    page = render_template(
        "teach/classes.html",
        form=form,
        classrooms=teacher_classrooms(current_user),
        archived=archived_classroom_count(current_user),
        search=StudentSearchForm(formdata=None),
    )
    return refused_or_ok(page, form)


@bp.get("/students")
def students() -> str:
    """ "Find a student": the matches across every class the teacher teaches, each with a
    link to the student's progress in each of their classes."""
    search = StudentSearchForm(request.args)
    query = search.query()
    return render_template(
        "teach/students.html",
        search=search,
        query=query,
        matches=find_students(current_user, query),
    )


def _assign_form() -> tuple[AssignForm, dict[int, Bank]]:
    """The form offers exactly the banks of this teacher's workspace, so its validation is
    the access check for the chosen bank."""
    banks = {bank.id: bank for bank in workspace_banks(current_user)}
    form = AssignForm()
    form.bank_id.choices = bank_choices(banks.values())
    return form, banks


def bank_choices(banks: Iterable[Bank]) -> dict[str, list[SelectChoice]] | list[SelectChoice]:
    """The banks to pick from, the teacher's own apart from the built-in ones (as the bank
    list groups them) when there are both: 25 banks in one list were hard to search."""
    groups: dict[str, list[SelectChoice]] = {"Your banks": [], "Built-in banks": []}
    for bank in banks:
        group = "Built-in banks" if bank.is_builtin else "Your banks"
        groups[group].append(SelectChoice(bank.id, bank.title))
    if all(groups.values()):
        return groups
    return [choice for choices in groups.values() for choice in choices]


@bp.get("/classes/<int:classroom_id>")
def classroom(classroom_id: int) -> str:
    room = teacher_classroom_or_404(current_user, classroom_id)
    return _classroom_page(room, *_assign_form())


def _classroom_page(room: Classroom, assign_form: AssignForm, banks: dict[int, Bank]) -> str:
    """The class's page; ``assign_form`` is a fresh form, or one sent back with what the
    teacher typed and a message beside each field to fix."""
    assignments = classroom_assignments(room)
    return render_template(
        "teach/classroom.html",
        classroom=room,
        teachers=classroom_teachers(room),
        students=classroom_students(room),
        assignments=assignments,
        # A quiz set with more questions than its bank can ask now (facts retired since)
        # says how many its students get.
        quiz_sizes=assigned_quiz_sizes(assignments),
        # A co-taught class holds each teacher's banks; only the viewer's own (and the
        # built-in ones) link to a bank page they may open.
        openable_bank_ids=banks.keys(),
        assign_form=assign_form,
        button=ButtonForm(),
        lms=lms_panel(room),
    )


@bp.get("/classes/<int:classroom_id>/code")
def ask_to_regenerate_code(classroom_id: int) -> str:
    """The class page's "Make a new code…": a question first (see ``renewing_join_code``)."""
    room = _changeable(teacher_classroom_or_404(current_user, classroom_id))
    return _ask(room, renewing_join_code(room))


@bp.post("/classes/<int:classroom_id>/code")
def regenerate_code(classroom_id: int) -> Response:
    room = _changeable(teacher_classroom_or_404(current_user, classroom_id))
    if ButtonForm().validate_on_submit():
        regenerate_join_code(room)
        flash("New join code made; the old one no longer works.", "success")
    return redirect(url_for("teach.classroom", classroom_id=room.id))


def _changeable(room: Classroom) -> Classroom:
    """The class, unless it is archived: then ``ClassArchived`` (answered by going back to
    its page, which says so) before any question or form is looked at. The change itself
    checks again under the class's lock, for an archiving at that moment."""
    refuse_changes_to(room)
    return room


def _ask(room: Classroom, question: Question) -> str:
    back = url_for("teach.classroom", classroom_id=room.id)
    return render_template("teach/confirm.html", question=question, back=back, button=ButtonForm())


def _member_or_404(people: list[User], person_id: int) -> User:
    person = next((person for person in people if person.id == person_id), None)
    if person is None:
        abort(404)
    return person


def _removal_guard(leaving: bool) -> Callable[[User, int], Classroom]:
    """A teacher of the class may leave it; only its owner removes someone else."""
    return teacher_classroom_or_404 if leaving else owned_classroom_or_404


@bp.get("/classes/<int:classroom_id>/students/<int:student_id>/remove")
def ask_to_remove_student(classroom_id: int, student_id: int) -> str:
    """The class page's "Remove…": a question first, as a slip on a long roster must not
    drop a student, saying how much of their work leaves the class's figures."""
    room = _changeable(teacher_classroom_or_404(current_user, classroom_id))
    student = _member_or_404(classroom_students(room), student_id)
    downloads = url_for("progress.classroom", classroom_id=room.id, _anchor="export-heading")
    work, lms = member_work(room, student.id), lms_context(room) is not None
    return _ask(room, removing_student(room, student, work, downloads, lms))


@bp.get("/classes/<int:classroom_id>/teachers/<int:teacher_id>/remove")
def ask_to_remove_teacher(classroom_id: int, teacher_id: int) -> str | Response:
    """The owner's "Remove…" for a co-teacher, and a co-teacher's "Stop co-teaching this
    class…": a question first, with the same access rules as the removal itself."""
    leaving = teacher_id == current_user.id
    room = _changeable(_removal_guard(leaving)(current_user, classroom_id))
    if leaving and room.teacher_id == current_user.id:
        flash(OWNER_CANNOT_LEAVE, "error")
        return redirect(url_for("teach.classroom", classroom_id=room.id))
    teacher = _member_or_404(classroom_teachers(room)[1:], teacher_id)
    return _ask(room, removing_co_teacher(room, teacher, leaving))


@bp.post("/classes/<int:classroom_id>/students/<int:student_id>/remove")
def remove_student_from_class(classroom_id: int, student_id: int) -> Response:
    room = _changeable(teacher_classroom_or_404(current_user, classroom_id))
    if not ButtonForm().validate_on_submit():
        abort(400)
    student = remove_student(room, student_id)
    if student is not None:
        flash(
            f"{student.display_name} ({student.email}) is no longer in {room.name}; their own"
            " answers and progress are kept.",
            "success",
        )
    else:
        flash("That student is not in this class.", "error")
    return redirect(url_for("teach.classroom", classroom_id=room.id))


@bp.post("/classes/<int:classroom_id>/teachers/<int:teacher_id>/remove")
def remove_teacher_from_class(classroom_id: int, teacher_id: int) -> Response:
    """The owner takes a co-teacher off the class; a co-teacher may leave it. Anyone else
    (another co-teacher) gets 403: only the owner decides who runs the class."""
    leaving = teacher_id == current_user.id
    room = _changeable(_removal_guard(leaving)(current_user, classroom_id))
    if not ButtonForm().validate_on_submit():
        abort(400)
    teacher = remove_co_teacher(room, teacher_id)
    if teacher is None:
        message = OWNER_CANNOT_LEAVE if leaving else "That teacher does not co-teach this class."
        flash(message, "error")
        return redirect(url_for("teach.classroom", classroom_id=room.id))
    if leaving:
        flash(f"You no longer teach {room.name}.", "success")
        return redirect(url_for("teach.classes"))
    flash(
        f"{teacher.display_name} no longer teaches this class. If the LMS still lists them"
        " as an instructor of the course, their next launch from it adds them again.",
        "success",
    )
    return redirect(url_for("teach.classroom", classroom_id=room.id))


def assign_to_class_form() -> tuple[AssignToClassForm, bool]:
    """(form, whether the teacher has a class): the form offers exactly their current
    classes, so its validation is the access check for the chosen class (an archived one
    is refused: ``refuse_archived_choice`` says why)."""
    form = AssignToClassForm()
    form.classroom_id.choices = [
        SelectChoice(item.classroom.id, item.classroom.name)
        for item in teacher_classrooms(current_user)
    ]
    return form, bool(form.classroom_id.choices)


def refuse_archived_choice(form: AssignToClassForm) -> None:
    """``ClassArchived`` when a refused choice of class names a class the teacher archived
    (the form was open in another tab): they are sent to its page, which says so and
    offers to restore it, instead of reading "Not a valid choice"."""
    if not form.classroom_id.errors:
        return
    room = archived_classroom(current_user, form.classroom_id.data)
    if room is not None:
        raise ClassArchived(room)


def quiz_fits(form: AssignmentFields, bank: Bank) -> bool:
    """A study assignment always fits; a quiz must find questions in the bank as it is
    now, at most as many as there are (``AssignmentFields.quiz_fits`` says why not)."""
    if not form.as_quiz.data:
        return True
    return form.quiz_fits(bank.title, quizzable_fact_counts([bank.id]).get(bank.id, 0))


def save_assignment(form: AssignmentFields, room: Classroom, bank: Bank) -> None:
    """Save a valid assignment form's choices; the due date is the teacher's end of day."""
    due = form.due_date.data
    try:
        assignment, outcome = assign_bank(
            room,
            bank,
            as_quiz=form.as_quiz.data,
            quiz_size=form.quiz_size.data,
            daily_new_limit=form.daily_new_limit.data,
            due_at=end_of_local_day(due, current_user.time_zone) if due else None,
        )
    except BankGone as gone:
        flash(str(gone), "error")
        return
    if outcome == "created":
        flash(f"{bank.title} assigned to {room.name}.", "success")
    elif outcome == "updated":
        flash(
            f"{bank.title} was already assigned to {room.name} for study: now "
            f"{counted(assignment.daily_new_limit, 'new fact')} a day.",
            "success",
        )
    else:
        flash(
            f"{bank.title} was already assigned to {room.name} this way; nothing changed.", "info"
        )


@bp.post("/classes/<int:classroom_id>/assignments")
def assign(classroom_id: int) -> tuple[str, int] | Response:
    room = _changeable(teacher_classroom_or_404(current_user, classroom_id))
    form, banks = _assign_form()
    if not (form.validate_on_submit() and quiz_fits(form, banks[form.bank_id.data])):
        return _classroom_page(room, form, banks), FORM_REFUSED
    save_assignment(form, room, banks[form.bank_id.data])
    return redirect(url_for("teach.classroom", classroom_id=room.id))


@bp.get("/classes/<int:classroom_id>/assignments/<int:assignment_id>/remove")
def ask_to_unassign(classroom_id: int, assignment_id: int) -> str:
    """The class page's "Remove…" for an assignment: a question first, saying what its
    students keep (their quiz attempts from it among them)."""
    room = _changeable(teacher_classroom_or_404(current_user, classroom_id))
    assignment = class_assignment(room, assignment_id)
    if assignment is None:
        abort(404)
    attempts, lms = quiz_attempts_from(assignment), has_lms_link(assignment)
    return _ask(room, removing_assignment(room, assignment, attempts, lms))


@bp.post("/classes/<int:classroom_id>/assignments/<int:assignment_id>/remove")
def unassign(classroom_id: int, assignment_id: int) -> Response:
    room = _changeable(teacher_classroom_or_404(current_user, classroom_id))
    if not ButtonForm().validate_on_submit():
        abort(400)
    bank = remove_assignment(room, assignment_id)
    if bank is not None:
        flash(
            f"{bank.title} is no longer assigned to {room.name}; students keep their answers"
            " and quiz scores.",
            "success",
        )
    else:
        flash("That assignment is not on this class.", "error")
    return redirect(url_for("teach.classroom", classroom_id=room.id))
