"""Study and quiz pages. Thin: read the form, call the study functions, render or redirect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict, TypeVar, cast

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response

from ..banks.access import (
    can_see_bank,
    visible_bank,
    visible_bank_ids,
    visible_bank_or_404,
    visible_banks,
)
from ..database import reads_before_writing
from ..extensions import db
from ..models import Bank, Fact, IssuedItem, MemoryState, QuestionKind, User
from ..scheduling import Rating, preview_intervals
from ..teach.access import assignment_to_start
from ..teach.archive import QUIZZES_CLOSED
from ..timeutil import DEFAULT_TIME_ZONE, now_utc
from . import bp
from .answers import (
    Answered,
    AnswerRefused,
    ItemNotFound,
    Submission,
    TakenBackAlready,
    answer_with_next_card,
    answered,
    answered_otherwise,
    record_answer,
    undo_answer,
)
from .feedback import feedback_view
from .forms import (
    AnswerForm,
    DeviceTimeZoneForm,
    PostedAnswer,
    StartQuizForm,
    StudySettingsForm,
    TokenForm,
    card_position,
    elapsed_ms,
    read_answer_form,
)
from .hints import keep_typed, may_show_hint, show_hint, typed_kept
from .issued_items import StudyCard, item_for_user, options_key, study_card
from .nav_count import nav_counts
from .queue import Scope, SessionCounts, bank_scope_by_slug
from .quizzes import (
    LEFT_CLASS_QUIZ,
    NOW_PRACTICE,
    QuizRefused,
    attempt_for_user_or_404,
    class_left,
    quiz_lengths,
    quiz_progress,
    quiz_report,
    quizzable_fact_counts,
    recent_attempts,
    start_or_resume_quiz,
)
from .settings import (
    daily_new_limit_description,
    day_goes_on,
    save_study_settings,
    use_time_zone,
)
from .study_day import study_day_key
from .summary import session_summary
from .wording import cloze_parts, display_answer, hint_mask, interval_label


def _user() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


_SESSION_ARGS = ("bank", "ahead", "more", "day")
# At most this many new facts beyond the day's budgets (the daily limit's own maximum).
MAX_EXTRA_NEW_FACTS = 500


class _SessionArgs(TypedDict, total=False):
    """The query arguments in ``_SESSION_ARGS``: named, so ``url_for(**args)`` type-checks."""

    bank: str
    ahead: str
    more: str
    day: str


def _session_args() -> _SessionArgs:
    """The session's scope (one bank) and its learn-ahead / more-new-facts flags, carried
    from page to page."""
    args = {name: request.args[name] for name in _SESSION_ARGS if request.args.get(name)}
    return cast(_SessionArgs, args)


def _scope() -> Scope:
    return bank_scope_by_slug(_user(), request.args.get("bank"), _extra_new_facts())


def _extra_new_facts() -> int:
    """ "Study more new facts": how many new facts the session serves beyond today's
    budgets (its ``more`` argument; anything but a number in range is none). The batch
    was asked for on the learner's ``day``: carried past their midnight, it would add
    itself to the new day's budget unasked."""
    day = request.args.get("day")
    if day is not None and day != study_day_key(_user(), now_utc()):
        return 0
    return min(request.args.get("more", 0, type=int) or 0, MAX_EXTRA_NEW_FACTS)


# A quiz question answered again from another tab (or a page left open): not recorded.
QUIZ_ANSWERED_ALREADY = (
    "That question was already answered (in another tab or window, or from a page left "
    "open): the first answer counts, and this one was not recorded."
)
# A session's bank the learner does not see: taken off their class mid-session, or a
# study link to a class's bank shared by someone in that class. One message for every
# bank one may not see, so that none is told apart from a bank that does not exist.
BANK_GONE = (
    "That bank is not in your study: it was taken off your class, or it belongs to a "
    "class you are not in (to study it, join that class with its join code). Here is "
    "the rest of what you study."
)


def _answer_form(item: IssuedItem) -> AnswerForm | None:
    """The form object for a card whose answer is typed (its labelled field, as
    ``study/_item.html`` renders it); a card answered by buttons (options, a
    flashcard's grades) renders its few hidden inputs itself."""
    typed = not item.choice_order and item.question.kind != QuestionKind.FLASHCARD
    if not typed:
        return None
    # Never filled from the request (see ``_card_view``); what was typed before a hint
    # was asked for, or before the answer was refused, comes back.
    form = AnswerForm(formdata=None)
    form.response.data = typed_kept(item.token)
    return form


