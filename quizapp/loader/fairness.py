"""Checks that every question of a fact has one right answer, and a fair one.

These catch the ways a well-formed bank still misleads a learner: a distractor the
grader would accept as the answer (so a right pick is marked wrong), multiple-choice
options of different kinds (a date among names gives the answer away), a cloze whose
neighbouring words repeat part of the answer (so the blank is shorter than the answer
and the filled sentence reads a word twice), and a fact with too few forms for the
study ladder to climb (recognition, then cloze, then recall).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..answer_forms import MONTHS, normalise, read_answer
from ..grading import Outcome, judge_text
from .spec import BLANK

# A fact needs this many question forms, counting typed recall, cloze, multiple choice
# and a true/false pair (a false statement beside the true one).
MIN_FORMS = 3
# Words that make an answer a quantity even without digits ("hundreds", "a few dozen").
_QUANTITY_WORDS = frozenset(
    {"hundred", "hundreds", "thousand", "thousands", "million", "millions"}
    | {"dozen", "dozens", "few", "several", "tens", "scores"}
)


def answer_kind(text: str) -> str:
    """ "date", "number" or "name": the kind of thing an answer is, as a learner sees it."""
    words = read_answer(text).core.split()
    if any(word in MONTHS for word in words):
        return "date"
    if words and (words[0].isdigit() or words[0] in _QUANTITY_WORDS):
        return "number"
    return "name"


def distractor_problems(
    answer: str, variants: Sequence[str], distractors: Sequence[str]
) -> list[str]:
    """A distractor the grader would take for the answer, or of another kind than it."""
    problems = []
    kind = answer_kind(answer)
    for distractor in distractors:
        verdict = judge_text(distractor, [answer, *variants])
        if verdict.outcome is Outcome.CORRECT:
            problems.append(
                f"distractor '{distractor}' would be graded as the answer ({verdict.reason})"
            )
        elif verdict.outcome is Outcome.ALMOST:
            problems.append(f"distractor '{distractor}' is one typo from the answer")
        other = answer_kind(distractor)
        if other != kind:
            problems.append(
                f"distractor '{distractor}' is a {other} but the answer '{answer}' is a {kind}: "
                "give options of one kind"
            )
    return problems


def cloze_problems(cloze: str, accepted: Sequence[str]) -> list[str]:
    """The words beside the blank must not repeat the first or last words of the answer
    or of an accepted variant ("President {{blank}}" with "President Yoon" accepted)."""
    if BLANK not in cloze:
        return []
    before, _, after = cloze.partition(BLANK)
    left, right = normalise(before).split(), normalise(after).split()
    for answer in accepted:
        problem = _repeated_beside(left, right, answer)
        if problem:
            return [problem]
    return []


def _repeated_beside(left: list[str], right: list[str], answer: str) -> str | None:
    words = normalise(answer).split()
    repeated = [
        " ".join(words[-size:] if right[:size] == words[-size:] else words[:size])
        for size in range(1, len(words) + 1)
        if right[:size] == words[-size:] or left[-size:] == words[:size]
    ]
    if not repeated:
        return None
    return (
        f"the words beside {BLANK} repeat '{repeated[0]}' from the answer '{answer}', so the "
        "blank is shorter than the answer: let the blank hold the whole answer"
    )


def missing_forms(cloze: str, distractors: Sequence[str], false_statement: str) -> str | None:
    """A message when the fact has fewer than MIN_FORMS forms, else None."""
    forms = ["typed"]
    forms += ["multiple choice"] if distractors else []
    forms += ["true/false"] if false_statement else []
    forms += ["cloze"] if cloze else []
    if len(forms) >= MIN_FORMS:
        return None
    return (
        f"has only {len(forms)} question forms ({', '.join(forms)}): give it at least "
        f"{MIN_FORMS} (distractors, a false_statement, a cloze)"
    )
