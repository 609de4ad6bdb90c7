"""Charts drawn on the server as inline SVG, each with a text and table alternative.

No JavaScript and no chart library: a chart is a few rectangles. Every chart carries a
one-sentence summary (the SVG's accessible description) and the same numbers as a table,
which the page shows in a ``<details>`` element for screen readers and keyboard users.
All text is escaped here, so the markup is safe to insert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from ..date_text import counted

# Light-mode fills, for the SVG on its own; on the page each mark's class takes its colour
# from style.css, which has a ramp for each colour scheme (the light one, on a dark page,
# drew the busiest days darkest, so least visible).
BAR_COLOUR = "#0b57d0"
HEAT_COLOURS = ("#eef1f5", "#c6dbf7", "#8fb8ef", "#4a86e0", "#0b3d91")
# Chart text is drawn at this size or larger (readable on a phone). A bar chart spans
# the page's width, its text kept at this size; below a width its labels need
# (progress.css) it scrolls sideways in its box rather than shrink. The calendar scales
# as a picture, up to a size its cells and labels read well at, never below this one.
LABEL_PX = 12
# A bar's share of its slot across the chart, the rest the gap around it.
BAR_SHARE = 0.7
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    svg: Markup
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    # The newest data is at the right end: on a screen too narrow for the chart, its box
    # opens scrolled to that end (the weeks just studied), not to the oldest ones.
    ends_now: bool = False


def _svg(chart_id: str, title: str, summary: str, size: str, kind: str, body: str) -> Markup:
    """The chart's ``<svg>``, named by its title and described by its summary; ``size``
    is its sizing attributes (``_fluid_size`` or ``_picture_size``)."""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} role="img" '
        f'class="chart-svg {kind}" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>{body}</svg>'
    )


def _fluid_size(height: int) -> str:
    """As wide as its box, drawn in percentages across and pixels down: bars stretch
    with the page while their text keeps its size, crisp at any width."""
    return f'width="100%" height="{height}"'


def _picture_size(width: int, height: int) -> str:
    """A fixed drawing that scales as a whole (text with it) to the width CSS gives it."""
    return f'viewBox="0 0 {width} {height}" width="{width}" height="{height}"'


def _across(slot: float, count: int) -> str:
    """A point ``slot`` slots across a chart of ``count`` equal slots, as a percentage."""
    return f"{100 * slot / count:.3f}%"


def _text(
    x: float | str,
    y: float,
    label: str,
    anchor: str = "middle",
    size: int = LABEL_PX,
    mark: str = "",
) -> str:
    """A label at ``x`` (pixels, or a percentage of the chart's width); a newline in it
    starts a second line (narrow bars get "Wed" over "17"). ``mark``: its class."""
    across = x if isinstance(x, str) else f"{x:.1f}"
    first, *more = label.split("\n")
    lines = "".join(f'<tspan x="{across}" dy="{size + 1}">{escape(line)}</tspan>' for line in more)
    css = f' class="{mark}"' if mark else ""
    return (
        f'<text x="{across}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="#4a5360"{css}>{escape(first)}{lines}</text>'
    )


# What a bar without data shows in its place: not a bar of no height, which reads as 0.
NO_DATA_MARK = "\u2013"


def _no_data(x: str, baseline: float, label: str) -> str:
    """A dash on the baseline where a bar with no data would stand, named "no data"."""
    return (
        f"<g><title>{escape(label)}: no data</title>"
        f"{_text(x, baseline - 4, NO_DATA_MARK, mark='no-data')}</g>"
    )


def bar_chart(
    chart_id: str,
    title: str,
    bars: Sequence[tuple[str, float | None]],
    value_name: str,
    summary: str,
    unit: str = "",
    maximum: float | None = None,
    ends_now: bool = False,
) -> Chart:
    """Vertical bars with their label underneath; ``None`` (no data: a week before the
    first answer) is a dash on the baseline, never a bar of no height, which reads as 0.
    ``ends_now``: the bars run up to today (see ``Chart.ends_now``)."""
    height, top, bottom = 120, 20, 44
    count = max(len(bars), 1)
    scale_to = maximum or max((value or 0 for _, value in bars), default=0) or 1
    parts = []
    for index, (label, value) in enumerate(bars):
        middle = _across(index + 0.5, count)
        flat = label.replace("\n", " ")
        bar_height = 0 if value is None else height * value / scale_to
        y = top + height - bar_height
        if value is None:
            parts.append(_no_data(middle, top + height, flat))
        else:
            shown = f"{value:g}{unit}"
            parts.append(
                f'<rect x="{_across(index + (1 - BAR_SHARE) / 2, count)}" y="{y:.1f}" '
                f'width="{_across(BAR_SHARE, count)}" height="{bar_height:.1f}" '
                f'fill="{BAR_COLOUR}" class="bar"><title>{escape(flat)}: {escape(shown)}</title>'
                "</rect>"
            )
            parts.append(_text(middle, y - 4, shown))
        parts.append(_text(middle, top + height + 14, label))
    parts.append(
        f'<line x1="0" y1="{top + height}" x2="100%" y2="{top + height}" stroke="#c4cad3"/>'
    )
    size = _fluid_size(top + height + bottom)
    svg = _svg(chart_id, title, summary, size, "bars", "".join(parts))
    rows: list[tuple[str, ...]] = [
        (label, "no data" if value is None else f"{value:g}{unit}") for label, value in bars
    ]
    return Chart(chart_id, title, summary, svg, ("", value_name), rows, ends_now=ends_now)


def heatmap(
    chart_id: str, title: str, per_day: dict[date, int], first_day: date, last_day: date
) -> Chart:
    """A calendar: one column per week (Monday on top), a stronger shade for more
    reviews, with a key under it from "Less" to "More" (its shades say nothing alone)."""
    cell, gap, left, top = 15, 3, 34, 18
    weeks = (last_day - first_day).days // 7 + 1
    busiest = max(
        (per_day.get(first_day + timedelta(days=n), 0) for n in range(weeks * 7)), default=0
    )
    parts = [
        _text(0, top + row * (cell + gap) + 12, WEEKDAYS[row], anchor="start") for row in (0, 2, 4)
    ]
    table = []
    for week in range(weeks):
        monday = first_day + timedelta(weeks=week)
        x = left + week * (cell + gap)
        if week == 0 or monday.day <= 7:
            parts.append(_text(x, 12, monday.strftime("%b"), anchor="start"))
        counts = []
        for row in range(7):
            day = monday + timedelta(days=row)
            if day > last_day:
                counts.append("")
                continue
            count = per_day.get(day, 0)
            counts.append(str(count))
            level = 0 if count == 0 else 1 + min(3, (4 * count - 1) // max(busiest, 1))
            parts.append(
                f'<rect x="{x}" y="{top + row * (cell + gap)}" width="{cell}" height="{cell}" '
                f'rx="2" fill="{HEAT_COLOURS[level]}" class="heat-{level}">'
                f"<title>{day.isoformat()}: "
                f"{count} review{'s' if count != 1 else ''}</title></rect>"
            )
        table.append((monday.isoformat(), *counts))
    total = sum(count for day, count in per_day.items() if first_day <= day <= last_day)
    active = sum(1 for day, count in per_day.items() if first_day <= day <= last_day and count)
    summary = (
        f"{counted(total, 'review')} on {active} of the days from {first_day.isoformat()} "
        f"to {last_day.isoformat()}; the busiest day had {busiest}."
    )
    key_top = top + 7 * (cell + gap) + 6
    parts.append(_key(left, key_top, cell, gap))
    width, height = left + weeks * (cell + gap), key_top + cell + 2
    svg = _svg(chart_id, title, summary, _picture_size(width, height), "calendar", "".join(parts))
    return Chart(chart_id, title, summary, svg, ("Week of", *WEEKDAYS), table, ends_now=True)


def _key(left: int, top: int, cell: int, gap: int) -> str:
    """The heat map's key: "Less", a square of each shade, "More"."""
    squares = "".join(
        f'<rect x="{left + 4 + level * (cell + gap)}" y="{top}" width="{cell}" height="{cell}" '
        f'rx="2" fill="{colour}" class="heat-{level}"/>'
        for level, colour in enumerate(HEAT_COLOURS)
    )
    more_x = left + 4 + len(HEAT_COLOURS) * (cell + gap) + 2
    return (
        _text(left, top + 12, "Less", anchor="end")
        + squares
        + _text(more_x, top + 12, "More", anchor="start")
    )
