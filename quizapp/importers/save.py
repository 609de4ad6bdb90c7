"""Saving a parsed question set into a teacher's bank: all of it in one transaction, or nothing.

A bank is found by its teacher and its name (by default the file name; see
``owned_bank_named``), facts on their keys within the bank and questions on their keys within the
fact, so uploading the same file again updates in place. Facts and questions the new
file no longer has are retired (``active=False``), never deleted, so learners' history
stays attached to them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..banks.fact_upsert import UpsertCounts, upsert_facts
from ..date_text import counted
from ..extensions import db
from ..media.references import attach_images
from ..models import Bank, BankImport, Fact, Question, User
from ..name_keys import name_key
from ..ops import events
from .content_keys import match_keys_by_content
from .records import ParsedFact, ParsedQuestion, ParsedSet, keeps_in_address, readable_slug


class ImportRefused(Exception):
    """The set cannot be saved; nothing was changed. The message is for the teacher."""


@dataclass
class SaveSummary:
    bank: Bank
    created: bool
    facts: int
    questions: int
    retired: int  # facts retired
    warnings: int = 0
    counts: UpsertCounts = field(default_factory=UpsertCounts)  # all the import changed

    def __str__(self) -> str:
        verb = "Created" if self.created else "Updated"
        text = (
            f"{verb} “{self.bank.title}”: {counted(self.facts, 'fact')}, "
            f"{counted(self.questions, 'question')}"
        )
        text += f", {self.retired} retired." if self.retired else "."
        changed = self.questions_changed()
        if changed:
            text += f" Of the questions already there: {changed}."
        if self.warnings:
            text += f" {counted(self.warnings, 'warning')}, kept in the bank's import history."
        return text

    def questions_changed(self) -> str:
        """What the import did to questions the bank had ("1 rewritten, 1 retired"), so
        an edit made on the bank's page that the file undid is not undone unseen."""
        done = (
            (self.counts.questions_updated, "rewritten"),
            (self.counts.questions_retired, "retired"),
            (self.counts.questions_restored, "brought back"),
        )
        return ", ".join(f"{number} {what}" for number, what in done if number)


def bank_slug(owner: User, name: str) -> str:
    """A teacher's bank slug: the name's slug plus the owner, unique across teachers.

    Korean names keep their Hangul ("탈북민-어휘-t3"), so a teacher reads the address;
    a bank made before, whose address is a hash ("h-…"), keeps it (it is found by name)."""
    return f"{readable_slug(name, 80)}-t{owner.id}"


