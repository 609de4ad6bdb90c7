"""The study pages: plain forms that work without JavaScript, stable shuffles, the
flashcard buttons with their intervals, the feedback after an answer, and settings."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Assignment, IssuedItem, User
from quizapp.timeutil import now_utc
from tests.support.factories import make_classroom
from tests.support.progress_fixtures import counting_statements
from tests.support.study_fixtures import (
    answered_part,
    carried_card,
    facts_of,
    give_memory,
    make_study_bank,
)

TOKEN = re.compile(r'name="token" value="([^"]+)"')
OPTION = re.compile(
    r'name="choice" value="(\d+)"[^>]*>\s*(?:<kbd>\d</kbd>)?\s*([^<]+?)\s*</button>'
)


RETENTION_MESSAGE = "Choose how much you want to remember, from 80% to 97%"


def options(page: str) -> list[str]:
    return [text for _value, text in OPTION.findall(page)]


def test_multiple_choice_options_are_buttons_shuffled_once_and_stable_on_reload(
    app, student_client
):
    make_study_bank(facts=1, kinds=("multiple_choice",))
    page = student_client.get("/study/").get_data(as_text=True)
    shown = options(page)
    assert sorted(shown) == sorted(
        ["Hanawon centre 1", "Police office", "Customs office", "Weather office"]
    )
    assert '<form method="post"' in page and 'name="csrf_token"' in page
    again = student_client.get("/study/").get_data(as_text=True)
    assert options(again) == shown
    assert TOKEN.search(again).group(1) == TOKEN.search(page).group(1)
    item = db.session.scalar(select(IssuedItem))
    assert item.choice_order == shown


def test_a_flashcard_reveals_its_answer_and_shows_the_interval_on_each_button(
    app, student_client, student
):
    student.prefers_self_grading = True
    db.session.commit()
    make_study_bank(facts=1, kinds=("flashcard",))
    page = student_client.get("/study/").get_data(as_text=True)
    assert "Show answer" in page and "<details" in page
    buttons = re.findall(r'name="rating" value="(\d)"[^>]*>(.*?)</button>', page, re.S)
    assert [value for value, _label in buttons] == ["1", "2", "3", "4"]
    labels = [" ".join(re.sub(r"<[^>]+>", " ", label).split()) for _v, label in buttons]
    assert labels[0].startswith("1 Again 10 min")
    assert labels[1].startswith("2 Hard 15 min")
    assert labels[2].startswith("3 Good") and "day" in labels[2]
    assert "day" in labels[3]
    token = TOKEN.search(page).group(1)
    feedback = student_client.post("/study/answer", data={"token": token, "rating": "4"})
    assert "You rated it Easy" in feedback.get_data(as_text=True)


def test_feedback_shows_the_verdict_answer_explanation_source_and_return(app, student_client):
    bank = make_study_bank(facts=1, kinds=("typed",), slug="story")
    token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    response = student_client.post("/study/answer", data={"token": token, "response": "34,001"})
    assert response.status_code == 200  # the feedback comes with the answer: no redirect
    page = response.get_data(as_text=True)
    assert "Wrong" in page
    assert "34,001" in page and "34,000" in page
    assert "Roughly that many." in page
    assert f'href="/banks/{bank.slug}/source?fact=fact-1#fact-fact-1"' in page
    assert "comes back" in page and "in 10 min" in page


LEECH_NOTE = "You have forgotten this fact 8 times"


@pytest.mark.parametrize(("lapses_before", "told"), [(7, True), (3, False), (8, False)])
def test_a_fact_forgotten_for_the_eighth_time_is_called_out_with_what_helps(
    app, student_client, student, lapses_before, told
):
    """As Anki's leeches: a fact forgotten again and again came back each day, Again
    after Again, and nothing said so. At the eighth lapse the feedback says so, and that
    re-reading it in the source helps more than more reviews (once, not at every lapse)."""
    bank = make_study_bank(facts=1, kinds=("typed",))
    give_memory(student, facts_of(bank)[0], lapses=lapses_before, stability=0.5, form_step=3)
    token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    page = student_client.post("/study/answer", data={"token": token, "response": "no idea"})
    page = answered_part(page.get_data(as_text=True))
    assert "Wrong" in page
    assert (LEECH_NOTE in page) is told


def test_one_typo_is_shown_as_almost(app, student_client):
    make_study_bank(facts=1, kinds=("cloze",))
    page = student_client.get("/study/").get_data(as_text=True)
    assert 'class="blank"' in page and "{{blank}}" not in page
    token = TOKEN.search(page).group(1)
    response = student_client.post("/study/answer", data={"token": token, "response": "unifcation"})
    page = response.get_data(as_text=True)
    assert "Almost" in page
    # The difference is marked letter by letter: the missing "i" is inserted.
    assert re.search(r'<p class="diff">.*Unif<ins>i</ins>cation</p>', page, re.S)


def test_a_cloze_feedback_shows_the_sentence_completed_with_the_answer_marked(app, student_client):
    """Anki's back of a cloze is the sentence whole; ours still showed the gap."""
    bank = make_study_bank(facts=1, kinds=("cloze",))
    question = bank.facts[0].questions[0]
    question.prompt = "The <b>ministry</b> in charge is the {{blank}} ministry & co."
    question.answer = "Unification <script>"
    db.session.commit()
    token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    page = answered_part(
        student_client.post("/study/answer", data={"token": token, "response": "no idea"}).get_data(
            as_text=True
        )
    )
    prompt = re.search(r'<p class="prompt">(.*?)</p>', page, re.S).group(1)
    assert 'class="blank"' not in prompt and "_____" not in prompt
    assert "<mark" in prompt and "Unification &lt;script&gt;</mark>" in prompt
    assert "<script>" not in prompt
    assert prompt.startswith("The ") and prompt.endswith(" ministry &amp; co.")


