"""Answer checking, and where an outcome becomes a rating for the scheduler.

Grading is fair but exact. Case, spacing, punctuation, accents and digit grouping never
matter, and accepted variants count. On top of that a typed answer is read the way a
teacher would read it (``answer_forms.py`` says how): hedges and fillers ("about",
"the", "President") are ignored, numbers may be written in words, dates in any common
form (a number's answer in Korean numerals too: "3만 4천명", ``korean_numerals.py``),
"over" or "above" a number is "more than" it ("34,000+") and "under" it "less than"
it ("3만 명 초과" and "3만 명 미만" too; "or more" and 이상 after it "at least"), a
number may carry its own unit ("34,000 defectors"), romanised names may be spaced or
hyphenated either way, a name may carry a title or the head noun the question uses
("the city of Pyongyang", ``answer_frames.py``), and the head of each phrase may be
singular or plural ("the perception of defectors"). One typo
over a whole answer of five letters or more counts as right but is reported as
"almost" (rated Hard), so the learner still sees the correct spelling; a typo never
touches the first letter ("crash" is not "trash") nor a number. An answer naming two
candidates is wrong. A question marked ``strict`` (a spelling test) turns all of this
off except the plain normalisation.

Every verdict comes with its reason, shown to the learner ("accepted: we ignore
'approximately'").
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .answer_forms import (
    MONTHS,
    VAGUE_COUNTS,
    Reading,
    abbreviations_spelt_out,
    edit_distance,
    months_respelt,
    normalise,
    option_form,
    ordinals_as_numbers,
    read_answer,
    romans_as_numbers,
    singular,
    without_optional_words,
)
from .answer_frames import Frame, family_name, is_east_asian
from .answer_units import YEAR_MARKS, NumberFrame, own_units, units_named
from .models import Question, QuestionKind
from .richtext import plain_text
from .scheduling import Rating

__all__ = [
    "AUTO_GRADED_KINDS",
    "PLAIN_REASONS",
    "TYPO_MIN_LETTERS",
    "Outcome",
    "Verdict",
    "edit_distance",
    "grade",
    "grade_exact",
    "grade_text",
    "judge_answer",
    "judge_text",
    "nearest_accepted",
    "normalise",
    "rating_for",
    "self_grade",
]

# Answers at least this long (letters, spaces left out) may carry one typo ("almost").
TYPO_MIN_LETTERS = 5
# The reasons that say no more than their verdict: a feedback card leaves them out.
PLAIN_REASONS = frozenset({"right", "wrong", "wrong: that is not the answer"})
AUTO_GRADED_KINDS = frozenset(
    {
        QuestionKind.MULTIPLE_CHOICE.value,
        QuestionKind.TRUE_FALSE.value,
        QuestionKind.CLOZE.value,
        QuestionKind.TYPED.value,
    }
)
# A question asking for a president ("Which South Korean president ...", "Name the
# first president ...", "Who was the first president ..."): the family name is enough
# there, as it is in speech ("President Yoon", "Lincoln").
_ASKS_PRESIDENT = re.compile(
    r"\b(?:which|what|name (?:the|a|an)|who (?:was|is|became) (?:the|a)) "
    r"(?:(?!(?:did|does|do|is|was|were|has|had|will)\b)[a-z]+ ){0,3}president\b"
)
# Words after which the word before is the head of its phrase ("perceptions of ...").
_PHRASE_ENDS = frozenset(
    {"of", "to", "for", "from", "in", "on", "at", "with", "about", "towards", "toward"}
    | {"against", "among", "between", "into", "over", "under", "and", "or"}
)


class Outcome(enum.StrEnum):
    CORRECT = "correct"
    ALMOST = "almost"
    WRONG = "wrong"

    @property
    def counts_as_correct(self) -> bool:
        return self is not Outcome.WRONG


@dataclass(frozen=True)
class Verdict:
    """An outcome and the sentence that explains it to the learner."""

    outcome: Outcome
    reason: str


def rating_for(outcome: Outcome, hint_used: bool = False) -> Rating:
    """THE mapping from an auto-graded outcome to a scheduler rating.

    wrong -> Again; almost, or correct after revealing a hint -> Hard; correct -> Good.
    Easy is only ever chosen by the learner on a flashcard."""
    if outcome is Outcome.WRONG:
        return Rating.AGAIN
    if outcome is Outcome.ALMOST or hint_used:
        return Rating.HARD
    return Rating.GOOD


def self_grade(value: int) -> Rating:
    """A flashcard's own button (1-4) is the rating; anything else is refused."""
    try:
        return Rating(value)
    except ValueError:
        raise ValueError("Choose Again, Hard, Good or Easy.") from None


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f"'{word}'" for word in words)