def _slug_holds_name(name: str) -> bool:
    """Whether the slug made of ``name`` keeps all its letters: not "Straße", whose
    slug "strae" it shares with "Strae" (Latin letters are spelled in ASCII)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return all(ch.isascii() or not ch.isalnum() or keeps_in_address(ch) for ch in decomposed)


def owned_bank_named(owner: User, name: str) -> Bank | None:
    """The owner's bank that an upload named ``name`` updates, or None for a new bank.

    The bank called that, case and spacing aside (after a rename, by its new name; of
    two of one name, the one whose address was made from it, else the older); else the
    bank whose address was made from that name, so a file uploaded again after its
    bank was renamed still updates it (the bank's settings page promises that), but only
    when the address holds the whole name."""
    banks = list(db.session.scalars(select(Bank).where(Bank.owner_id == owner.id)))
    slug, wanted = bank_slug(owner, name), name_key(name)
    named = [bank for bank in banks if name_key(bank.title) == wanted]
    if named:
        return next((bank for bank in named if bank.slug == slug), min(named, key=attrgetter("id")))
    if _slug_holds_name(name):
        return next((bank for bank in banks if bank.slug == slug), None)
    return None


def free_bank_slug(owner: User, name: str) -> str:
    """The address of a new bank named ``name``: its slug, or, when that is taken (a
    name of letters the slug cannot hold, beside another such name), the slug with a
    short hash of the whole name."""
    slug = bank_slug(owner, name)
    digest = hashlib.sha1(name_key(name).encode()).hexdigest()[:6]
    candidates = [slug, f"{readable_slug(name, 70)}-{digest}-t{owner.id}"]
    taken = set(db.session.scalars(select(Bank.slug).where(Bank.slug.in_(candidates))))
    free = next((candidate for candidate in candidates if candidate not in taken), None)
    if free is None:
        raise ImportRefused(f"The name “{name}” is taken; choose another bank name.")
    return free


_EXTENSION = re.compile(r"(?<=.)\.[A-Za-z][A-Za-z0-9]{0,4}$")


def bank_title_from_filename(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    # Whatever the file's extension ("notes.pdf" holding CSV names bank "Notes"); then
    # the ones under it: "x.moodle.xml" (the Moodle XML download) loses both. Anki's
    # whole-collection ".colpkg" is longer than the pattern's extensions: named here.
    stem = _EXTENSION.sub("", stem)
    for suffix in (".txt", ".csv", ".tsv", ".json", ".gift", ".apkg", ".colpkg", ".xml", ".moodle"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    title = stem.replace("_", " ").replace("-", " ").strip()[:200] or "Uploaded questions"
    return title[0].upper() + title[1:]


def copy_question(target: Question, source: ParsedQuestion) -> None:
    target.kind = source.kind
    target.prompt = source.prompt
    target.answer = source.answer
    target.accepted_variants = list(source.accepted_variants)
    target.choices = list(source.choices)
    target.explanation = source.explanation
    target.strict = source.strict


def copy_fact(target: Fact, source: ParsedFact) -> None:
    target.statement = source.statement
    target.topic = source.topic
    target.source_ref = source.source_ref
    target.source_paragraph = source.source_paragraph
    target.tags = list(source.tags)


def save_question_set(
    parsed: ParsedSet,
    owner: User,
    name: str,
    on_progress: Callable[[int], None] | None = None,
    filename: str = "",
    source: str = "upload",
    typed: bool = False,
) -> SaveSummary:
    """Create or update the owner's bank called ``name`` from ``parsed``, in one transaction,
    with a ``BankImport`` row that keeps the file's warnings in the bank's history.
    ``typed``: the teacher gave ``name`` (else it was made from the file's name), so it
    names a new bank rather than the file's own title (``new_bank_title``).
    Saved or refused, the outcome is logged and counted as an import from ``source``
    (``upload`` or ``cli``)."""
    owner_id = owner.id
    try:
        summary = _save_in_one_transaction(parsed, owner, name, typed, on_progress, filename)
    except ImportRefused as refusal:
        events.import_refused(source, owner_id, str(refusal), len(parsed.errors))
        raise
    events.import_saved(
        source, owner_id, summary.bank.id, summary.created, summary.facts, summary.questions
    )
    return summary


def _save_in_one_transaction(
    parsed: ParsedSet,
    owner: User,
    name: str,
    typed: bool,
    on_progress: Callable[[int], None] | None,
    filename: str,
) -> SaveSummary:
    if parsed.errors:
        problems = counted(len(parsed.errors), "problem")
        raise ImportRefused(f"The file has {problems}; nothing was saved.")
    try:
        summary = _save(parsed, owner, name, typed, on_progress or (lambda _: None))
        _record_import(summary, parsed, filename or name)
        summary.warnings = len(parsed.notes)
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        raise ImportRefused("The set could not be saved; nothing was changed.") from error
    except ImportRefused:
        db.session.rollback()
        raise
    return summary


def _record_import(summary: SaveSummary, parsed: ParsedSet, filename: str) -> None:
    db.session.add(
        BankImport(
            bank_id=summary.bank.id,
            filename=filename[:255],
            format=parsed.format,
            facts=summary.facts,
            questions=summary.questions,
            warnings=[str(note) for note in parsed.notes],
        )
    )


def import_history(bank: Bank) -> list[BankImport]:
    """The bank's imports, newest first."""
    return list(
        db.session.scalars(
            select(BankImport)
            .where(BankImport.bank_id == bank.id)
            .order_by(BankImport.imported_at.desc(), BankImport.id.desc())
        )
    )


def new_bank_title(parsed: ParsedSet, name: str, *, typed: bool) -> str:
    """What a new bank is called: the name the teacher typed, else the title the file gives
    itself (our JSON download names its bank), else ``name``, made from the file's name.
    Hangul composed (NFC): a Mac hands over file names decomposed, which would sort
    apart from other Korean names and name its downloads in loose jamo."""
    return unicodedata.normalize("NFC", (name if typed else parsed.title) or name)[:200]


def _bank_for(owner: User, name: str, parsed: ParsedSet, typed: bool) -> tuple[Bank, bool]:
    bank = owned_bank_named(owner, name)
    created = bank is None
    if bank is None:  # an existing bank keeps its name, whatever the file calls it
        title = new_bank_title(parsed, name, typed=typed)
        bank = Bank(slug=free_bank_slug(owner, name), title=title, owner_id=owner.id)
        db.session.add(bank)
    bank.description = parsed.description or bank.description or ""
    for name_of_field, value in parsed.source.items():
        setattr(bank, name_of_field, value)
    db.session.flush()
    return bank, created


def _save(
    parsed: ParsedSet, owner: User, name: str, typed: bool, on_progress: Callable[[int], None]
) -> SaveSummary:
    bank, created = _bank_for(owner, name, parsed, typed)
    match_keys_by_content(bank, parsed.facts)
    attach_images(bank, parsed)
    counts = upsert_facts(bank, parsed.facts, advance=on_progress)
    return SaveSummary(
        bank,
        created,
        len(parsed.facts),
        len(parsed.questions),
        counts.facts_retired,
        counts=counts,
    )
