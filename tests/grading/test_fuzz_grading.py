"""The grader takes anything a learner can type: an outcome every time, never an exception,
and the promises the README makes hold for any text."""

from __future__ import annotations

import string

from hypothesis import assume, given
from hypothesis import strategies as st

from quizapp.grading import Outcome, grade, normalise, rating_for, self_grade
from quizapp.models import Question
from quizapp.scheduling import Rating
from tests.support.fuzzing import fuzz_settings, nasty_text

# What the answer form lets through (500 characters) and what a teacher's question holds.
RESPONSES = st.one_of(nasty_text(), st.text(max_size=500))
KINDS = st.sampled_from(["multiple_choice", "true_false", "cloze", "typed"])


@fuzz_settings(300)
@given(
    kind=KINDS,
    answer=nasty_text(),
    variants=st.lists(nasty_text(), max_size=3),
    response=RESPONSES,
    hint=st.booleans(),
)
def test_grading_any_response_gives_an_outcome_and_a_rating(kind, answer, variants, response, hint):
    question = Question(kind=kind, prompt="P", answer=answer, accepted_variants=variants)
    outcome = grade(question, response)
    assert outcome in set(Outcome)
    assert rating_for(outcome, hint) in set(Rating)


@fuzz_settings(200)
@given(kind=KINDS, answer=nasty_text(), noise=st.sampled_from(["", " ", "  ", "!", " ."]))
def test_the_answer_itself_with_any_spacing_or_punctuation_around_is_right(kind, answer, noise):
    assume(normalise(answer))  # the importers refuse an empty answer
    question = Question(kind=kind, prompt="P", answer=answer, accepted_variants=[])
    assert grade(question, noise + answer + noise) is Outcome.CORRECT


@fuzz_settings(100)
@given(kind=KINDS, answer=st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=30))
def test_case_never_matters(kind, answer):
    assume(answer.strip())
    question = Question(kind=kind, prompt="P", answer=answer, accepted_variants=[])
    assert grade(question, answer.swapcase()) is Outcome.CORRECT


@fuzz_settings(200)
@given(answer=nasty_text(), variant=nasty_text(), noise=st.sampled_from(["", " ", "?"]))
def test_an_accepted_variant_is_right(answer, variant, noise):
    assume(normalise(variant))
    question = Question(kind="typed", prompt="P", answer=answer, accepted_variants=[variant])
    assert grade(question, variant + noise) is Outcome.CORRECT


@fuzz_settings(50)
@given(value=st.integers())
def test_a_self_grade_is_a_rating_or_a_clear_refusal(value):
    try:
        assert self_grade(value) in set(Rating)
    except ValueError as error:
        assert "Choose Again, Hard, Good or Easy" in str(error)
