"""Bank pages of the workspace: list, view, edit (own banks only), retire, export."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import Field

from ..banks.access import can_edit_bank
from ..banks.facts import fact_page, page_of_fact
from ..downloads import attachment
from ..exporters import EXPORTS, export_filename, write_bank
from ..importers.records import ParsedFact, ParsedQuestion, normal_answer
from ..importers.save import import_history
from ..importers.tags import join_tags
from ..models import Bank, Fact, Question
from . import bp
from .access import (
    editable_bank_or_abort,
    fact_in_bank_or_404,
    question_in_bank_or_404,
    teacher_bank_or_404,
)
from .bank_list import assigned_classes, bank_list
from .editing import (
    EditedMeanwhile,
    EditRefused,
    add_fact,
    add_question,
    changed_columns,
    content_of,
    content_version,
    copy_key,
    move_fact,
    set_active,
    update_fact,
    update_question,
)
from .forms import ButtonForm, FactForm, QuestionForm, lines, refused_or_ok, typed_tags


@bp.get("/banks/")
def banks() -> str:
    return render_template("teach/banks.html", listing=bank_list(current_user))


@bp.get("/banks/<slug>")
def bank(slug: str) -> str:
    found = teacher_bank_or_404(current_user, slug)
    editable = can_edit_bank(current_user, found)
    return render_template(
        "teach/bank.html",
        bank=found,
        listing=fact_page(found, include_retired=True, number=request.args.get("page", type=int)),
        editable=editable,
        classes=assigned_classes(current_user, found).get(found.id, []),
        imports=import_history(found) if editable else [],
        exports=EXPORTS,
        button=ButtonForm(),
    )


@bp.get("/banks/<slug>/export/<fmt>")
def export_bank(slug: str, fmt: str) -> Response:
    found = teacher_bank_or_404(current_user, slug)
    if fmt not in EXPORTS:
        abort(404)
    data = write_bank(found, fmt)
    return attachment(data, export_filename(found, fmt), EXPORTS[fmt].mimetype)


def _parsed_fact(form: FactForm) -> ParsedFact:
    return ParsedFact(
        key=(form.key.data or "").strip(),
        statement=form.statement.data or "",
        topic=(form.topic.data or "").strip(),
        source_ref=(form.source_ref.data or "").strip(),
        tags=typed_tags(form.tags.data or ""),
    )


def _parsed_question(form: QuestionForm) -> ParsedQuestion:
    return ParsedQuestion(
        kind=form.kind.data,
        prompt=form.prompt.data or "",
        # "True", "yes"... are read as an upload reads them.
        answer=normal_answer(form.kind.data, (form.answer.data or "").strip()),
        key=(form.key.data or "").strip(),
        accepted_variants=lines(form.accepted_variants.data),
        choices=lines(form.choices.data),
        explanation=form.explanation.data or "",
        strict=bool(form.strict.data),
    )


def _show_refusal(form: FactForm | QuestionForm, refusal: EditRefused, default: Field) -> None:
    """Each message under the field it is about; one about no field of the form (or
    about none) under ``default``."""
    for name, message in (refusal.by_field or {default.name: str(refusal)}).items():
        shown = getattr(form, name, None)
        field = shown if isinstance(shown, Field) else default
        field.errors = [*field.errors, message]


def _saved_meanwhile(
    form: FactForm | QuestionForm, row: Fact | Question, meanwhile: EditedMeanwhile
) -> None:
    """Say so, keep what the teacher typed, and let the next Save put it in place of what
    was saved meanwhile (the form now carries that version)."""
    flash(str(meanwhile), "error")
    form.version.data = content_version(row)


def _saved_message(form: FactForm | QuestionForm, changed: set[str], what: str) -> str:
    """Name the fields a save of ``what`` ("fact", "question") changed, in the form's
    words, or say nothing did: a plain "saved" left the teacher unsure it took."""
    names = [field.label.text for field in form if field.name in changed]
    if not names:
        return f"Nothing to save: the {what} was already as sent."
    return f"{what.capitalize()} saved: {', '.join(names)} changed."


def _fact_page(form: FactForm, bank: Bank, fact: Fact | None) -> str | tuple[str, int]:
    """The fact form, refused or not (``refused_or_ok``); its way back leads to the fact
    on its page of the bank, as the question form's does."""
    back = _fact_url(bank, fact) if fact else url_for("teach.bank", slug=bank.slug)
    page = render_template("teach/fact_form.html", form=form, bank=bank, fact=fact, back=back)
    return refused_or_ok(page, form)


def _copied_question(bank: Bank, fact: Fact, form: QuestionForm) -> Question | None:
    """A question's "Duplicate" (``?copy=<id>``, a question of this bank): the new
    question's form opened filled from it, under a key of its own; nothing is saved
    until the teacher saves, as Moodle's duplicate lets them change what differs first."""
    copy_id = request.args.get("copy", type=int)
    if copy_id is None or form.is_submitted():
        return None
    source = question_in_bank_or_404(bank, copy_id)
    form.process(obj=source)
    form.key.data = copy_key(fact, source.key)
    form.accepted_variants.data = "\n".join(source.accepted_variants)
    form.choices.data = "\n".join(source.choices)
    return source


def _question_page(
    form: QuestionForm,
    bank: Bank,
    fact: Fact,
    question: Question | None,
    copied: Question | None = None,
) -> str | tuple[str, int]:
    """The question form, refused or not (``refused_or_ok``)."""
    page = render_template(
        "teach/question_form.html",
        form=form,
        bank=bank,
        fact=fact,
        question=question,
        copied=copied,
        back=_fact_url(bank, fact),
    )
    return refused_or_ok(page, form)


