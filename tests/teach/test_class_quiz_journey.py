"""The whole class loop across areas, through the real forms: a teacher uploads a bank and
assigns it as a quiz, a student joins and finishes it, the teacher sees and exports it."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Bank, Classroom, IssuedItem, QuizAttempt
from tests.support.clients import AuthActions

GIFT = """\
$CATEGORY: Resettlement

::day::In which month is North Korean Defectors' Day? {=July ~June ~May ~August}

::count::About how many defectors does the day honour? {=34000 =34,000}

::woorion::Woorion helps defectors resettle in the South. {T}
"""


def _location(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def _answer_everything_right(client, attempt_id: int) -> None:
    for _ in range(10):
        page = client.get(f"/quiz/{attempt_id}")
        if page.status_code == 302:
            break
        html = page.get_data(as_text=True)
        match = re.search(r'name="token" value="([^"]+)"', html)
        if match is None:
            break
        token = match.group(1)
        item = db.session.scalar(select(IssuedItem).where(IssuedItem.token == token))
        question = item.question
        data = {"token": token}
        if item.choice_order:
            data["choice"] = item.choice_order.index(question.answer)
        else:
            data["response"] = question.answer
        client.post("/study/answer", data=data)


def test_teacher_assigns_an_uploaded_quiz_and_sees_the_students_score(app, teacher):
    teacher_client = app.test_client()
    AuthActions(teacher_client).login(teacher.email)
    _location(teacher_client.post("/teach/classes/", data={"name": "Class 10B"}))
    classroom = db.session.scalar(select(Classroom).where(Classroom.name == "Class 10B"))

    preview = _location(
        teacher_client.post(
            "/teach/uploads/new",
            data={
                "file": (io.BytesIO(GIFT.encode()), "resettlement.gift"),
                "format": "",
                "bank_title": "Resettlement",
            },
            content_type="multipart/form-data",
        )
    )
    assert "3" in teacher_client.get(preview).get_data(as_text=True)
    pending_id = int(preview.rstrip("/").rsplit("/", 1)[1])
    _location(teacher_client.post(f"/teach/uploads/{pending_id}/import"))
    bank = db.session.scalar(select(Bank).where(Bank.owner_id == teacher.id))
    assert bank is not None

    _location(
        teacher_client.post(
            f"/teach/classes/{classroom.id}/assignments",
            data={"bank_id": bank.id, "as_quiz": "y", "quiz_size": 3},
        )
    )

    student_client = app.test_client()
    student_auth = AuthActions(student_client)
    student_auth.signup(email="mina@example.org", name="Mina Park")
    _location(student_client.post("/join/", data={"code": classroom.join_code}))
    home = student_client.get("/").get_data(as_text=True)
    assignment_form = next(
        form
        for form in re.findall(r'<form method="post" action="/quiz/start".*?</form>', home, re.S)
        if 'name="assignment_id"' in form
    )
    fields = dict(
        re.findall(r'name="(bank_id|assignment_id|size)" value="([^"]*)"', assignment_form)
    )
    quiz_url = _location(student_client.post("/quiz/start", data=fields))
    attempt_id = int(re.search(r"/quiz/(\d+)", quiz_url).group(1))
    _answer_everything_right(student_client, attempt_id)

    db.session.expire_all()
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert attempt.finished_at is not None
    assert attempt.assignment_id == int(fields["assignment_id"])
    assert (attempt.score, attempt.max_score) == (3, 3)

    roster = teacher_client.get(f"/progress/class/{classroom.id}").get_data(as_text=True)
    assert "Mina Park" in roster
    assert "100" in roster

    export = teacher_client.get(f"/progress/class/{classroom.id}/export/answers.csv")
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert len(rows) == 3
    assert {row["email"] for row in rows} == {"mina@example.org"}
    assert {row["mode"] for row in rows} == {"quiz"}
    assert all(row["correct"] == "true" for row in rows)
