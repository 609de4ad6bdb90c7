"""Answers are graded kindly and exactly, and each outcome maps to one rating."""

from __future__ import annotations

import pytest

from quizapp.grading import (
    Outcome,
    edit_distance,
    grade,
    grade_exact,
    grade_text,
    judge_text,
    normalise,
    rating_for,
    self_grade,
)
from quizapp.models import Question
from quizapp.scheduling import Rating


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("  Seoul ", "seoul"),
        ("SEOUL", "seoul"),
        ("Defectors'   Day!", "defectors day"),
        ("Defectors\u2019 Day", "defectors day"),
        ("Hanawon.", "hanawon"),
        ("north-korean", "north korean"),
        ("Pyŏngyang", "pyongyang"),
        ("Café", "cafe"),
        ("34,000", "34000"),
        ("34 000", "34000"),
        ("34\u202f000", "34000"),
        ("1,234,567", "1234567"),
    ],
)
def test_normalise_ignores_case_spacing_punctuation_diacritics_and_digit_groups(given, expected):
    assert normalise(given) == expected


@pytest.mark.parametrize("given", ["34000", "34,000", "34 000", " 34,000. "])
def test_numbers_match_with_or_without_digit_grouping(given):
    assert grade_text(given, ["34,000"]) is Outcome.CORRECT


def test_case_spacing_punctuation_and_accents_do_not_matter():
    assert grade_text("  unification   MINISTRY!! ", ["Unification Ministry"]) is Outcome.CORRECT
    assert grade_text("Pyongyang", ["Pyŏngyang"]) is Outcome.CORRECT


def test_accepted_variants_count_as_correct():
    accepted = ["Ministry of Unification", "Unification Ministry"]
    assert grade_text("unification ministry", accepted) is Outcome.CORRECT


def test_one_typo_in_a_long_word_is_almost():
    assert grade_text("Unifcation", ["Unification"]) is Outcome.ALMOST  # deletion
    assert grade_text("Unificatoin", ["Unification"]) is Outcome.ALMOST  # swap of neighbours
    assert grade_text("Hanawan", ["Hanawon"]) is Outcome.ALMOST  # substitution
    assert grade_text("Seooul", ["Seoul"]) is Outcome.ALMOST  # insertion, five letters


def test_a_typo_in_a_word_shorter_than_five_letters_is_wrong():
    assert grade_text("Sool", ["Seol"]) is Outcome.WRONG
    assert grade_text("Bussn", ["Busan"]) is Outcome.ALMOST


def test_two_typos_or_two_misspelt_words_are_wrong():
    assert grade_text("Unifcaton", ["Unification"]) is Outcome.WRONG
    assert grade_text("Unifcation Minstry", ["Unification Ministry"]) is Outcome.WRONG


def test_numbers_get_no_typo_tolerance():
    assert grade_text("34001", ["34,000"]) is Outcome.WRONG
    assert grade_text("2025", ["2024"]) is Outcome.WRONG


def test_a_blank_answer_is_wrong():
    assert grade_text("   ", ["Seoul"]) is Outcome.WRONG


def test_edit_distance_counts_a_transposition_as_one():
    assert edit_distance("abcdef", "abdcef") == 1
    assert edit_distance("kitten", "sitting") == 3


def test_picked_options_are_right_or_wrong_never_almost():
    assert grade_exact("Hanawon", "Hanawon") is Outcome.CORRECT
    assert grade_exact("Hanawan", "Hanawon") is Outcome.WRONG


def test_grade_dispatches_on_the_question_kind():
    typed = Question(kind="typed", answer="Seoul", accepted_variants=["Soul city"])
    assert grade(typed, "soul city") is Outcome.CORRECT
    true_false = Question(kind="true_false", answer="false")
    assert grade(true_false, "false") is Outcome.CORRECT
    assert grade(true_false, "true") is Outcome.WRONG
    with pytest.raises(ValueError):
        grade(Question(kind="flashcard", answer="x"), "x")


