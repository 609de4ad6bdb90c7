"""Uploading through the browser: preview first, then all or nothing."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Bank, Fact, PendingUpload, Question
from tests.support.factories import make_memory_state, make_user
from tests.support.rows import count_rows
from tests.support.teach_fixtures import fixture_bytes, pending_id_from, upload


def test_preview_lists_questions_and_saves_nothing_until_import(teacher_client):
    page = upload(teacher_client, "resettlement.gift", fixture_bytes("resettlement.gift"))
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "On which date is Defectors&#39; Day held?" in text
    assert "Line 38: essay question skipped" in text
    assert count_rows(Bank) == 0

    response = teacher_client.post(
        f"/teach/uploads/{pending_id_from(text)}/import", follow_redirects=True
    )
    assert response.status_code == 200
    assert "Created" in response.get_data(as_text=True)
    assert count_rows(Fact) == 12 and count_rows(Question) == 12
    assert count_rows(PendingUpload) == 0


def test_a_file_with_a_bad_row_shows_the_line_and_cannot_be_imported(teacher_client, teacher):
    page = upload(teacher_client, "bad.csv", fixture_bytes("defectors_day_bad.csv"))
    text = page.get_data(as_text=True)
    assert "Line 4: unknown kind" in text and "Line 3:" in text
    assert "/import" not in text
    pending = db.session.scalar(select(PendingUpload))
    response = teacher_client.post(f"/teach/uploads/{pending.id}/import", follow_redirects=True)
    assert "nothing was saved" in response.get_data(as_text=True)
    assert count_rows(Bank) == 0 and count_rows(Question) == 0


def test_uploading_the_same_file_twice_updates_the_same_bank(teacher_client):
    for _ in range(2):
        page = upload(teacher_client, "aiken.txt", fixture_bytes("aiken.txt"))
        teacher_client.post(f"/teach/uploads/{pending_id_from(page.get_data(as_text=True))}/import")
    assert count_rows(Bank) == 1 and count_rows(Fact) == 3 and count_rows(Question) == 3


def test_a_script_tag_in_a_prompt_is_shown_as_text(teacher_client):
    data = b"kind,prompt,answer\ntyped,<script>alert(1)</script> Which city?,Seoul\n"
    text = upload(teacher_client, "x.csv", data).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Which city?" in text
    teacher_client.post(f"/teach/uploads/{pending_id_from(text)}/import")
    bank = db.session.scalar(select(Bank))
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_korean_text_with_a_bom_and_crlf_is_kept_intact(teacher_client):
    data = "\ufeffkind,prompt,answer\r\ntyped,탈북민의 날은?,7월 14일\r\n".encode()
    text = upload(teacher_client, "korean.csv", data).get_data(as_text=True)
    teacher_client.post(f"/teach/uploads/{pending_id_from(text)}/import")
    question = db.session.scalar(select(Question))
    assert (question.prompt, question.answer) == ("탈북민의 날은?", "7월 14일")


def test_a_file_over_five_megabytes_gets_a_friendly_413(teacher_client):
    # A hand-built body: the test client's own multipart encoder leaves a temp file open
    # when the server refuses to read it.
    boundary = "quizapp-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{teacher_client.csrf_token()}\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'
        ).encode()
        + b"x" * (5 * 1024 * 1024 + 1)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = teacher_client.post(
        "/teach/uploads/new",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        csrf=False,
    )
    assert response.status_code == 413
    assert "at most 5 MB" in response.get_data(as_text=True)
    assert count_rows(PendingUpload) == 0


def test_a_form_of_too_many_parts_is_told_so_not_that_it_is_too_large(teacher_client):
    # Probe: 2,000 one-byte parts (300 KB) were refused as "Uploads can be at most 5 MB".
    # (Fields, not files: Werkzeug leaves the files it opened before refusing unclosed.)
    boundary = "quizapp-boundary"
    parts = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="f{n}"\r\n\r\nx\r\n'
        for n in range(2000)
    )
    response = teacher_client.post(
        "/teach/uploads/new",
        data=(parts + f"--{boundary}--\r\n").encode(),
        content_type=f"multipart/form-data; boundary={boundary}",
        csrf=False,
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "too many parts" in page and "5 MB" not in page
    assert count_rows(PendingUpload) == 0


def test_a_file_that_is_not_utf8_is_refused_with_its_line(teacher_client):
    page = upload(
        teacher_client, "latin1.csv", "kind,prompt,answer\ntyped,Caf\xe9?,x\n".encode("latin-1")
    )
    assert "Line 2: the file is not UTF-8 text" in page.get_data(as_text=True)
    assert count_rows(PendingUpload) == 0


def test_a_file_that_is_not_utf8_says_how_to_save_it_from_a_spreadsheet(teacher_client):
    # Probe: Excel's "CSV (Comma delimited)" (and Notepad's "ANSI") write the computer's
    # old code page; the teacher was told to "save it as UTF-8" with no word on how.
    data = "Question,Answer\nCaf\xe9 au lait?,Coffee\n".encode("cp1252")
    text = " ".join(upload(teacher_client, "excel.csv", data).get_data(as_text=True).split())
    assert (
        "Line 2: the file is not UTF-8 text. Save it as UTF-8 and upload it again (in Excel: "
        "Save As, “CSV UTF-8 (Comma delimited)”; in LibreOffice: Save As, “Edit filter "
        "settings”, Character set “Unicode (UTF-8)”; in Notepad: Save As, Encoding “UTF-8”)."
    ) in text


def test_a_chosen_format_overrides_detection(teacher_client):
    page = upload(teacher_client, "cards.csv", b"Hanawon,centre\n", format="quizlet")
    assert "Format: <strong>quizlet</strong>" in page.get_data(as_text=True)


def test_another_teachers_pending_upload_is_not_found(client, auth, teacher):
    other = make_user(role="teacher", email="other@example.org")
    auth.login(other.email)
    page = upload(client, "aiken.txt", fixture_bytes("aiken.txt"))
    pending = pending_id_from(page.get_data(as_text=True))
    auth.logout()
    auth.login(teacher.email)
    gone = client.get(f"/teach/uploads/{pending}")
    assert gone.status_code == 404 and "This upload is not waiting any more" in gone.get_data(
        as_text=True
    )  # the page Back finds after a Discard says so too
    # Its Import and Discard read as for an upload already imported (a double click's
    # second press): nothing is done, and nothing told of another teacher's upload.
    for action in ("import", "cancel"):
        answer = client.post(f"/teach/uploads/{pending}/{action}", follow_redirects=True)
        assert "That upload is no longer waiting" in answer.get_data(as_text=True)
    assert count_rows(Bank) == 0 and count_rows(PendingUpload) == 1


def test_a_preview_with_problems_links_to_the_upload_page_for_the_corrected_file(
    teacher_client,
):
    page = upload(teacher_client, "bad.csv", fixture_bytes("defectors_day_bad.csv"))
    text = page.get_data(as_text=True)
    assert '<a href="/teach/uploads/new">upload the corrected file</a>' in text


def test_a_files_problems_are_counted_in_words_that_agree(teacher_client):
    """The heading read "2 problem(s)", a form letter's hedge, above the list it counts."""
    for rows, heading in (
        ("Capital?,\n", "1 problem — nothing can be imported until it is fixed"),
        ("Capital?,\n,Seoul\n", "2 problems — nothing can be imported until they are fixed"),
    ):
        page = upload(teacher_client, "bad.csv", f"prompt,answer\n{rows}".encode())
        text = page.get_data(as_text=True)
        assert heading in text
        assert "problem(s)" not in text


