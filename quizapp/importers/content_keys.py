"""Keys of facts a file gave no key, matched to the bank's facts by what they ask.

Such a fact's key is made from its prompt (``records.key_from_text``), so uploading the
file again updates it in place. Two rows asking the same prompt would share that key;
the parser numbers the second (``-2``) in file order, so reordering the rows used to swap
the two facts' keys, and the learners' progress with them. On saving into a bank, each
group of facts sharing a prompt's key takes the keys of the bank's facts that ask the
same (kind, prompt, answer); a row whose answer was edited takes a key left over from
its group; only then does a new key go to a new fact.
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
    """Give ``facts`` made from repeated prompts the keys of ``bank``'s facts that ask
    the same, whatever the order of the file's rows."""
    groups: dict[str, list[ParsedFact]] = defaultdict(list)
    for fact in facts:
        if fact.content_key:
            groups[fact.content_key].append(fact)
    given = {fact.key for fact in facts if not fact.content_key}
    numbered = _numbered_keys(bank)  # prompts the bank already holds more than once
    shared = {base: group for base, group in groups.items() if len(group) > 1 or base in numbered}
    existing = _facts_of(bank, set(shared))
    for base, group in shared.items():
        _match(base, group, [fact for fact in existing.get(base, []) if fact.key not in given])


def _numbered_keys(bank: Bank) -> set[str]:
    """The base keys of the bank's facts keyed ``<base>-<n>``."""
    keys = db.session.scalars(
        select(Fact.key).where(Fact.bank_id == bank.id, Fact.key.like("q-%-%"))
    )
    return {key.rsplit("-", 1)[0] for key in keys}


def _facts_of(bank: Bank, bases: set[str]) -> dict[str, list[Fact]]:
    """The bank's facts whose keys are one of ``bases`` or one numbered from it."""
    if not bases:
        return {}
    found: dict[str, list[Fact]] = defaultdict(list)
    facts = db.session.scalars(
        select(Fact)
        .where(Fact.bank_id == bank.id, Fact.key.like("q-%"))
        .options(selectinload(Fact.questions))
        .order_by(Fact.id)
    )
    for fact in facts:
        base = _NUMBERED.sub("", fact.key)
        if base in bases:
            found[base].append(fact)
    return found


_NUMBERED = re.compile(r"-\d+$")


def _match(base: str, group: list[ParsedFact], known: list[Fact]) -> None:
    """Same content first; then a known fact still free (active ones first) for a row
    whose text changed; then a new numbered key."""
    free = sorted(known, key=lambda fact: not fact.active)
    keys: dict[int, str] = {}
    for index, parsed in enumerate(group):
        same = next((f for f in free if _signature(f) == _parsed_signature(parsed)), None)
        if same is not None:
            keys[index] = same.key
            free.remove(same)
    for index, _parsed in enumerate(group):
        if index not in keys and free:
            keys[index] = free.pop(0).key
    taken = set(keys.values()) | {fact.key for fact in known}
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
