"""Answer checking, and where an outcome becomes a rating for the scheduler.

Grading is kind but exact: case, spacing, punctuation and diacritics never matter,
numbers are compared without their digit grouping, accepted variants count, and one
typo in a long word counts as right but is reported as "almost" (rated Hard), so a
learner is not punished for a slip yet still sees the correct spelling. Numbers never
get typo tolerance: 34000 and 34001 are different answers.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable

from .models import Question, QuestionKind
from .scheduling import Rating

# Words at least this long may carry one typo and still count ("almost").
TYPO_MIN_LETTERS = 5
AUTO_GRADED_KINDS = frozenset(
    {
        QuestionKind.MULTIPLE_CHOICE.value,
        QuestionKind.TRUE_FALSE.value,
        QuestionKind.CLOZE.value,
        QuestionKind.TYPED.value,
    }
)

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
# A thousands separator: a comma or (thin / no-break) space between a digit and a group
# of exactly three digits, so 34,000 and 34 000 both read 34000.
_DIGIT_GROUP_SEPARATOR = re.compile(r"(?<=\d)[,\u00a0\u202f\u2009 ](?=\d{3}(?!\d))")


class Outcome(enum.StrEnum):
    CORRECT = "correct"
    ALMOST = "almost"
    WRONG = "wrong"

    @property
    def counts_as_correct(self) -> bool:
        return self is not Outcome.WRONG


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


def normalise(text: str) -> str:
    """The comparable form of an answer: no case, accents, punctuation or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    folded = unicodedata.normalize("NFC", stripped).casefold()
    folded = _DIGIT_GROUP_SEPARATOR.sub("", folded)
    folded = _APOSTROPHES.sub("", folded)
    spaced = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in folded)
    return " ".join(spaced.split())


def edit_distance(first: str, second: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap of two
    neighbouring letters is one typo, as are one insertion, deletion or substitution."""
    rows, cols = len(first) + 1, len(second) + 1
    table = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        table[i][0] = i
    for j in range(cols):
        table[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost = 0 if first[i - 1] == second[j - 1] else 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and first[i - 1] == second[j - 2] and first[i - 2] == second[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


def _one_typo_away(given: str, expected: str) -> bool:
    """True when the two normalised answers differ by exactly one typo in one word
    of TYPO_MIN_LETTERS letters or more (never in a number)."""
    given_words, expected_words = given.split(), expected.split()
    if len(given_words) != len(expected_words):
        return False
    differing = [(g, e) for g, e in zip(given_words, expected_words, strict=True) if g != e]
    if len(differing) != 1:
        return False
    typed, wanted = differing[0]
    return (
        wanted.isalpha() and len(wanted) >= TYPO_MIN_LETTERS and edit_distance(typed, wanted) == 1
    )


def grade_text(response: str, accepted: Iterable[str]) -> Outcome:
    """Grade a typed answer against every accepted spelling of it."""
    given = normalise(response)
    if not given:
        return Outcome.WRONG
    candidates = [normalise(answer) for answer in accepted if normalise(answer)]
    if given in candidates:
        return Outcome.CORRECT
    if any(_one_typo_away(given, candidate) for candidate in candidates):
        return Outcome.ALMOST
    return Outcome.WRONG


def grade_exact(response: str, answer: str) -> Outcome:
    """Picked options (multiple choice, true/false) are right or wrong, never almost."""
    return Outcome.CORRECT if normalise(response) == normalise(answer) else Outcome.WRONG


def grade(question: Question, response: str) -> Outcome:
    """Grade ``response`` to an auto-graded question; flashcards are graded by the learner."""
    if question.kind in (QuestionKind.MULTIPLE_CHOICE, QuestionKind.TRUE_FALSE):
        return grade_exact(response, question.answer)
    if question.kind in (QuestionKind.CLOZE, QuestionKind.TYPED):
        return grade_text(response, [question.answer, *(question.accepted_variants or [])])
    raise ValueError(f"{question.kind} questions are graded by the learner, not the app")
