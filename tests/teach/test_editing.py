"""Editing banks in the browser: own banks only, retire instead of delete."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.importers.save import save_question_set
from quizapp.importers.text import MAX_TEXT_LENGTH
from quizapp.models import Fact, Question
from tests.support.factories import make_bank, make_fact, make_question, make_user
from tests.support.teach_fixtures import edit_question, parsed_without_errors, retire_question


def test_a_teacher_adds_a_fact_and_a_question(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    teacher_client.post(
        f"/teach/banks/{bank.slug}/facts/new",
        data={"key": "venue", "statement": "The first day was held in Seoul.", "topic": "Venue"},
    )
    fact = db.session.scalar(select(Fact))
    assert (fact.key, fact.topic) == ("venue", "Venue")
    response = teacher_client.post(
        f"/teach/banks/{bank.slug}/facts/{fact.id}/questions/new",
        data={
            "key": "mc",
            "kind": "multiple_choice",
            "prompt": "Where was the first day held?",
            "answer": "Seoul",
            "choices": "Busan\nIncheon\nDaegu\n",
        },
    )
    assert response.status_code == 302
    question = db.session.scalar(select(Question))
    assert question.choices == ["Busan", "Incheon", "Daegu"] and question.active


@pytest.mark.parametrize(
    "prompt",
    [
        "No blank here",
        # A second blank written with spaces or capitals showed learners "{{ Blank }}".
        "{{blank}} met {{ Blank }}.",
    ],
)
def test_a_cloze_without_exactly_one_blank_is_refused_with_a_message(
    teacher_client, teacher, prompt
):
    bank = make_bank(owner=teacher)
    fact = make_fact(bank)
    page = teacher_client.post(
        f"/teach/banks/{bank.slug}/facts/{fact.id}/questions/new",
        data={"key": "c", "kind": "cloze", "prompt": prompt, "answer": "x"},
    ).get_data(as_text=True)
    assert "exactly one {{blank}}" in page
    assert db.session.scalar(select(Question)) is None


def test_editing_a_question_changes_it_in_place(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    question = make_question(make_fact(bank), kind="typed", answer="Seoul")
    edit_question(
        teacher_client, question, prompt="Which city?", answer="Seoul", accepted_variants="서울\n"
    )
    db.session.refresh(question)
    assert (question.prompt, question.accepted_variants) == ("Which city?", ["서울"])


def test_retiring_keeps_the_row_and_restoring_brings_it_back(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    fact = make_fact(bank)
    question = make_question(fact)
    teacher_client.post(f"/teach/banks/{bank.slug}/questions/{question.id}/retire")
    teacher_client.post(f"/teach/banks/{bank.slug}/facts/{fact.id}/retire")
    db.session.refresh(question)
    db.session.refresh(fact)
    assert question.active is False and fact.active is False
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert "retired" in page
    teacher_client.post(f"/teach/banks/{bank.slug}/facts/{fact.id}/restore")
    db.session.refresh(fact)
    assert fact.active is True


def test_built_in_banks_are_read_only(teacher_client):
    bank = make_bank(slug="built-in")
    fact = make_fact(bank)
    question = make_question(fact)
    page = teacher_client.get("/teach/banks/built-in").get_data(as_text=True)
    assert "read-only" in page and "Add a fact" not in page
    assert teacher_client.get("/teach/banks/built-in/facts/new").status_code == 403
    assert retire_question(teacher_client, "built-in", question) == 403
    db.session.refresh(question)
    assert question.active is True


def test_another_teachers_bank_is_not_found(teacher_client):
    other = make_user(role="teacher")
    bank = make_bank(owner=other, slug="theirs")
    question = make_question(make_fact(bank))
    assert teacher_client.get("/teach/banks/theirs").status_code == 404
    assert teacher_client.get("/teach/banks/theirs/export/csv").status_code == 404
    assert retire_question(teacher_client, "theirs", question) == 404
    db.session.refresh(question)
    assert question.active is True


def test_a_question_id_from_another_bank_is_not_found(teacher_client, teacher):
    mine = make_bank(owner=teacher)
    other = make_question(make_fact(make_bank(owner=make_user(role="teacher"))))
    url = f"/teach/banks/{mine.slug}/questions/{other.id}/edit"
    assert teacher_client.get(url).status_code == 404


def test_every_workspace_page_opens_for_the_owner(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    fact = make_fact(bank)
    question = make_question(fact, kind="multiple_choice", choices=["a", "b", "c"])
    for url in (
        "/teach/banks/",
        f"/teach/banks/{bank.slug}",
        f"/teach/banks/{bank.slug}/facts/new",
        f"/teach/banks/{bank.slug}/facts/{fact.id}/edit",
        f"/teach/banks/{bank.slug}/facts/{fact.id}/questions/new",
        f"/teach/banks/{bank.slug}/questions/{question.id}/edit",
        "/teach/classes/",
        "/teach/uploads/new",
    ):
        response = teacher_client.get(url)
        assert response.status_code == 200, url
        assert (
            "<label" in response.get_data(as_text=True)
            or url.endswith(bank.slug)
            or url.endswith("banks/")
        )


def test_the_question_form_shows_the_current_options_one_per_line(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    question = make_question(make_fact(bank), kind="multiple_choice", choices=["Busan", "Daegu"])
    page = teacher_client.get(f"/teach/banks/{bank.slug}/questions/{question.id}/edit")
    assert "Busan\nDaegu</textarea>" in page.get_data(as_text=True)


def test_a_wrong_option_that_grading_takes_for_the_answer_is_refused(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    question = make_question(
        make_fact(bank), kind="multiple_choice", answer="Seoul", choices=["Busan"]
    )
    for choices, message in (
        ("Busan\nseoul\n", "the right answer is also listed as a wrong option"),
        ("Busan\nIncheon\nBusan\n", "listed twice"),
    ):
        page = edit_question(
            teacher_client, question, prompt="Capital?", answer="Seoul", choices=choices
        ).get_data(as_text=True)
        assert message in page.lower()
        db.session.refresh(question)
        assert question.choices == ["Busan"]


TYPO_CSV = (
    b"prompt,answer,kind,distractors\nCapital of South Korea?,Seol,multiple_choice,Busan|Incheon\n"
)


def test_editing_the_answer_rewrites_the_statement_made_from_the_question(teacher_client, teacher):
    save_question_set(parsed_without_errors(TYPO_CSV, "typo.csv"), teacher, "Typo fix")
    question = db.session.scalar(select(Question))
    assert question.fact.statement == "Capital of South Korea? — Seol"
    edit_question(
        teacher_client,
        question,
        prompt=question.prompt,
        answer="Seoul",
        choices="Busan\nIncheon",
    )
    page = teacher_client.get(f"/teach/banks/{question.fact.bank.slug}").get_data(as_text=True)
    assert "Capital of South Korea? — Seoul" in page and "— Seol<" not in page


def test_a_statement_the_teacher_wrote_is_kept_when_the_answer_is_edited(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    fact = make_fact(bank, statement="Seoul is the capital.")
    question = make_question(fact, kind="typed", prompt="Capital?", answer="Seol")
    edit_question(teacher_client, question, prompt="Capital?", answer="Seoul")
    db.session.refresh(fact)
    assert fact.statement == "Seoul is the capital."


def _error_of(page: str, field: str) -> str | None:
    """The error shown under the form's ``field``, if any."""
    match = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    return match.group(1) if match else None


