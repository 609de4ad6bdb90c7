"""Forms of the teacher workspace and the student's join page."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    Field,
    HiddenField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)

# types-WTForms (3.2) predates WTForms 3.3's SelectChoice.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..config import upload_limit_text
from ..date_text import counted
from ..importers import FORMAT_LABELS, Separators
from ..importers.quizlet import CARD_SEPARATORS, TERM_SEPARATORS
from ..importers.records import KINDS
from ..importers.tags import MAX_TAGS, TAG_LENGTH, split_tags, tag_problems
from ..importers.text import MAX_TEXT_LENGTH
from ..models import (
    DEFAULT_ASSIGNMENT_NEW_PER_DAY,
    MAX_ASSIGNMENT_NEW_PER_DAY,
    QuestionKind,
    kind_label,
)
from ..progress.period import EARLIEST_DAY, LATEST_DAY
from ..study.quizzes import MAX_QUIZ_SIZE
from ..timeutil import local_day, now_utc

# A form sent back with a message beside each field to fix: nothing was saved, and the
# page keeps what the teacher typed (a redirect would have lost it).
FORM_REFUSED = 422


def refused_or_ok(page: str, form: FlaskForm) -> str | tuple[str, int]:
    """A form's page: one sent and shown again was refused (a valid one redirects), so it
    answers ``FORM_REFUSED``, whichever form it is."""
    return (page, FORM_REFUSED) if form.is_submitted() else page


class ButtonForm(FlaskForm):
    """A POST button with nothing but its CSRF token (remove, retire, regenerate...)."""


class BankDetailsForm(FlaskForm):
    """A teacher's own bank's name and description, as learners and classes see them."""

    title = StringField("Bank name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        "Description",
        validators=[Optional(), Length(max=2000)],
        description="Shown to learners under the bank's name.",
    )
    submit = SubmitField("Save")


class NewBankForm(BankDetailsForm):
    """An empty bank made by hand, to fill in the editor."""

    submit = SubmitField("Create bank")


class ClassroomForm(FlaskForm):
    name = StringField("Class name", validators=[DataRequired(), Length(max=120)])
    submit = SubmitField("Create class")


class StudentSearchForm(FlaskForm):
    """ "Find a student" across the teacher's classes: a GET form, it changes nothing."""

    class Meta:
        csrf = False

    q = SearchField(
        "Find a student in your classes",
        validators=[Length(max=100)],
        description="Part of a name or an email address.",
    )

    def query(self) -> str:
        """What to look for; nothing while the field is empty or refused (too long)."""
        return (self.q.data or "").strip() if self.validate() else ""


class JoinForm(FlaskForm):
    code = StringField(
        "Join code",
        # Room for the class's join link pasted whole (``join_codes.code_typed``).
        validators=[DataRequired(), Length(max=300)],
        description="The code your teacher gave you, e.g. K7QM2XH9PA, or their join link.",
    )
    submit = SubmitField("Join class")


class AssignmentFields(FlaskForm):
    """How a bank is assigned: for study or as a quiz of N questions, with a due date."""

    as_quiz = BooleanField("Assign as a quiz")
    quiz_size = IntegerField(
        "Questions in the quiz",
        validators=[Optional(), NumberRange(min=1, max=MAX_QUIZ_SIZE)],
        description=f"Leave empty to ask one question on each fact the app can mark, at most "
        f"{MAX_QUIZ_SIZE}.",
    )
    daily_new_limit = IntegerField(
        "New facts per day (study)",
        validators=[Optional(), NumberRange(min=1, max=MAX_ASSIGNMENT_NEW_PER_DAY)],
        description=(
            f"For a study assignment: how many of the bank's new facts each student meets "
            f"a day (their own daily limit is for their other banks). "
            f"Default {DEFAULT_ASSIGNMENT_NEW_PER_DAY}."
        ),
    )
    due_date = DateField("Due date", validators=[Optional()])
    submit = SubmitField("Assign")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Students may live elsewhere: the date means the end of that day here.
        self.due_date.description = (
            f"Optional. Due at 23:59 on that day in your time zone, {current_user.time_zone}."
        )

    def validate_due_date(self, field: DateField) -> None:
        """A date the pages can show in every time zone (as the progress pages' ranges),
        and not already past where the teacher is: students would be shown work due
        before it was set."""
        if field.data is None:
            return
        if not EARLIEST_DAY <= field.data <= LATEST_DAY:
            raise ValidationError(
                f"The due date must be between {EARLIEST_DAY.isoformat()} "
                f"and {LATEST_DAY.isoformat()}."
            )
        today = local_day(now_utc(), current_user.time_zone)
        if field.data < today:
            raise ValidationError(f"The due date has passed: choose {today.isoformat()} or later.")

    @property
    def bank_field(self) -> Field:
        """Where a bank that cannot be a quiz is told."""
        raise NotImplementedError

    def quiz_fits(self, title: str, askable: int) -> bool:
        """Whether this quiz can be drawn from a bank with ``askable`` questions (one per
        active fact with an auto-graded question); if not, says why under the bank's
        field (nothing to ask) or the size (too many): students would otherwise be
        promised "Start quiz (50 questions)" and be asked 2, or none."""
        if askable == 0:
            self.bank_field.errors = [
                *self.bank_field.errors,
                f"{title} has no questions a quiz can ask (none of its facts has a question "
                "the app can mark): add some, or assign it for study.",
            ]
            return False
        if self.quiz_size.data is not None and self.quiz_size.data > askable:
            self.quiz_size.errors = [
                *self.quiz_size.errors,
                f"{title} has {counted(askable, 'question')} a quiz can ask: "
                f"choose {askable} or fewer.",
            ]
            return False
        return True


