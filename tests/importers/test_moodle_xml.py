"""Moodle XML: every construct a Moodle question bank export holds, and our own export."""

from __future__ import annotations

import re

import pytest

from quizapp.exporters import EXPORTS
from quizapp.importers import UploadError, parse_upload
from quizapp.richtext import plain_text
from tests.support.factories import make_user
from tests.support.teach_fixtures import (
    by_prompt,
    fixture_bytes,
    import_fixture,
    parse_fixture,
    parsed_without_errors,
    upload,
)


def test_every_question_type_maps_onto_our_kinds():
    parsed = parse_fixture("moodle_quiz.xml")
    assert parsed.format == "moodle-xml" and not parsed.errors, parsed.errors
    asked = by_prompt(parsed)
    weeks = asked["How long do new arrivals stay at Hanawon?"]
    assert (weeks.kind, weeks.answer, weeks.choices) == (
        "multiple_choice", "12 weeks", ["2 years", "3 days"]
    )  # fmt: skip
    assert weeks.explanation == "Right.\nIt is a state training centre."
    busan = asked["The first Defectors' Day was held in Busan."]
    assert (busan.kind, busan.answer, busan.explanation) == (
        "true_false",
        "false",
        "It was in Seoul.",
    )
    fled = asked["In which year did Park Daehyeon flee?"]
    assert (fled.kind, fled.answer, fled.accepted_variants) == ("typed", "2006", [])
    day = asked["Defectors' Day falls on {{blank}} each year."]
    assert (day.kind, day.answer, day.accepted_variants) == ("cloze", "14 July", ["July 14"])
    pairs = [q for q in parsed.questions if q.prompt.startswith("Match each place")]
    assert [q.answer for q in pairs] == ["training", "the first celebration"]
    topics = {plain_text(fact.questions[0].prompt): fact.topic for fact in parsed.facts}
    assert topics["How long do new arrivals stay at Hanawon?"] == "Resettlement"
    assert topics["In which year did Park Daehyeon flee?"] == "Dates"


def test_what_is_converted_or_dropped_is_a_warning_with_its_line():
    notes = [str(note) for note in parse_fixture("moodle_quiz.xml").notes]
    assert notes == [
        "Line 16: several right options; the first is kept",
        "Line 33: partial-credit answers left out: 2005",
        "Line 39: the tolerance ±1000 is not kept: only 34000 counts",
        "Line 55: essay question skipped (no answer to check)",
        "Line 59: description skipped (no answer to check)",
    ]


def test_entities_are_refused_so_no_xxe_or_billion_laughs():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><quiz>&b;</quiz>'
    )
    with pytest.raises(UploadError, match="declares entities"):
        parse_upload(bomb.encode(), "quiz.xml")
    xxe = '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]><quiz>&x;</quiz>'
    with pytest.raises(UploadError, match="declares entities"):
        parse_upload(xxe.encode(), "quiz.xml")


def test_broken_xml_names_its_line():
    with pytest.raises(UploadError, match="Line 3: this Moodle XML cannot be read"):
        parse_upload(b"<quiz>\n<question type='truefalse'>\n</quiz>\n", "quiz.xml")


def test_moodle_xml_chosen_as_another_format_is_named(teacher_client):
    # Finding 5: Moodle XML was read as Quizlet and got nine "no comma" errors.
    with pytest.raises(UploadError, match="This is Moodle XML: choose Moodle XML"):
        parse_upload(fixture_bytes("moodle_quiz.xml"), "quiz.txt", "quizlet")
    page = upload(teacher_client, "quiz.xml", fixture_bytes("moodle_quiz.xml"), format="csv")
    assert "This is Moodle XML" in page.get_data(as_text=True)


def _any_bank(text: str) -> str:
    """Image URLs without their bank (a parsed file's images have no bank yet)."""
    return re.sub(r"/media/[^/]+/", "/media/", text)


