"""Formulas written in LaTeX shown as typeset mathematics (MathML), not as source.

Anki decks, Moodle questions and teachers' CSVs write formulas the way MathJax reads
them: ``\\(x^2\\)`` inline, ``\\[ ... \\]`` or ``$$ ... $$`` on a line of their own (and
Anki's older ``[$]...[/$]`` and ``[$$]...[/$$]``). Anki and Moodle show those typeset;
shown raw, "\\(\\frac{a}{b}\\)" is unreadable to a learner.
The page turns each into MathML on the server (``latex2mathml``), which browsers draw
without a script and screen readers read as mathematics. The stored text keeps its
LaTeX, so grading, statements and every export see what the teacher wrote.

The converter's output is cleaned with nh3 to an allow-list of presentation MathML (it
copies ``\\href`` into an attribute, so it is not trusted). The converter also un-escapes
everything it writes, so the words of ``\\text{<b>}`` would reach the cleaner as a tag
and vanish; we write its element tree ourselves with the text escaped (``_markup``).
A formula that does not parse stays as its source, escaped as before.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from xml.etree.ElementTree import Element, tostring
from xml.sax.saxutils import unescape

import nh3
from latex2mathml.converter import convert_to_element

# \( inline \), \[ display \] and $$ display $$, as MathJax reads them by default, and
# Anki's own [$] inline [/$] and [$$] display [/$$] (which Anki draws with a LaTeX
# install): each opening, its closing, and whether it is displayed on a line of its own.
# A single $ is not a delimiter: "$5 and $10" is money.
_DELIMITERS = (
    ("[$]", "[/$]", False),
    ("[$$]", "[/$$]", True),
    ("\\(", "\\)", False),
    ("\\[", "\\]", True),
    ("$$", "$$", True),
)
_MARKERS = tuple(opening for opening, _, _ in _DELIMITERS)
# A formula longer than this is left as source: typesetting is for formulas, not essays.
MAX_FORMULA_CHARS = 2_000
MATHML_TAGS = frozenset(
    {
        "math",
        "semantics",
        "annotation",
        "mrow",
        "mi",
        "mn",
        "mo",
        "ms",
        "mtext",
        "mspace",
        "msup",
        "msub",
        "msubsup",
        "mfrac",
        "msqrt",
        "mroot",
        "mover",
        "munder",
        "munderover",
        "mtable",
        "mtr",
        "mtd",
        "mstyle",
        "mpadded",
        "mphantom",
        "menclose",
        "merror",
    }
)
# Layout attributes only: no href, no event handlers, no styles.
MATHML_ATTRIBUTES = frozenset(
    {
        "display",
        "mathvariant",
        "mathcolor",
        "stretchy",
        "fence",
        "separator",
        "lspace",
        "rspace",
        "accent",
        "accentunder",
        "movablelimits",
        "largeop",
        "symmetric",
        "minsize",
        "maxsize",
        "columnalign",
        "columnspacing",
        "rowspacing",
        "rowalign",
        "displaystyle",
        "scriptlevel",
        "width",
        "height",
        "depth",
        "linethickness",
        "notation",
        "encoding",
    }
)


# A character reference the converter writes as text (``&#x0002B;`` for "+"); any other
# "&" in an element's text is one the formula's author typed.
_CONVERTER_REFERENCE = re.compile(r"&(?!#x[0-9A-Fa-f]+;)")


def _markup(root: Element) -> str:
    """The converter's tree as MathML, as its own ``convert`` writes it (which un-escapes
    the whole document so that its character references work) but with "<", ">" and a
    typed "&" in the text kept as text."""
    for element in root.iter():
        for part in ("text", "tail"):
            value = getattr(element, part)
            if value:
                value = _CONVERTER_REFERENCE.sub("&amp;", value)
                setattr(element, part, value.replace("<", "&lt;").replace(">", "&gt;"))
    return unescape(tostring(root, encoding="unicode"))


def has_formula(fragment: str) -> bool:
    """A cheap first look, so text without a delimiter costs one scan per marker."""
    return any(marker in fragment for marker in _MARKERS)


@lru_cache(maxsize=2048)
def formula_mathml(latex: str, display: bool) -> str | None:
    """``latex`` as cleaned MathML, or None when it does not parse (or is too long)."""
    if not latex.strip() or len(latex) > MAX_FORMULA_CHARS:
        return None
    try:
        mathml = _markup(convert_to_element(latex, display="block" if display else "inline"))
    except Exception:  # latex2mathml raises many kinds for malformed input
        return None
    return nh3.clean(
        mathml,
        tags=set(MATHML_TAGS),
        attributes={tag: set(MATHML_ATTRIBUTES) for tag in MATHML_TAGS},
        url_schemes=set(),
        link_rel=None,
    )


def _typeset(written: str, source: str, display: bool) -> str:
    """The formula ``written`` (its delimiters around ``source``) as MathML, or as written
    when it holds markup (an editor's line break, a tag) or does not parse."""
    if "<" in source:
        return written
    mathml = formula_mathml(html.unescape(source), display)
    return written if mathml is None else mathml


@dataclass(frozen=True)
class _Formula:
    start: int
    end: int
    source: str
    display: bool


def _formulas(text: str) -> Iterator[_Formula]:
    """The formulas of ``text``, left to right: from the first opening, up to the first
    closing of its kind after at least one character.

    Read in one pass: an opening with no closing after it means no later opening of its
    kind has one either, so that kind is not looked for again. (A pattern trying each
    opening in turn read to the end of the text from every one of them: a prompt of
    "\\(" written 20,000 times took seconds, on every page that showed it.)"""
    position = 0
    # Where the next opening of each kind still looked for is (-1: not found yet).
    ahead = {delimiter: -1 for delimiter in _DELIMITERS}
    while ahead:
        for delimiter in list(ahead):
            if ahead[delimiter] < position:
                ahead[delimiter] = text.find(delimiter[0], position)
                if ahead[delimiter] < 0:
                    del ahead[delimiter]
        if not ahead:
            return
        delimiter = min(ahead, key=lambda kind: ahead[kind])
        opening, closing, display = delimiter
        start = ahead[delimiter]
        inside = start + len(opening)
        end = text.find(closing, inside + 1)
        if end < 0:
            del ahead[delimiter]
            continue
        yield _Formula(start, end + len(closing), text[inside:end], display)
        position = end + len(closing)


def _typeset_text(text: str) -> str:
    """A piece of text between tags with each of its formulas typeset."""
    pieces: list[str] = []
    position = 0
    for formula in _formulas(text):
        pieces.append(text[position : formula.start])
        written = text[formula.start : formula.end]
        pieces.append(_typeset(written, formula.source, formula.display))
        position = formula.end
    pieces.append(text[position:])
    return "".join(pieces)


# A tag of cleaned HTML, its quoted attribute values whole (they may hold ">").
_TAG = re.compile(r"""(<(?:[^"'>]|"[^"]*"|'[^']*')*>)""")


def typeset_formulas(fragment: str) -> str:
    """A cleaned or escaped HTML fragment with each LaTeX formula in its text as MathML.
    Only text between tags is typeset: a formula in an attribute (an image's alt text)
    stays as written, since MathML there would break the tag open."""
    if not has_formula(fragment):
        return fragment
    pieces = _TAG.split(fragment)  # text, tag, text, tag, ..., text
    return "".join(
        piece if number % 2 else _typeset_text(piece) for number, piece in enumerate(pieces)
    )
