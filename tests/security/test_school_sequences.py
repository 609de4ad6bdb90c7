"""A school's teacher and students acting in any order, through the real forms.

The route fuzzer (``test_fuzz_routes``) feeds crafted input to one fixed world; what it
cannot reach is a state only an earlier action makes, as when a teacher took a quiz
assignment off a class after a student had taken it (that removal used to fail). Here
hypothesis draws sequences of what a class really does: create classes, assign the bank
for study or as a quiz, join, study (typed answers, hints, flashcards, ahead, one bank),
take back an answer, take quizzes, change study settings, retire and restore facts, edit
a question's answer, upload a second bank and assign it, make a new join code, remove
students and assignments, a co-teacher acting, leaving and coming back from the LMS,
delete a class, delete an account, send the last form again (a double click), and read
every page and export in between. Whatever the order:

* no request answers a server error (5xx);
* no finished quiz score of a student who still has an account is lost or changed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from werkzeug.test import TestResponse

from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Bank,
    Classroom,
    ClassroomTeacher,
    Enrollment,
    Question,
    QuizAttempt,
    Review,
)
from tests.bench.client import AnswerForm, answer_form
from tests.support.clients import CSRFClient, logged_in_client
from tests.support.factories import make_user
from tests.support.fuzzing import fuzz_settings
from tests.support.study_fixtures import facts_of, make_study_bank

Item = TypeVar("Item")
GIFT = """\
::day::In which month is the day marked? {=July ~June ~May}

::count::About how many defectors does it honour? {=34000 =34,000}

