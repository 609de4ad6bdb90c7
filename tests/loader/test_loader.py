"""flask content check / load: problems with their lines, and reloads that keep progress."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.grading import Outcome, grade_text, judge_answer, normalise
from quizapp.loader.article import read_article
from quizapp.loader.collect import check_path
from quizapp.loader.fairness import answer_kind
from quizapp.models import Bank, Fact, MemoryState, Question, QuestionKind, Review
from quizapp.timeutil import now_utc
from tests.support.content_fixtures import (
    REPO,
    STORY,
    STORY_MISSING,
    example_bank_text,
    line_of,
    run_content,
    write_bank,
)
from tests.support.factories import make_bank, make_user

SHIPPED = REPO / "content"
# The story's own paragraphs: the "See Also" line and the credits are not counted.
STORY_PARAGRAPHS = 7

# (what is wrong, edit to the valid example, text on the line to blame, message); the text
# to blame is (text, occurrence) where it appears more than once.
BROKEN = [
    (
        "unknown field",
        ('topic = "The crew"', 'topic = "The crew"\ncolour = "red"'),
        'colour = "red"',
        "unknown field 'colour' in fact",
    ),
    (
        "missing field",
        ('explanation = "Armstrong stepped', 'note = "Armstrong stepped'),
        'note = "Armstrong stepped',
        "unknown field 'note'",
    ),
    (
        "duplicate field",
        ('answer = "Neil Armstrong"', 'answer = "Neil Armstrong"\nanswer = "Buzz"'),
        'answer = "Buzz"',
        "duplicate field 'answer' (first at line",
    ),
    (
        "duplicate fact key",
        ('key = "first-steps"', 'key = "apollo-11-date"'),
        ('key = "apollo-11-date"', 2),
        "duplicate fact key 'apollo-11-date' (first used at line",
    ),
    (
        "cloze without a blank",
        ("set foot on the Moon.", "set foot on the Moon, said {{blank}}."),
        "said {{blank}}",
        "'cloze' needs exactly one {{blank}}, found 2",
    ),
    (
        "cloze with two blanks",
        ('cloze = "{{blank}} was the first', 'cloze = "He was the first'),
        'cloze = "He was the first',
        "'cloze' needs exactly one {{blank}}, found 0",
    ),
    (
        "answer also a distractor",
        ('"Buzz Aldrin", "Michael Collins"', '"Neil Armstrong", "Michael Collins"'),
        '"Neil Armstrong", "Michael Collins"',
        "distractor 'Neil Armstrong' is also the answer or an accepted variant",
    ),
    (
        "duplicate distractors",
        ('"Buzz Aldrin", "Michael Collins"', '"Buzz Aldrin", "buzz  aldrin"'),
        '"Buzz Aldrin", "buzz  aldrin"',
        "distractor 'buzz  aldrin' is listed twice",
    ),
    (
        "fewer than three distractors",
        ('["Buzz Aldrin", "Michael Collins", "Yuri Gagarin"]', '["Buzz Aldrin", "Yuri Gagarin"]'),
        '["Buzz Aldrin", "Yuri Gagarin"]',
        "needs at least 3 distractors, found 2",
    ),
    (
        "distractor the grader would accept",
        ('"Buzz Aldrin", "Michael Collins"', '"Neil Armstrong\'s", "Michael Collins"'),
        '"Neil Armstrong\'s", "Michael Collins"',
        "distractor 'Neil Armstrong's' would be graded as the answer",
    ),
    (
        "distractor one typo from the answer",
        ('"Buzz Aldrin", "Michael Collins"', '"Niel Armstrong", "Michael Collins"'),
        '"Niel Armstrong", "Michael Collins"',
        "distractor 'Niel Armstrong' is one typo from the answer",
    ),
    (
        "options of different kinds",
        ('"16 July 1969", "24 July 1969"', '"16 July 1969", "Houston"'),
        '"16 July 1969", "Houston"',
        "distractor 'Houston' is a name but the answer '20 July 1969' is a date",
    ),
    (
        "cloze blank shorter than the answer",
        ("{{blank}} was the first person", "Neil {{blank}} was the first person"),
        "Neil {{blank}} was the first person",
        "'cloze': the words beside {{blank}} repeat 'neil' from the answer 'Neil Armstrong'",
    ),
    (
        "cloze repeating the words of a variant",
        (
            'variants = ["Armstrong"]\ncloze = "{{blank}} was',
            'variants = ["Armstrong", "astronaut Armstrong"]\ncloze = "Astronaut {{blank}} was',
        ),
        'cloze = "Astronaut {{blank}} was',
        "'cloze': the words beside {{blank}} repeat 'astronaut' from the answer "
        "'astronaut Armstrong'",
    ),
    (
        "empty prompt",
        ('prompt = "Who was the first person', 'prompt = ""\nx = "Who was the first person'),
        'prompt = ""',
        "'prompt' is empty",
    ),
    (
        "TODO left from a draft",
        ('topic = "The crew"', 'topic = "TODO: a topic"'),
        'topic = "TODO: a topic"',
        "'topic' still says TODO",
    ),
    (
        "paragraph not a number",
        ("paragraph = 2", 'paragraph = "two"'),
        'paragraph = "two"',
        "'paragraph' must be a whole number",
    ),
    (
        "paragraph past the story's last",
        ("paragraph = 2", "paragraph = 13"),
        "paragraph = 13",
        "paragraph 13 is past the story's last paragraph (12, from [source] paragraphs)",
    ),
    (
        "unknown field in the source",
        ('date = "21 July 1969"', 'date = "21 July 1969"\nissue = 4'),
        "issue = 4",
        "unknown field 'issue' in [source]",
    ),
    (
        "broken TOML",
        ('title = "The first Moon landing"', 'title = "The first Moon landing'),
        'title = "The first Moon landing',
        "not valid TOML",
    ),
]


def _blamed_line(text: str, blamed: str | tuple[str, int]) -> int:
    return line_of(text, *blamed) if isinstance(blamed, tuple) else line_of(text, blamed)


@pytest.mark.parametrize(
    ("edit", "blamed", "message"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_check_names_the_file_and_line_of_each_problem_and_fails(
    app: Flask, tmp_path: Path, edit: tuple[str, str], blamed: str | tuple[str, int], message: str
) -> None:
    old, new = edit
    text = example_bank_text()
    assert old in text
    text = text.replace(old, new, 1)
    path = write_bank(tmp_path / "moon", text)

    result = run_content(app, "check", str(path))

    assert result.exit_code == 1
    assert f"{path}:{_blamed_line(text, blamed)}: {message}" in result.output


def test_a_story_length_that_is_not_a_count_is_blamed_on_its_line(
    app: Flask, tmp_path: Path
) -> None:
    """(Not in ``BROKEN``: without a count, no fact can be past the story's end, and
    ``BROKEN``'s cases are also checked all together in one file.)"""
    text = example_bank_text().replace("paragraphs = 12", 'paragraphs = "twelve"', 1)
    path = write_bank(tmp_path / "moon", text)
    result = run_content(app, "check", str(path))
    line = line_of(text, 'paragraphs = "twelve"')
    message = "'paragraphs' must be a whole number: how many paragraphs the story has"
    assert f"{path}:{line}: {message}" in result.output
    assert result.exit_code == 1


def test_a_missing_field_is_blamed_on_its_fact(app: Flask, tmp_path: Path) -> None:
    text = example_bank_text()
    text = re.sub(r'\nexplanation = "Armstrong[^\n]*', "", text)
    path = write_bank(tmp_path / "moon", text)

    result = run_content(app, "check", str(path))

    header = line_of(text, "[[facts]]", occurrence=2)
    assert f"{path}:{header}: missing field 'explanation' in fact 'first-steps'" in result.output
    assert result.exit_code == 1


def test_a_fact_with_fewer_than_three_forms_is_refused(app: Flask, tmp_path: Path) -> None:
    text = example_bank_text()
    text = text.replace('cloze = "{{blank}} was the first person to set foot on the Moon."\n', "")
    text = text.replace('distractors = ["Buzz Aldrin", "Michael Collins", "Yuri Gagarin"]\n', "")
    path = write_bank(tmp_path / "moon", text)

    result = run_content(app, "check", str(path))

    header = line_of(text, "[[facts]]", occurrence=2)
    assert result.exit_code == 1
    assert (
        f"{path}:{header}: fact 'first-steps' has only 2 question forms (typed, true/false)"
    ) in result.output


def test_a_fact_may_leave_out_one_form_and_keeps_the_rest(app: Flask, tmp_path: Path) -> None:
    text = example_bank_text()
    text = text.replace('distractors = ["Buzz Aldrin", "Michael Collins", "Yuri Gagarin"]\n', "")
    path = write_bank(tmp_path / "moon", text)

    assert run_content(app, "load", str(path)).exit_code == 0
    fact = db.session.scalar(select(Fact).where(Fact.key == "first-steps"))
    kinds = sorted(question.key for question in fact.questions if question.active)
    assert kinds == ["cloze", "false_statement", "flashcard", "true_statement", "typed"]


def test_every_problem_is_reported_in_one_run_and_nothing_is_loaded(
    app: Flask, tmp_path: Path
) -> None:
    example = example_bank_text()
    second = example.index("[[facts]]", example.index("[[facts]]") + 1)
    head, steps = example[:second], example[second:]
    cases = [case for case in BROKEN if case[0] != "broken TOML"]
    facts = ""
    for number, (_name, (old, new), _blamed, _message) in enumerate(cases):
        if old not in steps:
            head = head.replace(old, new, 1)
            continue
        broken = steps.replace(old, new, 1)
        facts += broken.replace('key = "first-steps"', f'key = "steps-{number}"') + "\n"
    text = head + facts
    path = write_bank(tmp_path / "moon", text)

    checked = run_content(app, "check", str(path))
    loaded = run_content(app, "load", str(path))

    for _name, _edit, blamed, message in cases:
        line = _blamed_line(text, blamed)
        assert re.search(rf"^{re.escape(f'{path}:{line}: {message}')}", checked.output, re.M)
    assert checked.exit_code == 1
    assert loaded.exit_code == 1
    assert "nothing was loaded" in loaded.output
    assert db.session.scalar(select(func.count()).select_from(Bank)) == 0


def test_one_bad_bank_stops_every_bank_from_loading(app: Flask, tmp_path: Path) -> None:
    good = example_bank_text()
    write_bank(tmp_path / "moon", good)
    bad = good.replace('slug = "moon"', 'slug = "moon-two"').replace("paragraph = 2", "")
    write_bank(tmp_path / "moon-two", bad)

    result = run_content(app, "load", str(tmp_path))

    assert result.exit_code == 1
    assert "missing field 'paragraph'" in result.output
    assert db.session.scalar(select(func.count()).select_from(Bank)) == 0


def test_two_banks_may_not_share_a_slug(app: Flask, tmp_path: Path) -> None:
    write_bank(tmp_path / "moon", example_bank_text())
    second = write_bank(tmp_path / "moon-copy", example_bank_text())

    result = run_content(app, "check", str(tmp_path))

    assert result.exit_code == 1
    assert f"{second}:1: slug 'moon' is already used by {tmp_path / 'moon' / 'bank.toml'}" in (
        result.output
    )


def test_the_documented_example_loads_with_its_citation(app: Flask, tmp_path: Path) -> None:
    write_bank(tmp_path / "moon", example_bank_text())

    result = run_content(app, "load", str(tmp_path))

    assert result.exit_code == 0, result.output
    bank = db.session.scalar(select(Bank).where(Bank.slug == "moon"))
    assert bank is not None and bank.owner_id is None
    assert (bank.title, bank.source_publication, bank.source_date) == (
        "The first Moon landing",
        "The Example Gazette",
        "21 July 1969",
    )
    steps = next(fact for fact in bank.facts if fact.key == "first-steps")
    assert (steps.position, steps.source_ref, steps.source_paragraph) == (2, "paragraph 2", 2)
    by_key = {question.key: question for question in steps.questions}
    assert by_key["multiple_choice"].choices == ["Buzz Aldrin", "Michael Collins", "Yuri Gagarin"]
    assert by_key["cloze"].prompt.count("{{blank}}") == 1
    assert by_key["typed"].accepted_variants == ["Armstrong"]
    assert (by_key["false_statement"].answer, by_key["true_statement"].answer) == ("false", "true")


def _snapshot() -> list[tuple[object, ...]]:
    facts = db.session.execute(
        select(Fact.id, Fact.key, Fact.statement, Fact.position, Fact.active).order_by(Fact.id)
    ).all()
    questions = db.session.execute(
        select(
            Question.id, Question.key, Question.prompt, Question.active, Question.updated_at
        ).order_by(Question.id)
    ).all()
    return [tuple(row) for row in [*facts, *questions]]


def test_loading_twice_changes_nothing(app: Flask, tmp_path: Path) -> None:
    write_bank(tmp_path / "moon", example_bank_text())
    run_content(app, "load", str(tmp_path))
    before = _snapshot()

    again = run_content(app, "load", str(tmp_path))
    forced = run_content(app, "load", "--force", str(tmp_path))

    assert "moon: unchanged since the last load, skipped" in again.output
    assert "moon: nothing to change" in forced.output
    assert _snapshot() == before
    assert len(before) == 2 + 12


def _learner_history(question: Question) -> tuple[Review, MemoryState]:
    """A learner who has answered ``question``, written as the study pages would."""
    learner = make_user()
    state = MemoryState(
        user_id=learner.id, fact_id=question.fact_id, state=2, stability=30.0, due=now_utc()
    )
    review = Review(
        user_id=learner.id,
        question_id=question.id,
        fact_id=question.fact_id,
        rating=3,
        correct=True,
        response="Neil Armstrong",
    )
    db.session.add_all([state, review])
    db.session.commit()
    return review, state


def _question(fact_key: str, key: str) -> Question:
    question = db.session.scalar(
        select(Question).join(Fact).where(Fact.key == fact_key, Question.key == key)
    )
    assert question is not None
    return question


@pytest.fixture
def loaded_example(app: Flask, tmp_path: Path) -> tuple[str, Path]:
    """The README's example bank, loaded: its text and its file."""
    text = example_bank_text()
    path = write_bank(tmp_path / "moon", text)
    assert run_content(app, "load", str(path)).exit_code == 0
    return text, path


def test_an_edited_question_is_updated_in_place_and_keeps_its_reviews(
    app: Flask, loaded_example: tuple[str, Path]
) -> None:
    text, path = loaded_example
    typed = _question("first-steps", "typed")
    review, state = _learner_history(typed)
    ids = (typed.id, review.id, state.id)

    edited = text.replace(
        "Who was the first person to walk on the Moon?", "Who first walked on the Moon?"
    ).replace('answer = "Neil Armstrong"', 'answer = "Neil A. Armstrong"')
    path.write_text(edited, encoding="utf-8")
    result = run_content(app, "load", str(path))

    assert result.exit_code == 0, result.output
    assert "0 added" in result.output and "retired" in result.output
    typed = _question("first-steps", "typed")
    assert (typed.prompt, typed.answer, typed.active) == (
        "Who first walked on the Moon?",
        "Neil A. Armstrong",
        True,
    )
    assert typed.id == ids[0]
    review = db.session.get(Review, ids[1])
    state = db.session.get(MemoryState, ids[2])
    assert review is not None and state is not None
    assert (review.question_id, review.fact_id) == (typed.id, typed.fact_id)
    assert (state.fact_id, state.stability) == (typed.fact_id, 30.0)


def test_a_removed_fact_is_retired_with_its_reviews_kept_and_returns_when_restored(
    app: Flask, loaded_example: tuple[str, Path]
) -> None:
    text, path = loaded_example
    review, state = _learner_history(_question("first-steps", "cloze"))
    review_id, state_id = review.id, state.id
    fact_ids = set(db.session.scalars(select(Fact.id)))

    without = text[: text.index("[[facts]]", text.index("[[facts]]") + 1)]
    path.write_text(without, encoding="utf-8")
    removed = run_content(app, "load", str(path))

    assert "facts 0 added, 0 updated, 1 retired; questions 0 added, 0 updated, 6 retired" in (
        removed.output
    )
    steps = db.session.scalar(select(Fact).where(Fact.key == "first-steps"))
    assert steps is not None and not steps.active
    assert not any(question.active for question in steps.questions)
    assert db.session.get(Review, review_id) is not None
    assert db.session.get(MemoryState, state_id) is not None

    path.write_text(text, encoding="utf-8")
    run_content(app, "load", str(path))
    assert set(db.session.scalars(select(Fact.id))) == fact_ids
    assert db.session.scalar(select(Fact.active).where(Fact.key == "first-steps")) is True


def test_a_question_no_longer_generated_is_retired_not_deleted(app: Flask, tmp_path: Path) -> None:
    path = write_bank(tmp_path / "moon", example_bank_text())
    run_content(app, "load", str(path))
    old = _question("first-steps", "typed")
    retired = Question(fact_id=old.fact_id, key="an-old-form", kind="typed", prompt="?", answer="!")
    db.session.add(retired)
    db.session.commit()
    review, _state = _learner_history(retired)
    review_id, retired_id = review.id, retired.id

    result = run_content(app, "load", "--force", str(path))

    assert "questions 0 added, 0 updated, 1 retired" in result.output
    question = db.session.get(Question, retired_id)
    assert question is not None and question.active is False
    review = db.session.get(Review, review_id)
    assert review is not None and review.question_id == retired_id


def test_a_teachers_bank_is_never_overwritten_by_content(app: Flask, tmp_path: Path) -> None:
    teacher = make_user(role="teacher")
    make_bank(slug="moon", owner=teacher, title="My moon quiz")
    path = write_bank(tmp_path / "moon", example_bank_text())

    result = run_content(app, "load", str(path))

    assert result.exit_code == 1
    assert "slug 'moon' belongs to a teacher's bank" in result.output
    assert db.session.scalar(select(Bank.title).where(Bank.slug == "moon")) == "My moon quiz"
    assert db.session.scalar(select(func.count()).select_from(Fact)) == 0


def test_a_missing_path_is_a_clear_problem(app: Flask, tmp_path: Path) -> None:
    result = run_content(app, "check", str(tmp_path / "nowhere"))

    assert result.exit_code == 1
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in result.output


def test_the_shipped_bank_passes_check_and_loads_every_kind(app: Flask) -> None:
    checked = run_content(app, "check")
    loaded = run_content(app, "load")
    again = run_content(app, "load")

    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("OK: 1 bank, ")  # not "1 bank(s)"
    assert loaded.exit_code == 0, loaded.output
    assert "defectors-day: unchanged since the last load, skipped" in again.output
    bank = db.session.scalar(select(Bank).where(Bank.slug == "defectors-day"))
    assert bank is not None
    assert bank.source_publication and bank.source_headline and bank.source_date
    facts = [fact for fact in bank.facts if fact.active]
    assert len(facts) >= 16
    assert all(re.fullmatch(r"paragraph [0-9]+", fact.source_ref) for fact in facts)
    assert all(1 <= fact.source_paragraph <= STORY_PARAGRAPHS for fact in facts)
    active = [question for fact in facts for question in fact.questions if question.active]
    assert len(active) >= 48
    assert {question.kind for question in active} == {kind.value for kind in QuestionKind}


@pytest.mark.skipif(not STORY.exists(), reason=STORY_MISSING)
def test_no_file_in_the_repository_repeats_eight_words_of_the_story() -> None:
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.lower())

    story = words(STORY.read_text(encoding="utf-8"))
    runs = {tuple(story[i : i + 8]) for i in range(len(story) - 7)}
    skipped = {".git", ".venv", "instance", "__pycache__", "node_modules", ".ruff_cache"}
    copied = []
    for path in REPO.rglob("*"):
        if not path.is_file() or skipped & set(path.relative_to(REPO).parts):
            continue
        try:
            found = words(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
        copied += [
            f"{path.relative_to(REPO)}: {' '.join(found[i : i + 8])}"
            for i in range(len(found) - 7)
            if tuple(found[i : i + 8]) in runs
        ]
    assert copied == []


def test_the_shipped_bank_source_page_shows_each_fact_with_its_paragraph(
    app: Flask, student_client: Any
) -> None:
    run_content(app, "load")

    page = student_client.get("/banks/defectors-day/source").get_data(as_text=True)

    assert 'id="fact-park-founded-woorion"' in page
    assert "Woorion" in page and "paragraph 4" in page
    assert "Benzinga (reporting CNN)" in page


@pytest.mark.skipif(not STORY.exists(), reason=STORY_MISSING)
def test_the_shipped_bank_cites_the_storys_own_paragraphs() -> None:
    """Every answer that the story states in so many words is in the paragraph cited."""
    paragraphs, _dropped = read_article(STORY.read_text(encoding="utf-8"))
    assert len(paragraphs) == STORY_PARAGRAPHS
    checked = check_path(SHIPPED)
    assert checked.ok, checked.problems
    cited = 0
    for fact in checked.banks[0].facts:
        said = [
            normalise(p.text) for p in paragraphs if normalise(fact.answer) in normalise(p.text)
        ]
        if said:
            cited += 1
            assert normalise(paragraphs[fact.paragraph - 1].text) in said, fact.key
    assert cited >= 15


def test_the_shipped_bank_has_one_right_answer_per_question() -> None:
    """No distractor is a right answer, options are of one kind, every fact has a full
    ladder, and no claim is left untaught."""
    bank = check_path(SHIPPED).banks[0]
    for fact in bank.facts:
        for distractor in fact.distractors:
            assert grade_text(distractor, [fact.answer, *fact.variants]) is Outcome.WRONG
            assert answer_kind(distractor) == answer_kind(fact.answer), (fact.key, distractor)
        assert fact.cloze and fact.distractors and fact.false_statement, fact.key
    answers = {normalise(fact.answer) for fact in bank.facts}
    for claim in ("sunday", "hundreds", "pyongyang", "a very high price", "celebrate it"):
        assert claim in answers


def _says(text: str, answer: str) -> bool:
    """Whether ``text`` shows ``answer`` as words of its own; an acronym ("US") only in
    capitals, so the pronoun "us" is not the United States."""
    if answer.isupper():
        return re.search(rf"\b{re.escape(answer)}\b", text) is not None
    return f" {normalise(answer)} " in f" {normalise(text)} "


def test_no_question_of_the_shipped_bank_shows_another_facts_answer() -> None:
    """A quiz asks every fact: a prompt or cloze that names another fact's answer gives
    that one away ("...struggles: discrimination, stigma and what else?" beside "what
    do many defectors face besides financial hardship and stigma?")."""
    facts = check_path(SHIPPED).banks[0].facts
    given_away = [
        f"{other.key} shows {fact.key}'s answer {answer!r}"
        for fact in facts
        for answer in (fact.answer, *fact.variants)
        for other in facts
        if other is not fact and any(_says(text, answer) for text in (other.prompt, other.cloze))
    ]
    assert given_away == []


# Answers a fair teacher takes, each in the bank's or the story's own words, or the
# plain word a student reaches for: (fact key, typed answer).
FAIR_ANSWERS = [
    ("struggles-on-arrival", "money troubles"),  # the bank's own words for it
    ("struggles-on-arrival", "financial problems"),
    ("changing-perceptions", "public perception"),
    ("changing-perceptions", "people's perceptions"),
    ("changing-perceptions", "these perceptions"),  # the story's own phrase
    ("park-quote", "we all have to celebrate it"),  # Park's own modal
    ("park-quote", "celebrate Defectors' Day"),
    ("warning-over-leaflets", "a new leafleting campaign"),  # the story's adjective
]


# Korean names as a Korean student writes them: in Hangul, or in the Revised
# Romanisation their school teaches (the bank listed only McCune-Reischauer-like forms).
KOREAN_NAMES = [
    ("dongdaemun-design-plaza", "동대문디자인플라자"),
    ("nuclear-talks-june", "미국"),  # the United States
    ("pyongyang-rule", "Pyeongyang"),
    ("music-food-joy", "Kim Jeong-eun"),
    ("kim-yo-jong-warning", "Kim Yeo-jeong"),
]


def _refused(app: Flask, answers: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """Each (fact key, answer) the shipped bank does not take as right, typed in a card
    (the typed and the cloze form), with the grader's reason."""
    run_content(app, "load")
    return [
        (key, form, answer, verdict.reason)
        for key, answer in answers
        for form in ("typed", "cloze")
        if (verdict := judge_answer(_question(key, form), answer)).outcome is not Outcome.CORRECT
    ]


def test_the_shipped_bank_takes_the_answers_a_fair_teacher_would(app: Flask) -> None:
    """Each was marked wrong."""
    assert _refused(app, FAIR_ANSWERS) == []


def test_the_shipped_bank_takes_korean_names_in_hangul_and_revised_romanisation(
    app: Flask,
) -> None:
    """Each was marked wrong ("Pyeongyang" only "almost", one letter off)."""
    assert _refused(app, KOREAN_NAMES) == []


def _shipped_fact(key: str) -> Any:
    return next(fact for fact in check_path(SHIPPED).banks[0].facts if fact.key == key)


def test_the_pyongyang_true_false_question_is_answered_by_the_story() -> None:
    """The statement "Pyongyang is the capital of South Korea" was false by geography: the story
    names no capital, so the question taught nothing of it. The false statement now
    contradicts what the article says of Pyongyang's rule."""
    false = _shipped_fact("pyongyang-rule").false_statement
    assert "capital" not in false
    assert "article" in false and "Pyongyang" in false


def test_parks_words_are_explained_as_the_article_gives_them() -> None:
    """The explanation said Park "told CNN" the day is one everybody "should" celebrate:
    the article names nobody he spoke to, and his words are "have to"."""
    explanation = _shipped_fact("park-quote").explanation
    assert "CNN" not in explanation
    assert "have to" in explanation


def test_each_struggle_cloze_says_which_struggle_its_blank_is() -> None:
    """The cloze "many defectors face ___, as well as stigma" took discrimination as well as
    financial hardship, yet marked discrimination wrong: each cloze of the article's
    list of struggles says which one it wants, as its prompt does."""
    assert "money" in _shipped_fact("struggles-on-arrival").cloze
    assert "unfairly" in _shipped_fact("discrimination").cloze


# Openings that lean on the sentence before: a true/false question is asked alone.
_LEANING = re.compile(r"^(?:That|This(?! article)|These|Those|It|He|She|They|The same|The day)\b")


def test_every_true_false_statement_stands_alone() -> None:
    """ "That same June, defectors in Seoul floated balloons..." was asked in a quiz with
    no June before it: each statement names its own subject and time."""
    bank = check_path(SHIPPED).banks[0]
    leaning = [
        (fact.key, text)
        for fact in bank.facts
        for text in (fact.statement, fact.false_statement)
        if _LEANING.match(text)
    ]
    assert leaning == []


def test_the_hope_for_the_day_is_explained_as_the_activists_and_authorities() -> None:
    """The explanation gave the hope to "those behind the day": the article gives it
    to activists and the authorities, and names no organiser."""
    explanation = _shipped_fact("changing-perceptions").explanation
    assert "behind the day" not in explanation
    assert "activists" in explanation.lower() and "authorities" in explanation


def test_the_nuclear_talks_keep_the_articles_hedge_on_the_threats() -> None:
    """The article has the talks answer *potential* threats from the North; the prompt and
    the cloze made them threats outright."""
    fact = _shipped_fact("nuclear-talks-june")
    assert all("possible threats" in text for text in (fact.prompt, fact.cloze))


def test_the_tax_benefits_are_a_promise_as_the_article_says() -> None:
    """Yoon promised to offer tax benefits; the prompt and the cloze said he offered
    them, as if they were already given."""
    fact = _shipped_fact("tax-benefits-for-hiring")
    assert all("promise" in text for text in (fact.statement, fact.prompt, fact.cloze))


def test_the_summary_tells_edits_from_moves_and_restored_facts(
    app: Flask, loaded_example: tuple[str, Path]
) -> None:
    """Removing the first fact moves the others up the story: before, the summary called
    every later fact "updated" (20 of the shipped bank's 22 for one removal), and a fact
    put back was "updated" too."""
    text, path = loaded_example
    first = text.index("[[facts]]")
    second = text.index("[[facts]]", first + 1)
    path.write_text(text[:first] + text[second:], encoding="utf-8")

    removed = run_content(app, "load", str(path))

    assert "moon: facts 0 added, 0 updated, 1 retired, 1 moved; questions 0 added, 0 " in (
        removed.output
    )
    path.write_text(text, encoding="utf-8")
    restored = run_content(app, "load", str(path))
    assert (
        "moon: facts 0 added, 0 updated, 0 retired, 1 restored, 1 moved; "
        "questions 0 added, 0 updated, 0 retired, 6 restored"
    ) in restored.output


def test_a_renamed_fact_keeps_its_learners_progress_with_previous_keys(
    app: Flask, loaded_example: tuple[str, Path]
) -> None:
    """Changing a key used to retire the fact and start a new one without anyone's
    progress; naming the old key in ``previous_keys`` carries the fact over."""
    text, path = loaded_example
    review, state = _learner_history(_question("first-steps", "cloze"))
    review_id, state_id, fact_id = review.id, state.id, state.fact_id
    renamed = text.replace(
        'key = "first-steps"', 'key = "armstrong-first"\nprevious_keys = ["first-steps"]'
    )
    path.write_text(renamed, encoding="utf-8")

    result = run_content(app, "load", str(path))

    assert result.exit_code == 0, result.output
    assert "facts 0 added, 0 updated, 0 retired, 1 renamed" in result.output
    fact = db.session.get(Fact, fact_id)
    assert fact is not None and (fact.key, fact.active) == ("armstrong-first", True)
    assert db.session.get(Review, review_id) is not None
    state = db.session.get(MemoryState, state_id)
    assert state is not None and state.fact_id == fact_id
    assert db.session.scalar(select(func.count()).select_from(Fact)) == 2  # no new fact

    again = run_content(app, "load", "--force", str(path))
    assert "moon: nothing to change" in again.output


def test_a_previous_key_that_is_another_facts_key_is_refused(app: Flask, tmp_path: Path) -> None:
    text = example_bank_text().replace(
        'key = "first-steps"', 'key = "first-steps"\nprevious_keys = ["apollo-11-date"]'
    )
    path = write_bank(tmp_path / "moon", text)
    result = run_content(app, "check", str(path))
    assert result.exit_code == 1
    assert "previous key 'apollo-11-date' is the key of another fact" in result.output
