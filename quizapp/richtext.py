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
_BREAK_TAG = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_BREAKS = re.compile(r"<\s*(br|/li)\s*/?\s*>", re.IGNORECASE)
# Where editors start and end lines: Anki writes each new line as <div>…</div>, others
# <p>…</p>; a table's rows are lines and its cells words. An edge ends the line before it
# when that line holds something, so "Line one<div>Line two</div>" keeps its two lines
# instead of reading "Line oneLine two", and "<div>a</div><div>b</div>" is two lines, not
# four. A break (<br>) always ends a line, so "a<br><br>b" (and Anki's "<div><br></div>")
# keeps the empty line between two paragraphs, as a browser shows it.
_LINE_EDGES = re.compile(r"<\s*/?\s*(p|div|tr|table)\b[^>]*>", re.IGNORECASE)
_CELL_ENDS = re.compile(r"<\s*/\s*t[dh]\s*>", re.IGNORECASE)
# Edges and breaks as characters of their own while nh3 cleans the rest (it keeps them as
# text); one typed into a field becomes a line break, never markup.
_EDGE = "\ue000"
_BREAK = "\ue001"
_MARKS = re.compile(f"([{_EDGE}{_BREAK}])")
_REPEATED_NEWLINES = re.compile(r"\n(?:[ \t]*\n)+")
_FORMATTING = re.compile(r"<(?!br\b)[a-z]", re.IGNORECASE)
_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
# A cleaned image with no ``alt`` at all (``alt=""``, decorative on purpose, has one).
_IMAGE_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)([^>]*)>", re.IGNORECASE)
# What a screen reader says for it: that a picture is there, rather than its file address.
UNDESCRIBED_IMAGE = "Picture with no description"


# The app's own media URLs: /media/<bank>/<sha256>.<ext> (or an upload's). Plain path
# characters only: a "%2e%2e" or a "?" would let an image fetch another page of the app.
# Letters and digits of any script (\w), as a Korean bank's address is "탈북민-어휘-t3".
_MEDIA_URL = re.compile(re.escape(MEDIA_PREFIX) + r"[\w/.-]+")


def _media_only(tag: str, attribute: str, value: str) -> str | None:
    """An image may point only at the app's own media URLs; any other source is dropped."""
    if tag == "img" and attribute == "src":
        return value if _MEDIA_URL.fullmatch(value) and ".." not in value else None
    return value


def _lines(marked: str) -> list[str]:
    """The lines of a text whose block edges and breaks are marked (``_EDGE``,
    ``_BREAK``), as a browser shows them: no empty line at either end, and at most one in
    a row (a paragraph break; more are an editor's leftovers). A line of spaces is empty;
    the spaces around the words of a line stay (a cloze's text keeps its space before the
    blank)."""
    lines: list[str] = []
    line = ""
    for piece in _MARKS.split(marked):
        if piece == _BREAK or (piece == _EDGE and line.strip()):
            lines.append(line if line.strip() else "")
            line = ""
        elif piece == _EDGE:
            line = ""
        else:
            line += piece
    lines.append(line if line.strip() else "")
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return kept


def _marked(value: str, breaks: re.Pattern[str]) -> str:
    """``value`` with its block edges and its ``breaks`` as marks, table cells as spaces."""
    return breaks.sub(_BREAK, _LINE_EDGES.sub(_EDGE, _CELL_ENDS.sub(" ", value)))


def clean_html(value: str) -> str:
    """``value`` reduced to the allow-listed tags (its lines kept as line breaks)."""
    cleaned = nh3.clean(
        _marked(value, _BREAK_TAG),
        tags=set(ALLOWED_TAGS),
        attributes={"img": {"src", "alt"}},
        attribute_filter=_media_only,
        url_schemes=set(),
        link_rel=None,
    )
    return "<br>".join(_lines(_IMAGE_WITHOUT_SOURCE.sub("", cleaned)))


def html_to_plain(value: str) -> str:
    """A piece of HTML as plain text: tags removed (script and style content dropped),
    lines kept (an empty line between paragraphs too), entities decoded."""
    text = html.unescape(nh3.clean(_marked(value, _BREAKS), tags=set(), attributes={}))
    return "\n".join(_REPEATED_NEWLINES.sub("\n", line.strip()) for line in _lines(text))


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
    return Markup(typeset_formulas(_described_images(fragment)))


def _described_images(fragment: str) -> str:
    """Images shown without an ``alt`` (Anki decks seldom give one) say they are a
    picture. Only where they are shown: exports keep the file's own markup."""
    return _IMAGE_WITHOUT_ALT.sub(rf'<img\1 alt="{UNDESCRIBED_IMAGE}">', fragment)


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
