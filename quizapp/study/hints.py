"""Which items may reveal a hint, and revealing it.

Only typed answers (typed and cloze) get a hint: a hint on a picked option would give it
away. A hint is shown before answering and never in a quiz, whose marks must be the
learner's own; answering right after a hint rates Hard (see ``answers``).
"""

from __future__ import annotations

from flask import session

from ..extensions import db
from ..models import IssuedItem, QuestionKind
from .answers import typed_text

HINTABLE_KINDS = (QuestionKind.TYPED, QuestionKind.CLOZE)
# The session's note of what was typed on a card when its hint was asked for, or when
# its answer was refused ("send it again"): the card shows it again in its box.
TYPED_KEY = "typed_before_hint"


def may_show_hint(item: IssuedItem) -> bool:
    return item.question.kind in HINTABLE_KINDS and item.used_at is None and item.attempt_id is None


def show_hint(item: IssuedItem) -> None:
    """Mark the hint shown, when the item may have one (otherwise nothing changes)."""
    if may_show_hint(item):
        item.hint_shown = True
        db.session.commit()


def keep_typed(token: str, response: str) -> None:
    """Keep what was typed on the card (the hint was asked for, or the answer refused)
    for when it is shown next."""
    text = typed_text(response)
    if text:
        session[TYPED_KEY] = {"token": token, "response": text}
    else:
        session.pop(TYPED_KEY, None)


def typed_kept(token: str) -> str | None:
    """What was typed on this card before its hint or a refused answer, once (then
    forgotten)."""
    kept = session.get(TYPED_KEY)
    if not isinstance(kept, dict) or kept.get("token") != token:
        return None
    session.pop(TYPED_KEY, None)
    response = kept.get("response")
    return response if isinstance(response, str) else None
