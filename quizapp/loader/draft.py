"""``flask content draft``: a plain-text article becomes a draft bank to finish by hand.

Each number, date and name found in the story is proposed once, as a fact whose cloze
is the clause it came from (``clauses.py``), with distractors of the same kind taken
from elsewhere in the article (or made up near a number or date): numbers of the same
unit and size, never the answer's own words nor anything the cloze already shows. A
name given with its Hangul spelling keeps that spelling as an accepted variant. What
cannot be guessed (topic, statement, prompt, explanation) is written as ``TODO: ...``,
which ``content check`` refuses, so a draft cannot be loaded until a teacher has
finished it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..answer_forms import normalise
from ..grading import Outcome, judge_text
from .article import Paragraph, read_article, sentences
from .clauses import cloze_text, hangul_beside
from .entities import MONTHS, WEEKDAYS, Entity, find_entities
from .spec import BLANK
from .validate import MIN_DISTRACTORS, TODO_MARK, same_text

_NAME_KINDS = {"person", "place", "organisation", "event", "name"}
_KIND_LABEL = {"organisation": "an organisation", "event": "an event"}


@dataclass
class Proposal:
    entity: Entity
    paragraph: int
    sentence: str
    distractors: list[str] = field(default_factory=list)

    @property
    def cloze(self) -> str:
        return cloze_text(self.sentence, self.entity.start, self.entity.end, BLANK)

    @property
    def hangul(self) -> str | None:
        found = hangul_beside(self.sentence, self.entity.start, self.entity.end)
        return found[0] if found else None


def propose(paragraphs: list[Paragraph]) -> list[Proposal]:
    """One proposal per distinct number, date or name, at its first appearance."""
    proposals: list[Proposal] = []
    seen: set[str] = set()
    for paragraph in paragraphs:
        for sentence in sentences(paragraph.text):
            if BLANK in sentence:
                continue
            for entity in find_entities(sentence):
                # A name that appears twice in its sentence would give its own cloze away.
                if sentence.count(entity.text) > 1:
                    continue
                if same_text(entity.text) not in seen:
                    seen.add(same_text(entity.text))
                    proposals.append(Proposal(entity, paragraph.number, sentence))
    for proposal in proposals:
        proposal.distractors = _distractors(proposal, proposals)
    return proposals


def _number_shape(text: str) -> tuple[str, int]:
    """A number's unit (currency, %, million...) and how many digits its whole part has."""
    whole = re.search(r"\d[\d,]*", text)
    digits = len(whole.group(0).replace(",", "")) if whole else 0
    return re.sub(r"[\d,.\s]+", " ", text).strip().casefold(), digits


def _unfit(candidate: str, proposal: Proposal) -> bool:
    """True when ``candidate`` would be a bad wrong option for ``proposal``: the answer's
    own words (or words the answer holds), an answer the grader would accept, a number of
    another unit or size, or something the cloze itself shows."""
    answer = proposal.entity.text
    mine, theirs = set(normalise(candidate).split()), set(normalise(answer).split())
    if not mine or mine <= theirs or theirs <= mine:
        return True
    if judge_text(candidate, [answer]).outcome is not Outcome.WRONG:
        return True
    if proposal.entity.kind == "number" and _number_shape(candidate) != _number_shape(answer):
        return True
    return normalise(candidate) in normalise(proposal.cloze)


def _distractors(proposal: Proposal, proposals: list[Proposal]) -> list[str]:
    """Others of the same kind from the article first (most alike in length first), then
    invented neighbours for numbers and dates, then TODO for the teacher."""
    entity = proposal.entity
    others = [p.entity.text for p in proposals if p.entity.kind == entity.kind]
    size = len(entity.text.split())
    others.sort(key=lambda text: abs(len(text.split()) - size))
    chosen: list[str] = []
    for candidate in [*others, *_invented(entity)]:
        if len(chosen) == MIN_DISTRACTORS:
            break
        normal = same_text(candidate)
        if not _unfit(candidate, proposal) and normal not in {same_text(c) for c in chosen}:
            chosen.append(candidate)
    label = _KIND_LABEL.get(entity.kind, f"a {entity.kind}")
    while len(chosen) < MIN_DISTRACTORS:
        chosen.append(f"{TODO_MARK}: {label} that is not the answer ({len(chosen) + 1})")
    return chosen


def _invented(entity: Entity) -> list[str]:
    if entity.kind == "number":
        return _near_numbers(entity.text)
    if entity.kind == "year":
        year = int(entity.text)
        return [str(year + step) for step in (-2, 2, -5, 5)]
    if entity.kind == "weekday":
        day = WEEKDAYS.index(entity.text)
        return [WEEKDAYS[(day + step) % 7] for step in (1, 2, -1)]
    if entity.kind in {"date", "month"}:
        return _near_dates(entity.text)
    return []