def _asked(facts):
    return {
        fact.key: sorted(
            (q.key, q.kind, _any_bank(q.prompt), q.answer, tuple(q.choices),
             tuple(q.accepted_variants), q.explanation)
            for q in fact.questions
        )
        for fact in facts
    }  # fmt: skip


def test_our_export_reads_back_to_the_same_facts_and_questions(app):
    for fixture in ("defectors_day.csv", "moodle_quiz.xml", "apkg/current.apkg"):
        bank = import_fixture(make_user(role="teacher"), fixture, "bank").bank
        exported = EXPORTS["moodle-xml"].write(bank, None)
        parsed = parsed_without_errors(exported, "bank.xml")
        assert _asked(parsed.facts) == _asked(bank.facts), fixture
        assert [f.topic for f in parsed.facts] == [f.topic for f in bank.facts]
        assert b"<![CDATA[" in exported and b'fraction="100"' in exported


def _numerical(answer: str, tolerance: str = "0", fraction: str = "100") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
        '<question type="category"><category><text>$course$/Sums</text></category></question>\n'
        '<question type="numerical"><name><text>n</text></name>'
        "<questiontext><text>How many?</text></questiontext>"
        f'<answer fraction="{fraction}"><text>{answer}</text>'
        f"<tolerance>{tolerance}</tolerance></answer></question>\n</quiz>\n"
    ).encode()


@pytest.mark.parametrize(
    ("answer", "tolerance"),
    [("1e400", "1e999"), ("1e400", "0"), ("5", "1e999"), ("inf", "0"), ("nan", "0"),
     ("-1e400", "1"), ("five", "0"), ("5", "wide")],
)  # fmt: skip
def test_a_numerical_answer_or_tolerance_that_is_not_a_finite_number_is_refused_by_line(
    answer, tolerance
):
    parsed = parse_upload(_numerical(answer, tolerance), "sums.xml")
    assert [str(error) for error in parsed.errors] == [
        "Line 4: a numerical answer and its tolerance must be finite numbers"
    ]


def test_an_answer_fraction_that_is_not_a_finite_number_is_refused_by_line():
    parsed = parse_upload(_numerical("5", fraction="1e999"), "sums.xml")
    assert "Line 4: an answer's fraction must be a finite number, not '1e999'" in [
        str(error) for error in parsed.errors
    ]


def test_a_finite_numerical_answer_still_imports_with_its_tolerance():
    parsed = parse_upload(_numerical("5", "0.5"), "sums.xml")
    assert not parsed.errors
    question = parsed.questions[0]
    assert (question.kind, question.answer) == ("typed", "5")


def _numerical_question(answer: str, tolerance: str) -> bytes:
    return (
        '<?xml version="1.0"?>\n<quiz>\n<question type="numerical">'
        "<name><text>n</text></name>"
        '<questiontext format="html"><text>How many?</text></questiontext>'
        f'<answer fraction="100"><text>{answer}</text><tolerance>{tolerance}</tolerance>'
        "</answer></question>\n</quiz>\n"
    ).encode()


def test_every_full_credit_numerical_answer_counts():
    """Moodle counts each answer of fraction 100: only the first was kept, in silence."""
    xml = (
        b'<?xml version="1.0"?>\n<quiz>\n<question type="numerical">'
        b"<name><text>n</text></name><questiontext><text>Which year?</text></questiontext>"
        b'<answer fraction="100"><text>1953</text><tolerance>1</tolerance></answer>'
        b'<answer fraction="100"><text>2000</text><tolerance>0</tolerance></answer>'
        b"</question>\n</quiz>\n"
    )
    [question] = parsed_without_errors(xml, "n.xml").questions
    assert (question.answer, question.accepted_variants) == ("1953", ["1952", "1954", "2000"])