def _accepted(*notes: str) -> Verdict:
    said = "; ".join(note for note in notes if note)
    return Verdict(Outcome.CORRECT, f"accepted: {said}" if said else "right")


def _reading_notes(given: Reading) -> list[str]:
    notes = list(given.notes)
    if given.dropped:
        notes.append(f"we ignore {_quoted(given.dropped)}")
    return notes


def _added_after_number(longer: str, shorter: str) -> list[str] | None:
    """The words ``longer`` adds after ``shorter`` when ``shorter`` ends in a number or a
    vague count ("hundreds", with an "of" after it) and the words hold no other number
    nor a second candidate ("34000 defectors", "hundreds of people"), else None."""
    last = shorter.split()[-1:]
    if not last or not (last[0].isdigit() or last[0] in VAGUE_COUNTS):
        return None
    if not longer.startswith(shorter + " "):
        return None
    tail = longer[len(shorter) + 1 :].split()
    if last[0] in VAGUE_COUNTS and tail[:1] == ["of"]:
        tail = tail[1:]
    if not tail or any(ch.isdigit() for ch in "".join(tail)) or {"or", "and"} & set(tail):
        return None
    return tail


def _months(core: str) -> set[str]:
    return {word for word in core.split() if word in MONTHS}


# Words around a date that say it recurs ("every 14 July", "14 July each year").
_RECURRING_BEFORE = ("every", "each")
_RECURRING_AFTER = (" every year", " each year", " a year", " annually", " yearly")


def _without_recurrence(core: str) -> str:
    """A date answer without the words that say it comes back every year."""
    for word in _RECURRING_BEFORE:
        core = core.removeprefix(f"{word} ")
    for words in _RECURRING_AFTER:
        core = core.removesuffix(words)
    return core


def _same_but_plural(given: str, wanted: str) -> bool:
    """True when the answers differ only in the number of the head of a phrase: the last
    word, or a word before "of", "towards", "and", ... ("perception of defectors").
    A word before a noun stays as written ("taxes benefits" is not "tax benefits")."""
    given_words, wanted_words = given.split(), wanted.split()
    if len(given_words) != len(wanted_words):
        return False
    ends = [*wanted_words[1:], ""]
    for mine, theirs, after in zip(given_words, wanted_words, ends, strict=True):
        if mine == theirs:
            continue
        head = not after or after in _PHRASE_ENDS
        if not (
            head and mine.isalpha() and theirs.isalpha() and singular(mine) == singular(theirs)
        ):
            return False
    return True


def _joined(text: str) -> str:
    return text.replace(" ", "")


