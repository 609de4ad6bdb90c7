"""Answers typed in Korean on any device: a Mac (and an iPhone's pasted text) hands
over Hangul decomposed (NFD, letters as jamo), which looks the same as the composed form
(NFC) every other device sends. The learner sees the same feedback either way, and the
teacher's results hold one spelling of each answer."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Review
from tests.support.factories import make_bank, make_fact, make_question

TOKEN = re.compile(r'name="token" value="([^"]+)"')
DIFF = re.compile(r'<p class="diff">.*?</span>(.*?)</p>', re.S)


def _answer(client, typed: str) -> str:
    bank = make_bank(title="서울")
    make_question(make_fact(bank), prompt="수도는?", answer="서울특별시")
    page = client.get("/study/").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    response = client.post("/study/answer", data={"token": token, "response": typed})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_decomposed_answer_gets_the_same_letter_by_letter_feedback(app, student_client):
    typed = unicodedata.normalize("NFD", "서올특별시")
    feedback = _answer(student_client, typed)
    diff = DIFF.search(feedback)
    assert diff, "a near miss shows where it differs, as the composed answer does"
    assert diff.group(1) == "서<ins>울</ins><del>올</del>특별시" or (
        diff.group(1) == "서<del>올</del><ins>울</ins>특별시"
    )


def test_a_decomposed_answer_is_kept_composed(app, student_client):
    _answer(student_client, unicodedata.normalize("NFD", "서울"))
    kept = db.session.scalar(select(Review.response))
    assert kept == "서울" and unicodedata.is_normalized("NFC", kept)


def _card_with_decomposed_answer(client) -> str:
    bank = make_bank(title="수도")
    answer = unicodedata.normalize("NFD", "서울특별시")  # a bank written on a Mac
    make_question(make_fact(bank), prompt="수도는?", answer=answer)
    page = client.get("/study/").get_data(as_text=True)
    return TOKEN.search(page).group(1)


def test_the_hint_of_a_decomposed_answer_shows_its_first_syllable(app, student_client):
    token = _card_with_decomposed_answer(student_client)
    student_client.post("/study/hint", data={"token": token})
    page = student_client.get("/study/").get_data(as_text=True)
    assert "서____" in page, "one underscore a syllable, not a lone letter and five jamo"


def test_a_near_miss_on_a_decomposed_answer_is_compared_letter_by_letter(app, student_client):
    token = _card_with_decomposed_answer(student_client)
    response = student_client.post("/study/answer", data={"token": token, "response": "서올특별시"})
    diff = DIFF.search(response.get_data(as_text=True))
    assert diff and "<ins>울</ins>" in diff.group(1) and "<del>올</del>" in diff.group(1)
