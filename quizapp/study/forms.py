"""The study area's forms. Every one carries a CSRF token (Flask-WTF)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import NumberInput

from ..ids import DatabaseIdField
from ..scheduling import MAX_RETENTION, MIN_RETENTION
from ..timeutil import as_utc, time_zone_choices, time_zone_named
from .quizzes import MAX_QUIZ_SIZE
from .settings import retention_choices

# Longer than this and the learner walked away; the time says nothing about recall.
MAX_DURATION_MS = 30 * 60 * 1000
# More items than this in one day's session is not a place any card showed.
MAX_SESSION_ITEMS = 100_000
MAX_TOKEN_LENGTH = 64
MAX_TYPED_LENGTH = 500


class AnswerForm(FlaskForm):
    """The typed answer's labelled field, as a card whose answer is typed renders it.

    The card's other inputs (token, when it was shown, its place, the option and
    grade buttons) are written by the template, and a posted answer is read, with every
    rule, by ``read_answer_form``: this form is never validated."""

    response = StringField("Your answer", validators=[Optional(), Length(max=MAX_TYPED_LENGTH)])


class TokenForm(FlaskForm):
    """A button acting on one item (hint, undo)."""

    token = HiddenField(validators=[InputRequired(), Length(max=64)])


class StartQuizForm(FlaskForm):
    bank_id = DatabaseIdField(validators=[InputRequired()])
    assignment_id = DatabaseIdField(validators=[Optional()])
    size = IntegerField("Questions", validators=[Optional(), NumberRange(min=1, max=MAX_QUIZ_SIZE)])


_N = TypeVar("_N", int, float)


def _read_number(valuelist: list[str], read: Callable[[str], _N], message: str) -> _N | None:
    """The number typed, or ValueError with the field's one plain message."""
    if not valuelist:
        return None
    try:
        return read(valuelist[0].strip())
    except ValueError:
        raise ValueError(message) from None


def _stop_unless_in_range(
    field: Field, value: float | None, low: float, high: float, message: str
) -> None:
    """One plain message for anything the field cannot take (unreadable, empty or out of
    range), not WTForms' "Not a valid float value." beside the range."""
    if field.process_errors:
        raise StopValidation()  # its one message is there already
    if value is None or not low <= value <= high:
        raise StopValidation(message)


class ShareField(FloatField):
    """A share typed as people type it: "0.9", "0,9" (a decimal comma), "90%" or "90"."""

    def __init__(self, label: str, minimum: float, maximum: float, **kwargs: Any) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.message = f"Enter a number from {minimum:.2f} to {maximum:.2f}."
        super().__init__(label, **kwargs)

    @staticmethod
    def _read(text: str) -> float:
        percent = text.endswith("%")
        value = float(text.removesuffix("%").strip().replace(",", "."))
        if not math.isfinite(value):
            raise ValueError(text)
        return value / 100 if percent or 1 < value <= 100 else value

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None  # not the stored value, should what was typed not read
        self.data = _read_number(valuelist, self._read, self.message)

    def pre_validate(self, form: Any) -> None:
        _stop_unless_in_range(self, self.data, self.minimum, self.maximum, self.message)


