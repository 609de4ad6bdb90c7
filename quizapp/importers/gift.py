"""Moodle GIFT, following Moodle's own importer.

Questions are separated by blank lines; ``//`` lines are comments; ``$CATEGORY:`` sets
the topic of the questions after it. The answer block in braces decides the kind:
none = description, ``{}`` = essay (both reported as skipped), ``#...`` = numeric,
``T``/``F``/``TRUE``/``FALSE`` = true/false, ``=a -> b`` = matching, any ``~`` =
multiple choice, otherwise short answer. Text after the braces makes a missing-word
question. ``::title::`` names a question (its fact key comes from it), ``#`` gives
per-answer feedback and ``####`` general feedback; ``\\~ \\= \\# \\{ \\} \\:`` and
``\\\\`` are escapes and ``\\n`` is a newline.

Kinds our model lacks are mapped: numeric -> typed (whole numbers in a small range
become accepted variants; any other tolerance cannot be graded, so it is left out with a
warning saying which answers count); matching ->
one multiple-choice fact per pair, the other pairs' answers as wrong options.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..richtext import fill_rich, join_rich, plain_text, split_rich, store_html
from .anki_notes import IMAGE
from .grouping import FactKeys
from .records import (
    BLANK,
    ParsedQuestion,
    ParsedSet,
    check_set,
    paragraph_number,
    simple_fact,
    slugify,
    without_empty_options,
)
from .tags import merge_tags

ESCAPES = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004",
           "}": "\ue005", ":": "\ue006"}  # fmt: skip
RESTORE = {placeholder: char for char, placeholder in ESCAPES.items()}
FORMAT_TAG = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
TRUE_FALSE = {"T": "true", "TRUE": "true", "F": "false", "FALSE": "false"}
MISSING_WORD_GAP = "_____"
# A gap written into a short answer's text ("… is _____ {=answer}"): how teachers put the
# blank at the end of a sentence, where GIFT's own missing word cannot go, and how our
# export writes such a cloze. Read as the cloze's blank when it is the only one.
WRITTEN_GAP = re.compile(r"_{3,}")
MAX_LISTED_NUMBERS = 25
MAX_PLACES = 6  # a tolerance finer than millionths is not listed
# Written by our GIFT export before a flashcard, and before a fact's first question with
# the fact's statement and source (newlines as \n); Moodle ignores comments.
FLASHCARD_COMMENT = "// quizapp-kind: flashcard"
STRICT_COMMENT = "// quizapp-strict"  # exact spelling: no typo forgiven
# Moodle 4 writes a question's tags in a comment before it, and reads them back:
# "// [id:Q7] [tag:geo] [tag:east asia]".
TAG_COMMENT = re.compile(r"\[tag:([^\]]+)\]")
STATEMENT_COMMENT = "// quizapp-fact: "
SOURCE_REF_COMMENT = "// quizapp-source-ref: "
SOURCE_PARAGRAPH_COMMENT = "// quizapp-source-paragraph: "
FACT_COMMENTS = {
    "statement": STATEMENT_COMMENT,
    "ref": SOURCE_REF_COMMENT,
    "paragraph": SOURCE_PARAGRAPH_COMMENT,
}


def protect(line: str) -> str:
    """Swap escaped characters for private-use placeholders so the parser never sees them."""
    out, index = [], 0
    while index < len(line):
        char = line[index]
        following = line[index + 1] if index + 1 < len(line) else ""
        if char == "\\" and following in ESCAPES:
            out.append(ESCAPES[following])
            index += 2
        elif char == "\\" and following == "n":
            out.append("\n")
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def restore(text: str, is_html: bool = False) -> str:
    plain = "".join(RESTORE.get(char, char) for char in text).strip()
    return store_html(plain) if is_html else plain


@dataclass
class Answer:
    marker: str  # "=" or "~"
    weight: float | None
    text: str
    feedback: str


@dataclass
class Block:
    line: int
    text: str
    topic: str
    flashcard: bool = False
    strict: bool = False
    # What our export's comments said of the block's fact, by ``FACT_COMMENTS`` name.
    fact: dict[str, str] = field(default_factory=dict)
    # Moodle's tags of the question, from its "// [tag:name]" comment.
    tags: list[str] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    """Blank-line separated questions with their first line number and current category."""
    found: list[Block] = []
    current: list[str] = []
    start, topic, flashcard, strict = 0, "", False, False
    fact: dict[str, str] = {}
    tags: list[str] = []
    for number, raw in enumerate([*text.split("\n"), ""], 1):
        stripped = raw.strip()
        if stripped.startswith("//") and not current:
            tags.extend(tag.strip() for tag in TAG_COMMENT.findall(stripped))
        if stripped == FLASHCARD_COMMENT and not current:
            flashcard = True
        if stripped == STRICT_COMMENT and not current:
            strict = True
        for name, prefix in FACT_COMMENTS.items():
            if stripped.startswith(prefix) and not current:
                fact[name] = comment_value(stripped[len(prefix) :])
        if stripped.startswith("//"):
            continue
        if stripped.startswith("$CATEGORY:"):
            topic = category_topic(stripped[len("$CATEGORY:") :])
            continue
        if stripped:
            start = start or number
            current.append(protect(raw))
        elif current:
            block = Block(start, "\n".join(current), topic, flashcard, strict, fact, tags)
            found.append(block)
            current, start, flashcard, strict, fact, tags = [], 0, False, False, {}, []
    return found


def tag_words(tags: list[str], parsed: ParsedSet, line: int | None) -> list[str]:
    """Moodle's tags as a fact's tags, one word each (Anki's rule): a tag with spaces
    gets ``_`` for them, said in a note on ``line``."""
    words = []
    for tag in tags:
        word = "_".join(tag.split())
        if word != tag:
            parsed.note(line, f"the tag “{tag}” is kept as “{word}”")
        if word:
            words.append(word)
    return merge_tags(words)


def comment_value(text: str) -> str:
    """A value our export wrote in a comment: ``\\n`` is a newline, ``\\x`` is ``x``."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def comment_escape(text: str) -> str:
    """The inverse of ``comment_value``: a value on one comment line."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


CATEGORY_SEPARATOR = " / "  # how a topic names a Moodle category inside another


def category_topic(path: str) -> str:
    """``$course$/top/Resettlement/Hanawon`` -> ``Resettlement / Hanawon``."""
    parts = [part.strip() for part in path.strip().split("/") if part.strip()]
    while parts and (parts[0].startswith("$") or parts[0].lower() == "top"):
        parts.pop(0)
    return CATEGORY_SEPARATOR.join(parts)


def category_path(topic: str) -> str:
    """The inverse of ``category_topic``: ``Resettlement / Hanawon`` ->
    ``$course$/top/Resettlement/Hanawon``, so a nested category comes back nested. A
    slash within a name, which a path cannot hold, becomes a dash."""
    names = [name.replace("/", "-") for name in topic.split(CATEGORY_SEPARATOR)]
    return "/".join(["$course$/top", *names]) if topic else "$course$/top"


def split_answers(inside: str) -> list[Answer]:
    answers = []
    for match in re.finditer(r"([=~])([^=~]*)", inside):
        body = match.group(2)
        weight = None
        found = WEIGHT.match(body.strip())
        if found:
            weight = float(found.group(1))
            body = body.strip()[found.end() :]
        text, _, feedback = body.partition("#")
        answers.append(Answer(match.group(1), weight, text, feedback))
    return answers


def parse_gift(text: str) -> ParsedSet:
    parsed = ParsedSet(format="gift")
    keys = FactKeys()
    found = blocks(text)
    for index, block in enumerate(found):
        _parse_block(block, parsed, keys, found[index + 1] if index + 1 < len(found) else None)
    return check_set(parsed)


def _unclosed(following: Block | None) -> str:
    """Why a block's answers are never closed, told from the block ``following`` it: a
    blank line inside the braces ends the question, and the } after it is in the next."""
    message = "the answer block has no closing }"
    if following is None:
        return message
    closing, opening = following.text.find("}"), following.text.find("{")
    if closing < 0 or 0 <= opening < closing:
        return message
    line = following.line + following.text.count("\n", 0, closing)
    return (
        f"{message} (a blank line ends a question in GIFT, so the }} on line {line} closes "
        "nothing: remove the blank lines inside the braces)"
    )


def _parse_block(
    block: Block, parsed: ParsedSet, keys: FactKeys, following: Block | None = None
) -> None:
    title, body, is_html = _title_and_body(block, parsed)
    opening = body.find("{")
    closing = body.find("}", opening + 1)
    if opening < 0:
        parsed.note(block.line, "description (no answer block) skipped")
        return
    if closing < 0:
        parsed.error(block.line, _unclosed(following))
        return
    before = restore(body[:opening], is_html)
    after = restore(body[closing + 1 :], is_html)
    inside, _, general = body[opening + 1 : closing].partition("####")
    if not inside.strip():
        parsed.note(block.line, "essay question skipped (no answer to check)")
        return
    context = _Context(block, parsed, keys, title, restore(general, is_html), is_html)
    context.tags = tag_words(block.tags, parsed, block.line)
    if "{" in body[closing + 1 :]:  # another block follows: the first may be the text's
        context.first_braces = "{" + restore(body[opening + 1 : closing]) + "}"
    # A missing-word gap keeps the spacing it was written with: "in {=2024}." is "in ___."
    context.gap = (
        " " if body[:opening][-1:].isspace() and before else "",
        " " if body[closing + 1 :][:1].isspace() and after else "",
    )
    _add_question(context, before, after, inside)


def _title_and_body(block: Block, parsed: ParsedSet) -> tuple[str, str, bool]:
    """The block's ``::title::``, its text without the format tag, and whether that text
    is HTML; what a format tag means for the import is noted for the teacher."""
    body, title = block.text.strip(), ""
    if body.startswith("::") and "::" in body[2:]:
        title, body = body[2:].split("::", 1)
        title = restore(title)
    tag = FORMAT_TAG.match(body)
    is_html = bool(tag and tag.group(1).lower() == "html")
    body = body[tag.end() :] if tag else body
    if tag and tag.group(1).lower() == "markdown":
        parsed.note(block.line, "[markdown] text is kept as plain text")
    if is_html and IMAGE.search(body):
        parsed.note(block.line, "images are not kept")
    return title, body, is_html


def _add_question(context: _Context, before: str, after: str, inside: str) -> None:
    """The answer block's shape says the kind: ``#`` numeric, ``T``/``F`` true/false,
    ``->`` matching, any ``~`` multiple choice, only ``=`` short answer."""
    if inside.strip().startswith("#"):
        context.numeric(before, after, inside.strip()[1:])
    elif inside.split("#", 1)[0].strip().upper() in TRUE_FALSE:
        context.true_false(before, after, inside)
    else:
        answers = split_answers(inside)
        if not answers:
            context.parsed.error(
                context.block.line, "the answer block has no = or ~ answers" + context.braces_hint()
            )
        elif any("->" in a.text for a in answers):
            context.matching(before, answers)
        elif any(a.marker == "~" for a in answers):
            context.multiple_choice(before, after, answers)
        else:
            context.short_answer(before, after, answers)


@dataclass
class _Context:
    """One block being turned into facts: where it is, its title, topic and feedback."""

    block: Block
    parsed: ParsedSet
    keys: FactKeys
    title: str
    general: str
    is_html: bool
    gap: tuple[str, str] = (" ", " ")
    tags: list[str] = field(default_factory=list)
    # The braces read as the answer block when more follow them ("\frac{1}{2} {=0.5}").
    first_braces: str = ""

    def braces_hint(self) -> str:
        """Why a block has no answers when it was braces in the question's own text."""
        if not self.first_braces:
            return ""
        return (
            f" (the first braces, “{self.first_braces}”, were read as the answer block: "
            "write a brace in the question as \\{ or \\})"
        )

    def add(self, question: ParsedQuestion, title: str = "") -> None:
        question.line = self.block.line
        question.explanation = join_rich(
            [p for p in (question.explanation, self.general) if p], "\n"
        )
        fact = simple_fact(
            plain_text(fill_rich(question.prompt, BLANK, question.answer)),
            question,
            taken=self.keys.taken,
            title=title or self.title,
            topic=self.block.topic,
            statement=self.block.fact.get("statement", ""),
        )
        fact.tags = list(self.tags)
        fact.source_ref = self.block.fact.get("ref", "")
        fact.source_paragraph = paragraph_number(
            self.block.fact.get("paragraph", ""), self.parsed, self.block.line
        )
        self.keys.add(self.parsed, fact, "" if title else self.title)

    def note_partial(self, answers: list[Answer]) -> None:
        """Our questions are right or wrong: partial-credit answers are left out, said aloud."""
        partial = [
            plain_text(self.text(a.text)) for a in answers if a.weight and 0 < a.weight < 100
        ]
        if partial:
            self.parsed.note(
                self.block.line,
                f"partial-credit answers left out: {', '.join(partial)}",
            )

    def text(self, raw: str) -> str:
        return restore(raw, self.is_html)

    def true_false(self, before: str, after: str, inside: str) -> None:
        value, *feedback = inside.split("#")
        answer = TRUE_FALSE[value.strip().upper()]
        # Moodle: first feedback is shown for a wrong response, the second for a right one.
        right = self.text(feedback[1]) if len(feedback) > 1 else ""
        prompt = join_rich([part for part in (before, after) if part], " ")
        self.add(ParsedQuestion("true_false", prompt, answer, explanation=right))

    def multiple_choice(self, before: str, after: str, answers: list[Answer]) -> None:
        right = _right_options(answers)
        if not right:
            self.parsed.error(self.block.line, "no option is marked right (= or a % weight)")
            return
        if len(right) > 1:
            self.parsed.note(self.block.line, "several right options; the first is kept")
        answer = right[0]
        if any(_partial_option(a) for a in answers):
            self.parsed.note(self.block.line, "partial-credit options are left out")
        self.add(
            ParsedQuestion(
                "multiple_choice",
                _missing_word_prompt(before, after),
                self.text(answer.text),
                choices=without_empty_options(
                    [self.text(a.text) for a in _wrong_options(answers) if a is not answer],
                    self.parsed,
                    self.block.line,
                ),
                explanation=self.text(answer.feedback),
            )
        )

    def short_answer(self, before: str, after: str, answers: list[Answer]) -> None:
        credited = [a for a in answers if a.weight is None or a.weight >= 100]
        self.note_partial(answers)
        texts = without_wildcards(
            [self.text(a.text) for a in credited], self.parsed, self.block.line
        )
        if not texts:
            self.parsed.error(self.block.line, "no answer earns full credit")
            return
        if after:
            kind, prompt = "cloze", join_rich([before, self.gap[0], BLANK, self.gap[1], after])
        elif self.block.flashcard:
            kind, prompt = "flashcard", before
        else:
            kind, prompt = _written_gap_cloze(before)
        self.add(
            ParsedQuestion(
                kind,
                prompt,
                texts[0],
                accepted_variants=texts[1:],
                explanation=self.text(credited[0].feedback),
                strict=self.block.strict,
            )
        )

    def matching(self, before: str, answers: list[Answer]) -> None:
        pairs = []
        for answer in answers:
            left, arrow, right = answer.text.partition("->")
            if not arrow or not right.strip():
                self.parsed.error(self.block.line, "every matching pair needs 'left -> right'")
                return
            pairs.append((self.text(left), self.text(right)))
        # A pair without a left side only adds a wrong answer to choose from (Moodle's
        # "extra wrong answers", exported as "= -> Beijing"), never a question of its own.
        asked = [(left, right) for left, right in pairs if left]
        if len(asked) < 2:
            self.parsed.error(self.block.line, "a matching question needs at least two pairs")
            return
        rights = list(dict.fromkeys(right for _, right in pairs))
        base = self.title or before
        for number, (left, right) in enumerate(asked, 1):
            prompt = join_rich([before, left], "\n")
            choices = [other for other in rights if other != right]
            self.add(
                ParsedQuestion("multiple_choice", prompt, right, choices=choices),
                title=f"{slugify(base)}-pair-{number}",
            )

    def numeric(self, before: str, after: str, inside: str) -> None:
        """A numeric question: each full-credit answer counts, as in Moodle (the first is
        the answer, the others and what their tolerances keep are its variants)."""
        answers = split_answers(inside) if inside.strip()[:1] in "=~" else [
            Answer("=", None, *inside.partition("#")[::2])
        ]  # fmt: skip
        full = [a for a in answers if a.weight is None or a.weight >= 100] or answers
        self.note_partial(answers)
        counted: list[tuple[str, CountedNumbers]] = []
        for answer in full:
            found = counted_answer(self.text(answer.text))
            if found is None:
                self.parsed.error(self.block.line, NOT_A_NUMBER)
                return
            if found[1].warning:
                self.parsed.note(self.block.line, found[1].warning)
            counted.append(found)
        prompt = _missing_word_prompt(before, after)
        self.add(numeric_question(prompt, counted, self.text(full[0].feedback)))


