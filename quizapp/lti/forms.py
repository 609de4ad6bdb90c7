"""The instructor's content picker."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, NumberRange

from ..study.quizzes import DEFAULT_QUIZ_SIZE, MAX_QUIZ_SIZE


class PickContentForm(FlaskForm):
    bank_id = SelectField("Question bank", coerce=int, validators=[DataRequired()])
    kind = RadioField(
        "Add it as",
        choices=[
            SelectChoice("quiz", "A graded quiz"),
            SelectChoice("study", "Study (spaced repetition, not graded)"),
        ],
        default="quiz",
    )
    quiz_size = IntegerField(
        "Questions in the quiz",
        default=DEFAULT_QUIZ_SIZE,
        validators=[NumberRange(1, MAX_QUIZ_SIZE)],
        description=f"1 to {MAX_QUIZ_SIZE}; the LMS's gradebook scores it out of this number.",
    )
    submit = SubmitField("Add to the course")

    def validate(self, extra_validators: Any = None) -> bool:
        """The quiz size is checked for a graded quiz only: Study has none, and its box
        left empty or at 0 does not hold the choice up."""
        valid = super().validate(extra_validators)
        if not valid and self.kind.data == "study" and set(self.errors) == {"quiz_size"}:
            self.quiz_size.errors = []
            return True
        return valid
