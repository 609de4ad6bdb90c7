"""Who may reach what: every route of the URL map, as every kind of account a school has.

One school: an owner teaching three classes (C1 co-taught, C2 not, C3 whose co-teacher was
taken off) with their own bank, a pending upload and an image; their co-teacher; another
teacher with their own bank, class and upload; a teacher account that is also enrolled in
C1 (an LMS learner whose later launch as an instructor of another course made them a
teacher: ``lti.mapping.link_user``); a student of C1 and C2 with a quiz under way and an
answered item; a student of the other teacher's class; a student removed from C1; and a
visitor. Each row of ``PROBES`` is one request, with the identities allowed to make it;
everyone else must be refused (log-in for a visitor, 403 for a student in the teacher
area, 404 for what an account may not know of) and the database must read the same
afterwards. Allowed POSTs are left to the feature tests (they change the school).
``test_every_route_is_probed`` keeps the table complete as routes are added.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from quizapp.extensions import db
from quizapp.media.images import check_image
from quizapp.media.store import store_image
from quizapp.models import Assignment, ClassroomTeacher, PendingUpload
from quizapp.teach.classes import remove_co_teacher, remove_student
from tests.support.clients import AuthActions, CSRFClient
from tests.support.digits import in_other_digits
from tests.support.factories import make_attempt, make_classroom, make_user
from tests.support.image_fixtures import png_bytes
from tests.support.study_fixtures import facts_of, make_study_bank

PASSWORD = "correct horse"
VISITOR = "visitor"
STUDENTS = ("student", "outsider", "removed")
TEACHERS = ("owner", "co", "other", "promoted")
IDENTITIES = (VISITOR, *STUDENTS, *TEACHERS)
# Sent to log in: every page that needs an account, whatever else it refuses (a form
# sent: "see the log-in page", back to the form's page after it).
LOGIN = 302
LOGIN_AFTER_FORM = 303


class School:
    """The accounts and the real ids the probes are built from (all committed)."""

    def __init__(self, app: Flask) -> None:
        people = {
            name: make_user(email=f"{name}@example.org", role=role, name=name.title())
            for name, role in (
                ("owner", "teacher"),
                ("co", "teacher"),
                ("other", "teacher"),
                ("promoted", "teacher"),
                ("student", "student"),
                ("outsider", "student"),
                ("removed", "student"),
            )
        }
        self.ids = {name: user.id for name, user in people.items()}
        owner, other = people["owner"], people["other"]
        bank = make_study_bank(facts=2, owner=owner, slug="owner-bank", title="Owner bank")
        other_bank = make_study_bank(facts=2, owner=other, slug="other-bank", title="Other bank")
        co_bank = make_study_bank(facts=1, owner=people["co"], slug="co-bank", title="Co bank")
        c1 = make_classroom(
            owner,
            name="C1",
            students=[people["student"], people["removed"], people["promoted"]],
            banks=[bank, co_bank],  # the co-teacher's as their LMS link would assign it
        )
        c2 = make_classroom(owner, name="C2", students=[people["student"]], banks=[bank])
        c3 = make_classroom(owner, name="C3")
        d1 = make_classroom(other, name="D1", students=[people["outsider"]], banks=[other_bank])
        quiz = Assignment(classroom_id=c1.id, bank_id=bank.id, as_quiz=True, quiz_size=2)
        other_quiz = Assignment(classroom_id=d1.id, bank_id=other_bank.id, as_quiz=True)
        db.session.add_all(
            [
                quiz,
                other_quiz,
                ClassroomTeacher(classroom_id=c1.id, teacher_id=people["co"].id),
                ClassroomTeacher(classroom_id=c3.id, teacher_id=people["co"].id),
            ]
        )
        db.session.commit()
        remove_co_teacher(c3, people["co"].id)
        remove_student(c1, people["removed"].id)
        self.image = store_image(bank, check_image(png_bytes())).sha256
        pictured = facts_of(bank)[1].questions[0]
        pictured.prompt = f'<!--rich-->Where? <img src="/media/{bank.slug}/{self.image}.png">'
        db.session.commit()
        # a finished quiz of C1's student, so the class's item analysis shows that question
        finished = make_attempt(people["student"], bank, {pictured: True})
        self.pending = self._pending(owner.id)
        self.other_pending = self._pending(other.id)
        self.c1, self.c2, self.c3, self.d1 = c1.id, c2.id, c3.id, d1.id
        self.bank, self.other_bank = bank.slug, other_bank.slug
        self.bank_id, self.other_bank_id = bank.id, other_bank.id
        self.quiz, self.other_quiz = quiz.id, other_quiz.id
        self.finished_attempt = finished.id
        fact = facts_of(bank)[0]
        other_fact = facts_of(other_bank)[0]
        self.fact, self.question = fact.id, fact.questions[0].id
        self.other_fact, self.other_question = other_fact.id, other_fact.questions[0].id
        self.clients: dict[str, CSRFClient] = {}
        for name in IDENTITIES:
            client: CSRFClient = app.test_client()  # type: ignore[assignment]
            if name != VISITOR:
                AuthActions(client).login(f"{name}@example.org", PASSWORD)
            self.clients[name] = client
        self.attempt, self.token = self._student_at_work()

    @staticmethod
    def _pending(owner_id: int) -> int:
        pending = PendingUpload(
            owner_id=owner_id, filename="q.csv", bank_title="Q", text="prompt,answer\nA,B\n"
        )
        db.session.add(pending)
        db.session.commit()
        return pending.id

    def _student_at_work(self) -> tuple[int, str]:
        """The student's quiz from C1's assignment, under way, and a study item answered."""
        client = self.clients["student"]
        started = client.post(
            "/quiz/start", data={"bank_id": self.bank_id, "assignment_id": self.quiz}
        )
        attempt = int(started.headers["Location"].rsplit("/", 1)[1])
        page = client.get(f"/study/?bank={self.bank}").get_data(as_text=True)
        token = re.search(r'name="token"[^>]*value="([^"]+)"', page)
        assert token, page
        client.post(
            f"/study/answer?bank={self.bank}", data={"token": token.group(1), "choice": "0"}
        )
        return attempt, token.group(1)


Build = Callable[[School], str]
Fields = Callable[[School], dict[str, Any]]


@dataclass(frozen=True)
class Probe:
    """One request, who may make it (and the status they get), and what the others get
    when it is not the usual refusal (``refused``)."""

    method: str
    url: Build
    allowed: dict[str, int]
    data: Fields = field(default=lambda school: {})
    refused: dict[str, int] = field(default_factory=dict)
    area: str = "teach"  # "teach": students 403, teachers 404; "own": everyone 404

    def expected(self, identity: str) -> int:
        if identity in self.allowed:
            return self.allowed[identity]
        if identity in self.refused:
            return self.refused[identity]
        if identity == VISITOR:
            return LOGIN if self.method == "GET" else LOGIN_AFTER_FORM
        return 403 if self.area == "teach" and identity in STUDENTS else 404


def get(url: Build, allowed: dict[str, int], **options: Any) -> Probe:
    return Probe("GET", url, allowed, **options)


def post(url: Build, allowed: dict[str, int], data: Fields = lambda s: {}, **options: Any) -> Probe:
    return Probe("POST", url, allowed, data, **options)


def only(*names: str, status: int = 200) -> dict[str, int]:
    return dict.fromkeys(names, status)


C1_TEACHERS = only("owner", "co")
OWNER = only("owner")
SIGNED_IN = only(*STUDENTS, *TEACHERS)
ALL_TEACHERS = only(*TEACHERS)
NOBODY: dict[str, int] = {}
NO_ROUTE = dict.fromkeys(IDENTITIES, 404)
# A teacher who may not do this is told so on the page they come back to; nothing changes.
TOLD_AND_BACK = dict.fromkeys(TEACHERS, 302)
FACT = {"key": "fact-1", "statement": "Changed.", "topic": "", "source_ref": "", "tags": ""}
QUESTION = {"kind": "typed", "prompt": "Changed?", "answer": "Yes"}
SHA = "0" * 64

PROBES: list[Probe] = [
    # Class C1: its owner and its co-teacher run it; deleting it and choosing who teaches
    # it are the owner's.
    get(lambda s: f"/teach/classes/{s.c1}", C1_TEACHERS),
    get(lambda s: f"/teach/classes/{s.c1}/code", C1_TEACHERS),
    post(lambda s: f"/teach/classes/{s.c1}/code", C1_TEACHERS),
    get(lambda s: f"/teach/classes/{s.c1}/delete", OWNER, refused={"co": 403}),
    post(
        lambda s: f"/teach/classes/{s.c1}/delete",
        OWNER,
        lambda s: {"confirm_password": PASSWORD},
        refused={"co": 403},
    ),
    get(lambda s: f"/teach/classes/{s.c1}/students/{s.ids['student']}/remove", C1_TEACHERS),
    post(lambda s: f"/teach/classes/{s.c1}/students/{s.ids['student']}/remove", C1_TEACHERS),
    get(lambda s: f"/teach/classes/{s.c1}/teachers/{s.ids['co']}/remove", C1_TEACHERS),
    post(lambda s: f"/teach/classes/{s.c1}/teachers/{s.ids['co']}/remove", C1_TEACHERS),
    get(
        lambda s: f"/teach/classes/{s.c1}/teachers/{s.ids['owner']}/remove",
        only("owner", status=302),  # "the owner cannot leave": back to the class page
        refused={"co": 403},
    ),
    post(
        lambda s: f"/teach/classes/{s.c1}/teachers/{s.ids['owner']}/remove",
        NOBODY,
        refused={"co": 403, "owner": 302},
    ),
    get(lambda s: f"/teach/classes/{s.c1}/assignments/{s.quiz}/remove", C1_TEACHERS),
    post(lambda s: f"/teach/classes/{s.c1}/assignments/{s.quiz}/remove", C1_TEACHERS),
    post(
        lambda s: f"/teach/classes/{s.c1}/assignments",
        OWNER,
        lambda s: {"bank_id": s.bank_id, "daily_new_limit": "7"},
        # the co-teacher may assign, but only a bank they may open: not the owner's
        refused={"co": 422},
    ),
    post(lambda s: f"/lti/classes/{s.c1}/roster", C1_TEACHERS),
    post(lambda s: f"/lti/classes/{s.c1}/scores/retry", C1_TEACHERS),
    # Archiving deletes nothing: any teacher of the class may archive and restore it.
    get(lambda s: f"/teach/classes/{s.c1}/archive", C1_TEACHERS),
    post(lambda s: f"/teach/classes/{s.c1}/archive", C1_TEACHERS),
    post(lambda s: f"/teach/classes/{s.c1}/restore", C1_TEACHERS),
    post(lambda s: f"/teach/classes/{s.c3}/archive", OWNER),
    post(lambda s: f"/teach/classes/{s.c3}/restore", OWNER),
    get(lambda s: f"/progress/class/{s.c1}", C1_TEACHERS),
    get(lambda s: f"/progress/class/{s.c1}/student/{s.ids['student']}", C1_TEACHERS),
    get(
        lambda s: f"/progress/class/{s.c1}/student/{s.ids['student']}/quiz/{s.finished_attempt}",
        C1_TEACHERS,
    ),
    # the same quiz through C2, which studies the bank too: its one teacher
    get(
        lambda s: f"/progress/class/{s.c2}/student/{s.ids['student']}/quiz/{s.finished_attempt}",
        OWNER,
    ),
    # a quiz still going, and a finished one named under another student: nobody's to read
    get(lambda s: f"/progress/class/{s.c1}/student/{s.ids['student']}/quiz/{s.attempt}", NOBODY),
    get(
        lambda s: f"/progress/class/{s.c1}/student/{s.ids['promoted']}/quiz/{s.finished_attempt}",
        NOBODY,
    ),
    *(
        get(lambda s, kind=kind: f"/progress/class/{s.c1}/export/{kind}.csv", C1_TEACHERS)
        for kind in ("answers", "attempts", "students")
    ),
    # C2 is not co-taught; the co-teacher was taken off C3.
    get(lambda s: f"/teach/classes/{s.c2}", OWNER),
    post(lambda s: f"/teach/classes/{s.c2}/code", OWNER),
    get(lambda s: f"/progress/class/{s.c2}/export/students.csv", OWNER),
    get(lambda s: f"/teach/classes/{s.c3}", OWNER),
    get(lambda s: f"/progress/class/{s.c3}", OWNER),
    post(
        lambda s: f"/teach/classes/{s.c3}/teachers/{s.ids['co']}/remove",
        NOBODY,
        refused={"owner": 302},  # "That teacher does not co-teach this class."
    ),
    post(lambda s: f"/lti/classes/{s.c3}/roster", OWNER),
    post(lambda s: f"/lti/classes/{s.c3}/scores/retry", OWNER),
    # Ids of someone else's things inside the owner's own addresses and forms.
    get(lambda s: f"/teach/classes/{s.c1}/students/{s.ids['outsider']}/remove", NOBODY),
    get(lambda s: f"/teach/classes/{s.c1}/students/{s.ids['removed']}/remove", NOBODY),
    post(
        lambda s: f"/teach/classes/{s.c1}/students/{s.ids['outsider']}/remove",
        NOBODY,
        refused={"owner": 302, "co": 302},  # "That student is not in this class."
    ),
    get(
        lambda s: f"/teach/classes/{s.c1}/teachers/{s.ids['other']}/remove",
        NOBODY,
        refused={"co": 403},  # only the owner removes a teacher
    ),
    get(lambda s: f"/teach/classes/{s.c1}/assignments/{s.other_quiz}/remove", NOBODY),
    post(
        lambda s: f"/teach/classes/{s.c1}/assignments/{s.other_quiz}/remove",
        NOBODY,
        refused={"owner": 302, "co": 302},  # "That assignment is not on this class."
    ),
    post(
        lambda s: f"/teach/classes/{s.c1}/assignments",
        NOBODY,
        lambda s: {"bank_id": s.other_bank_id, "daily_new_limit": "7"},
        refused={"owner": 422, "co": 422},  # not a choice of the form: sent back
    ),
    get(lambda s: f"/progress/class/{s.c1}/student/{s.ids['removed']}", NOBODY),
    get(lambda s: f"/progress/class/{s.c1}/student/{s.ids['outsider']}", NOBODY),
    get(lambda s: f"/progress/class/{s.c1}/student/{s.ids['co']}", NOBODY),
    get(lambda s: f"/teach/classes/{s.d1}", only("other")),
    get(lambda s: f"/teach/banks/{s.bank}/facts/{s.other_fact}/edit", NOBODY),
    get(lambda s: f"/teach/banks/{s.bank}/questions/{s.other_question}/edit", NOBODY),
    post(lambda s: f"/teach/banks/{s.bank}/facts/{s.other_fact}/retire", NOBODY),
    post(lambda s: f"/teach/banks/{s.bank}/facts/{s.other_fact}/move-up", NOBODY),
    post(lambda s: f"/teach/banks/{s.bank}/questions/{s.other_question}/retire", NOBODY),
    post(
        lambda s: f"/teach/banks/{s.bank}/assign",
        NOBODY,
        lambda s: {"classroom_id": s.d1, "daily_new_limit": "7"},
        refused={"owner": 422},  # not a choice of the form: sent back
    ),
    # Ids that are no ids: never anyone's. Those a database cannot hold, or that are no
    # whole number, match no route at all: the same 404 for everyone, signed in or not.
    get(lambda s: "/teach/classes/0", NOBODY),
    *(
        get(lambda s, bad=bad: f"/teach/classes/{bad}", NOBODY, refused=NO_ROUTE)
        for bad in ("-1", "c1", "1.0", str(2**31), str(2**63), str(2**70))
    ),
    get(lambda s: f"/teach/banks/{s.bank}/facts/{2**70}/edit", NOBODY, refused=NO_ROUTE),
    # Real ids in fullwidth or Arabic-Indic digits are no ids either (they read as ASCII).
    *(
        get(
            lambda s, url=url, script=script: in_other_digits(url(s), script),
            NOBODY,
            refused=NO_ROUTE,
        )
        for script in ("fullwidth", "arabic-indic")
        for url in (
            lambda s: f"/teach/classes/{s.c1}",
            lambda s: f"/progress/class/{s.c1}/student/{s.ids['student']}",
            lambda s: f"/teach/banks/{s.bank}/facts/{s.fact}/edit",
            lambda s: f"/teach/uploads/{s.pending}",
            lambda s: f"/quiz/{s.attempt}",
        )
    ),
    get(lambda s: f"/quiz/{2**63}", NOBODY, refused=NO_ROUTE),
    # The owner's bank: theirs alone in the workspace (a learner of a class that studies
    # it may study it, never edit or export it, even with a teacher account).
    get(lambda s: f"/teach/banks/{s.bank}", OWNER),
    *(
        get(lambda s, fmt=fmt: f"/teach/banks/{s.bank}/export/{fmt}", OWNER)
        for fmt in ("csv", "json")
    ),
    get(lambda s: f"/teach/banks/{s.bank}/imported", OWNER),
    get(lambda s: f"/teach/banks/{s.bank}/settings", OWNER),
    post(lambda s: f"/teach/banks/{s.bank}/settings", OWNER, lambda s: {"title": "Renamed"}),
    get(lambda s: f"/teach/banks/{s.bank}/delete", OWNER),
    post(
        lambda s: f"/teach/banks/{s.bank}/delete",
        OWNER,
        lambda s: {"confirm_password": PASSWORD},
    ),
    get(lambda s: f"/teach/banks/{s.bank}/facts/new", OWNER),
    get(lambda s: f"/teach/banks/{s.bank}/facts/{s.fact}/edit", OWNER),
    get(lambda s: f"/teach/banks/{s.bank}/facts/{s.fact}/questions/new", OWNER),
    get(lambda s: f"/teach/banks/{s.bank}/questions/{s.question}/edit", OWNER),
    post(
        lambda s: f"/teach/banks/{s.bank}/assign",
        OWNER,
        lambda s: {"classroom_id": s.c1, "daily_new_limit": "7"},
    ),
    post(lambda s: f"/teach/banks/{s.bank}/facts/new", OWNER, lambda s: {**FACT, "key": "new"}),
    post(lambda s: f"/teach/banks/{s.bank}/facts/{s.fact}/edit", OWNER, lambda s: FACT),
    post(
        lambda s: f"/teach/banks/{s.bank}/facts/{s.fact}/questions/new",
        OWNER,
        lambda s: {**QUESTION, "key": "new"},
    ),
    post(lambda s: f"/teach/banks/{s.bank}/facts/{s.fact}/retire", OWNER),
    post(lambda s: f"/teach/banks/{s.bank}/facts/{s.fact}/restore", OWNER),
    post(lambda s: f"/teach/banks/{s.bank}/facts/{s.fact}/move-up", OWNER),
    post(lambda s: f"/teach/banks/{s.bank}/facts/{s.fact}/move-down", OWNER),
    post(lambda s: f"/teach/banks/{s.bank}/questions/{s.question}/edit", OWNER, lambda s: QUESTION),
    post(lambda s: f"/teach/banks/{s.bank}/questions/{s.question}/retire", OWNER),
    post(lambda s: f"/teach/banks/{s.bank}/questions/{s.question}/restore", OWNER),
    get(
        lambda s: f"/media/{s.bank}/{s.image}.png",
        only("owner", "co", "student", "promoted"),  # co: C1's progress pages show it
        refused={VISITOR: 404},
        area="own",
    ),
    get(lambda s: f"/media/{s.bank}/{SHA}.png", NOBODY, refused={VISITOR: 404}, area="own"),
    get(lambda s: f"/banks/{s.bank}/source", only("owner", "student", "promoted"), area="own"),
    get(
        lambda s: f"/study/?bank={s.bank}",
        only("owner", "student", "promoted"),
        # a bank they do not study: "not in your study", and the rest of it
        refused=dict.fromkeys(("co", "other", "outsider", "removed"), 302),
        area="own",
    ),
    # Uploads waiting for their import: their teacher's alone.
    get(lambda s: f"/teach/uploads/{s.pending}", OWNER),
    get(lambda s: f"/teach/uploads/{s.other_pending}", only("other")),
    get(
        lambda s: f"/media/uploads/{s.pending}/{SHA}.png",
        NOBODY,
        refused={VISITOR: 404},
        area="own",
    ),
    *(
        post(
            lambda s, action=action: f"/teach/uploads/{s.pending}/{action}",
            OWNER,
            refused=TOLD_AND_BACK,  # "That upload is no longer waiting"
        )
        for action in ("import", "cancel")
    ),
    # The student's own quiz and items.
    get(lambda s: f"/quiz/{s.attempt}", only("student"), area="own"),
    get(lambda s: f"/quiz/{s.attempt}/results", only("student", status=302), area="own"),
    get(lambda s: f"/study/feedback/{s.token}", only("student"), area="own"),
    # Continue opened in a new tab without scripts: on to the session.
    get(lambda s: "/study/answer", only(*STUDENTS, *TEACHERS, status=302)),
    post(
        lambda s: "/study/answer",
        only("student"),
        lambda s: {"token": s.token, "response": "x"},
        area="own",
    ),
    post(lambda s: "/study/hint", only("student"), lambda s: {"token": s.token}, area="own"),
    post(
        lambda s: "/study/undo",
        only("student"),
        lambda s: {"token": s.token},
        # "Only your last answer in a study session can be taken back."
        refused=dict.fromkeys(("outsider", "removed", *TEACHERS), 302),
        area="own",
    ),
    post(
        lambda s: "/quiz/start",
        only("student", "promoted"),  # C1's learners
        lambda s: {"bank_id": s.bank_id, "assignment_id": s.quiz},
        # "That quiz is no longer assigned to your class"
        refused=dict.fromkeys(("outsider", "removed", "owner", "co", "other"), 303),
        area="own",
    ),
    post(
        lambda s: "/quiz/start",
        only("outsider", "other"),
        lambda s: {"bank_id": s.other_bank_id},
        area="own",
    ),
    # Pages of one's own account, or of the teacher's own workspace.
    *(
        get(lambda s, url=url: url, SIGNED_IN)
        for url in (
            "/progress/",
            "/progress/my-data/answers.csv",
            "/study/",
            "/study/settings",
            "/quiz/",
            "/auth/account",
            "/join/",
            "/join/ABCDEFGHJK",
        )
    ),
    *(
        get(lambda s, url=url: url, ALL_TEACHERS)
        for url in (
            "/teach/banks/",
            "/teach/banks/new",
            "/teach/classes/",
            "/teach/classes/archived",
            "/teach/students",
            "/teach/invites",
            "/teach/uploads/new",
            "/progress/classes",
            "/lti/setup",
        )
    ),
    *(
        post(lambda s, url=url: url, ALL_TEACHERS)
        for url in ("/teach/invites", "/teach/uploads/new")
    ),
    # A bank or class with no name is sent back to its form: nothing is made.
    post(lambda s: "/teach/banks/new", only(*TEACHERS, status=422)),
    post(lambda s: "/teach/classes/", only(*TEACHERS, status=422)),
    *(
        post(lambda s, url=url: url, NOBODY, refused=dict.fromkeys(IDENTITIES[1:], 400), area="own")
        for url in ("/lti/deep-link",)  # no content picker was opened from an LMS
    ),
]

# Routes anyone may use, each with its own checks elsewhere: the public pages, the
# account forms (CSRF and rate limits), the LMS's cross-site posts (signed tokens), and
# the forms that change only the account that sends them.
PUBLIC_OR_SELF = {
    ("main.home", "GET"),
    ("main.favicon", "GET"),
    ("main.manifest", "GET"),
    ("main.healthz", "GET"),
    ("ops.metrics", "GET"),
    ("lti.jwks", "GET"),
    ("lti.login", "GET"),
    ("lti.login", "POST"),
    ("lti.login_check", "GET"),  # the login's own signed cookie (tests/lti)
    ("lti.launch", "POST"),
    ("auth.login", "GET"),
    ("auth.login", "POST"),
    ("auth.signup", "GET"),
    ("auth.signup", "POST"),
    ("auth.logout", "POST"),
    ("auth.password", "POST"),
    ("auth.email", "POST"),
    ("auth.delete_account", "POST"),
    ("auth.logout_everywhere", "POST"),
    ("banks.index", "GET"),
    ("join.join", "POST"),
    ("study.settings", "POST"),
    ("study.device_time_zone", "POST"),
    ("static", "GET"),
}


def snapshot() -> dict[str, list[str]]:
    """Every row of every table, to show that a refused request changed nothing."""
    db.session.rollback()
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
        for table in db.metadata.sorted_tables
    }


@pytest.fixture
def school(app: Flask) -> School:
    return School(app)


def _send(client: CSRFClient, probe: Probe, school: School) -> Any:
    if probe.method == "GET":
        return client.get(probe.url(school))
    return client.post(probe.url(school), data=probe.data(school))


@pytest.mark.parametrize("identity", IDENTITIES)
def test_each_account_reaches_only_what_it_may_and_refusals_change_nothing(
    school: School, identity: str
) -> None:
    client = school.clients[identity]
    wrong = []
    for probe in PROBES:
        expected = probe.expected(identity)
        allowed = identity in probe.allowed
        if probe.method == "POST" and allowed:
            continue  # the feature tests send these; here they would change the school
        before = None if allowed else snapshot()
        response = _send(client, probe, school)
        response.get_data()  # a streamed CSV runs to its end
        url = probe.url(school)
        if response.status_code != expected:
            wrong.append(f"{probe.method} {url}: {response.status_code}, expected {expected}")
        elif before is not None and snapshot() != before:
            wrong.append(f"{probe.method} {url}: refused ({expected}) but changed the database")
        elif expected in (LOGIN, LOGIN_AFTER_FORM) and identity == VISITOR:
            assert "/auth/login" in response.headers["Location"], url
    assert not wrong, "\n".join(wrong)


def test_every_route_is_probed(app: Flask, school: School) -> None:
    """A route added later fails here until it has a row (or is named public above)."""
    adapter = app.url_map.bind("localhost")
    probed = set()
    for probe in PROBES:
        path = probe.url(school).split("?")[0]
        try:
            endpoint, _ = adapter.match(path, method=probe.method)
        except NotFound:
            continue  # an id that is no id: no route at all
        probed.add((endpoint, probe.method))
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) & {"GET", "POST"}
    }
    assert routes - probed - PUBLIC_OR_SELF == set()


def test_a_refused_post_without_its_csrf_token_changes_nothing_for_anyone(school: School) -> None:
    """Even the accounts allowed to send them: without the page's token every state-changing
    form is refused (400; someone not logged in is sent to log in) and nothing changes."""
    before = snapshot()
    for identity in IDENTITIES:
        for probe in (p for p in PROBES if p.method == "POST"):
            response = school.clients[identity].post(
                probe.url(school), data=probe.data(school), csrf=False
            )
            refused = (303,) if response.headers.get("Location", "").startswith(LOG_IN) else ()
            assert response.status_code in (400, *refused), (identity, probe.url(school))
    assert snapshot() == before


LINK = re.compile(r'(?:href|src)="(/[^"]*)"')
LOG_IN = "/auth/login?next="


@pytest.mark.parametrize("identity", ("owner", "co"))
def test_every_link_on_a_class_teachers_pages_opens_for_them(school: School, identity: str) -> None:
    """A co-taught class shows each teacher's bank among its assignments: each teacher sees
    the other's by name, without a link that would answer 404; the images of its
    questions show on the class's progress pages (item analysis) for both."""
    client = school.clients[identity]
    pages = (
        "/",
        f"/teach/classes/{school.c1}",
        f"/progress/class/{school.c1}",
        f"/progress/class/{school.c1}/student/{school.ids['student']}",
    )
    broken = []
    for page in pages:
        for link in set(LINK.findall(client.get(page).get_data(as_text=True))):
            url = link.replace("&amp;", "&")
            if url.startswith("/static/"):
                continue
            response = client.get(url)
            response.close()  # a file response (the favicon) holds its file open until closed
            if response.status_code not in (200, 302, 303):
                broken.append(f"{page} -> {url}: {response.status_code}")
    assert not broken, "\n".join(broken)
