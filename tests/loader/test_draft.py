"""flask content draft: an article becomes a draft bank that passes check once finished."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.loader.article import read_article, sentences
from quizapp.loader.entities import find_entities
from quizapp.models import Fact
from tests.support.content_fixtures import TEST_STORY, run_content
from tests.support.paths import FIXTURES

FIXTURE = FIXTURES / "lantern_festival.txt"


def _draft(app: Flask, article: Path, output: Path) -> dict[str, Any]:
    result = run_content(app, "draft", str(article), "-o", str(output))
    assert result.exit_code == 0, result.output
    return tomllib.loads(output.read_text(encoding="utf-8"))


def _answers(draft: dict[str, Any]) -> set[str]:
    return {fact["answer"] for fact in draft["facts"]}


def _all_text(draft: dict[str, Any]) -> str:
    return repr(draft["facts"])


def _fill_todos(text: str) -> str:
    """What a teacher does: replace every TODO with real words (unique, as they would be)."""
    counter = iter(range(1, 10_000))
    return re.sub(r'"TODO:[^"]*"', lambda _m: f'"Filled in by hand {next(counter)}"', text)


@pytest.fixture
def story_draft(app: Flask, tmp_path: Path) -> dict[str, Any]:
    """The draft of a story written for the tests in the seed story's shape (headline,
    byline, labelled paragraphs, a "See Also" line, credits, an advert), so it runs in
    every clone."""
    return _draft(app, TEST_STORY, tmp_path / "draft.toml")


def test_draft_of_the_story_proposes_its_numbers_dates_and_names(
    story_draft: dict[str, Any],
) -> None:
    draft = story_draft
    answers = _answers(draft)
    expected = {"21,000", "2009", "Corn Exchange Hall", "Rosa Delgado", "Seedshare"}
    assert expected | {"Martin Hale"} <= answers
    assert answers & {"May 9", "9 May"}
    by_answer = {fact["answer"]: fact for fact in draft["facts"]}
    assert "21000" in by_answer["21,000"]["variants"]
    assert "Clara Venn" in by_answer["Martin Hale"]["distractors"]
    assert by_answer["Rosa Delgado"]["paragraph"] == 4
    assert by_answer["Rosa Delgado"]["cloze"].count("{{blank}}") == 1


def test_draft_of_the_story_proposes_nothing_from_headlines_links_credits_or_adverts(
    story_draft: dict[str, Any],
) -> None:
    draft = story_draft
    text = _all_text(draft)
    clutter = ("Valley Town", "Novak", "Houseplants", "Shutterstock", "Example Wire", "Patel")
    for word in (*clutter, "2025", "Subscribe"):
        assert word not in text
    # The story's own paragraphs: headline, byline, "See Also" line and credits are not counted.
    assert {fact["paragraph"] for fact in draft["facts"]} == {1, 2, 3, 4, 5, 6, 7}
    assert "What Happened" not in text and "Why It Matters" not in text


def test_draft_of_a_short_article_sorts_names_by_kind_for_distractors(
    app: Flask, tmp_path: Path
) -> None:
    draft = _draft(app, FIXTURE, tmp_path / "draft.toml")

    by_answer = {fact["answer"]: fact for fact in draft["facts"]}
    assert {"12,500", "3 August", "1998", "Helen Ortiz", "Tomas Reyes"} <= set(by_answer)
    assert {"Marina Square", "Willow Arts Council", "Northern Ferry Company"} <= set(by_answer)
    assert "Tomas Reyes" in by_answer["Helen Ortiz"]["distractors"]
    assert "Northern Ferry Company" in by_answer["Willow Arts Council"]["distractors"]
    assert "Greyport" in by_answer["Marina Square"]["distractors"]
    assert "August 3" in by_answer["3 August"]["variants"]
    text = _all_text(draft)
    for clutter in ("Mina Cho", "Shutterstock", "Beach Towns", "Example Coast", "newsletter"):
        assert clutter not in text


def test_a_draft_fails_check_until_its_todos_are_filled_then_loads(
    app: Flask, tmp_path: Path
) -> None:
    output = tmp_path / "draft.toml"
    draft = _draft(app, FIXTURE, output)

    unfinished = run_content(app, "check", str(output))
    assert unfinished.exit_code == 1
    assert f"{output}:9: 'title' still says TODO" in unfinished.output

    output.write_text(_fill_todos(output.read_text(encoding="utf-8")), encoding="utf-8")
    finished = run_content(app, "check", str(output))
    loaded = run_content(app, "load", str(output))

    assert finished.exit_code == 0, finished.output
    assert loaded.exit_code == 0, loaded.output
    facts = db.session.scalar(select(func.count()).select_from(Fact))
    assert facts == len(draft["facts"])
    # The draft says how long the story is, so a fact citing past its end is refused.
    story_length = draft["source"]["paragraphs"]
    assert story_length == len(read_article(FIXTURE.read_text(encoding="utf-8"))[0])
    past = output.read_text(encoding="utf-8").replace(
        "paragraph = 1\n", f"paragraph = {story_length + 1}\n", 1
    )
    output.write_text(past, encoding="utf-8")
    refused = run_content(app, "check", str(output))
    assert refused.exit_code == 1
    assert f"is past the story's last paragraph ({story_length}" in refused.output


def test_draft_will_not_overwrite_a_file_unless_asked(app: Flask, tmp_path: Path) -> None:
    output = tmp_path / "draft.toml"
    output.write_text("my work", encoding="utf-8")

    refused = run_content(app, "draft", str(FIXTURE), "-o", str(output))
    assert refused.exit_code != 0
    assert output.read_text(encoding="utf-8") == "my work"

    replaced = run_content(app, "draft", str(FIXTURE), "-o", str(output), "--overwrite")
    assert replaced.exit_code == 0
    assert "[[facts]]" in output.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Park and Lee Min, CNN",
        "See Also: Ten Things To Know Today",
        "Read Next:",
        "Photo via Shutterstock.",
        "Image credit: Getty Images",
        "© 2025 Example Media. All rights reserved.",
        "This story was generated using Some Tool and edited by A. Person",
        "Subscribe to our newsletter for daily updates.",
    ],
)
def test_boilerplate_lines_are_left_out(line: str) -> None:
    paragraphs, dropped = read_article(f"A first real sentence.\n{line}\n")
    assert [p.number for p in paragraphs] == [1]
    assert dropped == [2]


def test_story_lines_that_look_busy_are_kept() -> None:
    text = "Bystanders said the photo was taken in 2019.\nBy noon, 300 people had arrived."
    paragraphs, dropped = read_article(text)
    assert dropped == []
    assert len(paragraphs) == 2


def test_sentences_are_not_split_after_titles_or_initials() -> None:
    parts = sentences('Dr. Lee met Mr. Kim in the U.S. capital. "It went well," she said. Then')
    assert parts == [
        "Dr. Lee met Mr. Kim in the U.S. capital.",
        '"It went well," she said.',
        "Then",
    ]


def test_a_title_splits_a_name_from_the_words_before_it() -> None:
    found = find_entities("South Korean President Yoon Suk Yeol spoke in Seoul on 14 July 2024.")
    assert [(e.text, e.kind) for e in found] == [
        ("Yoon Suk Yeol", "person"),
        ("Seoul", "place"),
        ("14 July 2024", "date"),
    ]


def test_nationality_words_are_not_names_but_surnames_like_them_are() -> None:
    found = find_entities("North Korean defectors met Sarah Evans, a British teacher, in June.")
    assert [(e.text, e.kind) for e in found] == [("Sarah Evans", "person"), ("June", "month")]


def test_a_draft_to_a_dash_goes_to_standard_output_not_to_a_file_named_dash(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_content(app, "draft", str(FIXTURE), "-o", "-")
    assert result.exit_code == 0, result.output
    assert tomllib.loads(result.stdout)["facts"]
    assert "to standard output" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_draft_counts_one_fact_and_one_line_in_the_singular(app: Flask, tmp_path: Path) -> None:
    article = tmp_path / "trip.txt"
    article.write_text("The trip took 19 days.\nRead more:\n", encoding="utf-8")
    result = run_content(app, "draft", str(article), "-o", str(tmp_path / "trip.toml"))
    assert result.exit_code == 0, result.output
    assert "Wrote 1 proposed fact to " in result.output
    assert "(1 line left out as not story)" in result.output
