"""Re-uploading a file whose questions share a stem or a name, in another order."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Fact, MemoryState
from tests.support.factories import make_memory_state, make_user
from tests.support.teach_fixtures import pending_id_from, upload

SEOUL_AIKEN = (
    "Which of the following is true?\n"
    "A. Seoul is the capital of South Korea\nB. Busan is the capital of South Korea\nANSWER: A\n"
)
ARMISTICE_AIKEN = (
    "Which of the following is true?\n"
    "A. The armistice was signed in 1950\nB. The armistice was signed in 1953\nANSWER: B\n"
)
SEOUL_GIFT = "::Capital:: What is the capital of South Korea? {=Seoul ~Busan ~Incheon}\n"
PYONGYANG_GIFT = "::Capital:: Which city is the capital of North Korea? {=Pyongyang ~Kaesong}\n"


def _moodle(prompt: str, right: str, wrong: str) -> str:
    return (
        '<question type="multichoice"><name><text>Capital</text></name>'
        f'<questiontext format="html"><text>{prompt}</text></questiontext>'
        "<single>true</single>"
        f'<answer fraction="100"><text>{right}</text></answer>'
        f'<answer fraction="0"><text>{wrong}</text></answer></question>\n'
    )


def _moodle_file(*questions: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{"".join(questions)}</quiz>\n'


SEOUL_XML = _moodle("What is the capital of South Korea?", "Seoul", "Busan")
PYONGYANG_XML = _moodle("Which city is the capital of North Korea?", "Pyongyang", "Kaesong")

# (file name, the file, the file reordered, the answer the learner studied)
FILES = {
    "aiken": (
        "aiken_same.txt",
        SEOUL_AIKEN + "\n" + ARMISTICE_AIKEN,
        ARMISTICE_AIKEN + "\n" + SEOUL_AIKEN,
        "Seoul is the capital of South Korea",
    ),
    "gift": (
        "dup_titles.gift",
        SEOUL_GIFT + "\n" + PYONGYANG_GIFT,
        PYONGYANG_GIFT + "\n" + SEOUL_GIFT,
        "Seoul",
    ),
    "moodle_xml": (
        "dup_titles.xml",
        _moodle_file(SEOUL_XML, PYONGYANG_XML),
        _moodle_file(PYONGYANG_XML, SEOUL_XML),
        "Seoul",
    ),
}


def _import(client, name: str, text: str) -> None:
    page = upload(client, name, text.encode(), bank_title="Swap")
    client.post(f"/teach/uploads/{pending_id_from(page.get_data(as_text=True))}/import")


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_questions_sharing_a_stem_or_name_keep_their_facts_and_history_when_reordered(
    teacher_client, fmt
):
    # Probe: their keys were numbered in file order ("capital", "capital-2"), so the
    # reordered file moved the Seoul learner's memory onto the other question.
    name, first, reordered, studied = FILES[fmt]
    _import(teacher_client, name, first)
    facts = db.session.scalars(select(Fact)).all()
    assert len(facts) == 2
    seoul = next(fact for fact in facts if fact.questions[0].answer == studied)
    learner = make_user(name="Minji Kim")
    make_memory_state(learner, seoul)
    seoul_id = seoul.id

    _import(teacher_client, name, reordered)
    db.session.expire_all()
    state = db.session.scalar(select(MemoryState).where(MemoryState.user_id == learner.id))
    assert state is not None and state.fact_id == seoul_id
    fact = db.session.get(Fact, seoul_id)
    assert fact is not None and fact.active
    assert [question.answer for question in fact.questions] == [studied]
    assert len(db.session.scalars(select(Fact)).all()) == 2
