"""Our ``.apkg`` export read back by our importer, directly and after a trip through real
Anki (the ``anki`` package), gives back the bank: facts, questions, images, keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from quizapp.exporters import EXPORTS
from quizapp.extensions import db
from quizapp.importers import parse_upload
from quizapp.importers.save import save_question_set
from quizapp.models import Bank, Fact, Media, Question
from tests.support.anki_fixtures import anki_collection_with, exported_by_anki, rendered_cards
from tests.support.content_fixtures import run_content
from tests.support.factories import make_bank, make_fact, make_question, make_user
from tests.support.image_fixtures import ANKI_PNG
from tests.support.teach_fixtures import import_fixture, parsed_without_errors

Asked = tuple[str, str, str, str, tuple[str, ...], tuple[str, ...], str, bool]


def _shipped_bank(app: Any) -> Bank:
    assert run_content(app, "load").exit_code == 0
    bank = db.session.scalar(select(Bank).where(Bank.slug == "defectors-day"))
    assert bank is not None
    return bank


def _active(items: list[Any]) -> list[Any]:
    return [item for item in items if getattr(item, "active", True)]


def _bank_as_asked(facts: list[Any]) -> dict[str, Any]:
    """Everything a learner or teacher sees of each fact and its questions, by fact key."""
    return {
        fact.key: (
            fact.statement,
            fact.topic,
            fact.source_ref,
            fact.source_paragraph,
            list(fact.tags),
            {
                q.key: (
                    q.kind,
                    q.prompt,
                    q.answer,
                    tuple(q.accepted_variants),
                    tuple(q.choices),
                    q.explanation,
                    q.strict,
                )
                for q in _active(fact.questions)
            },
        )
        for fact in _active(facts)
    }


def _every_kind_bank() -> Bank:
    """A small bank with each question kind, a flashcard and typed question sharing their
    sides (one Anki note), variants, a spelling test, tags, a source, rich text, and topics
    that Anki's tags cannot spell (none, or one with ``_``)."""
    bank = make_bank(owner=make_user(role="teacher"), title="Every kind")
    day = make_fact(
        bank, key="day", statement="Defectors' Day is 14 July.", topic="The day itself",
        source_ref="Korea Herald, 2024", source_paragraph=3, tags=["dates", "Korea::Dates"],
    )  # fmt: skip
    make_question(
        day, key="flashcard", kind="flashcard", prompt="Defectors' Day?", answer="14 July",
        explanation="Chosen in 2024.",
    )  # fmt: skip
    make_question(
        day, key="typed", kind="typed", prompt="Defectors' Day?", answer="14 July",
        accepted_variants=["July 14", "7/14"], explanation="Chosen in 2024.",
    )  # fmt: skip
    make_question(
        day, key="mc", kind="multiple_choice", prompt="When is <it> held?", answer="14 July",
        choices=["1 March", "15 August"], explanation="Not a national holiday.",
    )  # fmt: skip
    make_question(day, key="tf", kind="true_false", prompt="It is in July.", answer="true")
    make_question(
        day, key="cloze", kind="cloze", prompt="It is held on {{blank}} each year.",
        answer="14 July", accepted_variants=["July 14"],
    )  # fmt: skip
    spell = make_fact(bank, key="spell", statement="Hanawon is spelled so.", topic="한국어")
    make_question(
        spell, key="typed", kind="typed", prompt="<!--rich--><b>Spell</b> the centre",
        answer="Hanawon", strict=True,
    )  # fmt: skip
    untitled = make_fact(bank, key="no-topic", statement="Woorion helps defectors.", topic="")
    make_question(untitled, key="typed", kind="typed", prompt="Woorion helps?", answer="defectors")
    policy = make_fact(bank, key="under_score", statement="Policy.", topic="Policy_2024")
    make_question(policy, key="typed", kind="typed", prompt="Policy?", answer="Support")
    return bank


def test_an_apkg_export_of_the_shipped_bank_imports_back_as_the_same_bank(app):
    # The export's note types were read as unknown ones: 115 facts instead of 23, every
    # question a flashcard, explanations, statements, sources and accepted answers lost.
    bank = _shipped_bank(app)
    parsed = parsed_without_errors(EXPORTS["apkg"].write(bank, None), "bank.apkg")
    assert not parsed.notes, parsed.notes
    assert _bank_as_asked(parsed.facts) == _bank_as_asked(bank.facts)
    assert [fact.key for fact in parsed.facts] == [fact.key for fact in _active(bank.facts)]