def test_a_numerical_tolerance_is_kept_as_whole_numbers_or_warned_about():
    # Probe: "Within ±1000 counts." while only 300000 was accepted.
    wide = parsed_without_errors(_numerical_question("300000", "1000"), "n.xml")
    [question] = wide.questions
    assert (question.answer, question.accepted_variants, question.explanation) == (
        "300000", [], ""
    )  # fmt: skip
    assert [str(p) for p in wide.notes] == [
        "Line 3: the tolerance ±1000 is not kept: only 300000 counts"
    ]
    narrow = parsed_without_errors(_numerical_question("12", "1"), "n.xml")
    [question] = narrow.questions
    assert question.accepted_variants == ["11", "13"]
    assert question.explanation == "Any whole number from 11 to 13 counts."
    exact = parsed_without_errors(_numerical_question("12", "0"), "n.xml")
    assert not exact.notes and exact.questions[0].explanation == ""


def test_a_matching_subquestion_without_text_is_an_extra_wrong_answer_not_a_fact():
    # Probe: Moodle's "extra wrong answer" (an empty subquestion) became a fact asking
    # the question's text with the distractor as its right answer.
    text = (
        '<?xml version="1.0"?>\n<quiz>\n<question type="matching">'
        "<name><text>elements</text></name>"
        "<questiontext><text>Match the elements.</text></questiontext>"
        "<subquestion><text>H</text><answer><text>Hydrogen</text></answer></subquestion>"
        "<subquestion><text>He</text><answer><text>Helium</text></answer></subquestion>"
        "<subquestion><text></text><answer><text>Zinc</text></answer></subquestion>"
        "</question>\n</quiz>\n"
    )
    parsed = parse_upload(text.encode(), "m.xml")
    assert not parsed.errors
    assert [q.answer for q in parsed.questions] == ["Hydrogen", "Helium"]
    assert all("Zinc" in q.choices for q in parsed.questions)


def test_a_case_sensitive_short_answer_becomes_exact_spelling_with_a_note():
    text = (
        '<?xml version="1.0"?>\n<quiz>\n<question type="shortanswer">'
        "<name><text>sa</text></name><questiontext><text>Capital?</text></questiontext>"
        '<usecase>1</usecase><answer fraction="100"><text>Seoul</text></answer>'
        "</question>\n</quiz>\n"
    )
    parsed = parse_upload(text.encode(), "sa.xml")
    assert parsed.questions[0].strict is True
    assert [str(note) for note in parsed.notes] == [
        "Line 3: case-sensitive answer: marked exact spelling (strict), but case is never "
        "checked here"
    ]


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "windows-1252", "latin1"])
def test_a_moodle_xml_in_the_encoding_its_declaration_names_is_read_in_it(encoding):
    """Older Moodle sites and editors save XML in Latin-1 and say so in the declaration;
    the file is read in that encoding, its accents kept, not refused as "not UTF-8"."""
    exported = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<quiz>\n'
        '<question type="shortanswer"><name><text>n</text></name>'
        "<questiontext><text>Où est le café ?</text></questiontext>"
        '<answer fraction="100"><text>Séoul</text></answer></question>\n</quiz>\n'
    ).encode("latin-1")
    parsed = parse_upload(exported, "quiz.xml")
    assert parsed.format == "moodle-xml" and not parsed.errors, parsed.errors
    (fact,) = parsed.facts
    assert (plain_text(fact.questions[0].prompt), fact.questions[0].answer) == (
        "Où est le café ?",
        "Séoul",
    )


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_a_moodle_xml_saved_as_utf16_is_read(codec):
    # Probe: Notepad's "Unicode" save (UTF-16 with its mark, the declaration saying so)
    # was refused: "encoding specified in XML declaration is incorrect".
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<quiz>\n'
        '<question type="shortanswer"><name><text>n</text></name>'
        "<questiontext><text>탈북민의 날은?</text></questiontext>"
        '<answer fraction="100"><text>7월 14일</text></answer></question>\n</quiz>\n'
    )
    data = text.encode(codec) if codec == "utf-16" else b"\xfe\xff" + text.encode(codec)
    [question] = parsed_without_errors(data, "quiz.xml").questions
    assert (plain_text(question.prompt), question.answer) == ("탈북민의 날은?", "7월 14일")