@dataclass(frozen=True)
class _Rules:
    """What the question itself lends the grader: what may follow a number (its unit, or
    what is counted), what may stand around another answer (``answer_frames.py``), and
    whether it asks for a president (then the family name is enough: the last word of
    a Western name, the first of an East Asian one)."""

    numbers: NumberFrame
    frame: Frame
    asks_president: bool
    family_first: bool

    @classmethod
    def of(cls, context: str, accepted: Iterable[str]) -> _Rules:
        asks = bool(_ASKS_PRESIDENT.search(normalise(context)))
        return cls(NumberFrame.of(context), Frame.of(context), asks, is_east_asian(accepted))

    def unframed(self, given: Reading, wanted: Reading) -> Reading | None:
        """``given`` without one frame around it (a title or head noun around a name;
        "to", or a subject and modal, before a verb), or None when it has none."""
        if any(ch.isdigit() for ch in given.core + wanted.core):
            return None
        words = given.core.split()
        kept, dropped = words, list[str]()
        if wanted.proper:
            kept, dropped = self.frame.echoed(words, wanted.core.split())
            if not dropped:
                kept, dropped = self.frame.around_name(words)
        if not dropped:
            kept, dropped = self.frame.before_verb(words)
        if not dropped:
            return None
        return Reading(" ".join(kept), given.dropped + tuple(dropped), given.notes)

    def framings(self, given: Reading, wanted: Reading) -> Iterator[Reading]:
        """``given``, then ``given`` with one more frame set aside each time."""
        reading: Reading | None = given
        while reading is not None:
            yield reading
            reading = self.unframed(reading, wanted)

    def tail_refusal(self, tail: list[str], wanted: str) -> str | None:
        return self.numbers.refusal(wanted.split()[-1], tail, own_units(wanted))

    def match(self, given: Reading, wanted: Reading) -> Verdict | None:
        """The verdict when ``given`` is a fair reading of ``wanted``; None when not."""
        notes = _reading_notes(given)
        mine, theirs = given.core, wanted.core
        if mine == theirs:
            return _accepted(*notes)
        same_day = given.date_without_year == wanted.date_without_year
        if wanted.year and not given.year and same_day:
            return _accepted(*notes, "the year may be left out")
        if _months(theirs) and _without_recurrence(mine) == theirs:
            return _accepted(*notes, "we ignore that the date comes back every year")
        added = _added_after_number(mine, theirs)
        if added is not None and self.tail_refusal(added, theirs) is None:
            # An era may have been written before its year ("AD 2006"): no "after".
            where = "" if set(added) <= YEAR_MARKS else " after the number"
            return _accepted(*notes, f"we ignore {_quoted(added)}{where}")
        left_out = _added_after_number(theirs, mine)
        if left_out is not None and not _months(" ".join(left_out)):
            return _accepted(*notes, "the unit may be left out")
        digits = any(ch.isdigit() for ch in mine + theirs)
        if not digits and _joined(mine) == _joined(theirs):
            return _accepted(*notes, "spaces and hyphens in names do not matter")
        if _same_but_plural(mine, theirs):
            return _accepted(*notes, "singular or plural does not matter")
        if ordinals_as_numbers(mine) == ordinals_as_numbers(theirs):
            return _accepted(*notes, "an ordinal may be written in words or in digits")
        if romans_as_numbers(mine) == romans_as_numbers(theirs):
            return _accepted(*notes, "a Roman numeral may be written in digits")
        if abbreviations_spelt_out(mine) == abbreviations_spelt_out(theirs):
            return _accepted(*notes, "a word may be abbreviated")
        if _numbers(mine) and units_named(mine) == units_named(theirs):
            return _accepted(*notes, "a unit may be written in full or short")
        if self.asks_president and mine == family_name(theirs, self.family_first):
            return _accepted(*notes, "the family name is enough for a president")
        unframed = self.unframed(given, wanted)
        return self.match(unframed, wanted) if unframed is not None else None

    def names_two(self, given: Reading, wanted: list[Reading]) -> bool:
        """True when the answer lists two candidates ("Seoul or Busan") and one is right."""
        return len(given.alternatives) > 1 and any(
            self.match(part, reading) is not None
            for part in given.alternatives
            for reading in wanted
        )


