"""``flask content check --article``: each fact's numbers are in the paragraph it cites."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.support.content_fixtures import (
    STORY,
    STORY_MISSING,
    TEST_STORY,
    line_of,
    run_content,
    write_bank,
)
from tests.support.paths import CONTENT

# A bank on the test story (tests/fixtures/garden_day_story.txt), every citation right.
GARDEN_BANK = """\
slug = "garden-day"
title = "Garden Library Day"
description = "A town's first day for its seed library."

[source]
publication = "Valley Courier"
headline = "Valley Town Holds Its First Garden Library Day"
date = "May 2025"

[[facts]]
key = "seed-borrowers"
topic = "The day"
statement = "About 21,000 gardeners have borrowed seeds from the library."
paragraph = 1
prompt = "Roughly how many gardeners have borrowed seeds from the library?"
answer = "21,000"
distractors = ["12,000", "2,100", "210,000"]
false_statement = "About 2,100 gardeners have borrowed seeds from the library."
explanation = "The library has lent seeds to roughly 21,000 gardeners."

[[facts]]
key = "festival-date"
topic = "The day"
statement = "The festival is to be held on 9 May each year."
paragraph = 2
prompt = "On what date is the festival held each year?"
answer = "9 May"
distractors = ["9 June", "19 May", "1 May"]
false_statement = "The festival is to be held on 1 May each year."
explanation = "The day is fixed for 9 May."

[[facts]]
key = "empty-allotments"
topic = "Hard times"
statement = "Forty allotments in the valley stand empty."
paragraph = 3
prompt = "How many allotments in the valley stand empty?"
answer = "40"
distractors = ["14", "400", "4"]
false_statement = "Four hundred allotments in the valley stand empty."
explanation = "Speakers said 40 allotments are now unused."
"""


def _check(app: Flask, bank: Path, article: Path) -> Any:
    return run_content(app, "check", str(bank), "--article", str(article))


def test_a_bank_whose_numbers_are_in_their_paragraphs_passes(app: Flask, tmp_path: Path) -> None:
    """Numbers match however the story writes them: "9 May" is its "May 9", "21,000"
    its "21,000"; the article's lines that are not story (the headline, "See Also", the
    credits) are not counted as paragraphs."""
    bank = write_bank(tmp_path / "garden-day", GARDEN_BANK)

    result = _check(app, bank, TEST_STORY)

    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 1 bank, 3 facts")


def test_a_number_missing_from_the_cited_paragraph_is_a_problem_at_its_line(
    app: Flask, tmp_path: Path
) -> None:
    """The 40 empty allotments cited to paragraph 1: a student checking paragraph 1
    would not find them. The problem says which paragraph does have the number."""
    text = GARDEN_BANK.replace("paragraph = 3", "paragraph = 1")
    bank = write_bank(tmp_path / "garden-day", text)

    result = _check(app, bank, TEST_STORY)

    assert result.exit_code == 1
    line = line_of(text, "paragraph = 1", 2)
    assert (
        f"{bank}:{line}: fact 'empty-allotments': paragraph 1 does not say 40 (its answer); "
        "paragraph 3 does"
    ) in result.output
    assert "nothing was written" in result.output


def test_a_statements_number_is_checked_too(app: Flask, tmp_path: Path) -> None:
    """A statement that adds a number from another paragraph cites too little."""
    text = GARDEN_BANK.replace(
        'have borrowed seeds from the library."\nparagraph = 1',
        'have borrowed seeds from the library since 2009."\nparagraph = 1',
    )
    bank = write_bank(tmp_path / "garden-day", text)

    result = _check(app, bank, TEST_STORY)

    assert result.exit_code == 1
    assert (
        "fact 'seed-borrowers': paragraph 1 does not say 2009 (its statement); paragraph 4 does"
    ) in result.output


def test_a_number_in_words_in_a_fact_is_not_taken_for_a_citation(
    app: Flask, tmp_path: Path
) -> None:
    """ "One" is as often a pronoun as a number: "one that all of us should celebrate"
    was reported as "paragraph 4 does not say 1"."""
    text = GARDEN_BANK.replace(
        "Forty allotments in the valley stand empty.",
        "Forty allotments stand empty, one of the troubles speakers named.",
    )
    bank = write_bank(tmp_path / "garden-day", text)

    assert _check(app, bank, TEST_STORY).exit_code == 0


def test_the_articles_year_may_be_cited_anywhere(app: Flask, tmp_path: Path) -> None:
    """An article often gives its year only in its date: "in 2025" is not a problem
    when ``[source] date`` holds 2025."""
    text = GARDEN_BANK.replace(
        'have borrowed seeds from the library."\nparagraph = 1',
        'have borrowed seeds from the library by 2025."\nparagraph = 1',
    )
    bank = write_bank(tmp_path / "garden-day", text)

    assert _check(app, bank, TEST_STORY).exit_code == 0


def test_a_paragraph_past_the_articles_end_is_a_problem(app: Flask, tmp_path: Path) -> None:
    text = GARDEN_BANK.replace("paragraph = 3", "paragraph = 9")
    bank = write_bank(tmp_path / "garden-day", text)

    result = _check(app, bank, TEST_STORY)

    assert result.exit_code == 1
    assert (
        f"{bank}:{line_of(text, 'paragraph = 9')}: fact 'empty-allotments': paragraph 9 is "
        "past the article's last paragraph (7)"
    ) in result.output


def test_an_article_is_checked_against_one_bank_only(app: Flask, tmp_path: Path) -> None:
    write_bank(tmp_path / "banks" / "garden-day", GARDEN_BANK)
    write_bank(tmp_path / "banks" / "other", GARDEN_BANK.replace('"garden-day"', '"other"'))

    result = _check(app, tmp_path / "banks", TEST_STORY)

    assert result.exit_code == 1
    assert "--article checks one bank: give that bank's folder or file" in result.output


@pytest.mark.skipif(not STORY.exists(), reason=STORY_MISSING)
def test_the_shipped_bank_cites_every_number_where_the_story_says_it(app: Flask) -> None:
    result = _check(app, CONTENT / "defectors-day", STORY)

    assert result.exit_code == 0, result.output