@pytest.mark.parametrize(
    ("outcome", "hint_used", "rating"),
    [
        (Outcome.WRONG, False, Rating.AGAIN),
        (Outcome.WRONG, True, Rating.AGAIN),
        (Outcome.ALMOST, False, Rating.HARD),
        (Outcome.ALMOST, True, Rating.HARD),
        (Outcome.CORRECT, True, Rating.HARD),
        (Outcome.CORRECT, False, Rating.GOOD),
    ],
)
def test_the_outcome_to_rating_mapping(outcome, hint_used, rating):
    assert rating_for(outcome, hint_used) is rating


def test_a_flashcard_self_grade_is_the_rating_itself():
    assert [self_grade(n) for n in (1, 2, 3, 4)] == [
        Rating.AGAIN,
        Rating.HARD,
        Rating.GOOD,
        Rating.EASY,
    ]
    with pytest.raises(ValueError):
        self_grade(5)


def test_a_picked_option_of_symbols_only_is_not_taken_for_another():
    assert grade_exact("~", "=") is Outcome.WRONG
    assert grade_exact("=", "=") is Outcome.CORRECT


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("5", ["-5"], Outcome.WRONG),
        ("-5", ["5"], Outcome.WRONG),
        ("40", ["-40"], Outcome.WRONG),
        ("-5", ["-5"], Outcome.CORRECT),
        ("\u22125", ["-5"], Outcome.CORRECT),  # the typographic minus sign
        ("\uff0d5", ["-5"], Outcome.CORRECT),  # a full-width one, from a CJK keyboard
        ("minus 5", ["-5"], Outcome.CORRECT),
        ("minus five", ["-5"], Outcome.CORRECT),
        ("negative 5", ["-5"], Outcome.CORRECT),
        ("\uc601\ud558 5\ub3c4", ["-5"], Outcome.CORRECT),  # Korean "below zero, 5 degrees"
        ("\uc601\ud5585\ub3c4", ["-5"], Outcome.CORRECT),
        ("-5 degrees", ["-5"], Outcome.CORRECT),
        ("-3.5", ["-3.5"], Outcome.CORRECT),
        ("3.5", ["-3.5"], Outcome.WRONG),
        ("1950-1953", ["1950-1953"], Outcome.CORRECT),
        ("- 5", ["-5"], Outcome.CORRECT),  # a sign set apart at the start is still a sign
        ("1950 - 1953", ["1950-1953"], Outcome.CORRECT),
        ("Kim Jong-un", ["Kim Jong Un"], Outcome.CORRECT),
    ],
)
def test_a_number_is_wrong_without_its_minus_sign(given, accepted, expected):
    """ "-5" is not 5: the sign was punctuation to the grader, so "5" was marked right
    where the answer was -5 (and "-5" where it was 5)."""
    context = "What was the lowest temperature in Celsius?"
    assert judge_text(given, accepted, context=context).outcome is expected


def test_the_reason_for_a_wrong_sign_says_the_sign_is_wrong():
    assert judge_text("5", ["-5"]).reason == "wrong: the number is right, but not its sign"
    assert judge_text("-5", ["5"]).reason == "wrong: the number is right, but not its sign"
    assert "sign" not in judge_text("5 x", ["-5"]).reason  # not all that is wrong


def test_a_picked_option_differing_only_in_its_minus_sign_is_another_option():
    assert grade_exact("5", "-5") is Outcome.WRONG
    assert grade_exact("-5", "-5") is Outcome.CORRECT


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("first", ["1st"], Outcome.CORRECT),
        ("1st", ["first"], Outcome.CORRECT),
        ("the second", ["2nd"], Outcome.CORRECT),
        ("Twenty-first century", ["21st century"], Outcome.CORRECT),
        ("21st century", ["twenty-first century"], Outcome.CORRECT),
        ("the 2nd World War", ["Second World War"], Outcome.CORRECT),
        ("third", ["1st"], Outcome.WRONG),
        ("2nd", ["first"], Outcome.WRONG),
        ("20th century", ["twenty-first century"], Outcome.WRONG),
    ],
)
def test_an_ordinal_may_be_written_in_words_or_digits(given, accepted, expected):
    """ "first" for "1st" (and "21st century" for "twenty-first century") was marked
    wrong, though "14th" and "fourteenth" were both read in a date."""
    assert judge_text(given, accepted, context="Which one was it?").outcome is expected


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("C", ["C++"], Outcome.WRONG),
        ("C++", ["C"], Outcome.WRONG),
        ("C#", ["C"], Outcome.WRONG),
        ("C#", ["C++"], Outcome.WRONG),
        ("A", ["A+"], Outcome.WRONG),
        ("c++", ["C++"], Outcome.CORRECT),
        ("C plus plus", ["C++"], Outcome.CORRECT),
        ("C sharp", ["C#"], Outcome.CORRECT),
        ("F#.", ["F#"], Outcome.CORRECT),
    ],
)
def test_a_plus_or_sharp_ending_a_name_is_part_of_it(given, accepted, expected):
    """C, C++ and C# are three languages (an A+ is not an A): the grader dropped the
    symbols as punctuation, so "C" was right for "C++"."""
    context = "Which programming language was it?"
    assert judge_text(given, accepted, context=context).outcome is expected