class AssignForm(AssignmentFields):
    """On a class's page: which bank."""

    bank_id = SelectField("Question bank", coerce=int, validators=[DataRequired()])

    @property
    def bank_field(self) -> Field:
        return self.bank_id


class AssignToClassForm(AssignmentFields):
    """On a bank's after-import summary: which class."""

    classroom_id = SelectField("Class", coerce=int, validators=[DataRequired()])
    submit = SubmitField("Assign to a class")

    @property
    def bank_field(self) -> Field:
        """The bank is the page's own: a bank it cannot quiz is said under "as a quiz"."""
        return self.as_quiz


def _separator_field(label: str, detect: str, named: dict[str, str]) -> SelectField:
    """A choice like Quizlet's export dialog: detect, one of the named separators, or custom."""
    names = [SelectChoice(name, name.capitalize().replace("line", " line")) for name in named]
    return SelectField(
        label,
        choices=[SelectChoice("", detect), *names, SelectChoice("custom", "Custom")],
        validators=[Optional()],
    )


def _custom_typed(choice: SelectField, custom: StringField) -> None:
    if choice.data == "custom" and not (custom.data or ""):
        raise ValidationError("Type the separator in the box below, or choose another.")


def _custom_chosen(choice: SelectField, custom: StringField) -> None:
    if custom.data and choice.data not in ("custom", "", None):
        raise ValidationError("Choose Custom above to use this separator, or clear it.")


class UploadForm(FlaskForm):
    file = FileField(
        "Question file",
        validators=[FileRequired("Choose a file to upload.")],
        description="CSV/TSV, Anki package (.apkg) or text export, Quizlet export, Moodle "
        "GIFT, XML or Aiken, or our JSON.",
    )
    format = SelectField(
        "Format",
        choices=[
            SelectChoice("", "Detect from the file"),
            *(SelectChoice(value, label) for value, label in FORMAT_LABELS.items()),
        ],
        validators=[Optional()],
    )
    bank_title = StringField(
        "Bank name",
        validators=[Optional(), Length(max=200)],
        description="Defaults to the file name (a Quizapp JSON file's own bank title). "
        "Uploading again with the same name updates that bank.",
    )
    term_separator = _separator_field(
        "Quizlet: between term and definition", "Detect (tab or comma)", TERM_SEPARATORS
    )
    term_custom = StringField("Custom term separator", validators=[Optional(), Length(max=10)])
    card_separator = _separator_field("Quizlet: between rows", "Detect (new line)", CARD_SEPARATORS)
    card_custom = StringField("Custom row separator", validators=[Optional(), Length(max=10)])
    submit = SubmitField("Preview")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limit is MAX_UPLOAD_BYTES, a setting: the hint says the one this server keeps.
        limit = upload_limit_text(current_app.config["MAX_CONTENT_LENGTH"])
        self.file.description = f"{self.file.description} Up to {limit}."

    # A custom separator and its choice must agree: both fields were silently ignored
    # when they did not, and every line then failed to split.
    def validate_term_separator(self, field: SelectField) -> None:
        _custom_typed(field, self.term_custom)

    def validate_card_separator(self, field: SelectField) -> None:
        _custom_typed(field, self.card_custom)

    def validate_term_custom(self, field: StringField) -> None:
        _custom_chosen(self.term_separator, field)

    def validate_card_custom(self, field: StringField) -> None:
        _custom_chosen(self.card_separator, field)

    def separators(self) -> Separators:
        """The Quizlet separators chosen, as Quizlet's export dialog offers them; one typed
        in while its choice says "Detect" is taken as chosen."""

        def chosen(choice: str | None, custom: str | None) -> str | None:
            if choice in ("custom", "", None) and custom:
                return custom
            return None if choice == "custom" else (choice or None)

        return Separators.named(
            chosen(self.term_separator.data, self.term_custom.data),
            chosen(self.card_separator.data, self.card_custom.data),
        )


