"""Small pieces of text the study pages show: intervals, due dates, hints, cloze blanks."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..grading import judge_answer
from ..models import Question, QuestionKind
from ..richtext import split_rich
from ..timeutil import as_utc, zone

BLANK = "{{blank}}"


def interval_label(delta: timedelta) -> str:
    """A short wait as Anki's buttons show it: "1 min", "10 min", "3 h", "4 days", "2 mo"."""
    minutes = max(delta.total_seconds(), 0) / 60
    if minutes < 0.5:
        return "< 1 min"
    if minutes < 59.5:
        return f"{max(round(minutes), 1)} min"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)} h"
    days = hours / 24
    if days < 31:
        count = round(days)
        return f"{count} day" if count == 1 else f"{count} days"
    if days < 365:
        return f"{round(days / 30.4)} mo"
    return f"{days / 365:.1f} yr"


def when_label(due: datetime, now: datetime, time_zone: str | None) -> str:
    """When a fact comes back, relative and, beyond today, as a date in the learner's zone."""
    delta = as_utc(due) - as_utc(now)
    if delta <= timedelta(0):
        return "now"
    local = as_utc(due).astimezone(zone(time_zone))
    if delta < timedelta(hours=20):
        return f"in {interval_label(delta)} (at {local:%H:%M})"
    return f"in {interval_label(delta)} (on {local:%a %d %b %Y})"


def hint_mask(answer: str) -> str:
    """The answer's shape: each word's first character, its other letters as underscores."""
    return " ".join(
        word[0] + "".join("_" if ch.isalnum() else ch for ch in word[1:]) for word in answer.split()
    )


def cloze_parts(prompt: str) -> tuple[str, str]:
    """The text before and after the blank of a cloze prompt (escaped by the template)."""
    return split_rich(prompt, BLANK)


def display_answer(kind: str, answer: str) -> str:
    """The right answer as a learner reads it (true/false as True / False)."""
    if kind == "true_false":
        return answer.strip().capitalize()
    return answer


def verdict(kind: str, correct: bool, rating: int, hinted: bool = False) -> tuple[str, str]:
    """(css class, words) for an answer: right, almost, right with a hint, or wrong.

    Auto-graded answers rated Hard were "almost" (one typo) unless a hint was shown."""
    if kind == "flashcard":
        names = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
        return ("good" if correct else "bad"), f"You rated it {names.get(rating, '?')}"
    if not correct:
        return "bad", "Wrong"
    if rating == 2:
        return ("warn", "Right, with a hint") if hinted else ("warn", "Almost: mind the spelling")
    return "good", "Right"


def answer_reason(question: Question, response: str) -> str:
    """Why a typed or cloze answer got its verdict ("accepted: we ignore 'about'"), or ""
    when there is nothing to add to the verdict itself."""
    if question.kind not in (QuestionKind.CLOZE, QuestionKind.TYPED):
        return ""
    reason = judge_answer(question, response).reason
    return "" if reason == "right" else reason