def _one_typo_away(given: Reading, wanted: Reading) -> bool:
    """True when the two answers, spaces left out, differ by exactly one typo: never in a
    number (nor a Roman numeral), never in the first letter, and only in answers of
    TYPO_MIN_LETTERS or more."""
    mine, theirs = _joined(given.core), _joined(wanted.core)
    if any(ch.isdigit() for ch in mine + theirs) or len(theirs) < TYPO_MIN_LETTERS:
        return False
    if _numbers(romans_as_numbers(given.core)) != _numbers(romans_as_numbers(wanted.core)):
        return False  # "Henry VII" is not "Henry VIII" with a letter missing
    return mine[:1] == theirs[:1] and edit_distance(mine, theirs) == 1


def judge_text(
    response: str, accepted: Iterable[str], *, strict: bool = False, context: str = ""
) -> Verdict:
    """Judge a typed answer against every accepted spelling of it.

    ``context`` is the question's own text (prompt, fact statement): the words a number
    may carry as its unit, and whether it asks for a president. ``strict`` keeps only
    the plain normalisation (case, spacing, punctuation, accents, digit grouping)."""
    accepted = list(accepted)
    given_plain = normalise(response)
    if not given_plain:
        return Verdict(Outcome.WRONG, "wrong: no answer was given")
    if given_plain in (normalise(answer) for answer in accepted):
        return Verdict(Outcome.CORRECT, "right")
    shorter = [short for answer in accepted if (short := without_optional_words(answer))]
    if given_plain in (normalise(short) for short in shorter):
        return Verdict(Outcome.CORRECT, "accepted: the words in brackets may be left out")
    accepted += shorter
    if strict:
        return Verdict(Outcome.WRONG, "wrong: this question wants the exact spelling")
    numeric = any(ch.isdigit() for answer in accepted for ch in answer)
    given = read_answer(response, korean_numerals=numeric)
    wanted = [read_answer(a, korean_numerals=numeric) for a in accepted if normalise(a)]
    rules = _Rules.of(context, accepted)
    for reading in wanted:
        verdict = rules.match(given, reading)
        if verdict is not None:
            return verdict
    if rules.names_two(given, wanted):
        return Verdict(Outcome.WRONG, "wrong: give one answer, not two")
    if any(
        _one_typo_away(framed, reading)
        for reading in wanted
        for framed in rules.framings(given, reading)
    ):
        return Verdict(Outcome.ALMOST, "almost: one letter is off, so check the spelling")
    if _month_misspelt(response, wanted, rules, numeric):
        return Verdict(Outcome.ALMOST, "almost: check the spelling of the month")
    return Verdict(Outcome.WRONG, _why_wrong(given, wanted, rules))


def _month_misspelt(response: str, wanted: list[Reading], rules: _Rules, numeric: bool) -> bool:
    """True when ``response`` is right once a month's name one letter off is spelt right
    ("14 Jully"): a date's typo, which the letters-only typo rule never reaches."""
    if not any(ch.isdigit() for ch in response):
        return False  # no day: "Mary" is not May
    respelt = months_respelt(response)
    if respelt == response:
        return False
    reading = read_answer(respelt, korean_numerals=numeric)
    return any(rules.match(reading, other) is not None for other in wanted)


def _why_wrong(given: Reading, wanted: list[Reading], rules: _Rules) -> str:
    """Why ``given`` is wrong, never blaming a number that is right."""
    for reading in wanted:
        reason = _why_the_right_number_is_wrong(given, reading, rules)
        if reason:
            return reason
    if any(ch.isdigit() for ch in given.core) and any(
        any(ch.isdigit() for ch in reading.core) for reading in wanted
    ):
        return "wrong: numbers must be exact"
    return "wrong: that is not the answer"  # one of PLAIN_REASONS


def _numbers(core: str) -> list[str]:
    return [word for word in core.split() if word.isdigit()]