def test_a_moodle_xml_naming_an_unknown_encoding_is_refused_with_its_name():
    data = b'<?xml version="1.0" encoding="klingon-8"?>\n<quiz>\n</quiz>\n'
    with pytest.raises(UploadError, match="klingon-8"):
        parse_upload(data, "quiz.xml")


def _moodle_question(body: str) -> bytes:
    """A Moodle XML file of one question, its ``<question`` tag on line 3."""
    return f'<?xml version="1.0"?>\n<quiz>\n{body}\n</quiz>\n'.encode()


def test_a_partial_credit_option_left_out_of_a_multichoice_is_said():
    # Probe: Moodle's "Hanyang" at 50% vanished from the options without a word, where
    # GIFT's importer says partial-credit options are left out.
    xml = _moodle_question(
        '<question type="multichoice"><name><text>capital</text></name>'
        "<questiontext><text>Capital of Korea?</text></questiontext><single>true</single>"
        '<answer fraction="100"><text>Seoul</text></answer>'
        '<answer fraction="50"><text>Hanyang</text></answer>'
        '<answer fraction="0"><text>Busan</text></answer></question>'
    )
    parsed = parsed_without_errors(xml, "mc.xml")
    [question] = parsed.questions
    assert (question.answer, question.choices) == ("Seoul", ["Busan"])
    assert [str(note) for note in parsed.notes] == [
        "Line 3: partial-credit options are left out: Hanyang"
    ]


def _cloze(text: str) -> bytes:
    """A Moodle XML file of one cloze question (``<question`` on line 3)."""
    return _moodle_question(
        '<question type="cloze"><name><text>gap</text></name>'
        f'<questiontext format="html"><text><![CDATA[<p>{text}</p>]]></text></questiontext>'
        "</question>"
    )


@pytest.mark.parametrize("gap", ["MCS", "MCVS", "MCHS", "MULTICHOICE_S", "MC"])
def test_a_cloze_gap_of_shuffled_choices_is_a_multiple_choice_question(gap):
    # Probe: {1:MCS:...} (choices shuffled) was read as a gap to type "Korea" into, its
    # wrong options dropped, where MC and MULTICHOICE_S were multiple choice.
    parsed = parsed_without_errors(_cloze(f"Seoul is in {{1:{gap}:=Korea~Japan~China}}."), "c.xml")
    [question] = parsed.questions
    assert (question.kind, question.prompt, question.answer, question.choices) == (
        "multiple_choice", "Seoul is in _____.", "Korea", ["Japan", "China"]
    )  # fmt: skip
    assert not parsed.notes


@pytest.mark.parametrize("gap", ["MULTIRESPONSE", "MR", "MRHS"])
def test_a_cloze_gap_with_several_right_choices_keeps_the_first_instead_of_refusing_the_file(gap):
    # Probe: {1:MULTIRESPONSE:%50%2~%50%3~%-100%4}, a question Moodle writes, was "the
    # cloze gap has no fully right answer": an error, so nothing in the file imported.
    parsed = parsed_without_errors(_cloze(f"The primes: {{1:{gap}:%50%2~%50%3~%-100%4}}"), "c.xml")
    [question] = parsed.questions
    assert (question.kind, question.answer, question.choices) == ("multiple_choice", "2", ["4"])
    assert [str(note) for note in parsed.notes] == [
        "Line 3: several right options; the first is kept"
    ]