def test_an_almost_answer_is_set_against_the_accepted_spelling_it_nearly_is(app, student_client):
    """One letter off "Yoon Seok-youl", an accepted spelling, was set against "Yoon Suk
    Yeol" letter by letter: five marks where one letter was wrong."""
    bank = make_study_bank(facts=1, kinds=("typed",))
    question = bank.facts[0].questions[0]
    question.answer = "Yoon Suk Yeol"
    question.accepted_variants = ["Yoon Suk-yeol", "Yoon Seok-youl"]
    db.session.commit()
    token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    page = answered_part(
        student_client.post(
            "/study/answer", data={"token": token, "response": "Yoon Seok-yuol"}
        ).get_data(as_text=True)
    )
    assert "Almost" in page
    diff = re.search(r'<p class="diff">.*?</span>(.*?)</p>', page, re.S).group(1)
    assert re.sub(r"<(ins|del)>.*?</\1>", "", diff).startswith("Yoon Seok-y")
    assert diff.count("<ins>") + diff.count("<del>") <= 2
    assert "Right answer: <strong>Yoon Seok-youl</strong>" in page


@pytest.mark.parametrize(
    ("typed", "compared"),
    [("unifcation", True), ("unification day", True), ("celebrate", False), ("x", False)],
)
def test_a_wholly_different_answer_is_not_set_against_the_right_one_letter_by_letter(
    app, student_client, typed, compared
):
    # Probe: "celebrate" against "tax benefits" read "ctax belnebrafites": a mix of two
    # words that helps nobody see either.
    make_study_bank(facts=1, kinds=("cloze",))
    token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    response = student_client.post("/study/answer", data={"token": token, "response": typed})
    page = response.get_data(as_text=True)
    assert ('<p class="diff">' in page) is compared
    assert "Unification" in page  # the right answer is shown either way


def test_when_nothing_is_due_the_page_offers_learning_ahead_and_a_quiz(app, student_client):
    make_study_bank(facts=1, kinds=("true_false",), title="Resettlement")
    token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    student_client.post("/study/answer", data={"token": token, "choice": "0"})
    page = student_client.get("/study/").get_data(as_text=True)
    assert "Session done" in page
    assert "Your next review is" in page
    assert "Learn ahead" in page
    assert 'action="/quiz/start"' in page
    ahead = student_client.get("/study/?ahead=1").get_data(as_text=True)
    assert TOKEN.search(ahead), "learning ahead shows the fact due soonest"
    # No "2 of 2" with a full bar on every card ahead: nothing counts the facts ahead.
    assert POSITION.search(ahead) is None
    assert "Learning ahead: these facts are not due yet (1 answered today)." in ahead


def test_settings_save_valid_values_and_refuse_bad_ones(app, student_client, student):
    page = student_client.get("/study/settings").get_data(as_text=True)
    assert 'id="desired_retention-0"' in page and 'for="time_zone"' in page
    good = {
        "desired_retention": "0.85",
        "daily_new_limit": "15",
        "time_zone": "Asia/Seoul",
        "prefers_self_grading": "y",
    }
    assert student_client.post("/study/settings", data=good).status_code == 302
    user = db.session.get(User, student.id)
    assert (user.desired_retention, user.daily_new_limit, user.time_zone) == (
        0.85,
        15,
        "Asia/Seoul",
    )
    assert user.prefers_self_grading is True

    refused = [
        ("desired_retention", "0.99"),
        ("time_zone", "Mars/Olympus"),
        ("time_zone", "localtime"),  # the server's clock, not a place
        ("time_zone", "Factory"),
    ]
    for field, value in refused:
        response = student_client.post("/study/settings", data={**good, field: value})
        assert response.status_code == 200
        assert 'class="error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, student.id).time_zone == "Asia/Seoul"


