"""The LTI endpoints: login initiation, launch, the content picker's answer, the tool's
public keys, the set-up page for whoever registers the tool, and roster sync."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from ..auth.sessions import start_session
from ..date_text import counted
from ..extensions import csrf, db
from ..headers import FORM_TARGET
from ..models import Classroom, User
from ..study.quizzes import QuizRefused, start_or_resume_quiz
from ..teach.access import teacher_classroom_or_404, teaches
from ..teach.archive import QUIZZES_CLOSED, refuse_changes_to
from ..teach.forms import ButtonForm
from ..timeutil import now_utc
from . import claims as c
from . import deep_link
from .forms import PickContentForm
from .framing import allow_framing_by, cross_site_cookie_options, start_lti_session
from .keys import public_jwks
from .launch import (
    LOGIN_COOKIE_PATH,
    LOGIN_COOKIE_PREFIX,
    LOGIN_MAX_AGE,
    Launch,
    LaunchRefused,
    check_launch,
    is_issued_state,
    start_login,
    superseded_logins,
    use_nonce,
)
from .mapping import Arrival, arrive, link_context, link_user
from .outbox import retry_stopped
from .registration import origin_of, platforms, tool_addresses
from .roster import RosterUnavailable, sync_roster

bp = Blueprint("lti", __name__, url_prefix="/lti")

_T = TypeVar("_T")


def _refused(message: str, status: int = 403) -> Response:
    db.session.rollback()
    current_app.logger.info("lti launch refused: %s", message)
    return make_response(render_template("lti/refused.html", message=message), status)


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt  # the LMS posts here cross-site; the launch is bound by state and nonce instead
def login() -> Response:
    """OIDC third-party login initiation: send the browser back to the LMS to authenticate."""
    params = request.form if request.method == "POST" else request.args
    secure = request.is_secure or current_app.config["SESSION_COOKIE_SECURE"]
    try:
        started = start_login(
            {key: str(value) for key, value in params.items()},
            url_for("lti.launch", _external=True),
            current_app.config["SECRET_KEY"],
        )
    except LaunchRefused as refusal:
        return _refused(str(refusal), 400)
    response = redirect(started.redirect_url)
    cookie_options = cross_site_cookie_options(secure)
    for name in superseded_logins(request.cookies, current_app.config["SECRET_KEY"]):
        response.delete_cookie(name, path=LOGIN_COOKIE_PATH, httponly=True, **cookie_options)
    response.set_cookie(
        started.cookie_name,
        started.cookie_value,
        max_age=int(LOGIN_MAX_AGE.total_seconds()),
        path=LOGIN_COOKIE_PATH,
        httponly=True,
        **cookie_options,
    )
    return response


@bp.post("/launch")
@csrf.exempt  # the LMS posts the signed id_token here cross-site
def launch() -> Response:
    """Check the id_token, then sign the person in and open what the link stands for."""
    form = {key: str(value) for key, value in request.form.items()}
    try:
        checked = check_launch(form, request.cookies, current_app.config["SECRET_KEY"], now_utc())
        allow_framing_by(checked.platform.frame_origin)
        use_nonce(checked, now_utc())
        response = _open(checked)
    except (LaunchRefused, QuizRefused) as refusal:
        if isinstance(refusal, LaunchRefused) and refusal.frame_origin:
            allow_framing_by(refusal.frame_origin)
        response = _refused(str(refusal))
    state = form.get("state", "")
    if is_issued_state(state):  # anything else must not reach a header
        response.delete_cookie(LOGIN_COOKIE_PREFIX + state, path=LOGIN_COOKIE_PATH)
    return response


def _sign_in(user: User, checked: Launch) -> None:
    start_session(user)
    start_lti_session(checked.platform.frame_origin, checked.platform.id)


def _open(checked: Launch) -> Response:
    if checked.message_type == c.DEEP_LINKING_REQUEST:
        return _start_picking(checked)
    arrival, target = _once_more_on_conflict(lambda: _arrive_at_destination(checked))
    _sign_in(arrival.user, checked)
    current_app.logger.info("lti launch user=%s link=%s", arrival.user.id, checked.resource_link_id)
    return redirect(target)


def _once_more_on_conflict(make: Callable[[], _T]) -> _T:
    """``make()``, run again if it collided with another launch that made the same course,
    keeper, account or link a moment ago (a class opening a new course's link at once, a
    double click): it waited for that one at the unique key and failed there; run again,
    it finds what was made."""
    try:
        return make()
    except IntegrityError:
        db.session.rollback()
        return make()


def _arrive_at_destination(checked: Launch) -> tuple[Arrival, str]:
    """The launch mapped onto our data and where it opens, committed (or raising before
    anything is saved)."""
    arrival = arrive(checked)
    return arrival, _destination(arrival)


def _destination(arrival: Arrival) -> str:
    assert arrival.link is not None  # a resource-link launch always names its link
    assignment = arrival.link.assignment
    # The course role decides: an account that teaches elsewhere (a teaching assistant)
    # opens a course it learns in as a learner, its quiz or study.
    if teaches(arrival.user, assignment.classroom):
        db.session.commit()
        return url_for("teach.classroom", classroom_id=assignment.classroom_id)
    if not assignment.as_quiz:
        db.session.commit()
        return url_for("study.session", bank=assignment.bank.slug)
    if assignment.classroom.archived_at is not None:
        raise LaunchRefused(QUIZZES_CLOSED.format(name=assignment.classroom.name))
    attempt, _ = start_or_resume_quiz(arrival.user, assignment.bank, assignment, None, now_utc())
    # A resumed quiz commits nothing itself: the launch's enrolment (a learner the
    # teacher had taken off the class comes back) and the rest of its mapping are saved.
    db.session.commit()
    return url_for("study.quiz", attempt_id=attempt.id)


def _start_picking(checked: Launch) -> Response:
    if not checked.is_instructor:
        raise LaunchRefused("Only an instructor can add quizapp content to the course.")
    teacher = _once_more_on_conflict(lambda: _instructor_in_course(checked))
    _sign_in(teacher, checked)
    session[deep_link.SESSION_KEY] = deep_link.request_from(checked).to_session()
    return make_response(_picker(teacher, PickContentForm()))


def _instructor_in_course(checked: Launch) -> User:
    """The deep-linking instructor's account, teaching the course's class (committed)."""
    teacher = link_user(checked.platform, checked.sub, checked.name, checked.email, True)
    if checked.context_id:
        link_context(checked, teacher)
    db.session.commit()
    return teacher


def _picker(teacher: User, form: PickContentForm) -> str:
    banks = deep_link.pickable_banks(teacher)
    form.bank_id.choices = [SelectChoice(bank.id, bank.title) for bank in banks]
    return render_template("lti/pick.html", form=form, has_banks=bool(banks))


@bp.post("/deep-link")
@login_required
def pick() -> Response | str:
    """The instructor's choice, returned to the LMS as a signed deep-linking response."""
    pending = deep_link.DeepLinkRequest.from_session(session.get(deep_link.SESSION_KEY))
    if pending is None:
        return _refused("Open quizapp's content picker from the LMS again.", 400)
    teacher: User = current_user
    form = PickContentForm()
    form.bank_id.choices = [SelectChoice(b.id, b.title) for b in deep_link.pickable_banks(teacher)]
    if not form.validate_on_submit():
        return _picker(teacher, form)
    bank = deep_link.pickable_bank(teacher, form.bank_id.data)
    if bank is None:
        abort(404)
    size = form.quiz_size.data if form.kind.data == "quiz" else None
    launch_url = url_for("lti.launch", _external=True)
    item = deep_link.content_item(bank, size, launch_url, pending.line_items)
    token = deep_link.response_token(pending, [item], now_utc())
    session.pop(deep_link.SESSION_KEY, None)
    setattr(g, FORM_TARGET, origin_of(pending.return_url))
    return render_template(
        "lti/return.html", return_url=pending.return_url, token=token, title=item["title"]
    )


