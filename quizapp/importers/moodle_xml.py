"""Moodle XML (Moodle's default question export), parsed without entity expansion.

``defusedxml`` refuses entity declarations and external references, so neither XXE
nor a billion-laughs file gets past the parser. Each ``<question type=...>`` maps onto
our kinds: multichoice (several right options: the first is kept, with a warning),
truefalse, shortanswer, numerical (as typed), matching (one multiple-choice fact per
pair, as in GIFT), multianswer (cloze: one fact per gap, the others shown answered);
category questions set the topic; essay and description are skipped with a note. General and
right-answer feedback become the explanation. A question's ``<tags>`` become its
fact's tags (a Moodle tag with spaces gets ``_`` for them, with a warning, as tags are
one word); our own ``quizapp-kind-*`` tags are read as the question kind. HTML text is
cleaned (rich text keeps the allow-listed tags); images embedded as
``<file encoding="base64">`` and shown through ``@@PLUGINFILE@@/name`` are kept when
they are real PNG/JPEG/GIF/WebP files of at most 2 MB, else dropped with a warning. A
question's line is the line its ``<question`` tag starts on.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..media.references import keep_images
from ..richtext import carry, fill_rich, join_rich, plain_text, store_html
from .anki_notes import IMAGE
from .gift import (
    MISSING_WORD_GAP,
    NOT_A_NUMBER,
    CountedNumbers,
    category_topic,
    counted_answer,
    counted_numbers,
    decimal_places,
    numeric_bounds,
    numeric_question,
    tag_words,
    without_wildcards,
)
from .grouping import FactKeys
from .records import (
    BLANK,
    ParsedFact,
    ParsedQuestion,
    ParsedSet,
    check_set,
    paragraph_number,
    simple_fact,
    slugify,
    without_empty_options,
)
from .text import UploadError

QUESTION_TAG = re.compile(r"<question\b")
# Moodle's case-sensitive short answer (<usecase>1</usecase>): the nearest quizapp has is
# an exact-spelling question, which still ignores case (converted, with this note).
CASE_SENSITIVE = (
    "case-sensitive answer: marked exact spelling (strict), but case is never checked here"
)
# {1:SHORTANSWER:=answer#feedback~=other} / {:MULTICHOICE:~wrong#fb~=right}
EMBEDDED = re.compile(r"\{(\d*):([A-Z_]+):(.*?)(?<!\\)\}", re.DOTALL)
# Moodle's short names of its multiple-choice gaps (MULTICHOICE_V, _H, _S shuffled...).
CHOICE_GAPS = ("MC", "MCV", "MCH", "MCS", "MCVS", "MCHS")
RESPONSE_GAPS = ("MR", "MRH", "MRS", "MRHS")
SKIPPED = {"essay": "essay question", "description": "description", "random": "random question"}
KIND_TAG = "quizapp-kind-"
# Our export's element for a fact's statement and source (Moodle skips unknown elements).
FACT_ELEMENT = "quizapp_fact"
# Our export's mark of a question asking for exact spelling (no typo forgiven).
STRICT_ELEMENT = "quizapp_strict"
PLUGINFILE = "@@PLUGINFILE@@/"


def parse_moodle_xml(text: str) -> ParsedSet:
    try:
        root = fromstring(text.encode("utf-8"))
    except ParseError as error:
        line = error.position[0] if error.position else None
        raise UploadError(f"Line {line}: this Moodle XML cannot be read: {error.msg}") from error
    except DefusedXmlException as error:
        raise UploadError(
            "This Moodle XML declares entities or external references; Moodle never writes "
            "them, so it was refused."
        ) from error
    if root.tag != "quiz":
        raise UploadError("This XML file is not a Moodle question export (no <quiz> root).")
    lines = _question_lines(text)
    reader = _Reader(ParsedSet(format="moodle-xml"), FactKeys())
    for index, element in enumerate(root.findall("question")):
        reader.line = lines[index] if index < len(lines) else None
        reader.question(element)
    return check_set(reader.parsed)


def _question_lines(text: str) -> list[int]:
    """The line each ``<question`` tag starts on, counted on from the one before (counted
    from the top for each, a file of thousands of questions took seconds)."""
    lines: list[int] = []
    line, counted = 1, 0
    for match in QUESTION_TAG.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        lines.append(line)
    return lines


def _text(element: Element | None, default_format: str = "html") -> str:
    """The plain text of ``<x format=...><text>...</text></x>``."""
    if element is None:
        return ""
    node = element.find("text")
    raw = (node.text or "") if node is not None else ""
    if element.get("format", default_format) in ("html", "moodle_auto_format"):
        return store_html(raw)
    return raw.strip()


class _Reader:
    """Turns ``<question>`` elements into facts, one after another."""

    def __init__(self, parsed: ParsedSet, keys: FactKeys) -> None:
        self.parsed, self.keys = parsed, keys
        self.topic = ""
        self.line: int | None = None

    def question(self, element: Element) -> None:
        kind = element.get("type", "")
        if kind == "category":
            self.topic = category_topic(plain_text(_text(element.find("category"))))
            return
        if kind in SKIPPED:
            self.parsed.note(self.line, f"{SKIPPED[kind]} skipped (no answer to check)")
            return
        handler = getattr(self, f"_{kind}", None)
        if handler is None:
            self.parsed.note(self.line, f"question type {kind!r} is not supported; skipped")
            return
        self._warn_losses(element)
        self._keep_images(element)
        handler(element, _text(element.find("questiontext")))

    def _keep_images(self, element: Element) -> None:
        """Point each ``<img>`` of the question at the embedded file it names (kept on
        the parsed set), before any text is read."""
        files = {node.get("name", ""): _base64(node.text or "") for node in element.iter("file")}
        for node in element.iter("text"):
            if node.text and IMAGE.search(node.text):
                node.text = keep_images(
                    node.text, files, self.parsed, self.line, strip_prefix=PLUGINFILE
                )

    def _warn_losses(self, element: Element) -> None:
        if element.find("questiontext[@format='markdown']") is not None:
            self.parsed.note(self.line, "markdown text is kept as plain text")

    def add(self, element: Element, question: ParsedQuestion, title: str = "") -> None:
        question.line = self.line
        general = _text(element.find("generalfeedback"))
        question.explanation = join_rich([p for p in (question.explanation, general) if p], "\n")
        tags = [_text(tag, "plain") for tag in element.findall("tags/tag")]
        if f"{KIND_TAG}flashcard" in tags and question.kind == "typed":
            question.kind = "flashcard"
        if (element.findtext(STRICT_ELEMENT) or "").strip() == "1":
            question.strict = True
        name = title or _text(element.find("name"), "plain")
        fact = simple_fact(
            plain_text(fill_rich(question.prompt, BLANK, question.answer)),
            question,
            taken=self.keys.taken,
            title=name,
            topic=self.topic,
        )
        fact.tags = self._fact_tags(tags)
        self._read_fact(element.find(FACT_ELEMENT), fact)
        self.keys.add(self.parsed, fact, "" if title else name)

    def _read_fact(self, element: Element | None, fact: ParsedFact) -> None:
        """The statement and source our export wrote, when there are any."""
        if element is None:
            return
        fact.statement = element.findtext("statement/text") or fact.statement
        fact.source_ref = element.findtext("source_ref/text") or ""
        paragraph = element.findtext("source_paragraph") or ""
        fact.source_paragraph = paragraph_number(paragraph, self.parsed, self.line)

    def _fact_tags(self, tags: list[str]) -> list[str]:
        """The question's Moodle tags as fact tags: one word each, ours left out."""
        theirs = [tag for tag in tags if tag and not tag.startswith(KIND_TAG)]
        return tag_words(theirs, self.parsed, self.line)

    def _answers(self, element: Element) -> list[tuple[float, str, str]]:
        return [
            (self._fraction(answer), _text(answer), _text(answer.find("feedback")))
            for answer in element.findall("answer")
        ]

    def _fraction(self, answer: Element) -> float:
        """An answer's credit in percent. An infinite or NaN one is refused (infinity would
        count as right); text that is no number at all counts as no credit."""
        text = answer.get("fraction", "0")
        try:
            fraction = float(text)
        except ValueError:
            return 0.0
        if not math.isfinite(fraction):
            self.parsed.error(
                self.line, f"an answer's fraction must be a finite number, not {text!r}"
            )
            return 0.0
        return fraction

    def _partial(self, answers: list[tuple[float, str, str]]) -> None:
        partial = [plain_text(text) for fraction, text, _ in answers if 0 < fraction < 100]
        if partial:
            self.parsed.note(self.line, f"partial-credit answers left out: {', '.join(partial)}")

    def _multichoice(self, element: Element, prompt: str) -> None:
        answers = self._answers(element)
        right = [a for a in answers if a[0] >= 100] or [
            a for a in answers if a[0] > 0 and a[0] == max(f for f, _, _ in answers)
        ]
        if not right:
            self.parsed.error(self.line, "no option is marked right (fraction 100)")
            return
        if len(right) > 1 or (element.findtext("single") or "true").strip() == "false":
            self.parsed.note(self.line, "several right options; the first is kept")
        _, answer, feedback = right[0]
        wrong = without_empty_options(
            [text for f, text, _ in answers if f <= 0], self.parsed, self.line
        )
        # Options worth part of the mark are neither right nor wrong here: said, not lost.
        partial = [plain_text(a[1]) for a in answers if 0 < a[0] < 100 and a not in right]
        if partial:
            self.parsed.note(
                self.line, f"partial-credit options are left out: {', '.join(partial)}"
            )
        self.add(
            element,
            ParsedQuestion("multiple_choice", prompt, answer, choices=wrong, explanation=feedback),
        )

    def _truefalse(self, element: Element, prompt: str) -> None:
        right = [a for a in self._answers(element) if a[0] >= 100]
        if not right or right[0][1].lower() not in ("true", "false"):
            self.parsed.error(self.line, "a true/false question needs a right 'true' or 'false'")
            return
        _, answer, feedback = right[0]
        self.add(
            element, ParsedQuestion("true_false", prompt, answer.lower(), explanation=feedback)
        )

    def _shortanswer(self, element: Element, prompt: str) -> None:
        answers = self._answers(element)
        self._partial(answers)
        full = [a for a in answers if a[0] >= 100]
        texts = without_wildcards([a[1] for a in full], self.parsed, self.line)
        if not texts:
            self.parsed.error(self.line, "no answer earns full credit")
            return
        case_matters = (element.findtext("usecase") or "").strip() == "1"
        if case_matters:
            self.parsed.note(self.line, CASE_SENSITIVE)
        question = ParsedQuestion(
            "typed", prompt, texts[0], accepted_variants=texts[1:],
            explanation=full[0][2], strict=case_matters,
        )  # fmt: skip
        self.add(element, question)

    def _numerical(self, element: Element, prompt: str) -> None:
        """Each answer of full credit counts, as in Moodle: the first is the answer, the
        others and what their tolerances keep are its variants."""
        answers = self._answers(element)
        self._partial(answers)
        credited = zip(element.findall("answer"), answers, strict=True)
        full = [node for node, (fraction, _, _) in credited if fraction >= 100]
        if not full:
            self.parsed.error(self.line, "no answer earns full credit")
            return
        counted: list[tuple[str, CountedNumbers]] = []
        for node in full:
            value, tolerance = _text(node), (node.findtext("tolerance") or "0").strip() or "0"
            if _number(plain_text(value)) is None or _number(tolerance) is None:
                # float() reads "1e400" as infinity: graded, every answer would be wrong
                self.parsed.error(
                    self.line, "a numerical answer and its tolerance must be finite numbers"
                )
                return
            numbers = _counted(value, tolerance)
            if numbers.warning:
                self.parsed.note(self.line, numbers.warning)
            counted.append((value, numbers))
        feedback = _text(full[0].find("feedback"))
        self.add(element, numeric_question(prompt, counted, feedback))

    def _matching(self, element: Element, prompt: str) -> None:
        pairs = [(_text(sub), _text(sub.find("answer"))) for sub in element.findall("subquestion")]
        pairs = [(left, right) for left, right in pairs if right]
        # A subquestion with no text only adds a wrong answer to choose from (Moodle's
        # "extra wrong answers"): a distractor of every pair, never a question of its own.
        asked = [(left, right) for left, right in pairs if left]
        if len(asked) < 2:
            self.parsed.error(self.line, "a matching question needs at least two pairs")
            return
        rights = list(dict.fromkeys(right for _, right in pairs))
        base = _text(element.find("name"), "plain") or prompt
        for number, (left, right) in enumerate(asked, 1):
            self.add(
                element,
                ParsedQuestion(
                    "multiple_choice",
                    join_rich([prompt, left], "\n"),
                    right,
                    choices=[other for other in rights if other != right],
                ),
                title=f"{slugify(base)}-pair-{number}",
            )

    def _multianswer(self, element: Element, prompt: str) -> None:
        """A cloze question: each gap is asked on its own, the others shown answered (a
        fact per gap, as a matching question's pairs are)."""
        gaps = list(EMBEDDED.finditer(prompt))
        if not gaps:
            self.parsed.note(self.line, "cloze with 0 gaps skipped (one gap maps)")
            return
        answers = [_gap_answers(gap) for gap in gaps]
        fills = [_gap_fill(gap.group(2), given) for gap, given in zip(gaps, answers, strict=True)]
        name = _text(element.find("name"), "plain") or plain_text(prompt)
        if len(gaps) > 1:
            self.parsed.note(
                self.line,
                f"a cloze of {len(gaps)} gaps is asked one gap at a time, the others shown "
                "answered",
            )
        for index, gap in enumerate(gaps):
            before, after = (carry(prompt, part) for part in _around(prompt, gaps, fills, index))
            given = [(marker, carry(prompt, text)) for marker, text in answers[index]]
            title = f"{slugify(name)}-gap-{index + 1}" if len(gaps) > 1 else ""
            self._gap(element, gap.group(2), given, (before, after), title)

    def _gap(
        self,
        element: Element,
        kind: str,
        answers: list[tuple[str, str]],
        around: tuple[str, str],
        title: str,
    ) -> None:
        """The question one gap of ``kind`` asks, with the text ``around`` it."""
        before, after = around
        if _is_response_gap(kind):
            prompt = join_rich([before, MISSING_WORD_GAP, after])
            self._several_right_gap(element, prompt, answers, title)
            return
        if _is_numerical_gap(kind):
            self._numerical_gap(element, join_rich([before, BLANK, after]), answers, title)
            return
        right = [text for marker, text in answers if marker in ("=", "%100%")]
        wrong = [text for marker, text in answers if marker not in ("=", "%100%")]
        if not right:
            self.parsed.error(self.line, "the cloze gap has no fully right answer")
            return
        if _choice_gap(kind):
            question = ParsedQuestion(
                "multiple_choice", join_rich([before, MISSING_WORD_GAP, after]), right[0],
                choices=[w for w in wrong if w],
            )  # fmt: skip
        else:
            if wrong:
                self.parsed.note(self.line, "partial-credit or wrong gap answers left out")
            question = ParsedQuestion(
                "cloze", join_rich([before, BLANK, after]), right[0], accepted_variants=right[1:]
            )
        self.add(element, question, title)

    def _several_right_gap(
        self, element: Element, prompt: str, answers: list[tuple[str, str]], title: str = ""
    ) -> None:
        """A gap of several right choices (``MULTIRESPONSE``): each one with credit is
        right, so the first is kept as a multiple-choice question's answer, as a
        multichoice question with several right options is."""
        right = [text for marker, text in answers if _gap_weight(marker) > 0]
        if not right:
            self.parsed.error(self.line, "the cloze gap has no right answer")
            return
        if len(right) > 1:
            self.parsed.note(self.line, "several right options; the first is kept")
        wrong = [text for marker, text in answers if _gap_weight(marker) <= 0 and text]
        question = ParsedQuestion("multiple_choice", prompt, right[0], choices=wrong)
        self.add(element, question, title)

    def _numerical_gap(
        self, element: Element, prompt: str, answers: list[tuple[str, str]], title: str = ""
    ) -> None:
        """A gap for a number (``{1:NUMERICAL:=1953:1}``): every full-credit number
        counts within its tolerance, as a numerical question's answers do; the learner
        types the number, never the ``:1`` written after it."""
        full = [text for marker, text in answers if _gap_weight(marker) >= 100]
        if not full:
            self.parsed.error(self.line, "the cloze gap has no fully right answer")
            return
        if len(full) < len(answers):
            self.parsed.note(self.line, "partial-credit or wrong gap answers left out")
        counted: list[tuple[str, CountedNumbers]] = []
        for written in full:
            found = counted_answer(plain_text(written))
            if found is None:
                self.parsed.error(self.line, NOT_A_NUMBER)
                return
            if found[1].warning:
                self.parsed.note(self.line, found[1].warning)
            counted.append(found)
        question = numeric_question(prompt, counted, "")
        question.kind = "cloze"
        self.add(element, question, title)

    _cloze = _multianswer  # Moodle XML calls a multianswer question "cloze"