@pytest.mark.parametrize(
    ("retention", "stored"), [("0,85", 0.85), ("85%", 0.85), ("85", 0.85), (" 0.9 ", 0.9)]
)
def test_a_retention_typed_as_people_type_it_is_read(app, student_client, retention, stored):
    form = {"desired_retention": retention, "daily_new_limit": "10", "time_zone": "UTC"}
    assert student_client.post("/study/settings", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(User.desired_retention)) == pytest.approx(stored)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("desired_retention", "a lot", RETENTION_MESSAGE),
        ("desired_retention", "0.5", RETENTION_MESSAGE),
        ("daily_new_limit", "2.5", "Enter a whole number from 0 to 500"),
        ("daily_new_limit", "900", "Enter a whole number from 0 to 500"),
    ],
)
def test_a_setting_out_of_range_or_unreadable_gets_one_plain_message(
    app, student_client, field, value, message
):
    form = {"desired_retention": "0.9", "daily_new_limit": "10", "time_zone": "UTC", field: value}
    page = student_client.post("/study/settings", data=form).get_data(as_text=True)
    errors = re.findall(r'class="error"[^>]*>([^<]+)<', page)
    assert errors == [f"{message}."], errors


def test_the_student_home_shows_what_is_due_and_where_to_start(app, student_client):
    bank = make_study_bank(facts=2, title="Resettlement")
    page = student_client.get("/").get_data(as_text=True)
    assert "New facts left</dt><dd>2</dd>" in page
    assert 'href="/study/"' in page
    assert f'name="bank_id" value="{bank.id}"' in page


def test_study_pages_need_a_log_in(client):
    for path in ("/study/", "/study/settings", "/quiz/"):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_keyboard_script_is_served_and_only_adds_shortcuts(app, client):
    response = client.get("/static/study.js")
    script = response.get_data(as_text=True)
    response.close()
    assert "keydown" in script and '" "' in script


def test_the_verdict_heads_the_answered_card_for_screen_readers(app, student_client):
    make_study_bank(facts=1, kinds=("typed",))
    token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    page = student_client.post(
        "/study/answer", data={"token": token, "response": "34,000"}
    ).get_data(as_text=True)
    # The verdict heads the answered card; the page keeps its own <h1>.
    assert re.search(r'<h2 id="verdict-heading" class="verdict good">\s*Right\s*</h2>', page)
    assert re.search(r'<section class="item" aria-labelledby="verdict-heading"', page)


def test_the_card_shows_the_topic_the_sessions_progress_and_teaches_a_new_fact(app, student_client):
    bank = make_study_bank(facts=3, kinds=("multiple_choice",), slug="story")
    fact = bank.facts[0]
    fact.topic = "Resettlement"
    db.session.commit()
    page = student_client.get("/study/").get_data(as_text=True)
    assert '<span class="card-topic">Resettlement</span>' in page
    assert '<span class="session-count">1 of 3</span>' in page
    assert '<progress class="session-progress" value="1" max="3"' in page
    assert "New fact" in page and fact.statement in page
    assert 'href="/banks/story/source?fact=fact-1#fact-fact-1"' in page


POSITION = re.compile(r'<span class="session-count">(\d+) of (\d+)</span>')
POSITION_FIELD = re.compile(r'name="position" value="([^"]*)"')


def test_the_answered_card_keeps_the_place_the_card_showed_and_carries_the_next_one(
    app, student_client
):
    make_study_bank(facts=3, kinds=("typed",))
    card = student_client.get("/study/").get_data(as_text=True)
    assert POSITION.search(card).groups() == ("1", "3")
    assert POSITION_FIELD.search(card).group(1) == "1/3"
    token = TOKEN.search(card).group(1)
    fields = {"token": token, "response": "wrong", "position": "1/3"}
    fields["csrf_token"] = student_client.csrf_token()
    with counting_statements() as statements:
        answered = student_client.post("/study/answer", data=fields, csrf=False)
    answered = answered.get_data(as_text=True)
    assert POSITION.search(answered_part(answered)).groups() == ("1", "3")
    # The session is counted once, after the answer, for the next card it carries.
    assert sum("count(" in statement.lower() for statement in statements) == 1, statements
    # One more: the fact answered wrong comes back before the session ends (LEARN_AHEAD).
    assert POSITION.search(carried_card(answered)).groups() == ("2", "4")


