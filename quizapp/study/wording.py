"""Small pieces of text the study pages show: intervals, due dates, hints, cloze blanks."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher

from ..richtext import plain_text, split_rich
from ..timeutil import as_utc, zone

BLANK = "{{blank}}"
_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)
# Beyond this many days a wait is told in months ("2 mo"), as the rating buttons do.
_MONTH_DAYS = 30


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
    if days < 365:  # to a tenth, as Anki does: 42 days is "1.4 mo", not "1 mo"
        return f"{_tenths(days / 30.4)} mo"
    return f"{_tenths(days / 365)} yr"


def _tenths(value: float) -> str:
    """A number to one decimal, without a trailing ".0" ("1.4", "2")."""
    return f"{value:.1f}".removesuffix(".0")


def clock_minute(moment: datetime) -> datetime:
    """The minute a moment is reached, for "at 20:41": seconds round up, so the clock
    time never reads earlier than the wait beside it ("in 1 min" at 20:40:20)."""
    if moment.second or moment.microsecond:
        return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return moment


def when_label(due: datetime, now: datetime, time_zone: str | None) -> str:
    """When a fact comes back, relative and, beyond today, as a date in the learner's zone.

    Days are the learner's calendar days, as the date beside them: "in 2 days (on Wed)"
    from Monday evening even when that is 35 hours, "in 1 day" over a night whose clocks
    go forward (23 hours); a 25-hour wait that ends the same day is told in hours."""
    delta = as_utc(due) - as_utc(now)
    if delta <= timedelta(0):
        return "now"
    local = as_utc(due).astimezone(zone(time_zone))
    days = (local.date() - as_utc(now).astimezone(zone(time_zone)).date()).days
    if delta < timedelta(hours=20) or days == 0:
        wait = interval_label(delta) if delta < _DAY else f"{round(delta / _HOUR)} h"
        return f"in {wait} (at {clock_minute(local):%H:%M})"
    wait = interval_label(delta) if days > _MONTH_DAYS else f"{days} day{'s' if days > 1 else ''}"
    return f"in {wait} (on {local:%a %d %b %Y})"


def hint_mask(answer: str) -> str:
    """The answer's shape: each word's first character, its other letters as underscores
    (a Hangul syllable is one letter, also in an answer written on a Mac: see ``composed``)."""
    return " ".join(
        word[0] + "".join("_" if ch.isalnum() else ch for ch in word[1:])
        for word in composed(answer).split()
    )


def composed(text: str) -> str:
    """``text`` with Hangul composed (NFC): written on a Mac it comes decomposed, each
    syllable two or three letters (jamo) that look like one but count and compare apart."""
    return unicodedata.normalize("NFC", text)


GAP = "_____"  # a cloze's blank, drawn in plain text
TRUE_OR_FALSE = "True or false: "


def asked_text(kind: str, prompt: str) -> str:
    """A question in one line of plain text, as its learners were asked it: formatting
    gone, the gap drawn, "True or false:" before a claim. A CSV export's cell: a teacher
    never typed the stored ``{{blank}}`` marker, and a spreadsheet shows tags as text."""
    text = plain_text(prompt).replace(BLANK, GAP)
    return TRUE_OR_FALSE + text if kind == "true_false" else text


def cloze_parts(prompt: str) -> tuple[str, str]:
    """The text before and after the blank of a cloze prompt (escaped by the template)."""
    return split_rich(prompt, BLANK)


def display_answer(kind: str, answer: str) -> str:
    """The right answer as a learner reads it (true/false as True / False)."""
    if kind == "true_false":
        return answer.strip().capitalize()
    return answer


def verdict(
    kind: str, correct: bool, rating: int, hinted: bool = False, almost: bool | None = None
) -> tuple[str, str]:
    """(css class, words) for an answer: right, almost, right with a hint, or wrong.

    Only typed answers can be "almost" (one typo). Without ``almost`` it is read from
    the rating (Hard, no hint) — which a right first answer on a new fact also gets, so
    callers that can tell pass it."""
    if kind == "flashcard":
        names = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
        return ("good" if correct else "bad"), f"You rated it {names.get(rating, '?')}"
    if not correct:
        return "bad", "Wrong"
    if kind in ("typed", "cloze"):
        if hinted:
            return "warn", "Right, with a hint"
        if almost if almost is not None else rating == 2:
            return "warn", "Almost: mind the spelling"
    return "good", "Right"


# Before this hour a clock time is the small hours of a night, not its morning.
_MORNING_STARTS = 5


def _part_of_day(hour: int) -> str:
    if hour < _MORNING_STARTS:
        return "night"
    if hour < 12:
        return "morning"
    if hour < 18:
        return "afternoon"
    return "evening"


def _day_and_part(local_due: datetime, local_now: datetime, days: int) -> str:
    """Today or tomorrow and the part of that day: "this evening", "tomorrow morning".
    The small hours after midnight belong to the night before, as people say it: at
    22:00 a fact due at 00:30 comes back "tonight", not "tomorrow morning"."""
    part = _part_of_day(local_due.hour)
    if part == "night":
        tonight = days == 0 or (days == 1 and local_now.hour >= _MORNING_STARTS)
        return "tonight" if tonight else "tomorrow night"
    return f"{'this' if days == 0 else 'tomorrow'} {part}"


def when_in_words(due: datetime, now: datetime, time_zone: str | None) -> str:
    """When something comes back, as a person says it: "in 20 min", "this evening",
    "tonight", "tomorrow morning", "in 3 days", "on 14 July" (the learner's own calendar)."""
    delta = as_utc(due) - as_utc(now)
    if delta <= timedelta(0):
        return "now"
    if delta < timedelta(hours=1):
        return f"in {interval_label(delta)}"
    local_due = as_utc(due).astimezone(zone(time_zone))
    local_now = as_utc(now).astimezone(zone(time_zone))
    days = (local_due.date() - local_now.date()).days
    if days <= 1:
        return _day_and_part(local_due, local_now, days)
    if days < 14:
        return f"in {days} days"
    return f"on {local_due.day} {local_due:%B %Y}"


def when_in_words_and_time(due: datetime, now: datetime, time_zone: str | None) -> str:
    """``when_in_words``, with the learner's clock time when that is today or tomorrow:
    "this evening (at 19:00)". The home page counts reviews due "later today"; the study
    page that has nothing to serve now says when the first of them comes."""
    words = when_in_words(due, now, time_zone)
    local_due = as_utc(due).astimezone(zone(time_zone))
    days = (local_due.date() - as_utc(now).astimezone(zone(time_zone)).date()).days
    if words == "now" or days > 1:
        return words
    return f"{words} (at {clock_minute(local_due):%H:%M})"


@dataclass(frozen=True)
class DiffPart:
    """A run of an answer compared with the right one: the same, missing or extra."""

    kind: str  # "same" | "missing" | "extra"
    text: str


# Below this share of letters in common an answer is another answer, not a misspelling
# of the right one: set against it letter by letter, two words mix into neither
# ("celebrate" against "tax benefits" read "ctax belnebrafites").
MIN_COMPARABLE = 0.5


def answer_diff(given: str, expected: str) -> list[DiffPart] | None:
    """The typed answer against the right one, letter by letter (case-blind), as runs
    the page marks with <ins> (missing from the answer) and <del> (extra in it); None
    when they have too little in common to compare (the right answer shows alone), or
    when they are the same but for case (nothing to mark)."""
    given, expected = composed(given), composed(expected)
    matcher = SequenceMatcher(None, given.casefold(), expected.casefold(), autojunk=False)
    ratio = matcher.ratio()
    if ratio < MIN_COMPARABLE or ratio == 1:
        return None  # nothing to compare, or nothing to mark (right after a hint)
    parts: list[DiffPart] = []
    for op, g1, g2, e1, e2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("same", expected[e1:e2]))
            continue
        if g2 > g1:
            parts.append(DiffPart("extra", given[g1:g2]))
        if e2 > e1:
            parts.append(DiffPart("missing", expected[e1:e2]))
    return parts


# The grader's reasons start with its verdict ("wrong: numbers must be exact"), for logs
# and tests; the card already says "Wrong" or "Right" above the reason.
_VERDICT_PREFIXES = ("wrong: ", "accepted: ", "almost: ")


def reason_sentence(reason: str) -> str:
    """A grader's reason as the card says it: a sentence, without the verdict word that
    read like a machine scolding ("wrong: numbers must be exact" is "Numbers must be
    exact.", "accepted: we ignore 'the'" is "We ignore 'the'.")."""
    for prefix in _VERDICT_PREFIXES:
        reason = reason.removeprefix(prefix)
    reason = reason.strip()
    if not reason:
        return ""
    sentence = reason[0].upper() + reason[1:]
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."