def test_a_refusal_is_shown_under_the_field_it_is_about_with_422(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    true_false = make_question(make_fact(bank), kind="true_false", answer="true")
    refused = edit_question(teacher_client, true_false, prompt="Seoul is big.", answer="maybe")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert _error_of(page, "answer") == "A true/false answer must be true or false."
    assert _error_of(page, "prompt") is None
    mc = make_question(make_fact(bank), kind="multiple_choice", answer="Seoul", choices=["Busan"])
    refused = edit_question(teacher_client, mc, prompt="Capital?", answer="Seoul", choices="")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "needs at least one wrong option" in (_error_of(page, "choices") or "")
    assert _error_of(page, "prompt") is None


def test_a_true_false_answer_is_read_as_uploads_read_it(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    question = make_question(make_fact(bank), kind="true_false", answer="true")
    saved = edit_question(teacher_client, question, prompt="Seoul is small.", answer="False")
    assert saved.status_code == 302
    db.session.refresh(question)
    assert question.answer == "false"


def _opened_version(client, url: str) -> str:
    return _opened_version_of_page(client.get(url).get_data(as_text=True))


def test_a_save_from_a_form_opened_before_another_save_does_not_undo_it(teacher_client, teacher):
    # Probe: two tabs on one question; tab 2 fixed the answer, then tab 1 (opened
    # before) saved only a new explanation and put the old answer back unseen.
    bank = make_bank(owner=teacher)
    question = make_question(make_fact(bank), kind="typed", answer="1953 (27 July)")
    url = f"/teach/banks/{bank.slug}/questions/{question.id}/edit"
    tab_one = _opened_version(teacher_client, url)
    tab_two = _opened_version(teacher_client, url)
    fields = {"prompt": question.prompt, "answer": "1953 (27 July 1953)", "version": tab_two}
    assert edit_question(teacher_client, question, **fields).status_code == 302
    stale = {"prompt": question.prompt, "answer": "1953 (27 July)", "explanation": "Panmunjom."}
    refused = edit_question(teacher_client, question, **stale, version=tab_one)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "This was saved meanwhile" in page
    assert "Panmunjom." in page  # what the teacher typed is kept on the form
    db.session.refresh(question)
    assert (question.answer, question.explanation) == ("1953 (27 July 1953)", "")
    # Saving again, knowingly, puts the form's values in place.
    again = _opened_version_of_page(page)
    assert edit_question(teacher_client, question, **stale, version=again).status_code == 302
    db.session.refresh(question)
    assert question.explanation == "Panmunjom."


def _opened_version_of_page(page: str) -> str:
    field = re.search(r'<input[^>]*name="version"[^>]*>', page).group()
    return re.search(r'value="([0-9a-f]+)"', field).group(1)


def test_the_fact_form_keeps_a_save_made_meanwhile_too(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    fact = make_fact(bank, statement="Seoul is the capital.")
    url = f"/teach/banks/{bank.slug}/facts/{fact.id}/edit"
    tab_one, tab_two = _opened_version(teacher_client, url), _opened_version(teacher_client, url)
    base = {"key": fact.key, "statement": fact.statement}
    teacher_client.post(url, data={**base, "topic": "History", "version": tab_two})
    page = teacher_client.post(url, data={**base, "source_ref": "paragraph 3", "version": tab_one})
    assert "This was saved meanwhile" in page.get_data(as_text=True)
    db.session.refresh(fact)
    assert (fact.topic, fact.source_ref) == ("History", "")


def test_a_long_banks_page_lists_a_hundred_facts_at_a_time_and_a_save_returns_to_its_page(
    teacher_client, teacher
):
    # Probe: a bank of 3,000 questions was one 5 MB page of 15,000 controls.
    bank = make_bank(owner=teacher)
    facts = [make_fact(bank, statement=f"Fact number {n}.", position=n) for n in range(1, 206)]
    first = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert first.count('<li id="fact-') == 100 and "page 1 of 3" in first
    assert "Fact number 1." in first and "Fact number 101." not in first
    last = teacher_client.get(f"/teach/banks/{bank.slug}?page=3").get_data(as_text=True)
    assert last.count('<li id="fact-') == 5 and "Facts 201\u2013205" in last
    beyond = teacher_client.get(f"/teach/banks/{bank.slug}?page=99").get_data(as_text=True)
    assert "page 3 of 3" in beyond  # past the end: the last page
    fact = facts[149]  # the 150th, on page 2
    saved = teacher_client.post(
        f"/teach/banks/{bank.slug}/facts/{fact.id}/edit",
        data={"key": fact.key, "statement": "Fact number 150, edited."},
    )
    assert saved.headers["Location"].endswith(f"/teach/banks/{bank.slug}?page=2#fact-{fact.key}")
    form = teacher_client.get(f"/teach/banks/{bank.slug}/facts/{fact.id}/questions/new")
    assert f'href="/teach/banks/{bank.slug}?page=2#fact-{fact.key}"' in form.get_data(as_text=True)


def test_a_true_false_question_is_labelled_true_false_on_its_bank_page_and_form(
    teacher_client, teacher
):
    """The kind read "TRUE FALSE" (its key with a space), like two words of the prompt."""
    bank = make_bank(owner=teacher)
    question = make_question(make_fact(bank), key="tf", kind="true_false", answer="true")
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert '<span class="kind">true/false</span>' in page
    form = teacher_client.get(f"/teach/banks/{bank.slug}/questions/{question.id}/edit")
    assert '<option selected value="true_false">true/false</option>' in form.get_data(as_text=True)


def test_the_question_editors_heading_is_words_and_its_key_a_detail(teacher_client, teacher):
    """The heading read "Edit question multiple_choice": a key for files, not a name."""
    bank = make_bank(owner=teacher)
    question = make_question(make_fact(bank), key="multiple_choice", kind="multiple_choice")
    page = teacher_client.get(f"/teach/banks/{bank.slug}/questions/{question.id}/edit")
    text = page.get_data(as_text=True)
    assert "<h1>Edit question</h1>" in text
    assert "Key: multiple_choice" in text


def test_a_text_longer_than_an_upload_cell_is_refused_naming_the_limit_and_kept(
    teacher_client, teacher
):
    bank = make_bank(owner=teacher)
    fact = make_fact(bank)
    huge = "x" * (MAX_TEXT_LENGTH + 1)
    refused = teacher_client.post(
        f"/teach/banks/{bank.slug}/facts/new", data={"key": "huge", "statement": huge}
    )
    page = refused.get_data(as_text=True)
    assert _error_of(page, "statement") == (
        f"The fact can be at most {MAX_TEXT_LENGTH:,} characters."
    )
    assert huge in page
    refused = edit_question(
        teacher_client, make_question(fact), prompt="Capital?", answer="Seoul", explanation=huge
    )
    assert _error_of(refused.get_data(as_text=True), "explanation") == (
        f"The explanation can be at most {MAX_TEXT_LENGTH:,} characters."
    )
    assert db.session.scalar(select(Fact).where(Fact.key == "huge")) is None


def test_saving_a_question_says_which_fields_changed(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    question = make_question(make_fact(bank), prompt="Capital?", answer="Seoul")
    saved = edit_question(teacher_client, question, prompt="Capital?", answer="Busan")
    page = teacher_client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Question saved: Answer changed." in page
    saved = edit_question(teacher_client, question, prompt="Capital?", answer="Busan")
    page = teacher_client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Nothing to save: the question was already as sent." in page


def test_saving_a_fact_says_which_fields_changed(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    fact = make_fact(bank, statement="Seoul is the capital.")
    url = f"/teach/banks/{bank.slug}/facts/{fact.id}/edit"
    sent = {"key": fact.key, "statement": "Seoul is the capital.", "topic": "Cities"}
    saved = teacher_client.post(url, data={**sent, "tags": "geo korea"})
    page = teacher_client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Fact saved: Topic, Tags changed." in page
    saved = teacher_client.post(url, data={**sent, "tags": "geo korea"})
    page = teacher_client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Nothing to save: the fact was already as sent." in page


def test_a_refused_fact_answers_422_with_the_message_beside_the_field(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    fact = make_fact(bank, key="capital", statement="Seoul is the capital.")
    taken = teacher_client.post(
        f"/teach/banks/{bank.slug}/facts/new",
        data={"key": "capital", "statement": "Busan is a port.", "topic": "Ports"},
    )
    page = taken.get_data(as_text=True)
    assert taken.status_code == 422
    assert _error_of(page, "key") == "This bank already has a fact with the key “capital”."
    assert "Busan is a port." in page and 'value="Ports"' in page
    empty = teacher_client.post(
        f"/teach/banks/{bank.slug}/facts/{fact.id}/edit",
        data={"key": fact.key, "statement": "  ", "topic": "History"},
    )
    page = empty.get_data(as_text=True)
    assert empty.status_code == 422
    assert _error_of(page, "statement") and 'value="History"' in page
    db.session.refresh(fact)
    assert (fact.statement, fact.topic) == ("Seoul is the capital.", "")


def test_the_fact_editors_heading_is_words_and_its_key_a_detail(teacher_client, teacher):
    """The heading read "Edit fact q-3f2a9c…" for an uploaded fact: a key made for files."""
    bank = make_bank(owner=teacher)
    fact = make_fact(bank, key="q-3f2a9c41")
    page = teacher_client.get(f"/teach/banks/{bank.slug}/facts/{fact.id}/edit")
    text = page.get_data(as_text=True)
    assert "<h1>Edit fact</h1>" in text
    assert "Key: q-3f2a9c41" in text


def test_the_fact_editors_back_link_returns_to_the_facts_page_of_a_long_bank(
    teacher_client, teacher
):
    """ "← bank" from fact 150's editor went to page 1, as the question editor's no longer does."""
    bank = make_bank(owner=teacher)
    facts = [make_fact(bank, position=n) for n in range(1, 151)]
    fact = facts[149]
    page = teacher_client.get(f"/teach/banks/{bank.slug}/facts/{fact.id}/edit")
    assert f'href="/teach/banks/{bank.slug}?page=2#fact-{fact.key}"' in page.get_data(as_text=True)


def test_tags_typed_with_commas_as_moodle_and_quizlet_take_them_are_read_as_separate(
    teacher_client, teacher
):
    # Probe: "dates, korea" saved the tag "dates," (comma and all) beside "korea".
    bank = make_bank(owner=teacher)
    teacher_client.post(
        f"/teach/banks/{bank.slug}/facts/new",
        data={"key": "k", "statement": "Seoul.", "tags": "dates, korea,history ,"},
    )
    fact = db.session.scalar(select(Fact))
    assert fact.tags == ["dates", "korea,history"]


def test_options_or_answers_the_questions_kind_never_uses_are_refused_beside_them(
    teacher_client, teacher
):
    # Probe: a true/false question saved with wrong options "x, y", and a multiple-choice
    # one with other accepted answers; the bank's page listed them as if students saw them.
    bank = make_bank(owner=teacher)
    fact = make_fact(bank)
    url = f"/teach/banks/{bank.slug}/facts/{fact.id}/questions/new"
    true_false = {"key": "tf", "kind": "true_false", "prompt": "Seoul is big.", "answer": "true"}
    refused = teacher_client.post(url, data={**true_false, "choices": "x\ny"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Only multiple-choice questions offer wrong options" in (
        _error_of(page, "choices") or ""
    )
    multiple = {"key": "mc", "kind": "multiple_choice", "prompt": "City?", "answer": "Seoul"}
    refused = teacher_client.post(
        url, data={**multiple, "choices": "Busan", "accepted_variants": "서울"}
    )
    page = refused.get_data(as_text=True)
    assert "Only typed and cloze answers" in (_error_of(page, "accepted_variants") or "")
    assert "서울" in page  # kept on the form
    assert db.session.scalar(select(Question)) is None


def test_duplicating_a_question_opens_a_new_question_filled_from_it(teacher_client, teacher):
    # Probe: no way to copy a question, as Moodle's "Duplicate" does: a second multiple
    # choice on the same fact meant typing every option again.
    bank = make_bank(owner=teacher)
    fact = make_fact(bank)
    question = make_question(
        fact, key="mc", kind="multiple_choice", answer="Seoul", choices=["Busan", "Daegu"]
    )
    make_question(fact, key="mc-copy", kind="typed")
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    link = f"/teach/banks/{bank.slug}/facts/{fact.id}/questions/new?copy={question.id}"
    assert f'href="{link}"' in page
    form = teacher_client.get(link).get_data(as_text=True)
    assert "A copy of question mc" in form
    assert 'value="mc-copy-2"' in form and "Busan\nDaegu" in form
    assert '<option selected value="multiple_choice">' in form
    assert db.session.scalar(select(func.count()).select_from(Question)) == 2  # nothing saved
    other = make_question(make_fact(make_bank(owner=make_user(role="teacher"))))
    not_mine = teacher_client.get(
        f"/teach/banks/{bank.slug}/facts/{fact.id}/questions/new?copy={other.id}"
    )
    assert not_mine.status_code == 404


def _fact_keys_in_order(client, bank) -> list[str]:
    page = client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    return re.findall(r'<li id="fact-([^"]+)"', page)


def test_a_teacher_moves_a_fact_up_or_down_in_the_banks_order(teacher_client, teacher):
    # Probe: the order of a bank made by hand could not be changed (Quizlet and Moodle
    # let a teacher reorder), though learners meet new facts in that order.
    bank = make_bank(owner=teacher)
    first, second, third = (make_fact(bank, key=key, position=1) for key in ("a", "b", "c"))
    moved = teacher_client.post(f"/teach/banks/{bank.slug}/facts/{third.id}/move-up")
    assert moved.headers["Location"].endswith(f"/teach/banks/{bank.slug}#fact-c")
    assert _fact_keys_in_order(teacher_client, bank) == ["a", "c", "b"]
    teacher_client.post(f"/teach/banks/{bank.slug}/facts/{first.id}/move-down")
    assert _fact_keys_in_order(teacher_client, bank) == ["c", "a", "b"]
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert page.count(">Move up<") == 2 and page.count(">Move down<") == 2  # not at the ends
    teacher_client.post(f"/teach/banks/{bank.slug}/facts/{second.id}/move-down")  # last already
    assert _fact_keys_in_order(teacher_client, bank) == ["c", "a", "b"]


def test_a_fact_and_question_added_without_a_key_get_one_made_for_them(teacher_client, teacher):
    # Probe: a Quizlet teacher adding a term by hand had to invent a "key" for the fact
    # and for each of its questions before anything could be saved.
    bank = make_bank(owner=teacher)
    make_fact(bank, key="seoul-is-the-capital")
    added = teacher_client.post(
        f"/teach/banks/{bank.slug}/facts/new",
        data={"key": "", "statement": "Seoul is the capital."},
    )
    assert added.status_code == 302
    fact = db.session.scalar(select(Fact).order_by(Fact.id.desc()))
    assert fact.key == "seoul-is-the-capital-2"
    url = f"/teach/banks/{bank.slug}/facts/{fact.id}/questions/new"
    for _ in range(2):
        saved = teacher_client.post(
            url, data={"key": "", "kind": "typed", "prompt": "Capital?", "answer": "Seoul"}
        )
        assert saved.status_code == 302
    db.session.refresh(fact)
    assert [question.key for question in fact.questions] == ["typed", "typed-2"]