def test_a_one_question_file_is_counted_in_words_that_agree(teacher_client):
    page = upload(teacher_client, "one.csv", b"prompt,answer\nCapital of South Korea?,Seoul\n")
    text = page.get_data(as_text=True)
    assert "1 fact, 1 question." in text
    assert "Import the question" in text
    assert "1 facts" not in text and "1 questions" not in text


QUIZLET = "Hanawon\tthe resettlement centre\nHnud\tdog\nKatze\tcat\n"


def test_the_preview_of_an_update_says_which_studied_facts_it_would_retire(teacher_client):
    # Probe: fixing the typo "Hnud" made it a new fact and retired the old one, whose
    # learners' progress stayed behind, and the preview gave no warning before Import.
    page = upload(teacher_client, "german.txt", QUIZLET.encode())
    teacher_client.post(f"/teach/uploads/{pending_id_from(page.get_data(as_text=True))}/import")
    bank = db.session.scalar(select(Bank))
    learners = [make_user(name=name) for name in ("Minji Kim", "Jiho Park")]
    facts = {fact.questions[0].prompt: fact for fact in bank.facts}
    for learner in learners:
        make_memory_state(learner, facts["Hnud"])
    make_memory_state(learners[0], facts["Katze"])

    page = upload(teacher_client, "german.txt", QUIZLET.replace("Hnud", "Hund").encode())
    text = " ".join(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)).split())
    text = text.replace(" :", ":").replace(" .", ".")
    assert "This file updates your bank German." in text
    assert "It adds 1 new fact (2 questions)." in text
    assert "It retires 1 fact the file no longer has. 2 learners have studied it." in text
    assert "Hnud" in text.split("retires", 1)[1]
    unchanged = upload(teacher_client, "german.txt", QUIZLET.encode()).get_data(as_text=True)
    assert "retires" not in unchanged  # the same file again retires nothing
    shorter = upload(teacher_client, "german.txt", b"Hnud\tdog\n").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", shorter).split()).replace(" :", ":")
    assert "retires 2 facts the file no longer has. 1 learner has studied 1 of them." in text