def test_picked_options_c_cpp_and_csharp_are_three_options():
    assert grade_exact("C", "C++") is Outcome.WRONG
    assert grade_exact("C#", "C++") is Outcome.WRONG
    assert grade_exact("C++", "C++") is Outcome.CORRECT


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("27.7.1953", ["27 July 1953"], Outcome.CORRECT),  # German, Russian, ...
        ("27.07.1953", ["27 July 1953"], Outcome.CORRECT),
        ("1953.7.27", ["27 July 1953"], Outcome.CORRECT),  # Korean, Chinese, Japanese
        ("1953. 7. 27.", ["27 July 1953"], Outcome.CORRECT),
        ("2020.1.30", ["30 January 2020"], Outcome.CORRECT),
        ("30.1.2020", ["30 January 2020"], Outcome.CORRECT),
        ("27.7.1935", ["27 July 1953"], Outcome.WRONG),
        ("1953.7.28", ["27 July 1953"], Outcome.WRONG),
        ("12.3.", ["12.3"], Outcome.CORRECT),  # a decimal at the end of a sentence
        ("3.10", ["3.1"], Outcome.CORRECT),
    ],
)
def test_a_date_written_with_dots_is_read_as_a_date(given, accepted, expected):
    """ "27.7.1953" and Korea's "1953. 7. 27." were 'numbers must be exact', and the zero
    of a day such as 30 was dropped as a decimal's ("2020.1.30" read "2020 1 3")."""
    assert judge_text(given, accepted, context="When was it signed?").outcome is expected


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("10km", ["10 km"], Outcome.CORRECT),
        ("10 kilometers", ["10 km"], Outcome.CORRECT),
        ("10 km", ["10 kilometres"], Outcome.CORRECT),
        ("10km", ["10 kilometres"], Outcome.CORRECT),
        ("10 miles", ["10 km"], Outcome.WRONG),
        ("12 km", ["10 km"], Outcome.WRONG),
        ("$5", ["5 dollars"], Outcome.CORRECT),
        ("5 dollars", ["$5"], Outcome.CORRECT),
        ("5 USD", ["$5"], Outcome.CORRECT),
        ("$5 million", ["5,000,000 dollars"], Outcome.CORRECT),
        ("\u20ac5", ["$5"], Outcome.WRONG),
        ("$6", ["$5"], Outcome.WRONG),
        ("\u20a95,000", ["5,000 won"], Outcome.CORRECT),
        ("5,000 won", ["\u20a95,000"], Outcome.CORRECT),
        ("1950s", ["the 1950s"], Outcome.CORRECT),
    ],
)
def test_a_unit_may_be_written_in_full_short_or_as_a_symbol(given, accepted, expected):
    """ "10km" and "10 kilometers" were wrong for "10 km", and "5 dollars" for "$5" was
    told "'dollars' is not its unit"."""
    assert judge_text(given, accepted, context="How far, or how much?").outcome is expected


def test_a_unit_written_onto_its_number_is_read_as_the_unit_the_question_asks_in():
    question = "How many weeks does the course at Hanawon last?"
    assert judge_text("12weeks", ["12"], context=question).outcome is Outcome.CORRECT
    assert judge_text("12days", ["12"], context=question).outcome is Outcome.WRONG


