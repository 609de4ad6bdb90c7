"""Keys of facts a file gave no key, matched to the bank's facts by what they ask.

Such a fact's key is made from its prompt (``records.key_from_text``) or from its
question's title (GIFT ``::title::``, a Moodle ``<name>``), so uploading the file again
updates it in place. Two questions with the same prompt or title would share that key;
the parser numbers the second (``-2``) in file order, so reordering the questions used
to swap the two facts' keys, and the learners' progress with them. On saving into a bank,
each group of facts sharing a base key takes the keys of the bank's facts that ask the
same (kind, prompt, answer); a question whose text was edited keeps its key from the file
when that one is left over in its group, else takes another left over; only then does a
new key go to a new fact.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Bank, Fact
from .records import ParsedFact, unique_key

Signature = tuple[str, str, str]  # the first question's kind, prompt and answer


def match_keys_by_content(bank: Bank, facts: Sequence[ParsedFact]) -> None:
    """Give ``facts`` made from repeated prompts or titles the keys of ``bank``'s facts
    that ask the same, whatever the order of the file's questions."""
    groups: dict[str, list[ParsedFact]] = defaultdict(list)
    for fact in facts:
        if fact.content_key:
            groups[fact.content_key].append(fact)
    held = _keys_by_base(bank, set(groups))
    # A base the bank already holds numbered (``<base>-2``) is matched even when the file
    # now has it once: that one question may be any of them.
    shared = {
        base: group
        for base, group in groups.items()
        if len(group) > 1 or any(key != base for key in held.get(base, ()))
    }
    # Keys the file fixes: its own keys, and those of prompts or titles it has once. A
    # title that ends in a number ("Question 2") is not the second "Question".
    given = {fact.key for fact in facts if fact.content_key not in shared}
    existing = _facts_of(bank, {key for base in shared for key in held[base]})
    for base, group in shared.items():
        mine = set(held[base]) - given
        known = [fact for key, fact in existing.items() if key in mine]
        _match(base, group, known, taken={*held[base], *given})


_NUMBERED = re.compile(r"-\d+$")


def _keys_by_base(bank: Bank, bases: set[str]) -> dict[str, list[str]]:
    """The bank's fact keys that are one of ``bases`` or one numbered from it, by base."""
    if not bases:
        return {}
    found: dict[str, list[str]] = defaultdict(list)
    for key in db.session.scalars(select(Fact.key).where(Fact.bank_id == bank.id)):
        for base in {key, _NUMBERED.sub("", key)} & bases:
            found[base].append(key)
    return found


def _facts_of(bank: Bank, keys: set[str]) -> dict[str, Fact]:
    """The bank's facts with these keys, with their questions, oldest first."""
    if not keys:
        return {}
    facts = db.session.scalars(
        select(Fact)
        .where(Fact.bank_id == bank.id, Fact.key.in_(keys))
        .options(selectinload(Fact.questions))
        .order_by(Fact.id)
    )
    return {fact.key: fact for fact in facts}


def _match(base: str, group: list[ParsedFact], known: list[Fact], taken: set[str]) -> None:
    """Same content first; then, for a question whose text changed, its own key from the
    file if still free, else a known fact still free (active ones first); then a new
    numbered key, unlike any in ``taken``."""
    free = sorted(known, key=lambda fact: not fact.active)
    keys: dict[int, str] = {}
    for index, parsed in enumerate(group):
        same = next((f for f in free if _signature(f) == _parsed_signature(parsed)), None)
        if same is not None:
            keys[index] = same.key
            free.remove(same)
    for index, parsed in enumerate(group):
        if index not in keys and free:
            own = next((fact for fact in free if fact.key == parsed.key), free[0])
            keys[index] = own.key
            free.remove(own)
    taken = taken | set(keys.values())
    for index, parsed in enumerate(group):
        parsed.key = keys.get(index) or unique_key(base, taken)


def _signature(fact: Fact) -> Signature | None:
    if not fact.questions:
        return None
    first = min(fact.questions, key=lambda question: question.position)
    return first.kind, first.prompt, first.answer


def _parsed_signature(fact: ParsedFact) -> Signature | None:
    if not fact.questions:
        return None
    first = fact.questions[0]
    return first.kind, first.prompt, first.answer