def test_a_preview_of_a_file_no_format_could_read_names_no_format(teacher_client, teacher):
    # Probe: the preview of an upload no parser could read said "Format:" and no more.
    pending = PendingUpload(
        owner_id=teacher.id, filename="broken.apkg", bank_title="X", text="", data=b"PK\x03\x04!"
    )
    db.session.add(pending)
    db.session.commit()
    page = teacher_client.get(f"/teach/uploads/{pending.id}").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "The Anki package is damaged" in text
    assert "Format: not recognised" in text


CSV = (
    "prompt,answer,kind,distractors\n"
    "Capital of South Korea?,Seoul,multiple_choice,Busan|Incheon\n"
    "Year of the Korean War armistice?,1935,typed,\n"
    "Hanawon is a centre for?,defectors,typed,\n"
)


def preview_text(teacher_client, name: str, data: bytes) -> str:
    page = upload(teacher_client, name, data).get_data(as_text=True)
    return " ".join(re.sub(r"<[^>]+>", " ", page).split()).replace(" .", ".").replace(" :", ":")


def test_the_preview_says_which_edits_made_on_the_bank_page_the_file_undoes(teacher_client):
    # Probe: a typo fixed in the editor came back, a question retired there was asked
    # again and one added there was retired, and neither preview nor summary said so.
    page = upload(teacher_client, "webedit.csv", CSV.encode())
    teacher_client.post(f"/teach/uploads/{pending_id_from(page.get_data(as_text=True))}/import")
    questions = {q.prompt: q for q in db.session.scalars(select(Question))}
    questions["Year of the Korean War armistice?"].answer = "1953"  # fixed in the editor
    questions["Hanawon is a centre for?"].active = False  # retired in the editor
    fact = questions["Capital of South Korea?"].fact
    fact.questions.append(
        Question(key="typed-own", kind="typed", prompt="Type the capital", answer="Seoul")
    )
    db.session.commit()

    longer = (CSV + "Capital of the North?,Pyongyang,typed,\n").encode()
    page = upload(teacher_client, "webedit.csv", longer).get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split()).replace(" .", ".")
    assert "This file updates your bank Webedit." in text
    assert "It adds 1 new fact (1 question)." in text
    assert "It rewrites 1 question (prompt, answer, options or explanation)" in text
    assert "It retires 1 question the file does not have" in text
    assert "It brings back 1 retired question: learners are asked it again." in text
    assert "Edits made on the bank's page since its last upload are replaced" in text
    imported = teacher_client.post(
        f"/teach/uploads/{pending_id_from(page)}/import", follow_redirects=True
    ).get_data(as_text=True)
    assert "Of the questions already there: 1 rewritten, 1 retired, 1 brought back." in imported

    same = preview_text(teacher_client, "other.csv", CSV.encode())
    assert "This file makes a new bank, Other." in same


def test_the_same_file_again_says_it_changes_nothing(teacher_client):
    page = upload(teacher_client, "same.csv", CSV.encode())
    teacher_client.post(f"/teach/uploads/{pending_id_from(page.get_data(as_text=True))}/import")
    text = preview_text(teacher_client, "same.csv", CSV.encode())
    assert "it holds what the bank holds, so importing it changes nothing" in text
    assert "Edits made on the bank's page" not in text