# Moodle's short-answer wildcard: an asterisk not escaped as \*.
WILDCARD = re.compile(r"(?<!\\)\*")


def without_wildcards(answers: list[str], parsed: ParsedSet, line: int | None) -> list[str]:
    """Full-credit short answers without Moodle's wildcard ``*`` ("*Lincoln*": any answer
    holding Lincoln), which grading here cannot match: each keeps its words, said in a
    note, and one that was only ``*`` (anything) is left out; a backslash before it makes
    an asterisk."""
    kept = []
    for answer in answers:
        shown = plain_text(answer)
        if not WILDCARD.search(shown):
            kept.append(answer.replace("\\*", "*"))
            continue
        bare = WILDCARD.sub("", answer).replace("\\*", "*").strip()
        words = plain_text(bare).strip()
        said = f"{words} counts" if words else "it is left out"
        parsed.note(line, f"the wildcard * in “{shown}” is not kept: {said}")
        if words:
            kept.append(bare)
    return kept


def _right_options(answers: list[Answer]) -> list[Answer]:
    """The options marked ``=``; without any, those of the highest positive weight (none
    when no weight is positive)."""
    marked = [a for a in answers if a.marker == "="]
    if marked:
        return marked
    best = max((a.weight or 0.0) for a in answers)
    return [a for a in answers if (a.weight or 0.0) == best] if best > 0 else []


