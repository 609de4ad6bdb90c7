"""Which items may reveal a hint, and revealing it.

Only typed answers (typed and cloze) get a hint: a hint on a picked option would give it
away. A hint is shown before answering and never in a quiz, whose marks must be the
learner's own; answering right after a hint rates Hard (see ``answers``).
"""

from __future__ import annotations

from ..extensions import db
from ..models import IssuedItem, QuestionKind

HINTABLE_KINDS = (QuestionKind.TYPED, QuestionKind.CLOZE)


def may_show_hint(item: IssuedItem) -> bool:
    return item.question.kind in HINTABLE_KINDS and item.used_at is None and item.attempt_id is None


def show_hint(item: IssuedItem) -> None:
    """Mark the hint shown, when the item may have one (otherwise nothing changes)."""
    if may_show_hint(item):
        item.hint_shown = True
        db.session.commit()
