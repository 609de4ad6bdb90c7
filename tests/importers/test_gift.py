"""Moodle GIFT uploads: every question type Moodle's importer knows."""

from __future__ import annotations

import pytest

from quizapp.grading import grade
from quizapp.importers import parse_upload
from quizapp.models import Question
from quizapp.richtext import RICH_MARK
from tests.support.teach_fixtures import by_prompt, parse_fixture, parsed_without_errors


def _fact(parsed, key):
    return next(fact for fact in parsed.facts if fact.key == key)


def test_a_realistic_gift_file_maps_every_type_onto_our_kinds():
    parsed = parse_fixture("resettlement.gift")
    assert parsed.format == "gift" and not parsed.errors
    mc = _fact(parsed, "day-date").questions[0]
    assert (mc.kind, mc.answer, mc.choices) == (
        "multiple_choice", "14 July", ["1 March", "15 August", "3 October"]
    )  # fmt: skip
    assert "1997 law" in mc.explanation and "first one was held in 2024" in mc.explanation
    tf = _fact(parsed, "first-venue").questions[0]
    assert (tf.kind, tf.answer, tf.explanation) == ("true_false", "true", "Yes, in Dongdaemun.")
    short = _fact(parsed, "nonprofit").questions[0]
    assert (short.kind, short.answer, short.accepted_variants) == (
        "typed", "Woorion", ["Woorion Foundation"]
    )  # fmt: skip


def test_category_lines_become_topics():
    parsed = parse_fixture("resettlement.gift")
    assert _fact(parsed, "day-date").topic == "Defectors' Day"
    assert _fact(parsed, "promises").topic == "Policy"


def test_numeric_answers_keep_whole_number_ranges_and_warn_of_other_tolerances():
    parsed = parse_fixture("resettlement.gift")
    count = _fact(parsed, "count").questions[0]
    assert (count.kind, count.answer, count.accepted_variants) == ("typed", "34000", [])
    assert "counts" not in count.explanation
    year = _fact(parsed, "year-fled").questions[0]
    assert year.answer == "2006" and year.accepted_variants == ["2005", "2007"]
    assert "Any whole number from 2005 to 2007 counts." in year.explanation
    assert {str(p) for p in parsed.notes} >= {
        "Line 14: the tolerance ±500 is not kept: only 34000 counts",
        "Line 16: the range 2005..2007 is kept as whole numbers only: 2005 to 2007 count",
    }


def test_a_decimal_tolerance_is_kept_at_the_answers_precision_and_said_so():
    """Moodle takes 3.13 and 3.15 for {#3.14:0.01}: only 3.14 counted. The numbers in
    range at the precision the file wrote are kept, and the explanation says no more."""
    parsed = parsed_without_errors(
        b"Pi?{#3.14:0.01}\n\nHalf?{#1.5..2.5}\n\nCount?{#34000:500}\n", "n.gift"
    )
    pi, half, count = parsed.questions
    assert (pi.answer, pi.accepted_variants) == ("3.14", ["3.13", "3.15"])
    assert pi.explanation == "Any number from 3.13 to 3.15, to 2 decimal places, counts."
    assert half.answer == "2"
    assert half.accepted_variants == [
        "1.5",
        "1.6",
        "1.7",
        "1.8",
        "1.9",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
    ]
    assert (count.answer, count.accepted_variants, count.explanation) == ("34000", [], "")
    assert [str(p) for p in parsed.notes] == [
        "Line 1: the tolerance ±0.01 is kept to 2 decimal places: 3.13 to 3.15 count",
        "Line 3: the range 1.5..2.5 is kept to 1 decimal place: 1.5 to 2.5 count",
        "Line 5: the tolerance ±500 is not kept: only 34000 counts",
    ]


def test_a_number_in_a_decimal_tolerance_is_graded_right():
    pi = parsed_without_errors(b"Pi?{#3.14:0.01}\n", "n.gift").questions[0]
    question = Question(kind=pi.kind, prompt=pi.prompt, answer=pi.answer)
    question.accepted_variants = pi.accepted_variants
    assert [grade(question, typed).value for typed in ("3.15", "3.130", "3,13", "3.16")] == [
        "correct", "correct", "correct", "wrong"
    ]  # fmt: skip


def test_every_full_credit_numeric_answer_counts():
    """Moodle counts each "=" of a numeric question: only the first was kept, in silence,
    so a student who typed 1954 or 2000 was marked wrong."""
    parsed = parsed_without_errors(
        b"Which year?{#=1953 =1954}\n\nWhich one?{#=1953:1 =%100%2000 =%50%1900}\n", "n.gift"
    )
    both, ranged = parsed.questions
    assert (both.answer, both.accepted_variants) == ("1953", ["1954"])
    assert (ranged.answer, ranged.accepted_variants) == ("1953", ["1952", "1954", "2000"])
    assert [str(p) for p in parsed.notes] == [
        "Line 3: partial-credit answers left out: 1900",
        "Line 3: the tolerance ±1 is kept as whole numbers only: 1952 to 1954 count",
    ]


