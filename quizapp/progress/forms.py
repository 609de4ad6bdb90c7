"""The date-range filter shown on every progress page (a GET form: it changes nothing)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, Field
from wtforms.validators import Optional, ValidationError

from .period import DateRange, DateRangeError


class DateRangeForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only filter in the query string, like a search box

    first = DateField("From", name="from", validators=[Optional()])
    last = DateField("To", name="to", validators=[Optional()])

    def validate_last(self, field: Field) -> None:
        try:
            DateRange(self.first.data, field.data)
        except DateRangeError as error:
            raise ValidationError(str(error)) from error

    def period(self) -> DateRange:
        """The chosen range; an open range while the form has errors (they are shown)."""
        return DateRange(self.first.data, self.last.data) if self.validate() else DateRange()