@bp.get("/jwks")
def jwks() -> Response:
    """The tool's public keys (the LMS checks our deep links and token requests with them)."""
    response = jsonify(public_jwks(now_utc()))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/setup")
@login_required
def setup() -> str:
    """The values an LMS admin enters, and the LMSs registered so far."""
    if not current_user.is_teacher:
        abort(403)
    return render_template("lti/setup.html", tool=tool_addresses(), platforms=platforms())


def _taught_class_sent_by_button(classroom_id: int) -> Classroom:
    """The class the teacher's button names, if they teach it and the button's CSRF
    token holds (a forged or stale form is a 400, and changes nothing)."""
    classroom = teacher_classroom_or_404(current_user, classroom_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    return classroom


@bp.post("/classes/<int:classroom_id>/roster")
@login_required
def roster(classroom_id: int) -> Response:
    """Pull the LMS course's learners into the class (and drop departed co-teachers); an
    archived class takes nobody (``ClassArchived``, answered on its page)."""
    classroom = _taught_class_sent_by_button(classroom_id)
    refuse_changes_to(classroom)
    try:
        result = sync_roster(classroom, now_utc())
    except RosterUnavailable as refusal:
        flash(str(refusal), "error")
    else:
        message = (
            f"The LMS lists {counted(result.learners, 'learner')};"
            f" {result.added} newly added to the class."
        )
        if result.co_teachers_removed == 1:
            message += " One co-teacher the LMS no longer lists as an instructor was removed."
        elif result.co_teachers_removed:
            message += (
                f" {result.co_teachers_removed} co-teachers the LMS no longer lists as"
                " instructors were removed."
            )
        flash(message, "success")
    if not teaches(current_user, classroom):  # the LMS dropped the teacher who pulled
        flash(
            "The LMS no longer lists you as an instructor of this course, so you no longer "
            "teach this class.",
            "info",
        )
        return redirect(url_for("main.home"))
    return redirect(url_for("teach.classroom", classroom_id=classroom.id))


@bp.post("/classes/<int:classroom_id>/scores/retry")
@login_required
def retry_scores(classroom_id: int) -> Response:
    """Queue again the class's stopped scores whose gradebook column is now reachable."""
    classroom = _taught_class_sent_by_button(classroom_id)
    resumed, still_off_site = retry_stopped(classroom.id, now_utc())
    if resumed:
        flash(f"{counted(resumed, 'stopped score')} will be sent again.", "success")
    elif not still_off_site:
        flash("No score of this class is stopped.", "success")
    for reason in still_off_site:
        flash(
            f"Scores for a gradebook column still on another site stay stopped. {reason} "
            "Open the link from the LMS course again, or ask the administrator to register "
            "that site (flask lti register --frame-origin).",
            "error",
        )
    return redirect(url_for("teach.classroom", classroom_id=classroom.id))
