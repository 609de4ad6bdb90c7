"""A teacher renames their own bank, and deletes one nobody else has used."""

from __future__ import annotations

import html
import json

import pytest
from sqlalchemy import delete, func, select

from quizapp.extensions import db
from quizapp.models import Assignment, Bank, Fact, Question, Review
from tests.support.clients import CSRFClient, logged_in_client
from tests.support.factories import (
    make_attempt,
    make_classroom,
    make_memory_state,
    make_review,
    make_user,
)
from tests.support.races import while_paused
from tests.support.study_fixtures import make_study_bank
from tests.support.teach_fixtures import fixture_bytes, pending_id_from, upload


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_teacher_renames_their_bank_and_its_page_and_address_follow(teacher_client, teacher):
    bank = make_study_bank(facts=1, owner=teacher, slug="unit-1", title="Unit 1")
    page = teacher_client.get("/teach/banks/unit-1").get_data(as_text=True)
    assert 'href="/teach/banks/unit-1/settings"' in page

    response = teacher_client.post(
        "/teach/banks/unit-1/settings",
        data={"title": "  Resettlement, week 1 ", "description": "Read paragraph 1 first."},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Saved. The bank is now called Resettlement, week 1." in page
    assert "<h1>Resettlement, week 1</h1>" in page and "Read paragraph 1 first." in page
    db.session.refresh(bank)
    assert (bank.slug, bank.title) == ("unit-1", "Resettlement, week 1")


def test_a_blank_or_overlong_name_is_refused_with_a_message_and_nothing_changes(
    teacher_client, teacher
):
    make_study_bank(facts=1, owner=teacher, slug="unit-1", title="Unit 1")
    for title, message in (("   ", "This field is required."), ("x" * 201, "200 characters")):
        page = teacher_client.post(
            "/teach/banks/unit-1/settings", data={"title": title, "description": ""}
        ).get_data(as_text=True)
        assert message in page and 'aria-invalid="true"' in page
    assert db.session.scalar(select(Bank.title)) == "Unit 1"


def test_a_name_given_later_stays_when_the_same_file_is_uploaded_again(teacher_client, teacher):
    data = fixture_bytes("aiken.txt")
    teacher_client.post(f"/teach/uploads/{_pending(teacher_client, data)}/import")
    slug = db.session.scalar(select(Bank.slug).where(Bank.owner_id == teacher.id))
    teacher_client.post(
        f"/teach/banks/{slug}/settings", data={"title": "Quiz for Friday", "description": ""}
    )
    teacher_client.post(f"/teach/uploads/{_pending(teacher_client, data)}/import")
    db.session.expire_all()
    assert db.session.scalars(select(Bank.title)).all() == ["Quiz for Friday"]


def _pending(client: CSRFClient, data: bytes, name: str = "aiken.txt") -> int:
    return pending_id_from(upload(client, name, data).get_data(as_text=True))


def test_a_bank_nobody_else_used_is_deleted_with_the_owners_own_practice(teacher_client, teacher):
    bank = make_study_bank(facts=2, owner=teacher, slug="mistake", title="Wrong file")
    bank_id = bank.id
    question = db.session.scalars(select(Question)).first()
    make_review(teacher, question)
    make_attempt(teacher, bank, {question: True})
    keep = make_study_bank(facts=1, owner=teacher, slug="keep", title="Keep me")

    settings = teacher_client.get("/teach/banks/mistake/settings").get_data(as_text=True)
    assert 'href="/teach/banks/mistake/delete"' in settings
    confirm = teacher_client.get("/teach/banks/mistake/delete").get_data(as_text=True)
    assert "Delete the bank Wrong file?" in confirm and "2 facts" in confirm

    wrong = teacher_client.post("/teach/banks/mistake/delete", data={"confirm_password": "nope"})
    assert "That is not your password. Nothing was deleted." in wrong.get_data(as_text=True)
    assert db.session.get(Bank, bank_id) is not None

    done = teacher_client.post(
        "/teach/banks/mistake/delete",
        data={"confirm_password": "correct horse"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "The bank Wrong file is deleted." in done and "Keep me" in done
    db.session.expire_all()
    assert db.session.scalars(select(Bank.slug)).all() == [keep.slug]
    assert db.session.scalar(select(func.count(Fact.id)).where(Fact.bank_id == bank_id)) == 0
    assert _count(Review) == 0
    assert teacher_client.get("/teach/banks/mistake").status_code == 404


def test_a_bank_a_class_has_or_a_learner_studied_is_not_deleted_and_the_page_says_why(
    teacher_client, teacher
):
    bank = make_study_bank(facts=1, owner=teacher, slug="used", title="Used bank")
    learner = make_user(email="sam@example.org")
    room = make_classroom(teacher, name="Year 9", students=[learner], banks=[bank])
    question = db.session.scalars(select(Question)).first()
    make_review(learner, question)
    make_memory_state(learner, question.fact)

    settings = teacher_client.get("/teach/banks/used/settings").get_data(as_text=True)
    assert "It is assigned to Year 9. Take it off those classes first." in settings
    assert "1 learner has studied it" in settings
    assert 'href="/teach/banks/used/delete"' not in settings

    # Sent anyway (an old tab, a forged form): refused, and everything is still there.
    response = teacher_client.post(
        "/teach/banks/used/delete",
        data={"confirm_password": "correct horse"},
        follow_redirects=True,
    )
    assert "Used bank was not deleted." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Bank, bank.id) is not None and _count(Review) == 1
    assert room.id is not None


def test_built_in_banks_and_other_teachers_banks_have_no_settings(teacher_client, teacher):
    make_study_bank(facts=1, slug="built-in", title="Built in")
    other = make_user(email="other@example.org", role="teacher")
    make_study_bank(facts=1, owner=other, slug="theirs", title="Theirs")
    assert teacher_client.get("/teach/banks/built-in/settings").status_code == 403
    assert teacher_client.post("/teach/banks/built-in/delete").status_code == 403
    assert teacher_client.get("/teach/banks/theirs/settings").status_code == 404
    response = teacher_client.post(
        "/teach/banks/theirs/settings", data={"title": "Mine now", "description": ""}
    )
    assert response.status_code == 404
    assert db.session.scalar(select(Bank.title).where(Bank.slug == "theirs")) == "Theirs"


_JSON_BANK = json.dumps(
    {
        "format": "quizapp-bank",
        "version": 1,
        "bank": {"title": "Defectors' Day", "description": "Own words."},
        "facts": [
            {"key": "venue", "statement": "The first celebration was held in Seoul.",
             "questions": [{"key": "typed", "kind": "typed", "prompt": "Where?",
                            "answer": "Seoul"}]},
        ],
    }
).encode()  # fmt: skip


def test_a_name_given_later_stays_when_our_json_file_naming_its_bank_is_uploaded_again(
    teacher_client, teacher
):
    """The JSON download names its bank; uploading it again still keeps the new name."""
    teacher_client.post(
        f"/teach/uploads/{_pending(teacher_client, _JSON_BANK, 'unit.json')}/import"
    )
    slug = db.session.scalar(select(Bank.slug).where(Bank.owner_id == teacher.id))
    teacher_client.post(
        f"/teach/banks/{slug}/settings", data={"title": "Quiz for Friday", "description": ""}
    )
    teacher_client.post(
        f"/teach/uploads/{_pending(teacher_client, _JSON_BANK, 'unit.json')}/import"
    )
    db.session.expire_all()
    assert db.session.scalars(select(Bank.title)).all() == ["Quiz for Friday"]


def test_the_bank_name_a_teacher_types_wins_over_the_name_a_json_file_gives(
    teacher_client, teacher
):
    """Untyped, the JSON file's own title names the new bank; typed, the teacher's name
    does, on the preview and in the bank, and the preview says which bank it makes."""
    page = upload(teacher_client, "unit.json", _JSON_BANK).get_data(as_text=True)
    assert "This file makes a new bank, <strong>Defectors&#39; Day</strong>" in page
    page = upload(teacher_client, "unit.json", _JSON_BANK, bank_title="Week 3").get_data(
        as_text=True
    )
    assert "This file makes a new bank, <strong>Week 3</strong>" in page
    teacher_client.post(f"/teach/uploads/{pending_id_from(page)}/import")
    db.session.expire_all()
    assert db.session.scalars(select(Bank.title)).all() == ["Week 3"]


def test_assigning_a_bank_while_it_is_deleted_says_so_and_assigns_nothing(
    app, teacher_client, teacher, is_postgres
):
    """The teacher deletes a bank in one tab while assigning it to a class in another:
    the deletion goes first, and the assignment is told the bank is gone (it used to
    fail on the deleted bank's key, an error page)."""
    if not is_postgres:
        pytest.skip("SQLite's write lock runs a deletion and an assignment one after the other")
    bank = make_study_bank(facts=1, owner=teacher, slug="unit-1", title="Unit 1")
    classroom = make_classroom(teacher, name="Year 9")
    other_tab = logged_in_client(app, teacher.email)
    url, form = f"/teach/classes/{classroom.id}/assignments", {"bank_id": str(bank.id)}
    deleted, assigned = _while_unit_1_is_deleted(app, teacher_client, other_tab, url, form)

    for response in (deleted, assigned):
        assert not isinstance(response, Exception), response
        assert response.status_code < 500, response.status_code
    page = other_tab.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert "That bank was deleted meanwhile, so it was not assigned." in html.unescape(page)
    assert _count(Bank) == 0 and _count(Assignment) == 0


def _while_unit_1_is_deleted(app, teacher_client, other_tab, url, form):
    """The teacher deletes bank "unit-1"; while the deletion has deleted it and not yet
    committed, ``other_tab`` posts ``form`` to ``url``. Both responses."""
    db.session.rollback()

    def delete():
        return teacher_client.post(
            "/teach/banks/unit-1/delete", data={"confirm_password": "correct horse"}
        )

    return while_paused(app, db.engine, delete, "COMMIT", lambda: other_tab.post(url, data=form))


def _edits(bank: Bank) -> dict[str, tuple[str, dict[str, str]]]:
    """Each form of the bank editor that writes into the bank: its address and a form."""
    fact = bank.facts[0]
    question = fact.questions[0]
    base = f"/teach/banks/{bank.slug}"
    typed = {"kind": "typed", "prompt": "Where?", "answer": "Seoul"}
    return {
        "add a fact": (f"{base}/facts/new", {"key": "venue", "statement": "It was in Seoul."}),
        "add a question": (f"{base}/facts/{fact.id}/questions/new", {"key": "where", **typed}),
        "edit a question": (f"{base}/questions/{question.id}/edit", {"key": "typed", **typed}),
        "retire a fact": (f"{base}/facts/{fact.id}/retire", {}),
    }


@pytest.mark.parametrize(
    "edit", ["add a fact", "add a question", "edit a question", "retire a fact"]
)
def test_an_edit_while_the_bank_is_deleted_says_it_is_gone_and_the_deletion_holds(
    app, teacher_client, teacher, is_postgres, edit
):
    """The teacher deletes a bank in one tab while saving a form of its editor in
    another, the deletion first: the form is answered "not found" (the bank is gone)
    instead of failing on the deleted bank's key (an error page)."""
    if not is_postgres:
        pytest.skip("SQLite's write lock runs a deletion and an edit one after the other")
    bank = make_study_bank(facts=1, kinds=("typed",), owner=teacher, slug="unit-1")
    url, form = _edits(bank)[edit]
    other_tab = logged_in_client(app, teacher.email)
    deleted, saved = _while_unit_1_is_deleted(app, teacher_client, other_tab, url, form)

    for response in (deleted, saved):
        assert not isinstance(response, Exception), response
    assert (deleted.status_code, saved.status_code) == (302, 404)
    assert "This bank was deleted" in saved.get_data(as_text=True)
    assert _count(Bank) == 0 and _count(Fact) == 0 and _count(Question) == 0


def test_a_deletion_while_a_question_is_added_waits_and_takes_the_question_too(
    app, teacher_client, teacher, is_postgres
):
    """The other order: the question is added first (not yet committed); the deletion
    waits for it and deletes it with the rest, instead of failing on it."""
    if not is_postgres:
        pytest.skip("SQLite's write lock runs a deletion and an edit one after the other")
    bank = make_study_bank(facts=1, kinds=("typed",), owner=teacher, slug="unit-1")
    url, form = _edits(bank)["add a question"]
    other_tab = logged_in_client(app, teacher.email)
    db.session.rollback()

    def delete():
        return teacher_client.post(
            "/teach/banks/unit-1/delete", data={"confirm_password": "correct horse"}
        )

    added, deleted = while_paused(
        app, db.engine, lambda: other_tab.post(url, data=form), "COMMIT", delete
    )

    for response in (added, deleted):
        assert not isinstance(response, Exception), response
    assert (added.status_code, deleted.status_code) == (302, 302)
    assert _count(Bank) == 0 and _count(Fact) == 0 and _count(Question) == 0


def test_a_deletion_while_a_student_answers_waits_and_keeps_the_answer(
    app, teacher_client, teacher, student, is_postgres
):
    """The bank was taken off the class, but a student still had one of its cards on
    screen and answers it as the teacher deletes the bank: the deletion waits for the
    answer and is then refused because a learner studied the bank, as it is one after
    the other. It used to go on, erase the student's answer, then fail on the next
    card the answer had issued (an error page)."""
    if not is_postgres:
        pytest.skip("SQLite's write lock runs a deletion and an answer one after the other")
    bank = make_study_bank(facts=3, kinds=("typed",), owner=teacher, slug="unit-1")
    make_classroom(teacher, students=[student], banks=[bank])
    learner = logged_in_client(app, student.email)
    page = learner.get("/study/").get_data(as_text=True)
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    db.session.execute(delete(Assignment))  # taken off the class, the card still on screen
    db.session.commit()

    def delete_bank():
        return teacher_client.post(
            "/teach/banks/unit-1/delete", data={"confirm_password": "correct horse"}
        )

    def answer():
        return learner.post("/study/answer", data={"token": token, "response": "a guess"})

    answered, deleted = while_paused(app, db.engine, answer, "COMMIT", delete_bank)

    for response in (answered, deleted):
        assert not isinstance(response, Exception), response
    assert (answered.status_code, deleted.status_code) == (200, 302)
    settings = teacher_client.get(deleted.headers["Location"]).get_data(as_text=True)
    assert "was not deleted" in settings
    assert _count(Bank) == 1 and _count(Review) == 1


def test_a_teacher_makes_an_empty_bank_by_hand_and_adds_its_first_fact(teacher_client, teacher):
    # Probe: like Quizlet's "Create a set", without a file to upload first.
    page = teacher_client.get("/teach/banks/").get_data(as_text=True)
    assert 'href="/teach/banks/new"' in page
    made = teacher_client.post(
        "/teach/banks/new", data={"title": " Unit 2 ", "description": "Week two."}
    )
    bank = db.session.scalar(select(Bank))
    assert (bank.title, bank.description, bank.owner_id) == ("Unit 2", "Week two.", teacher.id)
    assert made.headers["Location"].endswith(f"/teach/banks/{bank.slug}")
    page = teacher_client.get(made.headers["Location"]).get_data(as_text=True)
    assert "Unit 2 is ready: add its first fact." in page
    assert f'href="/teach/banks/{bank.slug}/facts/new"' in page
    again = teacher_client.post("/teach/banks/new", data={"title": "unit 2"}, follow_redirects=True)
    assert "You already have a bank named Unit 2: here it is." in again.get_data(as_text=True)
    assert _count(Bank) == 1


def test_a_bank_without_a_name_is_refused_with_422(teacher_client):
    refused = teacher_client.post("/teach/banks/new", data={"title": " ", "description": "Kept."})
    assert refused.status_code == 422 and "Kept." in refused.get_data(as_text=True)
    assert _count(Bank) == 0


def test_a_refused_rename_or_new_class_answers_422_like_every_refused_form(teacher_client, teacher):
    bank = make_study_bank(facts=1, owner=teacher, slug="unit-1", title="Unit 1")
    refused = teacher_client.post(
        f"/teach/banks/{bank.slug}/settings", data={"title": " ", "description": "Kept."}
    )
    assert refused.status_code == 422 and "Kept." in refused.get_data(as_text=True)
    assert teacher_client.post("/teach/classes/", data={"name": " "}).status_code == 422


def test_a_bank_made_by_hand_is_not_told_to_upload_its_file_again(teacher_client):
    """A bank with no upload said "upload the same file again to update it": what file?"""
    made = teacher_client.post("/teach/banks/new", data={"title": "Unit 2"})
    page = teacher_client.get(made.headers["Location"]).get_data(as_text=True)
    assert "upload the same file again" not in page
    assert "Your bank: add, edit and retire its facts below." in page