@pytest.mark.parametrize("gap", ["NUMERICAL", "NM"])
def test_a_numerical_cloze_gap_asks_for_the_number_within_its_tolerance(gap):
    # Probe: {1:NUMERICAL:=1953:1} was a gap whose answer was "1953:1": a learner typing
    # 1953 was marked wrong.
    parsed = parsed_without_errors(_cloze(f"The war ended in {{1:{gap}:=1953:1#Yes}}."), "c.xml")
    [question] = parsed.questions
    assert (question.kind, question.prompt, question.answer, question.accepted_variants) == (
        "cloze", "The war ended in {{blank}}.", "1953", ["1952", "1954"]
    )  # fmt: skip
    assert question.explanation == "Any whole number from 1952 to 1954 counts."
    assert [str(note) for note in parsed.notes] == [
        "Line 3: the tolerance ±1 is kept as whole numbers only: 1952 to 1954 count"
    ]


def test_a_numerical_cloze_gap_that_is_no_number_is_refused_by_line():
    parsed = parse_upload(_cloze("The war ended in {1:NUMERICAL:=soon}."), "c.xml")
    assert [str(error) for error in parsed.errors] == [
        "Line 3: a numeric answer must be a number, n:tol or a..b"
    ]


def test_a_short_answer_wildcard_is_left_out_with_a_note_not_shown_as_the_answer():
    # Probe: Moodle's "*Lincoln*" (any answer holding Lincoln) became the answer itself,
    # shown to learners with its asterisks.
    xml = _moodle_question(
        '<question type="shortanswer"><name><text>president</text></name>'
        "<questiontext><text>Who wrote the Gettysburg Address?</text></questiontext>"
        '<answer fraction="100"><text>*Lincoln*</text></answer>'
        '<answer fraction="0"><text>*</text></answer></question>'
    )
    parsed = parsed_without_errors(xml, "sa.xml")
    [question] = parsed.questions
    assert (question.answer, question.accepted_variants) == ("Lincoln", [])
    assert [str(note) for note in parsed.notes] == [
        "Line 3: the wildcard * in “*Lincoln*” is not kept: Lincoln counts"
    ]


def test_a_cloze_of_several_gaps_asks_each_gap_with_the_others_answered():
    # Probe: a Moodle cloze of two gaps, the most common kind, was skipped whole: "cloze
    # with 2 gaps skipped (one gap maps)".
    parsed = parsed_without_errors(
        _cloze(
            "{1:SHORTANSWER:=Seoul~=서울} is the capital of {1:MCS:=Korea~Japan}, "
            "since {1:NM:=1948}."
        ),
        "c.xml",
    )
    asked = [
        (f.key, q.kind, q.prompt, q.answer, q.accepted_variants, q.choices)
        for f in parsed.facts
        for q in f.questions
    ]
    assert asked == [
        ("gap-gap-1", "cloze", "{{blank}} is the capital of Korea, since 1948.", "Seoul",
         ["서울"], []),
        ("gap-gap-2", "multiple_choice", "Seoul is the capital of _____, since 1948.", "Korea",
         [], ["Japan"]),
        ("gap-gap-3", "cloze", "Seoul is the capital of Korea, since {{blank}}.", "1948",
         [], []),
    ]  # fmt: skip
    assert [str(note) for note in parsed.notes] == [
        "Line 3: a cloze of 3 gaps is asked one gap at a time, the others shown answered"
    ]


def test_an_empty_multichoice_option_is_left_out_with_a_note():
    xml = _moodle_question(
        '<question type="multichoice"><name><text>capital</text></name>'
        "<questiontext><text>Capital of Korea?</text></questiontext>"
        '<answer fraction="100"><text>Seoul</text></answer>'
        '<answer fraction="0" format="html"><text><![CDATA[<p><br></p>]]></text></answer>'
        '<answer fraction="0"><text>Busan</text></answer></question>'
    )
    parsed = parsed_without_errors(xml, "mc.xml")
    assert parsed.questions[0].choices == ["Busan"]
    assert [str(note) for note in parsed.notes] == ["Line 3: an empty wrong option is left out"]