def _gap_answers(gap: re.Match[str]) -> list[tuple[str, str]]:
    """A cloze gap's answers, each with its mark (``=``, ``%50%`` or none), feedback and
    escapes taken off."""
    return [
        (marker, _unescape(re.split(r"(?<!\\)#", body, maxsplit=1)[0]).strip())
        for marker, body in re.findall(r"(?:^|~)(%-?\d+%|=)?((?:\\.|[^~])*)", gap.group(3))
        if body.strip()
    ]


def _gap_fill(kind: str, answers: list[tuple[str, str]]) -> str:
    """What a gap shows answered while another gap is asked: its best answer (a number
    without its tolerance)."""
    ranked = sorted(answers, key=lambda answer: -_gap_weight(answer[0]))
    if not ranked:
        return ""
    best = ranked[0][1]
    if _is_numerical_gap(kind):
        bounds = numeric_bounds(plain_text(best))
        return bounds[0] if bounds is not None and ":" in best else best
    return best


def _around(
    prompt: str, gaps: list[re.Match[str]], fills: list[str], index: int
) -> tuple[str, str]:
    """The text before and after gap ``index``, every other gap shown answered."""
    before: list[str] = []
    after: list[str] = []
    position = 0
    for number, gap in enumerate(gaps):
        side = before if number <= index else after
        side.append(prompt[position : gap.start()])
        if number != index:
            side.append(fills[number])
        position = gap.end()
    after.append(prompt[position:])
    return "".join(before), "".join(after)