def test_a_forged_place_on_the_card_is_left_out_not_shown_and_the_answer_counts(
    app, student_client, student
):
    make_study_bank(facts=8, kinds=("typed",))
    for forged in ("9/3", "0/3", "x", "1/99999999999", "-1/2", ""):
        token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
        page = student_client.post(
            "/study/answer", data={"token": token, "response": "wrong", "position": forged}
        )
        assert page.status_code == 200
        assert POSITION.search(answered_part(page.get_data(as_text=True))) is None, forged
        assert (
            db.session.scalar(select(IssuedItem.used_at).where(IssuedItem.token == token))
            is not None
        )
        db.session.rollback()


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("utc", "UTC"), (" asia/seoul ", "Asia/Seoul"), ("america/new york", "America/New_York")],
)
def test_a_time_zone_typed_in_other_case_or_with_spaces_is_saved_by_its_name(
    app, student_client, student, typed, saved
):
    form = {"desired_retention": "0.9", "daily_new_limit": "10", "time_zone": typed}
    assert student_client.post("/study/settings", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, student.id).time_zone == saved


@pytest.mark.parametrize(
    "shown_at",
    ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-00:01"],
)
def test_a_forged_shown_time_at_the_calendars_edge_still_records_the_answer(
    app, student_client, shown_at
):
    make_study_bank(facts=1, kinds=("true_false",))
    page = student_client.get("/study/").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    data = {"token": token, "choice": "0", "shown_at": shown_at}
    assert student_client.post("/study/answer", data=data).status_code == 200


def test_an_answer_sent_again_later_shows_the_place_its_card_had(app, student_client):
    """A reload of an early answer's page (its POST sent again) after more answers shows
    that card's place ("1 of 3"), which its form sent, not today's count."""
    make_study_bank(facts=3, kinds=("typed",))
    card = student_client.get("/study/").get_data(as_text=True)
    first = {"token": TOKEN.search(card).group(1), "response": "wrong", "position": "1/3"}
    answered = student_client.post("/study/answer", data=first).get_data(as_text=True)
    second = TOKEN.search(carried_card(answered)).group(1)
    student_client.post("/study/answer", data={"token": second, "response": "x", "position": "2/3"})
    again = student_client.post("/study/answer", data=first).get_data(as_text=True)
    assert POSITION.search(answered_part(again)).groups() == ("1", "3")


def test_the_time_zone_is_picked_from_a_labelled_list_of_iana_zones(app, student_client):
    page = student_client.get("/study/settings").get_data(as_text=True)
    select = re.search(r'<select[^>]*id="time_zone"[^>]*>(.*?)</select>', page, re.S)
    assert select, "the time zone is a list to pick from, not a box to type into"
    zones = re.findall(r'<option[^>]*value="([^"]+)"', select.group(1))
    assert {"UTC", "Asia/Seoul", "Europe/London", "America/New_York"} <= set(zones)
    assert "US/Pacific" not in zones and "localtime" not in zones  # aliases and the server
    assert re.search(r'<option selected value="UTC">|<option[^>]*selected[^>]*>UTC<', page)
    assert '<label for="time_zone">Time zone</label>' in page


def test_an_unknown_time_zone_is_refused_with_a_message_and_changes_nothing(
    app, student_client, student
):
    form = {"desired_retention": "0.85", "daily_new_limit": "12", "time_zone": "Asia/Seol"}
    page = student_client.post("/study/settings", data=form).get_data(as_text=True)
    errors = re.findall(r'id="time_zone-error"[^>]*>([^<]+)<', page)
    assert errors == ["Choose your time zone from the list, e.g. Asia/Seoul or UTC."]
    db.session.expire_all()
    user = db.session.get(User, student.id)
    assert (user.time_zone, user.desired_retention, user.daily_new_limit) != (
        "Asia/Seol",
        0.85,
        12,
    )
    assert user.desired_retention != 0.85 and user.daily_new_limit != 12


def test_a_learner_keeps_an_old_alias_zone_they_chose_before(app, student_client, student):
    student.time_zone = "Etc/GMT-9"
    db.session.commit()
    page = student_client.get("/study/settings").get_data(as_text=True)
    assert re.search(r'<option selected value="Etc/GMT-9">', page)