def within_upload_limit(what: str) -> Length:
    """A long text field holds at most what one cell of an upload may: a 600 kB statement
    was saved from the form while the same text in a file was refused."""
    return Length(
        max=MAX_TEXT_LENGTH, message=f"{what} can be at most {MAX_TEXT_LENGTH:,} characters."
    )


def typed_tags(text: str) -> list[str]:
    """The tags typed in the fact editor: space-separated as in Anki, a comma after or
    before a tag read as a separator too ("dates, korea"), as Moodle and Quizlet users
    type them; a comma inside a tag (an Anki deck's "a,b") is kept."""
    return split_tags(" ".join(word.strip(",") for word in text.split()))


class FactForm(FlaskForm):
    key = StringField(
        "Key",
        validators=[Optional(), Length(max=100)],
        description="Optional: left empty, it is made from the fact's first words. Short "
        "and stable, e.g. day-date; it cannot be changed later.",
    )
    # "Statement", as the upload preview and the exported files name it; the message
    # after a save names the fields changed by their labels.
    statement = TextAreaField(
        "Statement",
        validators=[DataRequired(), within_upload_limit("The fact")],
        description="The fact, in your own words.",
    )
    topic = StringField("Topic", validators=[Optional(), Length(max=120)])
    source_ref = StringField(
        "Source", validators=[Optional(), Length(max=200)], description='e.g. "paragraph 3".'
    )
    tags = StringField(
        "Tags",
        validators=[Optional(), Length(max=MAX_TAGS * (TAG_LENGTH + 1))],
        description="Separated by spaces (as in Anki) or commas, e.g. dates Korea::Resettlement. "
        "Learners do not see them.",
    )
    # What the fact was when the form was opened (``editing.content_version``).
    version = HiddenField()
    submit = SubmitField("Save fact")

    def validate_tags(self, field: StringField) -> None:
        """The same rules as imported tags, shown on the field."""
        problems = tag_problems(typed_tags(field.data or ""))
        if problems:
            raise ValidationError("; ".join(problems).capitalize() + ".")


class QuestionForm(FlaskForm):
    key = StringField(
        "Key",
        validators=[Optional(), Length(max=100)],
        description="Optional: left empty, it is the kind (typed, typed-2…). Unique within "
        "the fact, e.g. mc; it cannot be changed later.",
    )
    kind = SelectField("Kind", choices=[SelectChoice(kind, kind_label(kind)) for kind in KINDS])
    prompt = TextAreaField(
        "Prompt",
        validators=[DataRequired(), within_upload_limit("The prompt")],
        description="For cloze, write {{blank}} where the answer goes; for true/false, a "
        "statement.",
    )
    answer = StringField(
        "Answer",
        validators=[DataRequired(), within_upload_limit("The answer")],
        description="For true/false: true or false (True, yes, 1… are read too).",
    )
    accepted_variants = TextAreaField(
        "Other accepted answers",
        validators=[within_upload_limit("The other accepted answers")],
        description="One per line (typed and cloze).",
    )
    choices = TextAreaField(
        "Wrong options",
        validators=[within_upload_limit("The wrong options")],
        description="One per line (multiple choice).",
    )
    explanation = TextAreaField(
        "Explanation",
        validators=[within_upload_limit("The explanation")],
        description="Shown after answering.",
    )
    strict = BooleanField(
        "Exact spelling (a spelling test)",
        description="Typed and cloze answers must match exactly: no typo, hedge, number in "
        "words or other reading counts.",
    )
    version = HiddenField()  # as for facts
    submit = SubmitField("Save question")

    # A box the chosen kind never reads was saved and listed on the bank's page as if
    # learners saw it ("Wrong options" of a true/false question); said beside the box.
    def validate_choices(self, field: TextAreaField) -> None:
        if self.kind.data != QuestionKind.MULTIPLE_CHOICE and lines(field.data):
            raise ValidationError(
                f"Only multiple-choice questions offer wrong options: a "
                f"{kind_label(self.kind.data or '')} question never shows these. Clear the "
                "box, or choose Multiple choice as the kind."
            )

    def validate_accepted_variants(self, field: TextAreaField) -> None:
        if self.kind.data not in (QuestionKind.TYPED, QuestionKind.CLOZE) and lines(field.data):
            raise ValidationError(
                f"Only typed and cloze answers are checked against other accepted answers: "
                f"a {kind_label(self.kind.data or '')} question never uses these. Clear the "
                "box, or choose Typed or Cloze as the kind."
            )


def lines(text: str | list[str] | None) -> list[str]:
    """A one-per-line field as a list. A field a (crafted) POST leaves out still holds the
    edited row's list (``obj=``), which is kept as it is."""
    items = text if isinstance(text, list) else (text or "").splitlines()
    return [line.strip() for line in items if line.strip()]
