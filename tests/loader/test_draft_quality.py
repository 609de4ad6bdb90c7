"""How much of a draft is worth keeping: three short articles written for this test
(one with Korean names in Hangul) are drafted, and every proposal is sorted into useful
or junk by what a teacher would have to rewrite. At most 1 in 5 may be junk."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from quizapp.answer_forms import normalise
from tests.support.content_fixtures import run_content
from tests.support.paths import FIXTURES

DRAFTS = FIXTURES / "drafts"

FERRY = (DRAFTS / "ferry.txt").read_text(encoding="utf-8")
POETS = (DRAFTS / "poets.txt").read_text(encoding="utf-8")
SOLAR = (DRAFTS / "solar.txt").read_text(encoding="utf-8")
# Every answer that is a fact of each story, what must be proposed, and Hangul spellings.
ARTICLES = {
    "ferry": (
        FERRY,
        {"Kestrel Bay", "1925", "Saturday", "2,400", "1987", "Gull", "Tarvik", "Ilse Moreno",
         "22", "40", "Norland Transport Agency", "3.5 million", "2027"},
        {"1925", "1987", "2,400", "Ilse Moreno", "3.5 million", "2027"},
    ),
    "poets": (
        POETS,
        {"Mapo Library", "9 October 2024", "Ri Kyong-hui", "150", "Oh Min-seok", "85", "2021",
         "2019", "Ri", "Busan"},
        {"9 October 2024", "Ri Kyong-hui", "Oh Min-seok", "150", "2019"},
    ),
    "solar": (
        SOLAR,
        {"Westmere", "Tuesday", "Westmere Farmers' Cooperative", "48", "9,000", "Tomas Lindqvist",
         "18 million", "Eastvale Regional Council", "2030"},
        {"48", "9,000", "Tomas Lindqvist", "18 million", "2030"},
    ),
}  # fmt: skip
HANGUL = {"Ri Kyong-hui": "리경희", "Oh Min-seok": "오민석"}
LONGEST_CLOZE_WORDS = 30
NUMBER = re.compile(r"[$€£]?\d[\d,.]*(?:%| million| billion)?")


def _number_shape(text: str) -> tuple[str, int]:
    whole = re.search(r"\d[\d,]*", text)
    return re.sub(r"[\d,.\s]+", " ", text).strip(), len(whole.group(0).replace(",", ""))


def junk_reasons(fact: dict[str, Any], facts_of_story: set[str]) -> list[str]:
    """What a teacher would have to rewrite in one proposed fact (nothing: it is useful)."""
    answer, cloze = fact["answer"], fact["cloze"]
    reasons = []
    if answer not in facts_of_story:
        reasons.append(f"{answer!r} is not a fact of the story")
    if cloze.count("{{blank}}") != 1 or len(cloze.split()) > LONGEST_CLOZE_WORDS:
        reasons.append(f"cloze is not one clause: {cloze!r}")
    if answer in HANGUL and HANGUL[answer] not in fact["variants"]:
        reasons.append(f"the Hangul spelling of {answer} is not accepted")
    own = set(normalise(answer).split())
    for distractor in (d for d in fact["distractors"] if not d.startswith("TODO")):
        words = set(normalise(distractor).split())
        if words <= own or own <= words:
            reasons.append(f"distractor {distractor!r} is the answer's own words")
        if normalise(distractor) in normalise(cloze):
            reasons.append(f"distractor {distractor!r} is shown in the cloze")
        if NUMBER.fullmatch(answer) and _number_shape(distractor) != _number_shape(answer):
            reasons.append(f"distractor {distractor!r} is another unit or size than {answer!r}")
    return reasons


@pytest.fixture
def drafts(app: Flask, tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    made = {}
    for name, (text, _facts, _needed) in ARTICLES.items():
        article, output = tmp_path / f"{name}.txt", tmp_path / f"{name}.toml"
        article.write_text(text, encoding="utf-8")
        result = run_content(app, "draft", str(article), "-o", str(output))
        assert result.exit_code == 0, result.output
        made[name] = tomllib.loads(output.read_text(encoding="utf-8"))["facts"]
    return made


def test_at_most_one_proposal_in_five_needs_rewriting(drafts):
    junk = {
        f"{name}: {fact['answer']}": reasons
        for name, facts in drafts.items()
        for fact in facts
        if (reasons := junk_reasons(fact, ARTICLES[name][1]))
    }
    total = sum(len(facts) for facts in drafts.values())
    assert total >= 25
    assert len(junk) * 5 <= total, junk


def test_every_number_date_and_name_that_matters_is_proposed(drafts):
    for name, facts in drafts.items():
        assert ARTICLES[name][2] <= {fact["answer"] for fact in facts}, name


def test_headlines_datelines_and_stamps_propose_nothing(drafts):
    answers = {fact["answer"] for facts in drafts.values() for fact in facts}
    for clutter in ("Island Ferry Line", "KESTREL BAY", "Coastal Times", "Dana Hill", "Centenary",
                    "SEOUL", "Harbour Wire", "Yuna Seo", "Harbour Town", "14 June 2025", "2025",
                    "3 March 2025", "Mon", "Example Herald"):  # fmt: skip
        assert clutter not in answers
    ferry = {fact["answer"]: fact for fact in drafts["ferry"]}
    assert ferry["1925"]["paragraph"] == 1 and ferry["1987"]["paragraph"] == 2


def test_a_hangul_spelling_is_an_accepted_variant_and_left_out_of_the_cloze(drafts):
    poets = {fact["answer"]: fact for fact in drafts["poets"]}
    assert poets["Ri Kyong-hui"]["variants"] == ["리경희"]
    assert "리경희" not in poets["Ri Kyong-hui"]["cloze"]
    assert "오민석" not in poets["85"]["cloze"]


def test_a_cloze_is_cut_to_the_clause_of_its_answer(drafts):
    ferry = {fact["answer"]: fact for fact in drafts["ferry"]}
    assert (
        ferry["1925"]["cloze"] == "The Kestrel Bay ferry carried its first passengers in {{blank}}."
    )
    assert ferry["1987"]["cloze"].startswith("In {{blank}}, the old steamer Gull")
    numbers = ferry["2,400"]["distractors"]
    assert all(re.fullmatch(r"\d,\d00", number) for number in numbers), numbers
