"""The LMS's people, courses and links mapped onto our accounts, classes and assignments.

Everything a launch creates is added to the session without committing; the launch view
commits once at the end, so a launch that fails half-way leaves no half-made user or class.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import TypeVar

from email_validator import EmailNotValidError, validate_email
from flask import g
from sqlalchemy import select

from ..auth.accounts import hash_password
from ..database import lock_row
from ..extensions import db
from ..models import Assignment, Bank, Classroom, ClassroomTeacher, Enrollment, Role, User
from ..name_keys import name_key
from ..teach.access import teaches
from ..teach.archive import ClassArchived
from ..teach.join_codes import new_join_code
from ..timeutil import now_utc
from .claims import PLACEHOLDER_NAME
from .launch import Launch, LaunchRefused
from .models import LtiContext, LtiPlatform, LtiResourceLink, LtiUser
from .outbox import resume_stopped

CUSTOM_BANK = "quizapp_bank"
CUSTOM_QUIZ_SIZE = "quizapp_quiz_size"
PLACEHOLDER_DOMAIN = "lti.invalid"
# The quiz sizes a teacher may ask for (study.quizzes.MAX_QUIZ_SIZE; importing it here
# would close an import cycle through the study blueprint, so a test ties the two).
MAX_QUIZ_SIZE = 200
QUIZ_SIZE_DIGITS = re.compile(r"[0-9]{1,3}")

Row = TypeVar("Row")


def _stored(row: Row) -> Row:
    """Add a new row and flush it, so that the row made next can point at its id."""
    db.session.add(row)
    db.session.flush()
    return row


def _unusable_password() -> str:
    """LMS accounts sign in through the LMS only: the hash of a random secret nobody keeps.

    Made once per request: a password hash takes about 0.1 s, so a roster sync hashing
    one for each of a few hundred new learners outran the worker's timeout and saved
    nobody. Sharing it gives nothing away, the secret is never stored."""
    if "lti_unusable_password" not in g:
        g.lti_unusable_password = hash_password(secrets.token_urlsafe(32))
    return str(g.lti_unusable_password)


def _free_email(email: str) -> str | None:
    try:
        address = validate_email(email, check_deliverability=False).normalized.casefold()
    except EmailNotValidError:
        return None
    taken = db.session.scalar(select(User.id).where(User.email == address))
    return None if taken is not None else address


def _placeholder_email(platform: LtiPlatform, sub: str) -> str:
    digest = hashlib.sha256(sub.encode("utf-8")).hexdigest()[:20]
    return f"lms-{platform.id}-{digest}@{PLACEHOLDER_DOMAIN}"


def link_user(platform: LtiPlatform, sub: str, name: str, email: str, instructor: bool) -> User:
    """The account linked to (issuer, ``sub``), made on first sight.

    Never linked by email: an LMS may only speak for its own users. Its email is used
    for a new account when no account has it yet."""
    linked = db.session.scalar(
        select(LtiUser).where(LtiUser.platform_id == platform.id, LtiUser.sub == sub)
    )
    user: User
    if linked is not None:
        user = linked.user
        _fill_placeholders(user, name, email)
    else:
        user = _stored(
            User(
                email=(email and _free_email(email)) or _placeholder_email(platform, sub),
                display_name=name,
                password_hash=_unusable_password(),
                role=Role.STUDENT.value,
            )
        )
        db.session.add(LtiUser(platform_id=platform.id, sub=sub, user_id=user.id, user=user))
    if instructor and not user.is_teacher:
        user.role = Role.TEACHER.value
    return user


def _fill_placeholders(user: User, name: str, email: str) -> None:
    """Replace what the LMS left out when the account was made ("LMS user", a
    placeholder address) once it shares the real ones: a roster pulled before names were
    shared otherwise lists every student as "LMS user" for good. A name or address the
    account already has is never overwritten."""
    if user.display_name == PLACEHOLDER_NAME and name and name != PLACEHOLDER_NAME:
        user.display_name = name
    if user.email.endswith(f"@{PLACEHOLDER_DOMAIN}") and email:
        user.email = _free_email(email) or user.email


def _course_keeper(platform: LtiPlatform) -> User:
    """The teacher of a course no instructor has opened yet; the first instructor takes over."""
    return link_user(platform, "", f"{platform.issuer} course"[:80], "", instructor=True)


def _class_name(teacher: User, title: str) -> str:
    """The course's title, numbered when the teacher already has a class of that name
    (the same to them as ``teach.classes.create_classroom`` judges it: "History 101 (2)"):
    a course copied from year to year keeps its name, and two classes of one name on a
    teacher's list could not be told apart."""
    title = " ".join(title.split())[:110]
    owned = db.session.scalars(select(Classroom.name).where(Classroom.teacher_id == teacher.id))
    taken = {name_key(name) for name in owned}
    name, number = title, 1
    while name_key(name) in taken:
        number += 1
        name = f"{title} ({number})"
    return name


