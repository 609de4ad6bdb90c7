"""The one place that talks to the ``fsrs`` library: our ``MemoryState`` rows in, figures out.

Placeholder for the progress area: only ``retrievability`` is here; the study area's
version of this module (reviewing cards, the due queue) replaces it on merge.
"""

from __future__ import annotations

from datetime import datetime

from fsrs import Card, Scheduler, State

from .models import MemoryState

# Retrievability depends only on the model's decay parameters, not on the learner's
# desired retention, so one default scheduler answers for everyone (it is never mutated).
_SCHEDULER = Scheduler()


def retrievability(state: MemoryState, now: datetime) -> float:
    """The predicted chance (0..1) that the learner recalls the fact at ``now``.

    Zero for a card never reviewed, as the library defines it.
    """
    card = Card(
        card_id=state.id or 0,  # an explicit id: Card() otherwise sleeps 1 ms to invent one
        state=State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )
    return float(_SCHEDULER.get_card_retrievability(card, now))