def test_every_question_kind_and_fact_field_survives_the_apkg_round_trip(app):
    bank = _every_kind_bank()
    parsed = parsed_without_errors(EXPORTS["apkg"].write(bank, None), "bank.apkg")
    assert _bank_as_asked(parsed.facts) == _bank_as_asked(bank.facts)


def test_an_apkg_export_imported_into_anki_and_exported_again_imports_back(app, tmp_path: Path):
    bank = _every_kind_bank()
    package = exported_by_anki(EXPORTS["apkg"].write(bank, None), tmp_path)
    parsed = parsed_without_errors(package, "from-anki.apkg")
    assert _bank_as_asked(parsed.facts) == _bank_as_asked(bank.facts)


def test_anki_shows_the_options_and_hides_our_keys(app, tmp_path: Path):
    bank = _every_kind_bank()
    with anki_collection_with(EXPORTS["apkg"].write(bank, None), tmp_path) as collection:
        cards = rendered_cards(collection)
    fronts = " ".join(question for question, _ in cards)
    assert len(cards) == 7  # the flashcard and typed question with the same sides: one card
    assert "<li>15 August</li>" in fronts and "<li>1 March</li>" in fronts
    assert "When is &lt;it&gt; held?" in fronts and "True or false?" in fronts
    assert "[...]" in fronts
    shown = " ".join(question + answer for question, answer in cards)
    assert "accepted_variants" not in shown and "Korea Herald" not in shown
    assert any("Chosen in 2024." in answer for _, answer in cards)


def _counts(bank: Bank) -> tuple[int | None, int | None]:
    facts = db.session.scalar(select(func.count(Fact.id)).where(Fact.bank_id == bank.id))
    questions = db.session.scalar(
        select(func.count(Question.id)).join(Fact).where(Fact.bank_id == bank.id)
    )
    return facts, questions


def test_importing_an_apkg_export_twice_updates_the_bank_and_adds_nothing(app):
    teacher = make_user(role="teacher")
    package = EXPORTS["apkg"].write(_every_kind_bank(), None)
    first = save_question_set(parse_upload(package, "kinds.apkg"), teacher, "copy")
    assert _counts(first.bank) == (4, 8)
    again = save_question_set(parse_upload(package, "kinds.apkg"), teacher, "copy")
    assert (again.bank.id, again.created, again.retired) == (first.bank.id, False, 0)
    assert _counts(again.bank) == (4, 8)
    assert _bank_as_asked(again.bank.facts) == _bank_as_asked(_every_kind_bank().facts)


def test_an_image_comes_back_from_our_apkg_export(app, tmp_path: Path):
    teacher = make_user(role="teacher")
    bank = import_fixture(teacher, "apkg/images.apkg", "maps").bank
    package = exported_by_anki(EXPORTS["apkg"].write(bank, None), tmp_path)
    parsed = parsed_without_errors(package, "maps.apkg")
    assert [image.data for image in parsed.images.values()] == [ANKI_PNG]
    again = save_question_set(parsed, teacher, "maps again").bank
    assert _bank_as_asked(again.facts).keys() == _bank_as_asked(bank.facts).keys()
    assert db.session.scalar(select(func.count(Media.id)).where(Media.bank_id == again.id)) == 1


def test_an_image_in_a_wrong_option_comes_back_with_the_option(app, tmp_path: Path):
    teacher = make_user(role="teacher")
    bank = import_fixture(teacher, "apkg/images.apkg", "maps").bank
    stored = db.session.scalar(select(Media).where(Media.bank_id == bank.id))
    assert stored is not None
    picture = f'<!--rich--><img src="/media/{bank.slug}/{stored.sha256}.png">'
    fact = make_fact(bank, key="map-options", statement="Hanawon is in Anseong.")
    make_question(
        fact, key="mc", kind="multiple_choice", prompt="Which is not Anseong?",
        answer="Seoul", choices=[picture],
    )  # fmt: skip
    package = exported_by_anki(EXPORTS["apkg"].write(bank, None), tmp_path)
    again = save_question_set(parse_upload(package, "maps.apkg"), teacher, "maps again").bank
    [question] = [q for f in again.facts if f.key == "map-options" for q in f.questions]
    assert question.choices == [picture.replace(bank.slug, again.slug)]