EXCEL_QA = (
    "Question,Answer\n"
    "What is the capital of South Korea?,Seoul\n"
    'Where do defectors first stay?,"Hanawon, a resettlement centre"\n'
    '"Name a city, any city, in North Korea",Pyongyang\n'
)


def _page_text(page) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)).split())


def test_a_spreadsheets_question_answer_csv_is_read_as_csv_and_says_which_column_is_which(
    teacher_client,
):
    # Probe: a header "Question,Answer" was read as a Quizlet export: the header became a
    # card, quoted cells kept their quotes and were split at their commas, no warning.
    page = upload(teacher_client, "excel_qa.csv", EXCEL_QA.encode())
    text = _page_text(page)
    assert "Format: csv" in text
    assert "Line 1: column Question read as prompt" in text
    teacher_client.post(f"/teach/uploads/{pending_id_from(page.get_data(as_text=True))}/import")
    asked = {q.prompt: q.answer for q in db.session.scalars(select(Question))}
    assert asked == {
        "What is the capital of South Korea?": "Seoul",
        "Where do defectors first stay?": "Hanawon, a resettlement centre",
        "Name a city, any city, in North Korea": "Pyongyang",
    }
    for header in ("TERM,definition", "Front\tBack"):
        data = EXCEL_QA.replace("Question,Answer", header).encode()
        text = _page_text(upload(teacher_client, "cards.csv", data))
        assert "Format: csv" in text and "3 facts, 3 questions" in text
        assert "as answer" in text  # the note names both columns


def test_a_spreadsheets_plural_header_is_read_as_csv(teacher_client):
    # Probe: "Questions,Answers" was read as a Quizlet export: the header became a card
    # and a quoted cell was split at its comma, quotes and all, without a word.
    data = EXCEL_QA.replace("Question,Answer", "Questions,Answers").encode()
    text = _page_text(upload(teacher_client, "qa.csv", data))
    assert "Format: csv" in text and "3 facts, 3 questions" in text
    assert "Line 1: column Questions read as prompt, Answers as answer" in text


def test_a_spreadsheet_headed_in_korean_is_read_as_csv(teacher_client):
    # Probe: "문제,정답" (question, answer) was read as a Quizlet export: the header became
    # a card and a quoted cell was split at its comma, without a word.
    data = EXCEL_QA.replace("Question,Answer", "문제,정답").encode("utf-8-sig")
    page = upload(teacher_client, "qa.csv", data)
    text = _page_text(page)
    assert "Format: csv" in text and "3 facts, 3 questions" in text
    assert "Line 1: column 문제 read as prompt, 정답 as answer" in text


def test_a_spreadsheet_with_a_title_row_above_its_header_is_read_as_csv(teacher_client):
    # Probe: a title in A1 above the header ("Week 3 vocabulary,,") made the file a
    # Quizlet export: cards "Week 3 vocabulary" -> "," and "Question" -> "Answer", quoted
    # cells split at their commas, and not one error.
    data = ("Week 3 vocabulary,\r\n" + EXCEL_QA.replace("\n", "\r\n")).encode()
    page = upload(teacher_client, "week3.csv", data)
    text = _page_text(page)
    assert "Format: csv" in text and "3 facts, 3 questions" in text
    assert "Line 1: the line above the header is skipped: Week 3 vocabulary" in text
    assert "Line 2: column Question read as prompt" in text
    teacher_client.post(f"/teach/uploads/{pending_id_from(page.get_data(as_text=True))}/import")
    asked = {q.prompt: q.answer for q in db.session.scalars(select(Question))}
    assert asked["Where do defectors first stay?"] == "Hanawon, a resettlement centre"


def test_a_misspelt_csv_header_is_refused_on_line_one_naming_the_column(teacher_client):
    # Probe: "Question,Anwser" was read as a Quizlet export, its header a card.
    data = EXCEL_QA.replace("Question,Answer", "Question,Anwser").encode()
    page = upload(teacher_client, "qa.csv", data)
    text = _page_text(page)
    assert "Format: csv" in text
    assert (
        "Line 1: the header needs the column answer (or Definition, Back); it has Question, "
        "Anwser (is Anwser answer misspelt?)"
    ) in text
    assert "/import" not in page.get_data(as_text=True)