def _near_numbers(text: str) -> list[str]:
    match = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if match is None:
        return []
    digits = match.group(0)
    value = float(digits.replace(",", ""))
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    step = 10 ** max(len(str(int(value))) - 1, 0)
    swapped = digits.replace(",", "")
    if len(swapped) > 1 and swapped[0] != swapped[1] and swapped[1] != "0" and not decimals:
        swapped = swapped[1] + swapped[0] + swapped[2:]
    candidates = [float(swapped), value - step, value + step, value + step / 2, value - step / 2]
    candidates += [value - 2 * step, value + 2 * step]

    def written(number: float) -> str:
        shown = f"{number:,.{decimals}f}" if "," in digits else f"{number:.{decimals}f}"
        return text[: match.start()] + shown + text[match.end() :]

    whole = [n for n in candidates if n > 0 and (decimals or n == int(n))]
    return [written(number) for number in whole if number != value]


def _near_dates(text: str) -> list[str]:
    month = next((m for m in MONTHS if m in text), None)
    if month is None:
        return []
    index = MONTHS.index(month)
    day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", text)
    shifted = [text.replace(month, MONTHS[(index + step) % 12]) for step in (-1, 1, 2)]
    if day:
        number = int(day.group(1))
        other = number + 10 if number + 10 <= 28 else number - 10
        shifted.insert(0, text[: day.start(1)] + str(other) + text[day.end(1) :])
    return shifted


def _variants(proposal: Proposal) -> list[str]:
    entity = proposal.entity
    text = entity.text
    if proposal.hangul:
        return [proposal.hangul]
    if entity.kind == "number" and "," in text:
        return [text.replace(",", "")]
    if entity.kind == "date":
        month = next(m for m in MONTHS if m in text)
        day = re.search(r"\d{1,2}(?=\D|$)", text.replace(month, ""))
        year = re.search(r"\d{4}", text)
        if day is None:
            return []
        tail = f" {year.group(0)}" if year else ""
        day_first = f"{int(day.group(0))} {month}{tail}"
        month_first = f"{month} {int(day.group(0))}{',' if year else ''}{tail}"
        return [form for form in (day_first, month_first) if form != text]
    return []


def _key(text: str, paragraph: int, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or "fact"
    key = f"p{paragraph}-{base}"
    number = 2
    while key in used:
        key, number = f"p{paragraph}-{base}-{number}", number + 1
    used.add(key)
    return key


def toml_value(value: str | int | list[str]) -> str:
    """TOML for the values a bank file holds (JSON string escapes are valid TOML)."""
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")


def _fact_lines(proposal: Proposal, key: str) -> list[str]:
    entity = proposal.entity
    distractor = next((d for d in proposal.distractors if TODO_MARK not in d), None)
    false_statement = (
        proposal.cloze.replace(BLANK, distractor)
        if distractor
        else f"{TODO_MARK}: a believable statement that is false"
    )
    fields: list[tuple[str, str | int | list[str]]] = [
        ("key", key),
        ("topic", f"{TODO_MARK}: a short topic"),
        ("statement", f"{TODO_MARK}: the fact in one sentence of your own"),
        ("paragraph", proposal.paragraph),
        ("prompt", f"{TODO_MARK}: a question whose answer is {entity.text}"),
        ("answer", entity.text),
        ("variants", _variants(proposal)),
        ("cloze", proposal.cloze),
        ("distractors", proposal.distractors),
        ("false_statement", false_statement),
        ("explanation", f"{TODO_MARK}: why {entity.text} is right"),
    ]
    label = _KIND_LABEL.get(entity.kind, f"a {entity.kind}")
    return [
        "",
        f"# Proposed from paragraph {proposal.paragraph}: {label}.",
        "[[facts]]",
        *(f"{name} = {toml_value(value)}" for name, value in fields),
    ]


def draft_bank(article: str, slug: str) -> tuple[str, int, list[int]]:
    """The draft bank file for ``article``, how many facts it proposes, and the numbers
    of the lines left out as not story."""
    paragraphs, dropped = read_article(article)
    proposals = propose(paragraphs)
    left_out = ", ".join(str(number) for number in dropped) or "none"
    lines = [
        "# Draft made by `flask content draft`. Before loading it:",
        "#  - replace every TODO (flask content check lists them with their lines);",
        "#  - delete the facts you do not want;",
        "#  - rewrite every cloze and false_statement in your own words (the draft quotes",
        "#    the article), then move the file to content/<slug>/bank.toml.",
        f"# Lines left out as not story: {left_out}.",
        "",
        f"slug = {toml_value(slug)}",
        f'title = "{TODO_MARK}: a title for the bank"',
        f'description = "{TODO_MARK}: one sentence on what the bank teaches"',
        "",
        "[source]",
        f'publication = "{TODO_MARK}: the publication"',
        f'headline = "{TODO_MARK}: the article\'s headline"',
        f'date = "{TODO_MARK}: the date it was published"',
        f"paragraphs = {len(paragraphs)}  # the story's paragraphs: a fact may cite 1 to this",
    ]
    used: set[str] = set()
    for proposal in proposals:
        lines += _fact_lines(proposal, _key(proposal.entity.text, proposal.paragraph, used))
    return "\n".join(lines) + "\n", len(proposals), dropped


def slug_for(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "draft"