def _wrong_options(answers: list[Answer]) -> list[Answer]:
    return [a for a in answers if a.marker == "~" and (a.weight or 0.0) <= 0]


def _partial_option(answer: Answer) -> bool:
    return answer.marker == "~" and 0 < (answer.weight or 0.0) < 100


def _written_gap_cloze(prompt: str) -> tuple[str, str]:
    """("cloze", the prompt with its one written gap as the blank), else ("typed", it)."""
    gaps = WRITTEN_GAP.findall(prompt)
    if len(gaps) != 1:
        return "typed", prompt
    before, after = split_rich(prompt, gaps[0])
    return "cloze", join_rich([before, BLANK, after])


def _missing_word_prompt(before: str, after: str) -> str:
    """A question with text after its answer block has a missing word: shown as a gap."""
    return join_rich([before, MISSING_WORD_GAP, after], " ") if after else before


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"


def numeric_bounds(text: str) -> tuple[str, float, float] | None:
    """``3.14:0.01`` / ``1..5`` / ``42`` -> (answer text, lowest, highest)."""
    try:
        if ".." in text:
            low_text, high_text = text.split("..", 1)
            low, high = sorted((float(low_text), float(high_text)))
            if not (math.isfinite(low) and math.isfinite(high)):
                return None
            return _number((low + high) / 2), low, high
        value_text, _, tolerance_text = text.partition(":")
        value = float(value_text)
        tolerance = abs(float(tolerance_text)) if tolerance_text.strip() else 0.0
    except ValueError:
        return None
    if not all(math.isfinite(number) for number in (value, tolerance)):
        return None
    return _number(value), value - tolerance, value + tolerance