def _back_to(bank: Bank, fact: Fact | None = None) -> Response:
    """The bank's page, at the fact saved (on the page that lists it)."""
    return redirect(_fact_url(bank, fact) if fact else url_for("teach.bank", slug=bank.slug))


def _fact_url(bank: Bank, fact: Fact) -> str:
    """Where the bank's page shows ``fact``: its page of facts, at its anchor."""
    page = page_of_fact(fact, include_retired=True)
    return url_for(
        "teach.bank", slug=bank.slug, page=page if page > 1 else None, _anchor=f"fact-{fact.key}"
    )


@bp.route("/banks/<slug>/facts/new", methods=["GET", "POST"])
def new_fact(slug: str) -> str | tuple[str, int] | Response:
    found = editable_bank_or_abort(current_user, slug)
    form = FactForm()
    if form.validate_on_submit():
        try:
            fact = add_fact(found, _parsed_fact(form))
        except EditRefused as error:
            _show_refusal(form, error, form.key)
        else:
            flash("Fact added. Now add a question that asks it.", "success")
            return redirect(url_for("teach.new_question", slug=found.slug, fact_id=fact.id))
    return _fact_page(form, found, None)


@bp.route("/banks/<slug>/facts/<int:fact_id>/edit", methods=["GET", "POST"])
def edit_fact(slug: str, fact_id: int) -> str | tuple[str, int] | Response:
    found = editable_bank_or_abort(current_user, slug)
    fact = fact_in_bank_or_404(found, fact_id)
    form = FactForm(obj=fact)
    form.key.data = fact.key
    if not form.is_submitted():
        form.tags.data = join_tags(fact.tags)
        form.version.data = content_version(fact)
    if form.validate_on_submit():
        before = content_of(fact)
        try:
            update_fact(fact, _parsed_fact(form), form.version.data or None)
        except EditedMeanwhile as meanwhile:
            _saved_meanwhile(form, fact, meanwhile)
        except EditRefused as error:
            _show_refusal(form, error, form.statement)
        else:
            flash(_saved_message(form, changed_columns(before, fact), "fact"), "success")
            return _back_to(found, fact)
    return _fact_page(form, found, fact)


@bp.route("/banks/<slug>/facts/<int:fact_id>/questions/new", methods=["GET", "POST"])
def new_question(slug: str, fact_id: int) -> str | tuple[str, int] | Response:
    found = editable_bank_or_abort(current_user, slug)
    fact = fact_in_bank_or_404(found, fact_id)
    form = QuestionForm()
    copied = _copied_question(found, fact, form)
    if form.validate_on_submit():
        try:
            add_question(fact, _parsed_question(form))
        except EditRefused as error:
            _show_refusal(form, error, form.prompt)
        else:
            flash("Question added.", "success")
            return _back_to(found, fact)
    return _question_page(form, found, fact, None, copied)


@bp.route("/banks/<slug>/questions/<int:question_id>/edit", methods=["GET", "POST"])
def edit_question(slug: str, question_id: int) -> str | tuple[str, int] | Response:
    found = editable_bank_or_abort(current_user, slug)
    question = question_in_bank_or_404(found, question_id)
    form = QuestionForm(obj=question)
    form.key.data = question.key
    if not form.is_submitted():
        form.accepted_variants.data = "\n".join(question.accepted_variants)
        form.choices.data = "\n".join(question.choices)
        form.version.data = content_version(question)
    if form.validate_on_submit():
        before = content_of(question)
        try:
            update_question(question, _parsed_question(form), form.version.data or None)
        except EditedMeanwhile as meanwhile:
            _saved_meanwhile(form, question, meanwhile)
        except EditRefused as error:
            _show_refusal(form, error, form.prompt)
        else:
            flash(_saved_message(form, changed_columns(before, question), "question"), "success")
            return _back_to(found, question.fact)
    return _question_page(form, found, question.fact, question)


@bp.post("/banks/<slug>/facts/<int:fact_id>/retire", defaults={"active": False})
@bp.post("/banks/<slug>/facts/<int:fact_id>/restore", defaults={"active": True})
def toggle_fact(slug: str, fact_id: int, active: bool) -> Response:
    found = editable_bank_or_abort(current_user, slug)
    fact = fact_in_bank_or_404(found, fact_id)
    if ButtonForm().validate_on_submit():
        set_active(fact, active)
        flash("Fact restored." if active else "Fact retired: it is no longer asked.", "success")
    return _back_to(found, fact)


@bp.post("/banks/<slug>/facts/<int:fact_id>/move-up", defaults={"step": -1})
@bp.post("/banks/<slug>/facts/<int:fact_id>/move-down", defaults={"step": 1})
def move_fact_in_bank(slug: str, fact_id: int, step: int) -> Response:
    found = editable_bank_or_abort(current_user, slug)
    fact = fact_in_bank_or_404(found, fact_id)
    if ButtonForm().validate_on_submit() and not move_fact(fact, step):
        flash(f"This fact is {'first' if step < 0 else 'last'} already.", "info")
    return _back_to(found, fact)


@bp.post("/banks/<slug>/questions/<int:question_id>/retire", defaults={"active": False})
@bp.post("/banks/<slug>/questions/<int:question_id>/restore", defaults={"active": True})
def toggle_question(slug: str, question_id: int, active: bool) -> Response:
    found = editable_bank_or_abort(current_user, slug)
    question = question_in_bank_or_404(found, question_id)
    if ButtonForm().validate_on_submit():
        set_active(question, active)
        flash(
            "Question restored." if active else "Question retired: it is no longer asked.",
            "success",
        )
    return _back_to(found, question.fact)