def test_matching_becomes_one_multiple_choice_fact_per_pair():
    parsed = parse_fixture("resettlement.gift")
    pairs = [fact for fact in parsed.facts if fact.key.startswith("match-terms-pair-")]
    assert len(pairs) == 3
    first = pairs[0].questions[0]
    assert first.prompt.endswith("Hanawon") and first.answer == "resettlement centre"
    assert sorted(first.choices) == ["Seoul district", "non-profit"]


def test_a_matching_pair_without_a_left_side_is_an_extra_wrong_answer_not_a_fact():
    # Probe: Moodle's GIFT export writes a matching question's extra wrong answer as
    # "= -> Beijing"; it became a fact asking "Match the capitals." with Beijing right.
    gift = "::capitals::Match the capitals.{\n=Korea -> Seoul\n=Japan -> Tokyo\n= -> Beijing\n}\n"
    parsed = parsed_without_errors(gift.encode(), "m.gift")
    assert [(q.prompt, q.answer) for q in parsed.questions] == [
        ("Match the capitals.\nKorea", "Seoul"),
        ("Match the capitals.\nJapan", "Tokyo"),
    ]
    assert all("Beijing" in q.choices for q in parsed.questions)


def test_missing_word_questions_keep_the_text_after_the_braces():
    parsed = parse_fixture("resettlement.gift")
    cloze = next(q for q in parsed.questions if q.kind == "cloze")
    assert cloze.prompt == "Park Daehyeon founded the non-profit {{blank}} to help other defectors."
    assert cloze.answer == "Woorion" and cloze.accepted_variants == ["우리온"]
    gap = next(q for q in parsed.questions if q.prompt.startswith("Which balloons"))
    assert gap.kind == "multiple_choice" and gap.prompt.endswith("Choose _____ balloons.")
    assert gap.answer == "K-pop"


@pytest.mark.parametrize(
    ("gift", "prompt"),
    [
        ("The centre is called _____ {=Hanawon}", "The centre is called {{blank}}"),
        ("The centre is called ___. {=Hanawon}", "The centre is called {{blank}}."),
        ("Name ____ its founder {=Woorion}", "Name {{blank}} its founder"),
    ],
)
def test_a_short_answer_with_a_written_gap_is_a_fill_in_the_blank(gift, prompt):
    # Probe: "… is _____ {=answer}" (how teachers write a gap at the end of a sentence,
    # and how our export writes a cloze whose blank ends its sentence) became a typed
    # question showing the underscores.
    [question] = parsed_without_errors(gift.encode(), "gap.gift").questions
    assert (question.kind, question.prompt, question.answer) == ("cloze", prompt, question.answer)


def test_a_short_answer_with_two_gaps_or_none_stays_a_typed_question():
    text = "Fill ___ and ___ {=both}\n\nWho founded Woorion? {=Park Daehyeon}"
    questions = parsed_without_errors(text.encode(), "gaps.gift").questions
    assert [q.kind for q in questions] == ["typed", "typed"]
    assert questions[0].prompt == "Fill ___ and ___"


def test_escapes_partial_credit_and_html_are_handled():
    parsed = parse_fixture("resettlement.gift")
    escaped = _fact(parsed, "escapes").questions[0]
    assert escaped.prompt == "Which symbol means {equals} in GIFT : the = sign or ~?"
    assert escaped.answer == "=" and escaped.choices == ["~", "#", "\\"]
    promise = _fact(parsed, "promises").questions[0]
    assert promise.prompt == RICH_MARK + "The president promised <b>more</b> of which?"
    assert promise.answer == "resettlement funds" and "tax benefits" not in promise.choices


def test_essays_and_descriptions_are_reported_as_skipped_by_line():
    notes = [str(note) for note in parse_fixture("resettlement.gift").notes]
    assert "Line 38: essay question skipped (no answer to check)" in notes
    assert "Line 40: description (no answer block) skipped" in notes
    assert "Line 23: partial-credit options are left out" in notes


def test_a_broken_question_names_its_line():
    text = "::ok::Fine? {=yes ~no}\n\n// comment\n::bad::Unclosed {=yes ~no\n"
    parsed = parse_upload(text.encode(), "quiz.gift")
    assert [str(p) for p in parsed.errors] == ["Line 4: the answer block has no closing }"]


def test_a_brace_left_unescaped_in_the_question_is_named_as_the_answer_block_read():
    # Probe: LaTeX's \frac{1}{2} in a question was "the answer block has no = or ~
    # answers", though the block the teacher wrote, {=0.5}, has one.
    parsed = parse_upload(b"What is \\frac{1}{2} as a decimal? {=0.5}\n", "m.gift")
    assert [str(error) for error in parsed.errors] == [
        "Line 1: the answer block has no = or ~ answers (the first braces, “{1}”, were read "
        "as the answer block: write a brace in the question as \\{ or \\})"
    ]


