"""Rich text: formatting from Anki, GIFT [html] and Moodle XML is kept, cleaned, shown
as formatting, graded by its plain text and exported back; everything else stays plain."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from quizapp.exporters import EXPORTS
from quizapp.grading import Outcome, grade
from quizapp.importers import parse_upload
from quizapp.importers.save import save_question_set
from quizapp.models import Question
from quizapp.richtext import RICH_MARK, clean_html, html_to_plain, plain_text, rich
from tests.support.factories import make_bank, make_fact, make_question, make_user
from tests.support.study_fixtures import make_study_bank
from tests.support.teach_fixtures import (
    by_prompt,
    fixture_bytes,
    import_fixture,
    parse_fixture,
    upload,
)

XSS_LEFTOVERS = ("onerror", "javascript:", "<svg", "onload", "<script", "alert(")
# The layout's own scripts (files of ours under /static/), left out of a page before it is
# searched for what an upload might have smuggled in.
OWN_SCRIPT = re.compile(r'<script src="/static/[\w.]+(\?[^"]*)?" defer></script>')


def smuggled(page: str) -> list[str]:
    """The XSS leftovers in a page, apart from the layout's own script tags."""
    content = OWN_SCRIPT.sub("", page)
    return [leftover for leftover in XSS_LEFTOVERS if leftover in content]


def _questions(bank) -> dict[str, Question]:
    return {plain_text(q.prompt): q for fact in bank.facts for q in fact.questions}


def test_moodle_bold_lists_and_sub_superscripts_are_kept_and_cleaned(app):
    asked = by_prompt(parse_fixture("moodle_rich.xml"))
    centre = asked["Which state-run centre hosts new arrivals?"]
    assert (
        centre.prompt == RICH_MARK + "Which <strong>state-run</strong> centre hosts new arrivals?"
    )
    assert "<ul><li>law</li><li><em>job</em> training</li></ul>" in centre.explanation
    assert centre.answer == RICH_MARK + "<b>Hanawon</b>"
    water = next(q for q in asked.values() if q.kind == "multiple_choice")
    assert "H<sub>2</sub>O" in water.prompt and "x<sup>2</sup>" in water.prompt
    assert water.answer == RICH_MARK + "<i>water</i>" and "salt" in water.choices


def test_script_handlers_links_and_svg_come_out_inert(app):
    water = next(q for q in parse_fixture("moodle_rich.xml").questions if q.kind != "typed")
    for leftover in XSS_LEFTOVERS:
        assert leftover not in water.prompt
    assert "<img" not in water.prompt  # an image whose source is not our media is dropped
    assert "<a " not in water.prompt and "link" in water.prompt


def test_a_forged_mark_still_renders_only_the_allowed_tags():
    forged = RICH_MARK + '<b>ok</b><img src=x onerror=alert(1)><a href="javascript:x">y</a>'
    shown = str(rich(forged))
    assert "<b>ok</b>" in shown
    assert not any(leftover in shown for leftover in XSS_LEFTOVERS)


def test_plain_text_that_looks_like_html_stays_escaped():
    assert str(rich("<b>not bold</b> & co")) == "&lt;b&gt;not bold&lt;/b&gt; &amp; co"


def test_a_rich_answer_is_graded_by_its_plain_text(app):
    teacher = make_user(role="teacher")
    bank = import_fixture(teacher, "moodle_rich.xml").bank
    centre = _questions(bank)["Which state-run centre hosts new arrivals?"]
    assert grade(centre, "Hanawon") is Outcome.CORRECT
    assert grade(centre, "Hanawan") is Outcome.ALMOST


def test_the_preview_and_study_pages_show_formatting_and_escape_plain_text(
    app, teacher_client, student_client
):
    page = upload(teacher_client, "rich.xml", fixture_bytes("moodle_rich.xml")).get_data(
        as_text=True
    )
    assert "Which <strong>state-run</strong> centre" in page and RICH_MARK not in page
    assert "<li><em>job</em> training</li>" in page
    assert not smuggled(page)
    bank = make_study_bank(facts=1, kinds=("typed",))
    question = bank.facts[0].questions[0]
    question.prompt = RICH_MARK + "Name the <b>centre</b> <script>x</script>"
    question.explanation = "<i>plain</i> text"
    app.extensions["sqlalchemy"].session.commit()
    study = student_client.get("/study/").get_data(as_text=True)
    assert "Name the <b>centre</b>" in study and "<script>x" not in study