def _is_numerical_gap(name: str) -> bool:
    """Whether a cloze gap asks for a number (``NUMERICAL``, short ``NM``)."""
    return name in ("NUMERICAL", "NM")


def _is_response_gap(name: str) -> bool:
    """Whether a cloze gap's type is Moodle's several-right-choices one (``MR``...)."""
    return name.startswith("MULTIRESPONSE") or name in RESPONSE_GAPS


def _gap_weight(marker: str) -> float:
    """A gap answer's credit in percent: ``=`` is full, ``%50%`` half, none is none."""
    if marker == "=":
        return 100.0
    return float(marker.strip("%")) if marker else 0.0


def _choice_gap(name: str) -> bool:
    """Whether a cloze gap's type is one of Moodle's multiple-choice ones, by its long
    name or its short one (``MCS``: choices shuffled)."""
    return name.startswith("MULTICHOICE") or name in CHOICE_GAPS


def _base64(text: str) -> bytes:
    """An embedded file's bytes; broken base64 gives bytes no image check accepts."""
    try:
        return base64.b64decode(text, validate=False)
    except binascii.Error:
        return b""


def _number(text: str) -> float | None:
    """``text`` as a finite number, or ``None`` (not a number, infinite, or NaN)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _counted(value: str, tolerance: str) -> CountedNumbers:
    """A numerical answer's tolerance, kept as GIFT's ``value:tolerance`` is."""
    described = f"the tolerance ±{tolerance}"
    bounds = numeric_bounds(f"{plain_text(value)}:{tolerance}")
    if bounds is None:
        exact = tolerance in ("0", "0.0")
        return CountedNumbers([], warning="" if exact else f"{described} is not kept")
    _, low, high = bounds
    places = decimal_places(plain_text(value), tolerance)
    return counted_numbers(plain_text(value), low, high, described, places)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)
