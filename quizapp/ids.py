"""Database ids that arrive from outside (URL paths, form fields), bounded to what the
database can store.

Every primary key is an ``INTEGER`` column: PostgreSQL refuses a value above 2^31 - 1 and
SQLite's driver cannot even bind one above 2^63 - 1, so an id like ``/quiz/2**70`` used to
reach the database and end in a 500. Such an id names nothing; we answer 404 (path) or a
form error (field) before any query runs.

Only ASCII digits make an id: Python's regex digit class and ``int`` also read fullwidth
(U+FF11) and Arabic-Indic (U+0661) digits, which made ``/teach/classes/`` followed by a
fullwidth 1 a second address of class 1.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map
from wtforms import IntegerField
from wtforms.validators import NumberRange

MAX_DATABASE_ID = 2**31 - 1  # PostgreSQL INTEGER, the narrowest id column we run on


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` in every route: at most 10 digits and at most ``MAX_DATABASE_ID``.

    Registered by the factory under the name ``int`` (and ``id``), so every route with an
    integer id uses it, including routes added later. ``[0-9]``, not the regex digit class:
    see above."""

    regex = r"[0-9]{1,10}"

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, MAX_DATABASE_ID if max is None else max, signed)


def register_id_converter(url_map: Map) -> None:
    """Call before any blueprint is registered: rules pick their converter when added."""
    url_map.converters["int"] = DatabaseIdConverter
    url_map.converters["id"] = DatabaseIdConverter


class DatabaseIdField(IntegerField):
    """A form field holding the id of a row: a whole number from 1 to ``MAX_DATABASE_ID``;
    anything else (other digits than ASCII's too) is a form error, never a query."""

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        bound = NumberRange(min=1, max=MAX_DATABASE_ID, message="No such item.")
        super().__init__(label, [*(validators or []), bound], **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and isinstance(valuelist[0], str) and not valuelist[0].strip().isascii():
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))
        super().process_formdata(valuelist)