def link_context(launch: Launch, instructor: User | None) -> LtiContext:
    """The class of the launch's course, made on first launch from the course's title."""
    platform = launch.platform
    context = db.session.scalar(
        select(LtiContext).where(
            LtiContext.platform_id == platform.id, LtiContext.context_id == launch.context_id
        )
    )
    if context is None:
        teacher = instructor or _course_keeper(platform)
        classroom = _stored(
            Classroom(
                name=_class_name(teacher, launch.context_title or "LMS course"),
                teacher_id=teacher.id,
                join_code=new_join_code(),
            )
        )
        context = _stored(
            LtiContext(
                platform_id=platform.id,
                context_id=launch.context_id,
                classroom_id=classroom.id,
                classroom=classroom,
            )
        )
    elif instructor is not None:
        _take_up(context.classroom, instructor, platform)
    if launch.memberships_url:
        context.memberships_url = launch.memberships_url
    return context


def _is_keeper(teacher: User, platform: LtiPlatform) -> bool:
    return teacher.email == _placeholder_email(platform, "")


def _take_up(classroom: Classroom, instructor: User, platform: LtiPlatform) -> None:
    """An instructor of the course teaches its class: the first one takes it over from the
    course keeper, every later one becomes a co-teacher (the LMS says they teach it)."""
    if _is_keeper(classroom.teacher, platform):
        classroom.teacher_id = instructor.id
        db.session.flush()
        db.session.expire(classroom, ["teacher"])
    elif not teaches(instructor, classroom):
        _stored(ClassroomTeacher(classroom_id=classroom.id, teacher_id=instructor.id))


def enrol(classroom: Classroom, student: User) -> None:
    """Enrol a Learner of the course. The course role decides, not the account's: a
    teaching assistant (an instructor in another course, so a teacher account) learns
    here as a student does, and their quiz's score goes to this course's gradebook."""
    if teaches(student, classroom):
        return  # a teacher of this class does not learn in it
    already = db.session.scalar(
        select(Enrollment.id).where(
            Enrollment.classroom_id == classroom.id, Enrollment.student_id == student.id
        )
    )
    if already is None:
        db.session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))


def _refuse_a_newcomer_to_an_archived_class(classroom: Classroom, student: User) -> None:
    """An archived class takes no new students, from the LMS as by its join code; one
    already in it still reaches their own study through the course's links."""
    if classroom.archived_at is None or classroom.id is None:
        return
    enrolled = db.session.scalar(
        select(Enrollment.id).where(
            Enrollment.classroom_id == classroom.id, Enrollment.student_id == student.id
        )
    )
    if enrolled is None:
        raise LaunchRefused(
            f"{classroom.name} is archived: it takes no new students. Ask your teacher"
            " for a current course's link."
        )


def quiz_size(custom: dict[str, str]) -> int | None:
    """The quiz length a deep link asked for; None (or 0) opens the bank for study.

    Only ASCII digits count (``str.isdigit`` also takes "²" and "٣", which ``int`` refuses
    or reads differently), and no more of them than the largest size needs."""
    raw = custom.get(CUSTOM_QUIZ_SIZE, "")
    if not QUIZ_SIZE_DIGITS.fullmatch(raw):
        return None
    return int(raw) if 0 < int(raw) <= MAX_QUIZ_SIZE else None