def test_picked_options_in_two_currencies_are_two_options():
    assert grade_exact("\u20ac5", "$5") is Outcome.WRONG
    assert grade_exact("$5", "$5") is Outcome.CORRECT


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("Gender Equality & Family", ["Gender Equality and Family"], Outcome.CORRECT),
        ("Gender Equality and Family", ["Gender Equality & Family"], Outcome.CORRECT),
        ("R&D", ["R&D"], Outcome.CORRECT),
        ("RD", ["R&D"], Outcome.CORRECT),
        ("Seoul & Busan", ["Seoul"], Outcome.WRONG),
    ],
)
def test_an_ampersand_between_words_is_and(given, accepted, expected):
    """ "Gender Equality & Family" was wrong for "Gender Equality and Family"."""
    context = "Which ministry was it?"
    assert judge_text(given, accepted, context=context).outcome is expected


PLURAL = "accepted: singular or plural does not matter"


@pytest.mark.parametrize(
    ("given", "accepted", "expected", "reason"),
    [
        ("women", ["woman"], Outcome.CORRECT, PLURAL),
        ("children", ["child"], Outcome.CORRECT, PLURAL),
        ("a child", ["children"], Outcome.CORRECT, f"{PLURAL[:10]}we ignore 'a'; {PLURAL[10:]}"),
        ("men", ["man"], Outcome.CORRECT, PLURAL),
        ("young people", ["young person"], Outcome.CORRECT, PLURAL),
        ("men", ["women"], Outcome.WRONG, "wrong: that is not the answer"),
    ],
)
def test_an_irregular_plural_is_the_same_answer_as_its_singular(given, accepted, expected, reason):
    """ "women" for "woman" was 'Almost: mind the spelling' (and "children" for "child"
    wrong), though "defectors" for "defector" was right."""
    verdict = judge_text(given, accepted, context="Who crossed the border first?")
    assert (verdict.outcome, verdict.reason) == (expected, reason)


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("Hanawon", ["Hanawon (resettlement centre)"], Outcome.CORRECT),
        ("the Hanawon", ["Hanawon (resettlement centre)"], Outcome.CORRECT),
        ("Hanawon resettlement centre", ["Hanawon (resettlement centre)"], Outcome.CORRECT),
        ("escape", ["(to) escape"], Outcome.CORRECT),
        ("to escape", ["(to) escape"], Outcome.CORRECT),
        ("resettlement centre", ["Hanawon (resettlement centre)"], Outcome.WRONG),
        ("f", ["f(x)"], Outcome.WRONG),  # brackets inside a word are part of it
    ],
)
def test_words_in_brackets_in_the_answer_may_be_left_out(given, accepted, expected):
    """A Quizlet or Memrise set writes optional words in brackets ("Hanawon
    (resettlement centre)"): "Hanawon" was marked wrong."""
    assert judge_text(given, accepted, context="What is it?").outcome is expected


def test_leaving_out_the_words_in_brackets_says_so():
    verdict = judge_text("Hanawon", ["Hanawon (resettlement centre)"])
    assert verdict.reason == "accepted: the words in brackets may be left out"


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("World War 2", ["World War II"], Outcome.CORRECT),
        ("World War II", ["World War 2"], Outcome.CORRECT),
        ("World War Two", ["World War II"], Outcome.CORRECT),
        ("Louis 14", ["Louis XIV"], Outcome.CORRECT),
        ("World War 1", ["World War I"], Outcome.CORRECT),
        ("World War I", ["World War II"], Outcome.WRONG),
        ("World War 1", ["World War II"], Outcome.WRONG),
    ],
)
def test_a_roman_numeral_after_a_name_may_be_written_in_digits(given, accepted, expected):
    """ "World War 2" was wrong for "World War II"."""
    assert judge_text(given, accepted, context="Which war was it?").outcome is expected


def test_a_presidents_family_name_is_still_enough_when_it_reads_as_a_numeral():
    question = "Which Chinese president met Moon Jae-in?"
    assert judge_text("President Xi", ["Xi Jinping"], context=question).outcome is Outcome.CORRECT


