"""Words around numbers on screen: dates kept whole (a line may break before or after
"2026-11-26", never at one of its hyphens: "2026-11-" / "26" reads as two things, which a
narrow table column or a phone's line would otherwise do), and counts with their noun in
the right number ("1 fact", "2 facts")."""

from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup, escape

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def keep_dates_whole(text: object) -> Markup:
    """Plain ``text`` escaped, with each ISO date in a ``<span class="date">`` the
    stylesheet keeps on one line. Only digits and hyphens go into the markup added.
    Markup is returned as it is: a date inside a tag's attribute must not be wrapped."""
    if isinstance(text, Markup):
        return text
    escaped = str(escape(text))
    return Markup(_ISO_DATE.sub(lambda date: f'<span class="date">{date.group()}</span>', escaped))


def counted(number: int, noun: str, plural: str = "") -> str:
    """``number`` and ``noun``, plural unless the number is one: "1 question", "0 facts"
    (``plural`` when adding an "s" will not do: "2 classes")."""
    return f"{number:,} {in_number(number, noun, plural)}"


def in_number(number: int, noun: str, plural: str = "") -> str:
    """``noun`` alone, plural unless ``number`` is one, for a count said another way:
    "the column answer", "the columns answer, prompt". (Never "column(s)".)"""
    return noun if number == 1 else plural or f"{noun}s"


def register(app: Flask) -> None:
    app.add_template_filter(keep_dates_whole, "keep_dates_whole")
    app.add_template_filter(counted, "counted")
