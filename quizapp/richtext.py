"""Rich text: the small HTML subset a prompt, answer, option or explanation may hold.

How the app tells the two kinds of stored text apart: a value is either plain text
(shown escaped, as always) or cleaned HTML that starts with ``RICH_MARK``. Only the
importers of formats that carry HTML (Anki, GIFT ``[html]``, Moodle XML) write the mark,
after cleaning the value with nh3 on the way in, and only when formatting survives the
cleaning (otherwise the value is stored as plain text). A plain value that merely looks
like HTML (``a <b> c`` typed into a CSV) therefore stays literal text. The ``rich`` filter
cleans marked values once more before marking them safe, so a mark forged in a CSV or
JSON upload can still only produce the allow-listed tags: never a script, a handler or a
link. Grading and statements use ``plain_text``: tags stripped, entities decoded.
"""

from __future__ import annotations

import html
import re

import nh3
from markupsafe import Markup, escape

from .math_markup import typeset_formulas

RICH_MARK = "<!--rich-->"
ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "sub", "sup", "br", "ul", "ol", "li", "img"}
)
MEDIA_PREFIX = "/media/"
_BREAKS = re.compile(r"<\s*(br|/li)\s*/?\s*>", re.IGNORECASE)
# Where editors start and end lines: Anki writes each new line as <div>…</div>, others
# <p>…</p>; a table's rows are lines and its cells words. Each becomes a line break
# (repeated breaks then fold into one), so "Line one<div>Line two</div>" keeps its two
# lines instead of reading "Line oneLine two".
_LINE_EDGES = re.compile(r"<\s*/?\s*(p|div|tr|table)\b[^>]*>", re.IGNORECASE)
_CELL_ENDS = re.compile(r"<\s*/\s*t[dh]\s*>", re.IGNORECASE)
_REPEATED_BREAKS = re.compile(r"<br>(?:\s*<br>)+")
_REPEATED_NEWLINES = re.compile(r"\n(?:[ \t]*\n)+")
_FORMATTING = re.compile(r"<(?!br\b)[a-z]", re.IGNORECASE)
_EDGE_BREAKS = re.compile(r"^(\s*<br>\s*)+|(\s*<br>\s*)+$")
_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)


# The app's own media URLs: /media/<bank>/<sha256>.<ext> (or an upload's). Plain path
# characters only: a "%2e%2e" or a "?" would let an image fetch another page of the app.
_MEDIA_URL = re.compile(re.escape(MEDIA_PREFIX) + r"[A-Za-z0-9_/.-]+")


def _media_only(tag: str, attribute: str, value: str) -> str | None:
    """An image may point only at the app's own media URLs; any other source is dropped."""
    if tag == "img" and attribute == "src":
        return value if _MEDIA_URL.fullmatch(value) and ".." not in value else None
    return value


def clean_html(value: str) -> str:
    """``value`` reduced to the allow-listed tags (paragraph ends become line breaks)."""
    with_breaks = _LINE_EDGES.sub("<br>", _CELL_ENDS.sub(" ", value))
    cleaned = nh3.clean(
        with_breaks,
        tags=set(ALLOWED_TAGS),
        attributes={"img": {"src", "alt"}},
        attribute_filter=_media_only,
        url_schemes=set(),
        link_rel=None,
    )
    cleaned = _REPEATED_BREAKS.sub("<br>", _IMAGE_WITHOUT_SOURCE.sub("", cleaned))
    return _EDGE_BREAKS.sub("", cleaned)


def html_to_plain(value: str) -> str:
    """A piece of HTML as plain text: tags removed (script and style content dropped),
    line breaks kept, entities decoded."""
    lines = _LINE_EDGES.sub("\n", _CELL_ENDS.sub(" ", value))
    with_breaks = _BREAKS.sub("\n", lines)
    plain = html.unescape(nh3.clean(with_breaks, tags=set(), attributes={}))
    return _REPEATED_NEWLINES.sub("\n", plain).strip()


def is_rich(value: str | None) -> bool:
    """Whether a stored value is cleaned HTML (it starts with the mark) or plain text."""
    return value is not None and value.startswith(RICH_MARK)


def store_html(value: str) -> str:
    """How an HTML field from an upload is stored: marked cleaned HTML when formatting is
    left after cleaning, else its plain text (so most fields stay plain)."""
    cleaned = clean_html(value).strip()
    if _FORMATTING.search(cleaned):
        return RICH_MARK + cleaned
    return html_to_plain(value)


def plain_text(value: str | None) -> str:
    """The text a learner types or a grader compares: rich values lose their tags."""
    if not value:
        return ""
    return html_to_plain(value[len(RICH_MARK) :]) if is_rich(value) else value


def body_html(value: str | None) -> str:
    """The value as an HTML fragment (for exports): rich values cleaned, plain escaped
    (new lines as ``<br>``)."""
    if not value:
        return ""
    if is_rich(value):
        return clean_html(value[len(RICH_MARK) :])
    return html.escape(value).replace("\n", "<br>")


def rich(value: object) -> Markup:
    """Jinja filter: rich values as their cleaned HTML, everything else escaped; in both,
    LaTeX formulas typeset (``math_markup``)."""
    if value is None:
        return Markup("")
    text = str(value)
    fragment = clean_html(text[len(RICH_MARK) :]) if is_rich(text) else str(escape(text))
    return Markup(typeset_formulas(fragment))


def carry(source: str, piece: str) -> str:
    """A piece cut out of a stored value (a cloze gap, the text around it) stored the same
    way as its source: re-cleaned and re-marked when the source was rich. The spaces at
    its ends stay (they separate it from the blank)."""
    if not is_rich(source):
        return piece
    core = piece.strip()
    lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
    stored = store_html(core)
    if is_rich(stored):
        return f"{RICH_MARK}{lead}{stored[len(RICH_MARK) :]}{trail}"
    return f"{lead}{stored}{trail}"


def split_rich(value: str, separator: str) -> tuple[str, str]:
    """``value`` cut at the first ``separator`` (a cloze's blank), each half stored as the
    whole was, so a rich prompt gives two rich halves."""
    before, _, after = value.partition(separator)
    return carry(value, before), carry(value, after)


def join_rich(pieces: list[str], separator: str = "") -> str:
    """Stored values joined into one: rich (each plain piece escaped) when any piece is
    rich, else plain text joined as it is."""
    if not any(is_rich(piece) for piece in pieces):
        return separator.join(pieces)
    html_separator = "<br>" if separator == "\n" else html.escape(separator)
    return RICH_MARK + html_separator.join(body_html(piece) for piece in pieces)


def fill_rich(value: str, separator: str, filler: str) -> str:
    """``value`` with its first ``separator`` (a cloze's blank) replaced by ``filler``."""
    if separator not in value:
        return value
    before, after = split_rich(value, separator)
    return join_rich([before, filler, after])