class ShareRadioField(RadioField):
    """A share picked from a few levels, read as ``ShareField`` reads one ("0.9", "90%"):
    a request sent some other way than the page's buttons is still checked by range."""

    def __init__(self, label: str, minimum: float, maximum: float, message: str, **kwargs: Any):
        self.minimum, self.maximum, self.message = minimum, maximum, message
        super().__init__(label, coerce=float, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None  # not the stored value, should what was sent not read
        self.data = _read_number(valuelist, ShareField._read, self.message)

    def pre_validate(self, form: Any) -> None:
        _stop_unless_in_range(self, self.data, self.minimum, self.maximum, self.message)


class WholeNumberField(IntegerField):
    """A whole number in a range; "2.5" or "ten" gets the range's message."""

    def __init__(self, label: str, minimum: int, maximum: int, **kwargs: Any) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.message = f"Enter a whole number from {minimum} to {maximum}."
        super().__init__(label, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None  # not the stored value, should what was typed not read
        self.data = _read_number(valuelist, int, self.message)

    def pre_validate(self, form: Any) -> None:
        _stop_unless_in_range(self, self.data, self.minimum, self.maximum, self.message)


class StudySettingsForm(FlaskForm):
    # Stored as the scheduler's desired retention (0.80 to 0.97), asked in plain words.
    desired_retention = ShareRadioField(
        "How much do you want to remember?",
        MIN_RETENTION,
        MAX_RETENTION,
        f"Choose how much you want to remember, from {MIN_RETENTION:.0%} to {MAX_RETENTION:.0%}.",
        description=(
            "How likely you are to still know a fact when it comes back for review. The "
            "more you want to remember, the sooner each fact comes back: more reviews a day. "
            "A new choice counts from each fact's next review: facts already waiting keep "
            "the date already set, and come back on the new spacing once you answer them."
        ),
    )
    daily_new_limit = WholeNumberField(
        "New facts per day",
        0,
        500,
        widget=NumberInput(min=0, max=500),
        description="How many facts you meet for the first time each day in study sessions.",
    )
    # Checked by ``validate_time_zone`` against the zone database, not against the list
    # shown, so a zone typed by a script ("asia/seoul") is read as the list would send it.
    time_zone = SelectField(
        "Time zone",
        validators=[InputRequired(), Length(max=64)],
        validate_choice=False,
        description=(
            "Your day of study starts at midnight here. Pick the city nearest you that shares "
            "your clock, e.g. Asia/Seoul or Europe/London."
        ),
    )
    # "A week": the ladder's free recall, from a memory 7 days steady (FREE_RECALL_FROM_DAYS).
    prefers_self_grading = BooleanField(
        "On well-known facts, show flashcards I grade myself instead of typing the answer",
        description=(
            "Facts remembered for a week or more are asked by typing the answer. Ticked, "
            "they come as flashcards instead: recall the answer, show it, and grade "
            "yourself Again, Hard, Good or Easy, as in Anki. Newer facts are asked as before."
        ),
    )
    submit = SubmitField("Save settings")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.desired_retention.choices = retention_choices(self.desired_retention.data)
        self.time_zone.choices = [(name, name) for name in time_zone_choices(self.time_zone.data)]

    def validate_time_zone(self, field: SelectField) -> None:
        _name_the_time_zone(field, "Choose your time zone from the list, e.g. Asia/Seoul or UTC.")


class DeviceTimeZoneForm(FlaskForm):
    """The home page's offer of the zone the learner's device reports (static/time-zone.js)."""

    time_zone = HiddenField(validators=[InputRequired(), Length(max=64)])

    def validate_time_zone(self, field: HiddenField) -> None:
        _name_the_time_zone(field, "Unknown time zone. Use a name like Asia/Seoul or UTC.")


def _name_the_time_zone(field: SelectField | HiddenField, refusal: str) -> None:
    """The zone sent by its IANA name ("asia/seoul" is Asia/Seoul); refused if unknown."""
    named = time_zone_named(field.data or "")
    if named is None:
        raise ValidationError(refusal)
    field.data = named


def elapsed_ms(shown_at: str | None, now: datetime) -> int | None:
    """Milliseconds since the page showed the item (its render time in a hidden field);
    None when missing, malformed or implausible."""
    try:
        shown = as_utc(datetime.fromisoformat(shown_at or ""))
    except (ValueError, OverflowError):  # OverflowError: a forged time at the calendar's edge
        return None
    elapsed = int((as_utc(now) - shown).total_seconds() * 1000)
    return elapsed if 0 <= elapsed <= MAX_DURATION_MS else None


def card_position(value: str | None) -> tuple[int, int] | None:
    """The card's place in today's session ("3/12" -> (3, 12)) as its page showed it.

    The answered card shows the same place without counting the session again (the
    answer's transaction then reads only the item). It is the learner's own display:
    anything malformed or impossible is left out, never shown, and never an error."""
    number, _, total = (value or "").partition("/")
    if not (number.isdigit() and total.isdigit()) or len(value or "") > 16:
        return None
    place = int(number), int(total)
    return place if 1 <= place[0] <= place[1] <= MAX_SESSION_ITEMS else None


@dataclass(frozen=True)
class PostedAnswer:
    """A study card's answer as posted (read by ``read_answer_form``)."""

    token: str
    response: str
    choice: int | None
    rating: int | None
    shown_at: str | None
    position: str | None
    # What the card asked from (``issued_items.options_key``); None from a page without it.
    options_key: str | None = None


def _optional_int(value: str | None) -> tuple[bool, int | None]:
    """(valid, number): blank is a valid None, as WTForms' Optional() IntegerField."""
    text = (value or "").strip()
    if not text:
        return True, None
    try:
        return True, int(text)
    except ValueError:
        return False, None


def read_answer_form(form: Mapping[str, str]) -> PostedAnswer | None:
    """The posted answer, or None when it is forged or incomplete (the view answers 400).

    Read without WTForms: this is the request a learner sends hundreds of times a day,
    and its CSRF token has already been checked before the view (``CSRFProtect`` guards
    every POST of the app). A token is required and at most 64 characters, a typed answer
    at most 500, an option or a grade a whole number or blank."""
    token = form.get("token") or ""
    response = form.get("response") or ""
    choice_ok, choice = _optional_int(form.get("choice"))
    rating_ok, rating = _optional_int(form.get("rating"))
    if not token.strip() or len(token) > MAX_TOKEN_LENGTH or len(response) > MAX_TYPED_LENGTH:
        return None
    if not (choice_ok and rating_ok):
        return None
    return PostedAnswer(
        token,
        response,
        choice,
        rating,
        form.get("shown_at"),
        form.get("position"),
        form.get("options"),
    )
