"""Every page of a teacher's workspace issues as many SQL statements for a school's size
as for one class of 5: nothing is read once per class, student or bank."""

from __future__ import annotations

from datetime import timedelta

from quizapp.timeutil import now_utc
from tests.support import factories
from tests.support.progress_fixtures import counting_statements

PAGES = (
    "/",
    "/teach/classes/",
    "/teach/classes/{room}",
    "/teach/classes/{room}/students/{student}/remove",
    "/teach/students?q=student",
    "/teach/banks/",
    "/teach/banks/{bank}",
    "/progress/classes",
    "/progress/class/{room}",
    "/progress/class/{room}/student/{student}",
)


def school(teacher, classes: int, students: int, banks: int) -> dict[str, object]:
    """``classes`` classes of ``students`` (each class shares all but one with the next),
    ``banks`` banks (every other one the teacher's), each student with answers and a quiz."""
    made = [factories.make_bank(owner=teacher if n % 2 else None) for n in range(banks)]
    questions = [factories.make_question(factories.make_fact(bank)) for bank in made]
    people = [factories.make_user(name=f"Student {n}") for n in range(students + classes)]
    rooms = [
        factories.make_classroom(teacher, students=people[n : n + students], banks=made[n::3])
        for n in range(classes)
    ]
    for person in people:
        factories.make_review(person, questions[0], reviewed_at=now_utc() - timedelta(days=1))
        factories.make_attempt(person, made[0], {questions[0]: True})
    return {"room": rooms[0].id, "student": people[0].id, "bank": made[1].slug}


def statements_per_page(client, ids: dict[str, object]) -> dict[str, int]:
    counts = {}
    for page in PAGES:
        url = page.format(**ids)
        client.get(url)  # warm-up: log-in, caches
        with counting_statements() as statements:
            assert client.get(url).status_code == 200, url
        counts[page] = len(statements)
    return counts


def test_every_workspace_page_costs_the_same_statements_for_a_bigger_school(
    teacher, teacher_client
):
    """One class of 5 and 3 banks against 6 classes of 15 and 12 banks (enough to show
    anything read per class, student or bank; a school's 8 of 35 only takes longer)."""
    small = statements_per_page(teacher_client, school(teacher, 1, 5, 3))
    large = statements_per_page(teacher_client, school(teacher, 6, 15, 12))
    assert small == large