@dataclass
class CountedNumbers:
    """What a numeric answer with a tolerance becomes: the other answers accepted, the
    explanation's sentence saying what counts, and the warning for what is left out."""

    variants: list[str]
    explanation: str = ""
    warning: str = ""


def counted_numbers(
    value: str, low: float, high: float, described: str, places: int = 0
) -> CountedNumbers:
    """Our grading compares text, not magnitudes: a range is kept as the numbers in it at
    the precision the file wrote (``places`` decimals, or the answer's own): whole
    numbers for ``1953:2``, hundredths for ``3.14:0.01``, at most ``MAX_LISTED_NUMBERS``
    of them. Whatever else the range allowed is named in the warning, and the
    explanation never promises more than the grading accepts. ``described`` is the range
    as the file wrote it."""
    if high <= low:
        return CountedNumbers([])
    places = max(places, decimal_places(value))
    not_kept = CountedNumbers([], warning=f"{described} is not kept: only {value} counts")
    if places > MAX_PLACES or max(abs(low), abs(high)) >= 1e15:
        return not_kept
    step = Decimal(1).scaleb(-places)
    first, last = (int(Decimal(str(bound)).quantize(step) / step) for bound in (low, high))
    if last <= first or last - first + 1 > MAX_LISTED_NUMBERS:
        return not_kept
    low_text, high_text = _decimal_text(first * step), _decimal_text(last * step)
    if places == 0:
        explanation = f"Any whole number from {low_text} to {high_text} counts."
        kept = "as whole numbers only"
    else:
        precision = f"{places} decimal place{'s' if places > 1 else ''}"
        explanation = f"Any number from {low_text} to {high_text}, to {precision}, counts."
        kept = f"to {precision}"
    numbers = (_decimal_text(number * step) for number in range(first, last + 1))
    return CountedNumbers(
        [number for number in numbers if number != value],
        explanation=explanation,
        warning=f"{described} is kept {kept}: {low_text} to {high_text} count",
    )


