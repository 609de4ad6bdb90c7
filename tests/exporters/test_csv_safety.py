"""Full-width and small-form formula characters are neutralised like ASCII ones, in the bank
CSV and the results CSV, and the bank CSV still round-trips byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.csv_safety import starts_like_formula
from quizapp.exporters.csv_export import export_csv
from quizapp.importers import parse_upload
from quizapp.importers.csv_format import neutralise_formula, restore_formula
from quizapp.importers.save import save_question_set
from quizapp.progress.results_csv import cell
from tests.support.factories import make_bank, make_fact, make_question, make_user
from tests.support.fuzzing import fuzz_settings

# FULLWIDTH = + - @ and SMALL = + - @ (spreadsheets in East Asian locales run them).
WIDE_STARTS = ["\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62", "\ufe63", "\ufe6b"]


@pytest.mark.parametrize("start", WIDE_STARTS)
def test_a_wide_formula_start_gets_a_leading_quote_in_both_csvs(start):
    value = f"{start}HYPERLINK(1)"
    assert starts_like_formula(value)
    assert neutralise_formula(value) == "'" + value
    assert cell(value) == "'" + value
    assert restore_formula(neutralise_formula(value)) == value
    assert restore_formula(neutralise_formula("'" + value)) == "'" + value


def test_a_bank_with_wide_formulas_round_trips_byte_for_byte(app):
    teacher = make_user(role="teacher")
    bank = make_bank(owner=teacher)
    for number, start in enumerate(WIDE_STARTS):
        make_question(
            make_fact(bank, key=f"f{number}", statement=f"{start}statement"),
            kind="typed",
            prompt=f"{start}SUM(A1) prompt {number}",
            answer=f"'{start}answer",
            explanation=f"{start}{start}",
        )
    first = export_csv(bank)
    text = first.decode()
    assert "'\uff1dSUM(A1) prompt 0" in text and "''\uff1danswer" in text
    copy = save_question_set(parse_upload(first, "copy.csv"), teacher, "copy").bank
    assert {q.prompt for f in copy.facts for q in f.questions} == {
        f"{start}SUM(A1) prompt {n}" for n, start in enumerate(WIDE_STARTS)
    }
    assert export_csv(copy) == first


@fuzz_settings(300)
@given(
    value=st.one_of(
        st.text(max_size=12),
        st.builds(
            lambda quotes, start, rest: "'" * quotes + start + rest,
            st.integers(0, 3),
            st.sampled_from(["=", "+", "-", "@", "\t", "\n", *WIDE_STARTS]),
            st.text(max_size=6),
        ),
    )
)
def test_import_removes_exactly_the_quote_export_added(value):
    exported = neutralise_formula(value)
    assert restore_formula(exported) == value
    unquoted = exported[1:] if exported != value else exported
    assert not starts_like_formula(exported) or exported == value
    assert unquoted.lstrip("'") == value.lstrip("'")