def link_resource(launch: Launch, context: LtiContext) -> LtiResourceLink:
    """The assignment the opened link stands for, made on its first launch."""
    platform = launch.platform
    link = db.session.scalar(
        select(LtiResourceLink).where(
            LtiResourceLink.platform_id == platform.id,
            LtiResourceLink.resource_link_id == launch.resource_link_id,
        )
    )
    if link is None:
        if context.classroom.archived_at is not None:
            raise LaunchRefused(str(ClassArchived(context.classroom)))
        assignment = _assignment_for_new_link(launch, context.classroom)
        link = LtiResourceLink(
            platform_id=platform.id,
            resource_link_id=launch.resource_link_id,
            context_row_id=context.id,
            context=context,
            assignment_id=assignment.id,
            assignment=assignment,
        )
        db.session.add(link)
    elif link.context_row_id != context.id:
        # An LMS names a link once per deployment: the same id from another course (a
        # copied course, a faulty LMS) must not open this course's quiz or gradebook.
        raise LaunchRefused(
            "This link belongs to another course in the LMS (was the course copied?): "
            "ask your teacher to add it again with quizapp's content picker."
        )
    if launch.line_item_url:
        link.line_item_url = launch.line_item_url
        if link.id is not None:  # the LMS named the column anew: stopped scores may go
            resume_stopped([link.id], now_utc())
    return link


def _assignment_for_new_link(launch: Launch, classroom: Classroom) -> Assignment:
    """A new quiz link is a new quiz (a bank may be a quiz more than once: this week's,
    next week's). A new study link opens the class's study assignment of its bank when
    there is one (the bank placed in the course twice, or assigned on the class page
    first): one study assignment per bank, as ``teach.classes.assign_bank`` keeps it,
    so students neither see the bank twice nor get two daily budgets of its facts."""
    bank = _linked_bank(launch, classroom)
    size = quiz_size(launch.custom)
    if size is None:
        lock_row(Classroom.id, classroom.id)  # two first launches at once: one assignment
        studied = db.session.scalar(
            select(Assignment)
            .filter_by(classroom_id=classroom.id, bank_id=bank.id, as_quiz=False)
            .order_by(Assignment.id)
            .limit(1)
        )
        if studied is not None:
            return studied
    return _stored(
        Assignment(
            classroom_id=classroom.id,
            classroom=classroom,
            bank_id=bank.id,
            as_quiz=size is not None,
            quiz_size=size,
        )
    )


def _linked_bank(launch: Launch, classroom: Classroom) -> Bank:
    """The bank the link names, if the class may use it: built-in, or owned by one of the
    class's teachers (its owner or a co-teacher, who may have deep-linked their own)."""
    slug = launch.custom.get(CUSTOM_BANK, "")
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug)) if slug else None
    if bank is None or not (
        bank.is_builtin or (bank.owner is not None and teaches(bank.owner, classroom))
    ):
        raise LaunchRefused(
            "This link does not name a question bank of this course's teacher: "
            "ask your teacher to add it again with quizapp's content picker."
        )
    return bank


@dataclass(frozen=True)
class Arrival:
    """Who the launch signs in, and what it opens."""

    user: User
    context: LtiContext
    link: LtiResourceLink | None


def arrive(launch: Launch) -> Arrival:
    """Map a checked launch onto our data (uncommitted)."""
    if not launch.context_id:
        raise LaunchRefused("The launch does not come from a course (context).")
    user = link_user(launch.platform, launch.sub, launch.name, launch.email, launch.is_instructor)
    context = link_context(launch, user if launch.is_instructor else None)
    if not launch.is_instructor:
        _refuse_a_newcomer_to_an_archived_class(context.classroom, user)
        enrol(context.classroom, user)
    link = link_resource(launch, context) if launch.resource_link_id else None
    return Arrival(user, context, link)