def test_a_csv_header_without_a_prompt_column_names_the_columns_found_and_expected(
    teacher_client,
):
    data = b"Q,A\nWhat is the capital of South Korea?,Seoul\n"
    text = _page_text(upload(teacher_client, "qa.csv", data, format="csv"))
    assert (
        "Line 1: the header needs the columns prompt (or Question, Term, Front), "
        "answer (or Definition, Back); it has Q, A"
    ) in text


FAKE_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + bytes(range(256)) * 2
WORD_97 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 2


def test_a_pdf_or_other_binary_file_is_refused_as_not_text_naming_the_formats_accepted(
    teacher_client,
):
    # Probe: a PDF was refused with "Line 2: the file is not UTF-8 text".
    for name, data, said in (
        ("fake.pdf", FAKE_PDF, "This is a PDF file, not a text file of questions."),
        ("quiz.doc", WORD_97, "This is an old Office file (Word .doc, Excel .xls or PowerPoint"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a text"),
    ):
        text = _page_text(upload(teacher_client, name, data))
        assert said in text, text
        assert "Accepted formats: CSV / TSV with a header (our bank format), Anki" in text
        assert "UTF-8 text" not in text and "Line 2" not in text
    assert count_rows(PendingUpload) == 0


def test_an_empty_file_is_refused_on_the_upload_form(teacher_client):
    # Probe: a 0-byte file became a preview saying "Format: quizlet".
    for data in (b"", b" \n\r\n\t\n"):
        text = _page_text(upload(teacher_client, "empty.csv", data))
        assert "The file is empty." in text
        assert "Format:" not in text
    assert count_rows(PendingUpload) == 0


def test_the_default_bank_name_leaves_out_any_extension(teacher_client):
    page = upload(teacher_client, "wrongext.pdf", b"prompt,answer\nQ?,A\n")
    text = _page_text(page)
    assert "Wrongext" in text and "Wrongext.pdf" not in text
    assert db.session.scalar(select(PendingUpload.bank_title)) == "Wrongext"


def _action(page: str, button: str) -> str:
    """Where the preview's Import or Discard button posts, as the page says."""
    match = re.search(rf'action="(/teach/uploads/\d+/{button}[^"]*)"', page)
    assert match, f"the preview offers {button}"
    return match.group(1).replace("&amp;", "&")


def test_an_old_preview_tab_does_not_import_a_later_upload_that_took_its_number(
    teacher_client,
):
    """SQLite gives a discarded upload's id to the next one: a preview still open in
    another tab must not import that other file."""
    old_tab = upload(
        teacher_client, "aiken.txt", fixture_bytes("aiken.txt"), bank_title="Stale tab X"
    ).get_data(as_text=True)
    teacher_client.post(_action(old_tab, "cancel"))
    later = upload(
        teacher_client, "aiken.txt", fixture_bytes("aiken.txt"), bank_title="Stale tab Y"
    ).get_data(as_text=True)
    for button in ("import", "cancel"):
        response = teacher_client.post(_action(old_tab, button), follow_redirects=True)
        assert "That upload is no longer waiting" in response.get_data(as_text=True)
    assert count_rows(Bank) == 0 and count_rows(PendingUpload) == 1
    teacher_client.post(_action(later, "import"))
    assert db.session.scalars(select(Bank.title)).all() == ["Stale tab Y"]


def test_a_wrong_option_that_is_the_answer_in_other_case_is_refused_with_its_line(
    teacher_client,
):
    data = (
        b"prompt,answer,kind,distractors\n"
        b"Capital of South Korea?,Seoul,multiple_choice,SEOUL|Busan\n"
        b"Capital of Japan?,Tokyo,multiple_choice,Osaka|Kyoto|Osaka\n"
    )
    text = upload(teacher_client, "mc_case.csv", data).get_data(as_text=True)
    assert "Line 2: the right answer is also listed as a wrong option" in text
    assert "Line 3: the wrong option" in text and "is listed twice" in text
    assert "/import" not in text


def test_options_differing_only_in_their_minus_sign_are_imported_as_distinct(teacher_client):
    """-5 and 5 are different options: the upload refused the question, saying the right
    answer was also listed as a wrong option."""
    data = b"::low::The lowest temperature, in Celsius? {=-5 ~5 ~0 ~-15}\n"
    text = upload(teacher_client, "temperatures.gift", data).get_data(as_text=True)
    assert "also listed as a wrong option" not in text
    assert "/import" in text


def test_options_c_cpp_and_csharp_are_imported_as_three_options(teacher_client):
    """C, C++ and C# are three languages: the upload refused the question, saying the
    right answer was also listed as a wrong option."""
    data = b"::lang::Which language added classes to C? {=C++ ~C ~C\\# ~Java}\n"
    text = upload(teacher_client, "languages.gift", data).get_data(as_text=True)
    assert "also listed as a wrong option" not in text
    assert "/import" in text


def test_a_custom_quizlet_separator_and_its_choice_must_agree(teacher_client):
    # Probe: Custom with no separator typed, or one typed while the choice said Detect,
    # was ignored in silence, and every line then failed to split.
    cards = b"Seoul - capital of South Korea\nBusan - port city\n"
    empty = upload(teacher_client, "cards.txt", cards, format="quizlet", term_separator="custom")
    assert "Type the separator in the box below" in empty.get_data(as_text=True)
    typed = upload(teacher_client, "cards.txt", cards, format="quizlet", term_custom=" - ")
    text = " ".join(re.sub(r"<[^>]+>", " ", typed.get_data(as_text=True)).split())
    assert "2 facts" in text and "Seoul Answer: capital of South Korea" in text
    named = upload(
        teacher_client, "cards.txt", cards, format="quizlet", term_separator="tab", term_custom="-"
    )
    assert "Choose Custom above to use this separator" in named.get_data(as_text=True)


def test_the_upload_form_states_the_size_limit_the_server_keeps(app, teacher_client):
    """MAX_UPLOAD_BYTES sets the limit (the 413 page names it): the form's hint too."""
    app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
    page = teacher_client.get("/teach/uploads/new").get_data(as_text=True)
    assert "Up to 10 MB." in page and "5 MB" not in page


def _preview_facts(page: str) -> str:
    """The preview's list of facts, each under its place in the file."""
    return page[page.index('<ol class="facts">') :]


def test_the_preview_names_each_fact_by_its_line_not_a_key_the_app_made(teacher_client):
    """Each fact of a Quizlet file was headed "Line 2 · q-409c311f1008": a key made from
    the text, meaningless to the teacher. The line stays; keys the app made do not."""
    page = upload(teacher_client, "terms.txt", fixture_bytes("quizlet_tab.txt"))
    facts = _preview_facts(page.get_data(as_text=True))
    assert "Line 2" in facts
    assert not re.search(r"\bq-[0-9a-f]{12}", facts)


def test_the_preview_keeps_a_key_the_teacher_wrote_in_the_file(teacher_client):
    page = upload(teacher_client, "day.csv", fixture_bytes("defectors_day.csv"))
    assert "day-date" in _preview_facts(page.get_data(as_text=True))


def test_the_preview_of_an_anki_deck_hides_its_notes_internal_ids(teacher_client):
    """An Anki note's id ("bGEC*m!<J8") is Anki's own: the teacher never saw it there."""
    page = upload(teacher_client, "deck.apkg", fixture_bytes("apkg/current.apkg"))
    facts = _preview_facts(page.get_data(as_text=True))
    assert "Note 1" in facts and "bGEC" not in facts


def test_the_preview_hides_the_key_made_from_a_korean_title(teacher_client):
    """A GIFT title in Hangul has no Latin letters to make a key of: its key is a hash
    ("h-…"), no more the teacher's than a "q-…" one."""
    gift = "::수도 질문:: 북한의 수도는? {=평양}\n".encode()
    facts = _preview_facts(upload(teacher_client, "k.gift", gift).get_data(as_text=True))
    assert "Line 1" in facts and not re.search(r"\bh-[0-9a-f]{10}", facts)


def test_a_quizlet_export_whose_first_card_is_numbered_is_not_taken_for_a_misspelt_header(
    teacher_client,
):
    # Probe: "term 1<tab>definition 1" came near enough to "term", "definition" to be read
    # as a misspelt CSV header: "choose CSV / TSV with a header" for a Quizlet export.
    data = "".join(f"term {n}\tdefinition {n}\n" for n in range(1, 4)).encode()
    text = _page_text(upload(teacher_client, "cards.txt", data))
    assert "Format: quizlet" in text and "3 facts" in text
