"""Finding a student among every class a teacher teaches: 8 classes of 35 are 280 names,
and the one a parent asks about may be in any of them, or in two."""

from __future__ import annotations

import re

from quizapp.extensions import db
from quizapp.timeutil import now_utc
from tests.support.factories import make_classroom, make_user
from tests.support.progress_fixtures import counting_statements


def found(page: str) -> list[str]:
    """The students' names the results list, in order."""
    return re.findall(r'<strong class="student-name">([^<]+)<', page)


def test_a_teacher_finds_a_student_of_any_class_by_part_of_a_name_or_email(teacher, teacher_client):
    seoyeon = make_user(email="sy.park@school.example", name="박서연")
    other = make_user(email="minji@school.example", name="김민지")
    year7 = make_classroom(teacher, "Year 7", students=[seoyeon, other])
    year8 = make_classroom(teacher, "Year 8", students=[seoyeon])
    by_name = teacher_client.get("/teach/students?q=서연").get_data(as_text=True)
    assert found(by_name) == ["박서연"]
    for room in (year7, year8):  # in each class, with a link to the page it has there
        assert f'href="/progress/class/{room.id}/student/{seoyeon.id}">{room.name}<' in by_name
    by_email = teacher_client.get("/teach/students?q=SY.PARK").get_data(as_text=True)
    assert found(by_email) == ["박서연"]


def test_the_classes_page_offers_the_search(teacher, teacher_client):
    make_classroom(teacher, "Year 7", students=[make_user(name="Kim")])
    page = teacher_client.get("/teach/classes/").get_data(as_text=True)
    assert 'action="/teach/students"' in page and 'name="q"' in page


def test_no_student_of_another_teachers_class_is_found(teacher, teacher_client):
    someone_else = make_user(role="teacher")
    make_classroom(someone_else, students=[make_user(name="Hidden Han")])
    page = teacher_client.get("/teach/students?q=han").get_data(as_text=True)
    assert found(page) == [] and "Hidden Han" not in page
    assert "No student in your classes matches" in page


def test_matches_are_listed_in_name_order(teacher, teacher_client):
    names = ["Kim 10", "kim 9", "Kim 1"]
    make_classroom(teacher, students=[make_user(name=name) for name in names])
    page = teacher_client.get("/teach/students?q=kim").get_data(as_text=True)
    assert found(page) == ["Kim 1", "kim 9", "Kim 10"]


def test_the_search_costs_the_same_statements_for_1_class_as_for_8(teacher, teacher_client):
    counts = []
    for classes in (1, 8):
        for number in range(classes):
            make_classroom(teacher, students=[make_user(name=f"Lee {classes}-{number}")])
        teacher_client.get("/teach/students?q=lee")  # warm-up: log-in, caches
        with counting_statements() as statements:
            page = teacher_client.get("/teach/students?q=lee").get_data(as_text=True)
        assert len(found(page)) == 1 + (classes == 8) * 8
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_class_progress_list_offers_the_search_and_counts_each_classs_students(
    teacher, teacher_client
):
    make_classroom(teacher, "Year 7", students=[make_user(name="Kim"), make_user(name="Lee")])
    page = teacher_client.get("/progress/classes").get_data(as_text=True)
    assert 'action="/teach/students"' in page and 'name="q"' in page
    assert re.search(r">Year 7</a>\s*<span class=\"muted\">· 2 students</span>", page)


def test_each_word_of_the_search_may_match_anywhere_in_the_name(teacher, teacher_client):
    """A teacher types a name the way they say it ("Kim Minji"), the student the way
    they signed up ("Minji Kim")."""
    make_classroom(teacher, students=[make_user(name="Minji Kim"), make_user(name="Minji Lee")])
    page = teacher_client.get("/teach/students?q=kim+minji").get_data(as_text=True)
    assert found(page) == ["Minji Kim"]


def test_a_student_of_last_terms_archived_class_is_found_with_the_class_marked(
    teacher, teacher_client
):
    """A parent asks about last year: the archived class's progress still opens from the
    search, named as archived beside this term's class."""
    seoyeon = make_user(email="sy.park@school.example", name="박서연")
    make_classroom(teacher, "Year 8", students=[seoyeon])
    old = make_classroom(teacher, "Year 7", students=[seoyeon])
    old.archived_at = now_utc()
    db.session.commit()
    page = teacher_client.get("/teach/students?q=서연").get_data(as_text=True)
    assert f'href="/progress/class/{old.id}/student/{seoyeon.id}">Year 7 (archived)<' in page