def _item_view(item: IssuedItem, user: User, state: MemoryState | None) -> dict[str, Any]:
    """What the item template needs beyond the item: rating intervals, cloze parts, hint."""
    question = item.question
    now = now_utc()
    view: dict[str, Any] = {
        "item": item,
        "question": question,
        "shown_at": now.isoformat(),
        "options_key": options_key(item),
    }
    if question.kind == QuestionKind.FLASHCARD:
        previews = preview_intervals(state, now, user.desired_retention, user.scheduler_parameters)
        view["ratings"] = [
            (int(rating), rating.name.title(), interval_label(previews[rating]))
            for rating in Rating
        ]
    if question.kind == QuestionKind.CLOZE:
        view["cloze"] = cloze_parts(question.prompt)
    if item.hint_shown:
        view["hint"] = hint_mask(question.answer)
    return view


@bp.get("/study/")
@login_required
def session() -> str | Response:
    """The study session: the next item on its card, or when nothing is left, a summary
    of the day and what comes next."""
    user = _user()
    now = now_utc()
    scope = _scope()
    card, counts = _study_card(user, scope, now)
    if card is None:
        slug = request.args.get("bank")
        bank = visible_bank(user, slug) if slug else None
        if slug and bank is None:
            flash(BANK_GONE, "info")
            others = _session_args()
            others.pop("bank")
            return redirect(url_for("study.session", **others))
        return render_template(
            "study/done.html",
            bank=bank,
            summary=session_summary(user, counts, scope, bank, now),
            banks=[bank] if bank else visible_banks(user),
            undo_token=counts.undo_token,
            args=_session_args(),
        )
    return render_template("study/session.html", **_card_view(card, user))


def _study_card(user: User, scope: Scope, now: datetime) -> tuple[StudyCard | None, SessionCounts]:
    """The session's card now (its learn-ahead flag from the request), and today's counts."""
    return study_card(user, scope, now, ahead=bool(request.args.get("ahead")))


def _card_view(card: StudyCard, user: User, carried: bool = False) -> dict[str, Any]:
    """What a study card's page content (``study/_card_page.html``) needs.

    A ``carried`` card is shown later than it is rendered, once the learner has read the
    feedback: its "shown at" is left blank for study.js to fill in when it shows the card
    (from ``rendered_at``). Without the script nobody knows that moment, and the answer
    then records no time rather than one that counts the feedback's reading."""
    args = _session_args()
    item_view = _item_view(card.item, user, card.state)
    if carried:
        item_view["rendered_at"] = item_view["shown_at"]
        item_view["shown_at"] = ""
    return {
        "form": _answer_form(card.item),
        "action": url_for("study.answer", **args),
        "card": card,
        "fact": card.fact,
        # Learning ahead, nothing counts the facts ahead: "N of N" on every card (a
        # full bar) would mislead; the notice says how many were answered today.
        "position": None if args.get("ahead") else card.counts.position(),
        # "Not due yet" only on a card that is not: learning ahead serves facts come due
        # meanwhile (one answered wrong ten minutes ago) first.
        "learning_ahead": bool(args.get("ahead")) and card.is_ahead(now_utc()),
        "undo_token": card.counts.undo_token,
        "args": args,
        # "Show a hint" is a button of the answer form (its token and CSRF token go with it).
        "may_hint": may_show_hint(card.item),
        **item_view,
    }


@dataclass(frozen=True)
class CarriedCard:
    """The next card, carried on an answer's feedback page: Continue shows it with no
    request (study.js swaps it in; without scripts Continue is a link to it, which CSS
    shows in place of the feedback). Should Continue reach the server after all (a new
    tab, a reload), ``session`` serves the item waiting."""

    html: Markup  # rendered by an escaping template
    fact: Fact


def _carried_card(card: StudyCard, user: User) -> CarriedCard:
    """The session's next card (issued with the answer, or the item already waiting),
    rendered for the answer's page to carry."""
    html = Markup(render_template("study/_card_page.html", **_card_view(card, user, carried=True)))
    return CarriedCard(html, card.fact)


_F = TypeVar("_F", bound=FlaskForm)


def _posted(form: _F) -> _F:
    """The submitted form, or 400 when it is forged or incomplete (the pages never send that)."""
    if not form.validate_on_submit():
        abort(400)
    return form


def _own_item_or_404(token: str) -> IssuedItem:
    item = item_for_user(_user(), token)
    if item is None:
        abort(404)
    return item


def _submission(posted: PostedAnswer) -> Submission:
    return Submission(
        response=posted.response,
        choice=posted.choice,
        options_key=posted.options_key,
        self_rating=posted.rating,
        duration_ms=elapsed_ms(posted.shown_at, now_utc()),
    )