def test_a_roman_numeral_one_letter_off_is_another_number_not_a_typo():
    """ "Henry VII" for "Henry VIII" and "World War I" for "World War II" were 'almost'
    (counted right): a numeral gets no typo, as a number in digits gets none."""
    assert judge_text("Henry VII", ["Henry VIII"]).outcome is Outcome.WRONG
    assert judge_text("World War I", ["World War II"]).outcome is Outcome.WRONG
    assert judge_text("Henri VIII", ["Henry VIII"]).outcome is Outcome.ALMOST


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("3pm", ["3 p.m."], Outcome.CORRECT),
        ("3 PM", ["3 p.m."], Outcome.CORRECT),
        ("3 p.m.", ["3pm"], Outcome.CORRECT),
        ("3:00 pm", ["3 p.m."], Outcome.CORRECT),
        ("15:00", ["3 p.m."], Outcome.CORRECT),
        ("3.30pm", ["3:30 p.m."], Outcome.CORRECT),
        ("12 am", ["midnight", "0:00"], Outcome.CORRECT),
        ("3 am", ["3 p.m."], Outcome.WRONG),
        ("3:30 pm", ["3 p.m."], Outcome.WRONG),
        ("4pm", ["3 p.m."], Outcome.WRONG),
    ],
)
def test_a_time_of_day_may_be_written_in_any_common_form(given, accepted, expected):
    """ "3pm" and "3 PM" were wrong for "3 p.m." ('pm' changes it)."""
    context = "At what time did the ceremony begin?"
    assert judge_text(given, accepted, context=context).outcome is expected


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("Mt. Paektu", ["Mount Paektu"], Outcome.CORRECT),
        ("Mount Paektu", ["Mt Paektu"], Outcome.CORRECT),
        ("St. Petersburg", ["Saint Petersburg"], Outcome.CORRECT),
        ("Univ. of Seoul", ["University of Seoul"], Outcome.CORRECT),
        ("Mt. Kumgang", ["Mount Paektu"], Outcome.WRONG),
    ],
)
def test_a_common_abbreviation_is_the_word_it_stands_for(given, accepted, expected):
    """ "Mt. Paektu" was wrong for "Mount Paektu"."""
    assert judge_text(given, accepted, context="Which mountain?").outcome is expected


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("14 Jully", ["14 July"], Outcome.ALMOST),
        ("Febuary 14th", ["14 February"], Outcome.ALMOST),
        ("14 Septmber 2024", ["14 September 2024"], Outcome.ALMOST),
        ("15 Jully", ["14 July"], Outcome.WRONG),  # the day is wrong too
        ("14 Jule", ["14 July"], Outcome.WRONG),  # June or July?
        ("Mary", ["May"], Outcome.WRONG),  # a month without its day is no date
    ],
)
def test_a_month_one_letter_off_on_the_right_day_is_almost(given, accepted, expected):
    """ "14 Jully" was wrong ('jully' changes it) though "Jully 14" for "July" is a slip
    of spelling, as "Hanawan" is."""
    context = "On what date is it marked each year?"
    assert judge_text(given, accepted, context=context).outcome is expected


@pytest.mark.parametrize(
    ("given", "accepted", "expected"),
    [
        ("a dozen", ["12"], Outcome.CORRECT),
        ("a dozen weeks", ["12"], Outcome.CORRECT),
        ("two dozen", ["24"], Outcome.CORRECT),
        ("a dozen", ["13"], Outcome.WRONG),
        ("dozens", ["12"], Outcome.WRONG),
    ],
)
def test_a_dozen_is_twelve(given, accepted, expected):
    """ "a dozen" was wrong for 12 weeks at Hanawon ('that is not the answer')."""
    context = "How many weeks does the course at Hanawon last?"
    assert judge_text(given, accepted, context=context).outcome is expected


def test_at_least_and_at_most_are_read_whole():
    """ "at" was set aside as a filler, so a card read "we ignore 'at'" beside "we read
    '이상' as 'at least'", and "at least 12" was wrong because 'least' changed it."""
    assert judge_text("at least 12", ["12"]).reason == (
        "wrong: the number is right, but 'at', 'least' changes it"
    )
    assert "'at'" not in judge_text("34000\uba85\uc774\uc0c1", ["at least 34,000"]).reason
    assert judge_text("least 34,000", ["at least 34,000"]).outcome is Outcome.WRONG
