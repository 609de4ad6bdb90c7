"""Moodle Aiken: a one-line question, options ``A)`` or ``A.``, then ``ANSWER: X``.

Questions are usually separated by blank lines; ``ANSWER:`` ends each one anyway.
Moodle wants capital letters; files written by hand often use ``a)``, so lowercase
option letters are read as their capitals, with a note (Moodle itself would refuse them).
"""

from __future__ import annotations

import re

from .records import (
    ParsedQuestion,
    ParsedSet,
    TakenKeys,
    check_set,
    simple_fact,
    without_empty_options,
)

OPTION = re.compile(r"^([A-Za-z])[).]\s*(.*)$")
# "ANSWER: B", and as teachers also write it, "ANSWER: B)", "ANSWER: B." or "(B)".
ANSWER = re.compile(r"^ANSWER\s*:\s*\(?([A-Z])\s*[).]?\s*$", re.IGNORECASE)
ANSWER_LINE = re.compile(r"^ANSWER\s*:", re.IGNORECASE)
MISSING_ANSWER = "this question has no 'ANSWER: X' line"
NOT_A_LETTER = "an ANSWER line names the right option by its letter alone, as “ANSWER: B”"


def parse_aiken(text: str) -> ParsedSet:
    parsed = ParsedSet(format="aiken")
    taken: set[str] = TakenKeys()
    prompt, prompt_line = "", 0
    options: dict[str, str] = {}
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        option, answer = OPTION.match(line), ANSWER.match(line)
        if answer:
            _finish(parsed, taken, prompt, prompt_line, options, answer.group(1).upper(), number)
            prompt, options = "", {}
        elif ANSWER_LINE.match(line):  # the question's answer, but not a letter
            parsed.error(number, NOT_A_LETTER)
            prompt, options = "", {}
        elif option and prompt:
            letter = option.group(1)
            if letter.islower():
                parsed.note(number, f"option letter {letter}) read as {letter.upper()})")
            if letter.upper() in options:  # the second would replace the first unseen
                parsed.error(number, f"option {letter.upper()}) is given twice")
            options[letter.upper()] = option.group(2).strip()
        elif options:  # the last question ended without its answer: this line starts one
            parsed.error(prompt_line, MISSING_ANSWER)
            prompt, prompt_line, options = line, number, {}
        elif prompt:
            parsed.error(number, "a question must fit on one line, followed by its options")
            prompt, options = "", {}
        else:
            prompt, prompt_line = line, number
    if prompt:
        parsed.error(prompt_line, MISSING_ANSWER)
    return check_set(parsed)


def _finish(
    parsed: ParsedSet,
    taken: set[str],
    prompt: str,
    prompt_line: int,
    options: dict[str, str],
    letter: str,
    answer_line: int,
) -> None:
    if not prompt or len(options) < 2:
        parsed.error(answer_line, "'ANSWER:' must follow a question and at least two options")
        return
    if letter not in options:
        parsed.error(answer_line, f"ANSWER: {letter} is not one of the options")
        return
    question = ParsedQuestion(
        "multiple_choice",
        prompt,
        options[letter],
        choices=without_empty_options(
            [text for key, text in options.items() if key != letter], parsed, prompt_line
        ),
        line=prompt_line,
    )
    parsed.facts.append(simple_fact(prompt, question, taken=taken))