def _feedback_page(
    result: Answered,
    user: User,
    next_card: CarriedCard | None = None,
    answered_elsewhere: bool = False,
) -> str:
    """The answered item's card: verdict in place, the right answer, why, the source,
    when it comes back, Continue (and the next card, when carried). ``answered_elsewhere``:
    this request's answer came after another tab's, whose answer is the one shown."""
    return render_template(
        "study/feedback.html",
        **feedback_view(result, user, now_utc()),
        args=_session_args(),
        next_card=next_card,
        answered_elsewhere=answered_elsewhere,
    )


@bp.post("/study/answer")
@login_required
@reads_before_writing
def answer() -> str | Response:
    """Record an answer once. A study answer is answered with its feedback on the same
    card (200), which carries the session's next card, so an answer costs one request,
    with scripts or without. A repeat of the same token shows the first answer's
    feedback (and carries nothing: the card it carried is the one waiting). A quiz
    answer goes on to the next question (303)."""
    posted = read_answer_form(request.form)
    if posted is None:
        abort(400)
    user = _user()
    token = posted.token
    scope = None if request.args.get("quiz") else _scope()
    submission = _submission(posted)
    card: StudyCard | None = None
    try:
        if scope is None:
            result = record_answer(user, token, submission, now_utc())
        else:
            result, card = answer_with_next_card(
                user,
                token,
                submission,
                now_utc(),
                scope,
                card_position(posted.position),
                ahead=bool(request.args.get("ahead")),
            )
    except ItemNotFound:
        abort(404)
    except AnswerRefused as refusal:
        flash(str(refusal), "error")
        keep_typed(token, posted.response)  # "send it again" need not mean "type it again"
        attempt_id = _own_item_or_404(token).attempt_id
        if attempt_id is not None:
            return redirect(url_for("study.quiz", attempt_id=attempt_id), 303)
        return redirect(url_for("study.session", **_session_args()), 303)
    if result.item.attempt_id is not None:
        if result.now_practice:
            flash(NOW_PRACTICE, "info")
        if answered_otherwise(result, submission):
            flash(QUIZ_ANSWERED_ALREADY, "info")
        return redirect(url_for("study.quiz", attempt_id=result.item.attempt_id), 303)
    carried = None if card is None else _carried_card(card, user)
    return _feedback_page(result, user, carried, answered_otherwise(result, submission))


@bp.get("/study/answer")
@login_required
def answer_address() -> Response:
    """The answer's address opened by a GET (Continue, a link to the carried card on the
    feedback page, opened in a new tab without scripts): the session it belongs to."""
    return redirect(url_for("study.session", **_session_args()))


@bp.get("/study/feedback/<token>")
@login_required
def feedback(token: str) -> str:
    """An answer's feedback again, for back and undo links."""
    user = _user()
    try:
        result = answered(user, token, _scope(), now_utc())
    except ItemNotFound:
        abort(404)
    return _feedback_page(result, user)


@bp.post("/study/hint")
@login_required
def hint() -> Response:
    """Reveal a hint for a typed item; answering it right afterwards rates Hard. What was
    typed so far (the button is in the answer form) comes back in the box."""
    item = _own_item_or_404(_posted(TokenForm()).token.data or "")
    show_hint(item)
    keep_typed(item.token, request.form.get("response", ""))
    return redirect(url_for("study.session", **_session_args()))


@bp.post("/study/undo")
@login_required
def undo() -> Response:
    token = _posted(TokenForm()).token.data or ""
    try:
        undo_answer(_user(), token, now_utc())
    except ItemNotFound:
        abort(404)
    except TakenBackAlready as repeat:
        flash(str(repeat), "info")
    except AnswerRefused as refusal:
        flash(str(refusal), "error")
    else:
        flash("Answer taken back. Here is the question again.", "success")
    return redirect(url_for("study.session", **_session_args()))


@bp.route("/study/settings", methods=["GET", "POST"])
@login_required
def settings() -> str | Response:
    user = _user()
    form = StudySettingsForm(obj=user)
    limit = form.daily_new_limit
    limit.description = daily_new_limit_description(user, limit.description)
    if form.validate_on_submit():
        day_ends = save_study_settings(
            user,
            form.desired_retention.data,
            form.daily_new_limit.data,
            form.time_zone.data,
            bool(form.prefers_self_grading.data),
            now_utc(),
        )
        flash(f"Study settings saved.{day_goes_on(day_ends, user.time_zone)}", "success")
        return redirect(url_for("study.settings"))
    return render_template(
        "study/settings.html",
        form=form,
        # Never chosen (still the default): the page picks this device's zone for them.
        offer_device_zone=not form.is_submitted() and user.time_zone == DEFAULT_TIME_ZONE,
        **nav_counts(user, now_utc()),
    )


