"""Progress pages and CSV downloads. Views stay thin: check access, read the range,
call the figures, render or stream."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask import Response, abort, make_response, render_template, request, stream_with_context
from flask_login import current_user, login_required

from ..downloads import attachment
from ..errors import render_error
from ..replica import reads_from_replica
from ..study.quizzes import quiz_report
from ..teach.access import class_enrollment_or_404, teacher_classroom_or_404
from ..teach.classes import archived_classroom_count, teacher_classrooms
from ..teach.forms import StudentSearchForm
from ..teach.student_search import student_classes
from ..timeutil import as_utc, now_utc, zone
from . import bp
from .classroom import (
    SORT_KEYS,
    most_forgotten_facts,
    only_bank,
    roster,
    shared_names,
    sort_roster,
)
from .dashboard import learner_report
from .forms import DateRangeForm
from .item_analysis import (
    MIN_ATTEMPTS_TO_FLAG,
    VERY_EASY_ABOVE,
    VERY_HARD_BELOW,
    class_item_analysis,
)
from .learner import class_quiz_attempt
from .period import DateRange
from .results_csv import CLASS_KINDS, LEARNER_KINDS, class_csv, export_filename, learner_csv
from .scope import Scope, class_scope, learner_scope


@bp.app_template_filter("in_zone")
def in_zone(moment: datetime, time_zone: str | None) -> datetime:
    """An instant as the clock on the viewer's wall shows it."""
    return as_utc(moment).astimezone(zone(time_zone))


@bp.get("/")
@login_required
@reads_from_replica
def learner() -> str:
    return _learner_page(learner_scope(current_user))


@bp.get("/my-data/<kind>.csv")
@login_required
@reads_from_replica
def my_data(kind: str) -> Response:
    """ "Download my data": the learner's own answers or quiz attempts, every bank."""
    if kind not in LEARNER_KINDS:
        abort(404)
    period = _export_period()
    name = export_filename(f"my {current_user.display_name}", kind, period)
    return csv_response(name, learner_csv(current_user, kind, period, _excel()))


@bp.get("/classes")
@login_required
@reads_from_replica
def classes() -> str:
    if not current_user.is_teacher:
        abort(403)
    return render_template(
        "progress/classes.html",
        classrooms=teacher_classrooms(current_user),
        archived=archived_classroom_count(current_user),
        search=StudentSearchForm(formdata=None),
    )


@bp.get("/class/<int:classroom_id>")
@login_required
@reads_from_replica
def classroom(classroom_id: int) -> str:
    classroom = teacher_classroom_or_404(current_user, classroom_id)
    form = DateRangeForm(request.args)
    period, time_zone, now = form.period(), current_user.time_zone, now_utc()
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORT_KEYS else "name"
    descending = request.args.get("dir") == "desc"
    rows = roster(classroom, now, period, time_zone)
    items = class_item_analysis(classroom, period, time_zone)
    forgotten = most_forgotten_facts(classroom, period, time_zone)
    return render_template(
        "progress/class.html",
        classroom=classroom,
        form=form,
        range_args=period.as_query(),
        sort=sort,
        descending=descending,
        rows=sort_roster(rows, sort, descending),
        shared_names=shared_names(rows),
        items=items,
        name_banks=only_bank(items) is None,
        forgotten=forgotten,
        forgotten_bank=only_bank(forgotten),
        kinds=CLASS_KINDS,
        thresholds=(VERY_EASY_ABOVE, VERY_HARD_BELOW),
        min_attempts=MIN_ATTEMPTS_TO_FLAG,
    )


@bp.get("/class/<int:classroom_id>/student/<int:student_id>")
@login_required
@reads_from_replica
def student(classroom_id: int, student_id: int) -> str:
    """A student's progress page, read-only, limited to this class's banks: their whole
    record on them, before they joined too (what their teacher wants to talk over with
    them), with the join shown; the class's own figures count from the join."""
    classroom = teacher_classroom_or_404(current_user, classroom_id)
    enrollment = class_enrollment_or_404(classroom, student_id)
    learner = enrollment.student
    return _learner_page(
        class_scope(learner, classroom, current_user.time_zone),
        learner=learner,
        classroom=classroom,
        joined_at=enrollment.joined_at,
        other_classes=[
            taught
            for taught in student_classes(current_user, learner.id)
            if taught.id != classroom.id
        ],
    )


@bp.get("/class/<int:classroom_id>/student/<int:student_id>/quiz/<int:attempt_id>")
@login_required
@reads_from_replica
def student_quiz(classroom_id: int, student_id: int, attempt_id: int) -> str:
    """A student's finished quiz as its results page showed it to them, read-only: each
    question, what they answered and the right answer."""
    classroom = teacher_classroom_or_404(current_user, classroom_id)
    learner = class_enrollment_or_404(classroom, student_id).student
    attempt = class_quiz_attempt(classroom, learner.id, attempt_id)
    if attempt is None:
        abort(404)
    return render_template(
        "progress/quiz_attempt.html",
        classroom=classroom,
        learner=learner,
        attempt=attempt,
        report=quiz_report(attempt),
    )


def _learner_page(scope: Scope, **context: object) -> str:
    """The progress page for a scope: the learner's own, or a student's for their teacher
    (``learner`` set: read-only, no downloads)."""
    form = DateRangeForm(request.args)
    period = form.period()
    return render_template(
        "progress/learner.html",
        report=learner_report(scope, now_utc(), period),
        form=form,
        range_args=period.as_query(),
        **{"learner": None, "joined_at": None, "other_classes": [], **context},
    )


@bp.get("/class/<int:classroom_id>/export/<kind>.csv")
@login_required
@reads_from_replica
def export(classroom_id: int, kind: str) -> Response:
    classroom = teacher_classroom_or_404(current_user, classroom_id)
    if kind not in CLASS_KINDS:
        abort(404)
    period = _export_period()
    name = export_filename(classroom.name, kind, period)
    stream = class_csv(classroom, kind, period, current_user.time_zone, now_utc(), _excel())
    return csv_response(name, stream)


def _export_period() -> DateRange:
    """The dates a CSV covers. Dates the page would refuse (only an edited address has
    them: the page links no CSV then) are refused with the page's reason (400), never
    exported as every date."""
    form = DateRangeForm(request.args)
    if form.validate():
        return DateRange(form.first.data, form.last.data)
    reasons = " ".join(error for field in (form.first, form.last) for error in field.errors)
    abort(make_response(*render_error(400, f"This export's dates cannot be used. {reasons}")))


def _excel() -> bool:
    return request.args.get("excel") in {"1", "true", "on", "yes"}


def csv_response(filename: str, chunks: Iterable[bytes]) -> Response:
    """Stream the chunks as a download while the request (and its session) stays open."""
    return attachment(stream_with_context(iter(chunks)), filename, "text/csv; charset=utf-8")