_DECIMALS = re.compile(r"\d[.,](\d+)")


def decimal_places(*texts: str) -> int:
    """The most digits after a decimal point in any number in ``texts`` ("3.14:0.01": 2)."""
    return max((len(found) for text in texts for found in _DECIMALS.findall(text)), default=0)


NOT_A_NUMBER = "a numeric answer must be a number, n:tol or a..b"


def counted_answer(written: str) -> tuple[str, CountedNumbers] | None:
    """A numeric answer as written (``1953``, ``1953:2``, ``1..5``): its value and what
    its tolerance keeps (``counted_numbers``); ``None`` when it is no number."""
    bounds = numeric_bounds(written)
    if bounds is None:
        return None
    value, low, high = bounds
    return value, counted_numbers(value, low, high, _range_text(written), decimal_places(written))


def _decimal_text(number: Decimal) -> str:
    """``number`` as the grader reads it: no trailing zeros, never an exponent."""
    return format(number.normalize(), "f")


def numeric_question(
    prompt: str, counted: list[tuple[str, CountedNumbers]], feedback: str
) -> ParsedQuestion:
    """The typed question of a numeric one whose full-credit answers are ``counted``
    (each value with what its tolerance keeps): the first value is the answer, every
    other number counted is an accepted variant, as each counts in Moodle."""
    value = counted[0][0]
    others = (number for other, numbers in counted for number in [other, *numbers.variants])
    said = [feedback, *(numbers.explanation for _, numbers in counted)]
    return ParsedQuestion(
        "typed",
        prompt,
        value,
        accepted_variants=[number for number in dict.fromkeys(others) if number != value],
        explanation=join_rich([part for part in said if part], "\n"),
    )


def _range_text(text: str) -> str:
    """``3.14:0.01`` -> ``the tolerance ±0.01``; ``1..5`` -> ``the range 1..5``."""
    if ".." in text:
        return f"the range {text.strip()}"
    return f"the tolerance ±{text.partition(':')[2].strip()}"