def _why_the_right_number_is_wrong(given: Reading, wanted: Reading, rules: _Rules) -> str:
    """The reason when ``given`` has ``wanted``'s number(s) but is still wrong, else ""."""
    mine, theirs = given.core, wanted.core
    same_day = given.date_without_year == wanted.date_without_year
    if given.year and wanted.year and given.year != wanted.year and same_day:
        return "wrong: the day is right but the year is not"
    if not _numbers(theirs) or _numbers(mine) != _numbers(theirs):
        return ""
    added = _added_after_number(mine, theirs)
    if added is not None:
        return rules.tail_refusal(added, theirs) or ""
    left_out = _added_after_number(theirs, mine)
    if left_out is not None and _months(" ".join(left_out)):
        return "wrong: the day is right, but the month is missing"
    mine_words, theirs_words = mine.split(), theirs.split()
    if set(mine_words) ^ set(theirs_words) == {"minus"}:
        return "wrong: the number is right, but not its sign"
    if _months(mine) and _months(theirs) and _months(mine) != _months(theirs):
        return "wrong: the day is right but the month is not"
    extra = [word for word in mine_words if word not in theirs_words]
    if extra:
        return f"wrong: the number is right, but {_quoted(extra)} changes it"
    return ""


def grade_text(response: str, accepted: Iterable[str], *, strict: bool = False) -> Outcome:
    """Grade a typed answer against every accepted spelling of it."""
    return judge_text(response, accepted, strict=strict).outcome


def grade_exact(response: str, answer: str) -> Outcome:
    """Picked options (multiple choice, true/false) are right or wrong, never almost."""
    return Outcome.CORRECT if option_form(response) == option_form(answer) else Outcome.WRONG


# A cloze whose blank follows "year" ("in the year ___") asks which year, as a typed
# "In which year…?" does: its context says so, since the blank itself is left out.
_YEAR_BLANK = re.compile(r"\byear\s*\{\{blank\}\}", re.IGNORECASE)
# Likewise a blank that is a president's name ("President ___", "its president, ___")
# asks which president, as a typed "Which president…?" does (the family name is enough).
_PRESIDENT_BLANK = re.compile(r"\bpresident\s*,?\s*\{\{blank\}\}", re.IGNORECASE)


def _context(question: Question) -> str:
    """The question's own words and its fact's statement: where a number's unit is named."""
    statement = question.fact.statement if question.fact is not None else ""
    prompt = plain_text(question.prompt)
    asks_year = " Which year?" if _YEAR_BLANK.search(prompt) else ""
    asks_president = " Which president?" if _PRESIDENT_BLANK.search(prompt) else ""
    return f"{prompt} {statement}{asks_year}{asks_president}".replace("{{blank}}", " ")


def judge_answer(question: Question, response: str) -> Verdict:
    """Judge ``response`` to an auto-graded question, with the reason for the verdict;
    flashcards are graded by the learner."""
    if question.kind in (QuestionKind.MULTIPLE_CHOICE, QuestionKind.TRUE_FALSE):
        outcome = grade_exact(response, question.answer)
        return Verdict(outcome, "right" if outcome is Outcome.CORRECT else "wrong")
    if question.kind in (QuestionKind.CLOZE, QuestionKind.TYPED):
        return judge_text(
            response,
            [plain_text(a) for a in [question.answer, *(question.accepted_variants or [])]],
            strict=bool(question.strict),
            context=_context(question),
        )
    raise ValueError(f"{question.kind} questions are graded by the learner, not the app")


def nearest_accepted(question: Question, response: str) -> str:
    """The accepted spelling of the answer (the answer, or a variant) closest to
    ``response``, the answer on a tie: an "almost" is set against the spelling it is one
    letter from, not against another romanisation of the same name."""
    given = _joined(normalise(response))
    spellings = [question.answer, *(question.accepted_variants or [])]
    return min(
        spellings, key=lambda text: edit_distance(given, _joined(normalise(plain_text(text))))
    )


def grade(question: Question, response: str) -> Outcome:
    """Grade ``response`` to an auto-graded question; flashcards are graded by the learner."""
    return judge_answer(question, response).outcome
