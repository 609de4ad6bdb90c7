"""The fsrs wrapper: reviews move memory, previews match, undo snapshots are exact."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizapp.models import MemoryState
from quizapp.scheduling import (
    Rating,
    apply_review,
    is_mature,
    new_memory_state,
    preview_intervals,
    restore,
    retrievability,
    snapshot,
)
from tests.support.study_fixtures import NOON


def reviewed(*ratings: Rating, retention: float = 0.9, gap: timedelta = timedelta(days=1)):
    state = new_memory_state(1, 1, NOON)
    moment = NOON
    for rating in ratings:
        apply_review(state, rating, moment, retention)
        moment = max(moment + gap, state.due)
    return state


def test_a_new_fact_answered_good_waits_days_and_one_answered_again_comes_back_today():
    state = reviewed(Rating.GOOD)
    assert state.reps == 1
    assert state.last_review == NOON
    assert state.due >= NOON + timedelta(days=2)
    assert state.due.tzinfo is not None
    missed = reviewed(Rating.AGAIN)
    assert missed.due == NOON + timedelta(minutes=10)


def test_remembered_facts_come_back_later_and_later():
    state = reviewed(Rating.GOOD, Rating.GOOD, Rating.GOOD)
    first_gap = state.due - state.last_review
    apply_review(state, Rating.GOOD, state.due, 0.9)
    assert state.due - state.last_review > first_gap


def test_forgetting_a_fact_in_review_counts_a_lapse():
    state = reviewed(Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.AGAIN)
    assert state.lapses == 1


def test_preview_intervals_grow_from_again_to_easy_and_match_the_real_review():
    state = reviewed(Rating.GOOD, Rating.GOOD)
    now = state.due
    previews = preview_intervals(state, now, 0.9)
    waits = [previews[rating] for rating in Rating]
    assert waits == sorted(waits) and len(set(waits)) == 4
    apply_review(state, Rating.AGAIN, now, 0.9)  # Again is never fuzzed
    assert state.due - now == previews[Rating.AGAIN]


def test_a_higher_desired_retention_brings_facts_back_sooner():
    lenient = reviewed(Rating.GOOD, Rating.GOOD, retention=0.80)
    strict = reviewed(Rating.GOOD, Rating.GOOD, retention=0.97)
    now = lenient.due
    assert (
        preview_intervals(strict, now, 0.97)[Rating.GOOD]
        < preview_intervals(lenient, now, 0.80)[Rating.GOOD]
    )


def test_retrievability_falls_as_time_passes_and_is_zero_for_a_never_reviewed_fact():
    state = reviewed(Rating.GOOD, Rating.GOOD)
    soon = retrievability(state, state.last_review + timedelta(days=1))
    later = retrievability(state, state.last_review + timedelta(days=30))
    assert 1.0 >= soon > later > 0.0
    assert retrievability(new_memory_state(1, 1, NOON), NOON) == 0.0


def test_a_snapshot_restores_every_scheduling_field_exactly():
    state = reviewed(Rating.GOOD, Rating.HARD, Rating.GOOD)
    saved = snapshot(state)
    columns = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
    before = {name: getattr(state, name) for name in columns}
    apply_review(state, Rating.AGAIN, state.due + timedelta(days=3), 0.9)
    assert {name: getattr(state, name) for name in columns} != before
    restore(state, saved)
    assert {name: getattr(state, name) for name in columns} == before


@pytest.mark.parametrize(("stability", "mature"), [(None, False), (20.9, False), (21.0, True)])
def test_a_fact_is_mature_from_21_days_of_stability(stability, mature):
    assert is_mature(MemoryState(stability=stability)) is mature


def _review_states() -> list[MemoryState | None]:
    """A new fact, and graduated memories from fragile to steady."""
    states: list[MemoryState | None] = [None]
    for stability in (0.3, 0.8, 1.5, 3.0, 8.0, 30.0):
        for difficulty in (2.0, 5.0, 9.0):
            state = new_memory_state(1, 1, NOON)
            state.state, state.step = 2, None
            state.stability, state.difficulty = stability, difficulty
            state.last_review = NOON - timedelta(days=stability)
            state.due = NOON
            states.append(state)
    return states


@pytest.mark.parametrize("retention", [round(0.80 + n / 100, 2) for n in range(18)])
def test_hard_good_and_easy_always_show_strictly_longer_waits(retention):
    from quizapp.study.wording import interval_label

    for state in _review_states():
        waits = preview_intervals(state, NOON, retention)
        assert waits[Rating.HARD] < waits[Rating.GOOD] < waits[Rating.EASY], (retention, state)
        # In days (as the buttons show waits under a month) they differ by a day at least.
        days = [waits[rating] for rating in (Rating.HARD, Rating.GOOD, Rating.EASY)]
        if days[2] < timedelta(days=30):
            labels = [interval_label(wait) for wait in days]
            assert len(set(labels)) == 3, (retention, labels)


def test_a_button_always_waits_longer_than_the_one_below_it_showed():
    for state in _review_states()[1:]:
        shown = preview_intervals(state, NOON, 0.97)
        for rating in (Rating.GOOD, Rating.EASY):
            moved = new_memory_state(1, 1, NOON)
            restore(moved, snapshot(state))
            apply_review(moved, rating, NOON, 0.97)
            # Fuzz spreads the wait, but never down to the button below's.
            assert moved.due - NOON > shown[Rating(rating - 1)], (rating, state.stability)