def test_a_blank_line_inside_the_braces_is_named_as_what_broke_the_question():
    # Probe: a blank line between the answers was "the answer block has no closing }",
    # though the } was there, three lines down.
    text = "::q::Capital of Korea?{\n=Seoul\n\n~Busan\n}\n"
    parsed = parse_upload(text.encode(), "quiz.gift")
    assert [str(p) for p in parsed.errors] == [
        "Line 1: the answer block has no closing } (a blank line ends a question in GIFT, "
        "so the } on line 5 closes nothing: remove the blank lines inside the braces)"
    ]


def test_a_multiple_choice_question_without_a_right_option_is_an_error():
    parsed = parse_upload(b"Pick one {~a ~b ~c}\n", "q.gift")
    assert str(parsed.errors[0]) == "Line 1: no option is marked right (= or a % weight)"


def test_weighted_options_pick_the_full_credit_answer():
    parsed = parse_upload(b"Pick {~%100%right ~%-50%wrong ~other}\n", "q.gift")
    question = parsed.questions[0]
    assert question.answer == "right" and question.choices == ["wrong", "other"]


def test_numbers_that_are_not_finite_are_reported_not_crashed_on():
    for text in ("Q {#inf}", "Q {#nan}", "Q {#1..1e400}"):
        parsed = parse_upload(text.encode(), "q.gift")
        assert [str(p) for p in parsed.errors] == [
            "Line 1: a numeric answer must be a number, n:tol or a..b"
        ]


def test_partial_credit_markdown_and_images_are_warnings_not_silent_changes():
    # Finding 6: "=%50%..." became fully right, and [markdown] was shown raw.
    text = (
        "::cap::What is the capital? {=Seoul =%50%Busan}\n\n"
        "::n::How many weeks at Hanawon? {#=12 =%50%11}\n\n"
        "::m::[markdown]**Bold** claim {T}\n\n"
        '::i::[html]A map <img src="map.png"> of? {=Korea}\n'
    )
    parsed = parsed_without_errors(text.encode(), "quiz.gift")
    assert by_prompt(parsed)["What is the capital?"].accepted_variants == []
    assert [str(note) for note in parsed.notes] == [
        "Line 1: partial-credit answers left out: Busan",
        "Line 3: partial-credit answers left out: 11",
        "Line 5: [markdown] text is kept as plain text",
        "Line 7: images are not kept",
    ]


@pytest.mark.parametrize("paragraph", ["9" * 5000, "three", "٣"])
def test_a_source_paragraph_comment_that_is_not_a_short_whole_number_is_a_line_error(paragraph):
    # int() of 5,000 digits raises: the preview was a 500.
    text = f"// quizapp-source-paragraph: {paragraph}\n::f/q::Capital? {{=Seoul}}\n"
    parsed = parse_upload(text.encode(), "bank.gift", "gift")
    assert [str(error) for error in parsed.errors] == [
        "Line 2: source_paragraph must be a whole number"
    ]


def test_a_short_answer_wildcard_is_left_out_with_a_note_not_shown_as_the_answer():
    # Probe: Moodle's wildcard "Seoul*" (any answer starting Seoul) became the answer.
    parsed = parsed_without_errors("Capital of Korea?{=Seoul* =서울}\n".encode(), "m.gift")
    [question] = parsed.questions
    assert (question.answer, question.accepted_variants) == ("Seoul", ["서울"])
    assert [str(note) for note in parsed.notes] == [
        "Line 1: the wildcard * in “Seoul*” is not kept: Seoul counts"
    ]


def test_moodles_tag_comments_give_the_fact_its_tags():
    # Probe: Moodle 4 writes a question's tags as "// [id:Q7] [tag:geo] [tag:east asia]"
    # and reads them back; they were dropped without a word.
    text = (
        "// question: 7  name: capital\n// [id:Q7] [tag:geo] [tag:east asia]\n"
        "::capital::Capital of Korea?{=Seoul ~Busan}\n\n::other::Capital of Japan?{=Tokyo}\n"
    )
    parsed = parsed_without_errors(text.encode(), "moodle.gift")
    assert [fact.tags for fact in parsed.facts] == [["geo", "east_asia"], []]
    assert [str(note) for note in parsed.notes] == [
        "Line 3: the tag “east asia” is kept as “east_asia”"
    ]


def test_an_empty_wrong_option_is_left_out_with_a_note():
    # Probe: "~ ~Busan" (a doubled ~) gave learners a blank option to pick; Moodle leaves
    # blank answers out.
    parsed = parsed_without_errors(b"Capital?{=Seoul ~ ~Busan}\n", "q.gift")
    assert parsed.questions[0].choices == ["Busan"]
    assert [str(note) for note in parsed.notes] == ["Line 1: an empty wrong option is left out"]