def test_how_much_to_remember_is_asked_in_plain_words_with_what_each_choice_costs(
    app, student_client, student
):
    page = student_client.get("/study/settings").get_data(as_text=True)
    assert "retention" not in re.sub(r'(name|id|for|aria-describedby)="[^"]*"', "", page)
    assert "<legend>How much do you want to remember?</legend>" in page
    choices = dict(re.findall(r'value="(0\.\d+)"[^>]*>\s*([^<]+?)\s*</label>', page, re.S))
    assert list(choices) == ["0.80", "0.85", "0.90", "0.95", "0.97"]
    assert choices["0.80"].startswith("80%: about 8 in 10")
    assert "fewest reviews" in choices["0.80"] and "most reviews" in choices["0.97"]
    assert "suggested" in choices["0.90"]
    assert re.search(r'checked[^>]*value="0.90"|value="0.90"[^>]*checked', page)
    form = {"desired_retention": "0.95", "daily_new_limit": "10", "time_zone": "UTC"}
    assert student_client.post("/study/settings", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, student.id).desired_retention == 0.95


def test_a_remembering_level_set_between_the_choices_stays_shown_and_chosen(
    app, student_client, student
):
    student.desired_retention = 0.87
    db.session.commit()
    page = student_client.get("/study/settings").get_data(as_text=True)
    assert re.search(r'checked[^>]*value="0.87"|value="0.87"[^>]*checked', page)
    assert "87%: about 87 in 100 facts" in page


def test_the_remembering_level_says_it_applies_from_each_facts_next_review(app, student_client):
    """As Anki without "reschedule": a new level changes no due date already set, and a
    learner who moved to 97% and still sees tomorrow's reviews where they were is told
    why, beside the choice (the hint the fieldset is described by)."""
    page = student_client.get("/study/settings").get_data(as_text=True)
    hint = re.search(r'<p class="hint" id="desired_retention-hint">([^<]*)</p>', page)
    assert hint and 'aria-describedby="desired_retention-hint"' in page
    assert "from each fact's next review" in hint.group(1).replace("&#39;", "'")
    assert "keep the date already set" in hint.group(1)


def test_the_daily_new_limit_says_which_banks_the_class_sets_the_pace_of(
    app, student_client, student, teacher
):
    """Probe: a student whose one bank was assigned by their class raised "New facts per
    day" to 25 and still met 10 a day: the class's budget pays for an assigned bank's new
    facts, and nothing on the page said so. The hint now names those banks and the
    class's number; a learner without a class reads the plain hint alone."""
    hint = re.compile(r'<p class="hint" id="daily_new_limit-hint">([^<]*)</p>')
    alone = hint.search(student_client.get("/study/settings").get_data(as_text=True))
    assert alone and "class" not in alone.group(1)
    bank = make_study_bank(facts=2, title="Resettlement")
    classroom = make_classroom(teacher, "Year 9", students=[student])
    db.session.add(Assignment(classroom_id=classroom.id, bank_id=bank.id, daily_new_limit=7))
    db.session.commit()
    page = student_client.get("/study/settings").get_data(as_text=True)
    words = html.unescape(hint.search(page).group(1))
    assert words.startswith(alone.group(1))
    assert "Resettlement, which your class assigns for study" in words
    assert "up to 7 new facts a day, set by your teacher, whatever you choose here" in words
    assert 'aria-describedby="daily_new_limit-hint"' in page


def test_the_self_grading_choice_says_which_facts_it_changes_and_how(app, student_client):
    """Probe: a learner ticked "On well-known facts, show flashcards I grade myself" and
    met no flashcard that day (every fact of theirs was new), with nothing on the page to
    say which facts are "well-known" or what the flashcard asks of them."""
    page = student_client.get("/study/settings").get_data(as_text=True)
    hint = re.search(r'<p class="hint" id="prefers_self_grading-hint">([^<]*)</p>', page)
    assert hint and 'aria-describedby="prefers_self_grading-hint"' in page
    words = html.unescape(hint.group(1))
    assert "remembered for a week or more" in words
    assert "Again, Hard, Good or Easy" in words


def test_a_fact_due_now_met_while_learning_ahead_is_not_called_not_due_yet(
    app, student_client, student
):
    """Probe: learning ahead for a while, a fact answered wrong came back due ten minutes
    later, under "Learning ahead: these facts are not due yet". The note stays for the
    facts that are not due, and leaves the due one alone."""
    bank = make_study_bank(facts=1, kinds=("true_false",))
    (fact,) = facts_of(bank)
    state = give_memory(student, fact, due=now_utc() + timedelta(days=3))
    ahead = student_client.get("/study/?ahead=1").get_data(as_text=True)
    assert "these facts are not due yet" in ahead
    state.due = now_utc() - timedelta(minutes=1)
    db.session.commit()
    due = student_client.get("/study/?ahead=1").get_data(as_text=True)
    assert TOKEN.search(due) and "not due yet" not in due
