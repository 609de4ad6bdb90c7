"""The date-range filter shown on every progress page (a GET form: it changes nothing)."""

from __future__ import annotations

from collections.abc import Callable

from flask_wtf import FlaskForm
from wtforms import DateField, Field
from wtforms.validators import Optional, ValidationError

from .period import DateRange, DateRangeError, check_day


class DateRangeForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only filter in the query string, like a search box

    first = DateField("From", name="from", validators=[Optional()])
    last = DateField("To", name="to", validators=[Optional()])

    def validate_first(self, field: Field) -> None:
        _refuse(lambda: check_day(field.data, "from"))

    def validate_last(self, field: Field) -> None:
        first = None if self.first.errors else self.first.data  # its error is shown already
        _refuse(lambda: DateRange(first, field.data))

    def period(self) -> DateRange:
        """The chosen range; an open range while the form has errors (they are shown)."""
        return DateRange(self.first.data, self.last.data) if self.validate() else DateRange()


def _refuse(check: Callable[[], object]) -> None:
    """Run a period check; its ``DateRangeError`` becomes this field's error."""
    try:
        check()
    except DateRangeError as error:
        raise ValidationError(str(error)) from error