def test_formatting_survives_moodle_xml_and_gift_round_trips(app):
    teacher = make_user(role="teacher")
    bank = import_fixture(teacher, "moodle_rich.xml").bank
    for fmt, name in (("moodle-xml", "again.xml"), ("gift", "again.gift")):
        again = parse_upload(EXPORTS[fmt].write(bank, None), name)
        assert not again.errors, again.errors
        asked = by_prompt(again)
        centre = asked["Which state-run centre hosts new arrivals?"]
        assert (
            centre.prompt
            == RICH_MARK + "Which <strong>state-run</strong> centre hosts new arrivals?"
        )
        assert centre.answer == RICH_MARK + "<b>Hanawon</b>"
        assert "<li><em>job</em> training</li>" in centre.explanation
        saved = save_question_set(again, teacher, f"copy {fmt}").bank
        assert len(saved.facts) == len(bank.facts)


def test_anki_package_carries_formatting_as_html_fields(app, tmp_path: Path):
    from tests.support.anki_fixtures import anki_collection_with, rendered_cards

    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank)
    make_question(fact, kind="typed", prompt=RICH_MARK + "The <b>centre</b>?", answer="Hanawon")
    make_question(fact, kind="cloze", key="c", prompt=RICH_MARK + "<i>Held</i> on {{blank}}.",
                  answer="14 July")  # fmt: skip
    make_question(fact, kind="flashcard", key="p", prompt="a <b> plain", answer="x")
    with anki_collection_with(EXPORTS["apkg"].write(bank, None), tmp_path) as collection:
        cards = rendered_cards(collection)
    questions = " ".join(question for question, _ in cards)
    assert "The <b>centre</b>?" in questions and "<i>Held</i> on" in questions
    assert "a &lt;b&gt; plain" in questions
    assert html.unescape("a &lt;b&gt; plain") == "a <b> plain"


def test_a_real_anki_package_keeps_bold_and_asks_it_typed_by_its_plain_length(app):
    asked = [q for q in parse_fixture("apkg/current.apkg").questions if q.prompt == "Hanawon"]
    assert {q.kind for q in asked} == {"flashcard", "typed"}
    assert {q.answer for q in asked} == {
        RICH_MARK + "The state <b>training centre</b> for new arrivals"
    }
    assert plain_text(asked[0].answer) == "The state training centre for new arrivals"


def test_a_formatted_cloze_keeps_its_spaces_and_answer_through_every_export(app):
    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank)
    make_question(fact, kind="cloze", key="c", answer=RICH_MARK + "<b>14 July</b>",
                  prompt=RICH_MARK + "<i>Held</i> on {{blank}} <b>yearly</b>.")  # fmt: skip
    for fmt, name in (("moodle-xml", "a.xml"), ("gift", "a.gift"), ("apkg", "a.apkg")):
        [cloze] = parse_upload(EXPORTS[fmt].write(bank, None), name).questions
        assert cloze.prompt == RICH_MARK + "<i>Held</i> on {{blank}} <b>yearly</b>.", fmt
        assert plain_text(cloze.answer) == "14 July", fmt


@pytest.mark.parametrize(
    "source",
    [
        "/media/%2e%2e/study/?bank=b&more=1",
        "/media/b/%2E%2E/%2E%2E/auth/logout",
        "/media/b/x.png?next=/teach/",
        "/media/b\\..\\x.png",
        "/media/../auth/logout",
    ],
)
def test_an_image_may_not_reach_another_page_of_the_app_through_media(source):
    assert "<img" not in clean_html(f'<img src="{source}" alt="x">')


def test_an_image_of_the_apps_own_media_is_kept():
    source = "/media/defectors-day/" + "a" * 64 + ".png"
    assert f'src="{source}"' in clean_html(f'<img src="{source}" alt="map">')


def test_a_picture_an_upload_left_undescribed_is_still_announced_as_a_picture():
    """Anki decks seldom describe their pictures: an image without ``alt`` on a bank's
    page or a card was read out as its file address, or skipped, by a screen reader."""
    source = "/media/defectors-day/" + "a" * 64 + ".png"
    shown = str(rich(RICH_MARK + f'<img src="{source}"> Which city?'))
    assert re.search(r'<img [^>]*alt="Picture with no description"', shown)
    described = str(rich(RICH_MARK + f'<img src="{source}" alt="Map of Seoul">'))
    assert 'alt="Map of Seoul"' in described and "no description" not in described
    decorative = str(rich(RICH_MARK + f'<img src="{source}" alt="">'))
    assert "no description" not in decorative