::help::Hanawon helps defectors settle in. {T}
"""
KINDS = ("multiple_choice", "true_false", "typed", "flashcard")
PASSWORD = "correct horse"
PICK = st.integers(min_value=0, max_value=20)  # an index into a list, taken modulo its length
# A gate on the actions that undo a class's work, so that sequences also reach the states
# they need (students in a class with quizzes taken): they act one time in four.
NOW_AND_THEN = st.sampled_from([False, False, False, True])
# Who acts for the teachers: mostly the class's owner, sometimes its co-teacher (a second
# instructor of the class's LMS course), who may run the class but not delete it or
# remove others, and may not change the owner's bank.
BY = st.sampled_from(["owner", "owner", "co-teacher"])


@dataclass
class Student:
    id: int
    client: CSRFClient
    deleted: bool = False
    scores: dict[int, float] = field(default_factory=dict)  # finished attempt id -> score


def _pick(items: Sequence[Item], index: int) -> Item:
    return items[index % len(items)]


class School(RuleBasedStateMachine):
    """A class's owner and its co-teacher, the owner's bank of three facts (four kinds of
    question each), and the students they gain."""

    def __init__(self, app: Flask) -> None:
        super().__init__()
        self.app = app
        self.students: list[Student] = []
        self.class_ids: list[int] = []
        self.uploaded: list[int] = []  # banks the teachers uploaded
        # The last form sent (client, URL, fields), which a double click sends again.
        self.last_post: tuple[CSRFClient, str, dict[str, Any]] | None = None

    def _client(self, email: str) -> CSRFClient:
        return logged_in_client(self.app, email, PASSWORD)

    def _ok(self, response: TestResponse, what: str) -> TestResponse:
        assert response.status_code < 500, f"{what} answered {response.status_code}"
        return response

    def _get(self, client: CSRFClient, url: str) -> TestResponse:
        return self._ok(client.get(url), f"GET {url}")

    def _post(
        self, client: CSRFClient, url: str, data: dict[str, Any] | None = None
    ) -> TestResponse:
        self.last_post = (client, url, data or {})
        return self._ok(client.post(url, data=data or {}), f"POST {url}")

    def _card(self, client: CSRFClient, url: str) -> AnswerForm | None:
        """The answer form of the card the page at ``url`` shows, if it shows one."""
        return answer_form(self._get(client, url).get_data(as_text=True))

    @initialize()
    def a_teacher_with_a_bank(self) -> None:
        teacher = make_user(role="teacher", password=PASSWORD)
        self.teacher_id = teacher.id
        bank = make_study_bank(facts=3, kinds=KINDS, owner=teacher)
        self.bank_id, self.bank_slug = bank.id, bank.slug
        self.fact_ids = [fact.id for fact in facts_of(bank)]
        self.question_ids = [question.id for fact in facts_of(bank) for question in fact.questions]
        self.teacher = self._client(teacher.email)
        co_teacher = make_user(role="teacher", password=PASSWORD)
        self.co_teacher_id, self.co_teacher = co_teacher.id, self._client(co_teacher.email)
        # A class already running: the bank assigned for study and as a short quiz, two
        # students in it, one of whom has taken the quiz and begun studying.
        self.create_a_class()
        self.assign_the_bank(0, as_quiz=False, size="")
        self.assign_the_bank(0, as_quiz=True, size="2")
        for _ in range(2):
            self.a_student_signs_up_and_joins_a_class(0)
        self.the_lms_adds_the_co_teacher()
        self.start_a_quiz(0, assignment=1, from_assignment=True, size="")
        self.answer_quiz_questions(0, choice=0, count=2)
        self.study_a_few_cards(0, choice=1)

    def _teacher(self, by: str) -> CSRFClient:
        return self.co_teacher if by == "co-teacher" else self.teacher

    @property
    def _present(self) -> list[Student]:
        return [student for student in self.students if not student.deleted]

    # --- The teacher -------------------------------------------------------------------

    @precondition(lambda self: len(self.class_ids) < 4)
    @rule()
    def create_a_class(self) -> None:
        self._post(self.teacher, "/teach/classes/", {"name": f"Class {len(self.class_ids)}"})
        newest = db.session.scalar(
            select(Classroom.id)
            .where(Classroom.teacher_id == self.teacher_id)
            .order_by(Classroom.id.desc())
        )
        if newest is not None and newest not in self.class_ids:
            self.class_ids.append(newest)

    @precondition(lambda self: self.class_ids)
    @rule(which=PICK, as_quiz=st.booleans(), size=st.sampled_from(["", "2", "3"]), by=BY)
    def assign_the_bank(self, which: int, as_quiz: bool, size: str, by: str = "owner") -> None:
        fields = {"bank_id": self.bank_id, "as_quiz": "y" if as_quiz else "", "quiz_size": size}
        url = f"/teach/classes/{_pick(self.class_ids, which)}/assignments"
        self._post(self._teacher(by), url, fields)

    @precondition(lambda self: self.class_ids)
    @rule(which=PICK, assignment=PICK, elsewhere=NOW_AND_THEN, act=st.booleans(), by=BY)
    def remove_an_assignment(
        self, which: int, assignment: int, elsewhere: bool, act: bool, by: str
    ) -> None:
        """One of the class's assignments, or (``elsewhere``) any, maybe another class's."""
        if not act:
            return
        class_id = _pick(self.class_ids, which)
        query = select(Assignment.id).order_by(Assignment.id)
        if not elsewhere:
            query = query.where(Assignment.classroom_id == class_id)
        ids = db.session.scalars(query).all()
        target = _pick(ids, assignment) if ids else 999_999
        url = f"/teach/classes/{class_id}/assignments/{target}/remove"
        self._get(self._teacher(by), url)
        self._post(self._teacher(by), url)

    @precondition(lambda self: self.class_ids and self.students)
    @rule(which=PICK, who=PICK, act=NOW_AND_THEN, by=BY)
    def remove_a_student(self, which: int, who: int, act: bool, by: str) -> None:
        if not act:
            return
        student = _pick(self.students, who)
        url = f"/teach/classes/{_pick(self.class_ids, which)}/students/{student.id}/remove"
        self._get(self._teacher(by), url)
        self._post(self._teacher(by), url)

    @precondition(lambda self: self.class_ids)
    @rule(which=PICK, act=NOW_AND_THEN, by=BY)
    def make_a_new_join_code(self, which: int, act: bool, by: str) -> None:
        if not act:
            return
        self._post(self._teacher(by), f"/teach/classes/{_pick(self.class_ids, which)}/code")

    @precondition(lambda self: self.class_ids)
    @rule(which=PICK, act=NOW_AND_THEN, by=BY)
    def delete_a_class(self, which: int, act: bool, by: str) -> None:
        if not act:
            return
        class_id = _pick(self.class_ids, which)
        url = f"/teach/classes/{class_id}/delete"
        self._post(self._teacher(by), url, {"confirm_password": PASSWORD})

    @rule(fact=PICK, active=st.booleans(), by=BY)
    def retire_or_restore_a_fact(self, fact: int, active: bool, by: str) -> None:
        action = "restore" if active else "retire"
        fact_id = _pick(self.fact_ids, fact)
        url = f"/teach/banks/{self.bank_slug}/facts/{fact_id}/{action}"
        self._post(self._teacher(by), url)

    @rule(question=PICK, flip=st.booleans(), by=BY)
    def edit_a_question(self, question: int, flip: bool, by: str) -> None:
        """Change a question's right answer after students answered it: a true/false
        statement turns false, a multiple choice swaps its answer with a wrong option, a
        typed answer or a flashcard's back gets a word more."""
        found = db.session.get(Question, _pick(self.question_ids, question))
        assert found is not None
        if found.kind == "true_false":
            answer, choices = ("false" if flip else "true"), ""
        elif found.kind == "multiple_choice":
            options = [found.answer, *found.choices]
            answer = options[1] if flip else options[0]
            choices = "\n".join(option for option in options if option != answer)
        else:
            answer, choices = found.answer + (" edited" if flip else ""), ""
        fields = {
            "key": found.key,
            "kind": found.kind,
            "prompt": found.prompt,
            "answer": answer,
            "choices": choices,
            "explanation": found.explanation or "",
        }
        url = f"/teach/banks/{self.bank_slug}/questions/{found.id}/edit"
        self._get(self._teacher(by), url)
        self._post(self._teacher(by), url, fields)

    @precondition(lambda self: self.class_ids and len(self.uploaded) < 2)
    @rule(which=PICK, as_quiz=st.booleans(), by=BY)
    def upload_a_bank_and_assign_it(self, which: int, as_quiz: bool, by: str) -> None:
        """A GIFT file through the upload, its preview and its import, then assigned: the
        students' sessions and quizzes then span two banks."""
        teacher = self._teacher(by)
        title = f"Upload {self.teacher_id}-{len(self.uploaded)}"
        upload = {"file": (io.BytesIO(GIFT.encode()), "check.gift"), "bank_title": title}
        preview = self._ok(
            teacher.post("/teach/uploads/new", data=upload, content_type="multipart/form-data"),
            "POST /teach/uploads/new",
        )
        pending = preview.headers.get("Location", "").rstrip("/").rsplit("/", 1)[-1]
        if not pending.isdigit():
            return
        self._post(teacher, f"/teach/uploads/{pending}/import")
        bank_id = db.session.scalar(select(Bank.id).where(Bank.title == title))
        if bank_id is not None:
            self.uploaded.append(bank_id)
            url = f"/teach/classes/{_pick(self.class_ids, which)}/assignments"
            self._post(teacher, url, {"bank_id": bank_id, "as_quiz": "y" if as_quiz else ""})

    @precondition(lambda self: self.class_ids)
    @rule(by=BY, leaving=st.booleans(), act=NOW_AND_THEN)
    def the_co_teacher_leaves_or_is_removed(self, by: str, leaving: bool, act: bool) -> None:
        """The co-teacher stops co-teaching the first class; or someone (maybe the
        co-teacher themself, which is leaving) removes the owner, which is refused."""
        if not act:
            return
        who = self.co_teacher_id if leaving or by == "owner" else self.teacher_id
        url = f"/teach/classes/{self.class_ids[0]}/teachers/{who}/remove"
        self._get(self._teacher(by), url)
        self._post(self._teacher(by), url)

    @precondition(lambda self: self.class_ids)
    @rule()
    def the_lms_adds_the_co_teacher(self) -> None:
        """A launch from the course adds its second instructor back to the first class (as
        ``lti.mapping`` does), unless they teach it already or it is gone."""
        class_id = self.class_ids[0]
        teaches = select(ClassroomTeacher.id).where(
            ClassroomTeacher.classroom_id == class_id,
            ClassroomTeacher.teacher_id == self.co_teacher_id,
        )
        if db.session.get(Classroom, class_id) and db.session.scalar(teaches) is None:
            db.session.add(ClassroomTeacher(classroom_id=class_id, teacher_id=self.co_teacher_id))
            db.session.commit()

    @rule(by=BY)
    def the_teacher_reads_every_class_page(self, by: str) -> None:
        teacher = self._teacher(by)
        for class_id in self.class_ids:
            for url in (
                f"/teach/classes/{class_id}",
                f"/progress/class/{class_id}",
                f"/progress/class/{class_id}/export/answers.csv",
                f"/progress/class/{class_id}/export/attempts.csv",
            ):
                self._get(teacher, url)
            for student in self.students:
                self._get(teacher, f"/progress/class/{class_id}/student/{student.id}")
        self._get(teacher, "/")

    # --- The students ------------------------------------------------------------------

    @rule(which=PICK)
    def a_student_signs_up_and_joins_a_class(self, which: int) -> None:
        user = make_user(password=PASSWORD)
        self.students.append(Student(user.id, self._client(user.email)))
        if self.class_ids:
            self.join_a_class(len(self.students) - 1, which)

    @precondition(lambda self: self.class_ids and self.students)
    @rule(who=PICK, which=PICK)
    def join_a_class(self, who: int, which: int) -> None:
        code = db.session.scalar(
            select(Classroom.join_code).where(Classroom.id == _pick(self.class_ids, which))
        )
        self._post(_pick(self.students, who).client, "/join/", {"code": code or "GONE234567"})

    @precondition(lambda self: self._present)
    @rule(who=PICK, choice=st.integers(min_value=0, max_value=3))
    def study_a_few_cards(self, who: int, choice: int) -> None:
        client = _pick(self._present, who).client
        for _ in range(3):
            form = self._card(client, "/study/")
            if form is None:
                return
            form.fields.update({"choice": str(choice), "rating": str(choice + 1)})
            if "response" in form.fields:
                form.fields["response"] = ("34,000", "Back 1", "x", "")[choice]
            self._post(client, form.action, form.fields)

    @precondition(lambda self: self._present)
    @rule(
        who=PICK,
        flags=st.sampled_from(["", "?ahead=1", "?more=1", "?bank={slug}", "?bank={slug}&ahead=1"]),
    )
    def study_ahead_more_or_one_bank(self, who: int, flags: str) -> None:
        """The session's other ways in: learn ahead, more new facts, one bank."""
        client = _pick(self._present, who).client
        url = "/study/" + flags.format(slug=self.bank_slug)
        form = self._card(client, url)
        if form is not None:
            self._post(client, form.action, form.fields)

    @precondition(lambda self: self._present)
    @rule(
        who=PICK,
        limit=st.sampled_from(["0", "1", "10", "500"]),
        zone=st.sampled_from(["UTC", "Asia/Seoul", "Pacific/Kiritimati", "America/Adak"]),
        retention=st.sampled_from(["0.8", "0.9", "0.97"]),
    )
    def change_study_settings(self, who: int, limit: str, zone: str, retention: str) -> None:
        """A new daily limit, time zone (its day starts earlier or later) or retention."""
        fields = {"desired_retention": retention, "daily_new_limit": limit, "time_zone": zone}
        self._post(_pick(self._present, who).client, "/study/settings", fields)

    @precondition(lambda self: self._present)
    @rule(who=PICK, typed=st.sampled_from(["", "x", "34,000", "about 34000"]))
    def ask_for_a_hint_then_answer(self, who: int, typed: str) -> None:
        """On whatever card is waiting (only a typed one gives a hint), then answer it."""
        client = _pick(self._present, who).client
        form = self._card(client, "/study/")
        if form is None:
            return
        token = {"token": form.fields.get("token", "")}
        self._post(client, "/study/hint", token)
        form = self._card(client, "/study/")
        if form is not None:
            form.fields["response"] = typed
            self._post(client, form.action, form.fields)

    @precondition(lambda self: self._present)
    @rule(who=PICK)
    def see_the_last_feedback_again(self, who: int) -> None:
        student = _pick(self._present, who)
        token = self._last_token(student)
        self._get(student.client, f"/study/feedback/{token or 'no-such-token'}")

    @precondition(lambda self: self._present)
    @rule(who=PICK)
    def take_back_the_last_answer(self, who: int) -> None:
        student = _pick(self._present, who)
        token = self._last_token(student)
        self._post(student.client, "/study/undo", {"token": token or "no-such-token"})

    def _last_token(self, student: Student) -> str | None:
        return db.session.scalar(
            select(Review.client_token)
            .where(Review.user_id == student.id)
            .order_by(Review.id.desc())
            .limit(1)
        )

    @precondition(lambda self: self._present)
    @rule(who=PICK, assignment=PICK, from_assignment=st.booleans(), size=st.sampled_from(["", "2"]))
    def start_a_quiz(self, who: int, assignment: int, from_assignment: bool, size: str) -> None:
        """From one of the student's classes' assignments (or, now and then, another
        class's), or from the bank itself."""
        student = _pick(self._present, who)
        fields = {"bank_id": str(self.bank_id), "size": size}
        query = select(Assignment.id).order_by(Assignment.id)
        if assignment % 4:
            mine = select(Enrollment.classroom_id).where(Enrollment.student_id == student.id)
            query = query.where(Assignment.classroom_id.in_(mine))
        ids = db.session.scalars(query).all()
        if from_assignment and ids:
            fields["assignment_id"] = str(_pick(ids, assignment))
        self._post(student.client, "/quiz/start", fields)

    @precondition(lambda self: self._present)
    @rule(who=PICK, choice=st.integers(min_value=0, max_value=3), count=st.integers(1, 3))
    def answer_quiz_questions(self, who: int, choice: int, count: int) -> None:
        """``count`` questions of the student's unfinished quiz, if they have one."""
        student = _pick(self._present, who)
        attempt = db.session.scalar(
            select(QuizAttempt.id).where(
                QuizAttempt.user_id == student.id, QuizAttempt.finished_at.is_(None)
            )
        )
        for _ in range(count if attempt is not None else 0):
            form = self._card(student.client, f"/quiz/{attempt}")
            if form is None:
                return
            form.fields.update({"choice": str(choice), "response": "True"})
            self._post(student.client, form.action, form.fields)

    @precondition(lambda self: self.students)
    @rule(who=PICK)
    def a_student_reads_their_pages(self, who: int) -> None:
        student = _pick(self.students, who)
        for url in ("/", "/study/", "/quiz/", "/progress/", "/progress/my-data/attempts.csv"):
            self._get(student.client, url)
        for attempt in db.session.scalars(
            select(QuizAttempt.id).where(QuizAttempt.user_id == student.id)
        ):
            self._get(student.client, f"/quiz/{attempt}/results")

    @precondition(lambda self: self._present)
    @rule(who=PICK, act=NOW_AND_THEN)
    def a_student_deletes_their_account(self, who: int, act: bool) -> None:
        if not act:
            return
        student = _pick(self._present, who)
        self._post(student.client, "/auth/account/delete", {"confirm_password": PASSWORD})
        student.deleted = True
        # Whatever they still had open now leads to the log-in page, never to an error.
        self._get(student.client, "/study/")

    # --- What must hold after every step ------------------------------------------------

    # --- Anyone ------------------------------------------------------------------------

    @precondition(lambda self: self.last_post is not None)
    @rule()
    def the_last_form_is_sent_again(self) -> None:
        """A double click, or a reload that offers to send the form again: the same
        fields, token and all, once more."""
        assert self.last_post is not None
        client, url, data = self.last_post
        self._post(client, url, dict(data))

    @invariant()
    def finished_scores_are_never_lost(self) -> None:
        db.session.rollback()
        for student in self._present:
            finished = dict(
                db.session.execute(
                    select(QuizAttempt.id, QuizAttempt.score).where(
                        QuizAttempt.user_id == student.id, QuizAttempt.finished_at.is_not(None)
                    )
                ).all()
            )
            for attempt_id, score in student.scores.items():
                assert finished.get(attempt_id) == score, f"attempt {attempt_id} lost or changed"
            student.scores = finished


def test_no_order_of_a_schools_actions_errs_or_loses_a_score(app: Flask) -> None:
    # 12 sequences of 30 steps in each pass (the same ones: derandomized); more with
    # FUZZ_EXAMPLES. Kept modest so the whole CI run stays within its 20 minutes.
    steps = settings(fuzz_settings(12), stateful_step_count=30)
    run_state_machine_as_test(lambda: School(app), settings=steps)