@bp.post("/study/time-zone")
@login_required
def device_time_zone() -> Response:
    """The home page's offer: study days in the zone the learner's device reports."""
    form = DeviceTimeZoneForm()
    if not form.validate_on_submit():
        flash(" ".join(form.time_zone.errors) or "The time zone was not changed.", "error")
        return redirect(url_for("main.home"))
    user = _user()
    day_ends = use_time_zone(user, form.time_zone.data or "", now_utc())
    flash(
        f"Your days now follow {user.time_zone}.{day_goes_on(day_ends, user.time_zone)}", "success"
    )
    return redirect(url_for("main.home"))


@bp.get("/quiz/")
@login_required
def quizzes() -> str:
    """Every bank the learner sees, each with its quiz lengths, and their recent quizzes."""
    user = _user()
    counts = quizzable_fact_counts(visible_bank_ids(user))
    banks = [(bank, quiz_lengths(counts.get(bank.id, 0))) for bank in visible_banks(user)]
    return render_template(
        "study/quizzes.html",
        banks=banks,
        attempts=recent_attempts(user),
        **nav_counts(user, now_utc()),
    )


# A start form whose assignment is gone (taken off the class) or not the learner's.
NO_LONGER_ASSIGNED = (
    "That quiz is no longer assigned to your class, so it cannot be started. "
    "Your scores from it are kept."
)


@bp.post("/quiz/start")
@login_required
def start_quiz() -> Response:
    """Start a quiz on a bank the learner can see (or from their class's assignment),
    or resume the unfinished one there."""
    form = StartQuizForm()
    if not form.validate_on_submit():
        flash("That quiz could not be started: " + _first_error(form), "error")
        return redirect(url_for("study.quizzes"))
    user = _user()
    bank = db.session.get(Bank, form.bank_id.data)
    assignment = None
    if form.assignment_id.data is not None:
        # Before the bank's check: a bank shared only by the assignment is hidden once
        # the assignment goes, and the learner is told why rather than "not found". A
        # bank that is gone reads the same, so a forged start cannot tell another
        # school's bank from no bank at all.
        if bank is not None:
            assignment = assignment_to_start(user, form.assignment_id.data, bank)
        if assignment is None:
            flash(NO_LONGER_ASSIGNED, "error")
            return redirect(url_for("study.quizzes"), 303)
        if assignment.classroom.archived_at is not None:
            flash(QUIZZES_CLOSED.format(name=assignment.classroom.name), "error")
            return redirect(url_for("study.quizzes"), 303)
    if bank is None:
        abort(404)
    visible_bank_or_404(user, bank.slug)
    try:
        attempt, resumed = start_or_resume_quiz(user, bank, assignment, form.size.data, now_utc())
    except QuizRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("study.quizzes"))
    if resumed:
        flash("You have an unfinished quiz on this bank; carry on where you left off.", "info")
    return redirect(url_for("study.quiz", attempt_id=attempt.id))


def _first_error(form: StartQuizForm) -> str:
    for field in form:
        if field.errors:
            return f"{field.name}: {field.errors[0]}"
    return "the form was incomplete."


@bp.get("/quiz/<int:attempt_id>")
@login_required
def quiz(attempt_id: int) -> str | Response:
    user = _user()
    attempt = attempt_for_user_or_404(user, attempt_id)
    progress = quiz_progress(attempt)
    if attempt.finished_at is not None or progress.item is None:
        return redirect(url_for("study.quiz_results", attempt_id=attempt.id))
    left = class_left(attempt)
    return render_template(
        "study/quiz.html",
        attempt=attempt,
        progress=progress,
        left_class=LEFT_CLASS_QUIZ.format(name=left) if left else None,
        form=_answer_form(progress.item),
        action=url_for("study.answer", quiz=1),
        **_item_view(progress.item, user, None),
    )


@bp.get("/quiz/<int:attempt_id>/results", endpoint="quiz_results")
@login_required
def quiz_results_page(attempt_id: int) -> str | Response:
    user = _user()
    attempt = attempt_for_user_or_404(user, attempt_id)
    if attempt.finished_at is None:
        return redirect(url_for("study.quiz", attempt_id=attempt.id))
    # A bank no longer shared with the learner (taken off their class, or they were
    # removed from it) offers nothing more; their score stays.
    still_open = can_see_bank(user, attempt.bank)
    again = []  # an assignment's quiz keeps the teacher's length
    if attempt.assignment_id is None and still_open:
        count = quizzable_fact_counts([attempt.bank_id]).get(attempt.bank_id, 0)
        again = quiz_lengths(count, preferred=round(attempt.max_score))
    return render_template(
        "study/quiz_results.html",
        attempt=attempt,
        report=quiz_report(attempt),
        lengths=again,
        still_open=still_open,
        **nav_counts(user, now_utc()),
    )


for _helper in (display_answer, cloze_parts):
    bp.add_app_template_global(_helper)