@pytest.mark.parametrize(
    ("anki", "lines"),
    [
        ("Line one<div>Line two</div>", ["Line one", "Line two"]),
        ("<div>Answer</div><div>more</div>", ["Answer", "more"]),
        ("<p>First</p><p>Second</p>", ["First", "Second"]),
        ("First<br><br>Second", ["First", "", "Second"]),
        ("<div>First</div><div><br></div><div>Second</div>", ["First", "", "Second"]),
        ("<br>First<br><br><br><br>Second<br><br>", ["First", "", "Second"]),
        (
            "<table><tr><td>H</td><td>He</td></tr></table>Which is first?",
            ["H He", "Which is first?"],
        ),
    ],
)
def test_lines_an_editor_wrote_as_blocks_stay_lines(anki, lines):
    assert [line.strip() for line in html_to_plain(anki).split("\n")] == lines
    assert [part.strip() for part in clean_html(anki).split("<br>")] == lines


def _moodle(question: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>{question}</quiz>\n'.encode()


BOLD_Q = '<questiontext format="html"><text><![CDATA[Which word is <b>bold</b>?]]></text>'
# Files whose values are built from rich and plain parts: a statement, a matching prompt,
# a true/false prompt around its block, feedback with a numeric range, a partial answer.
PIECED_TOGETHER = {
    "leak.gift": b"::Leak::[html]Which word is <b>bold</b>? {=<i>italic</i> ~plain ~other}\n",
    "match.gift": b"[html]Match <b>these</b> {=<i>a</i> -> x =b -> y}\n",
    "match-left.gift": b"[html]Match these {=<i>a</i> -> x =b -> y}\n",
    "tf.gift": b"[html]Seoul {T} is <b>the capital</b>.\n",
    "range.gift": b"[html]How many? {#5:1#<b>close</b>}\n",
    "partial.gift": b"[html]Name it {=<b>Seoul</b> =%50%<i>Sol</i>}\n",
    "short.gift": b"[html]Capital? {=<i>Seoul</i>}\n",
    "leak.xml": _moodle(
        '<question type="multichoice"><name><text>Leak</text></name>'
        f"{BOLD_Q}</questiontext>"
        '<answer fraction="100" format="html"><text><![CDATA[<i>italic</i>]]></text></answer>'
        '<answer fraction="0"><text>plain</text></answer></question>'
    ),
    "match.xml": _moodle(
        '<question type="matching"><name><text>m</text></name>'
        f"{BOLD_Q}</questiontext>"
        '<subquestion format="html"><text><![CDATA[<i>a</i>]]></text>'
        "<answer><text>x</text></answer></subquestion>"
        "<subquestion><text>b</text><answer><text>y</text></answer></subquestion></question>"
    ),
    "num.xml": _moodle(
        '<question type="numerical"><name><text>n</text></name>'
        f"{BOLD_Q}</questiontext>"
        '<answer fraction="100"><text>5</text><tolerance>1</tolerance>'
        '<feedback format="html"><text><![CDATA[<b>close</b>]]></text></feedback></answer>'
        "</question>"
    ),
    "rich.csv": b"prompt,answer\n<!--rich--><b>Seoul</b> is?,<!--rich--><i>the capital</i>\n",
}


@pytest.mark.parametrize("name", PIECED_TOGETHER)
def test_the_rich_mark_never_shows_inside_a_value_built_from_parts(name):
    parsed = parse_upload(PIECED_TOGETHER[name], name)
    assert not parsed.errors, parsed.errors
    for fact in parsed.facts:
        assert RICH_MARK not in fact.statement, fact.statement  # statements are plain
        for question in fact.questions:
            for value in (question.prompt, question.answer, question.explanation):
                assert RICH_MARK not in value[len(RICH_MARK) :], value
    assert not any(RICH_MARK in problem.message for problem in parsed.problems)


def test_a_fact_statement_is_the_plain_text_of_a_rich_prompt_and_answer():
    parsed = parse_upload(PIECED_TOGETHER["leak.gift"], "leak.gift")
    assert parsed.facts[0].statement == "Which word is bold? — italic"
    match = parse_upload(PIECED_TOGETHER["match-left.gift"], "match.gift")
    assert match.questions[0].prompt == f"{RICH_MARK}Match these<br><i>a</i>"


def test_the_bank_page_shows_no_rich_mark_in_statements(teacher_client):
    text = upload(teacher_client, "leak.gift", PIECED_TOGETHER["leak.gift"]).get_data(as_text=True)
    match = re.search(r"/teach/uploads/(\d+)/import", text)
    assert match
    page = teacher_client.post(match.group(0), follow_redirects=True).get_data(as_text=True)
    slug = re.search(r"/teach/banks/([\w-]+)", page)
    assert slug
    bank_page = teacher_client.get(f"/teach/banks/{slug.group(1)}").get_data(as_text=True)
    assert "Which word is bold? — italic" in bank_page
    assert "&lt;!--rich" not in bank_page
