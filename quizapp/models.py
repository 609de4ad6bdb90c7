"""The data model: accounts, classes, banks of facts and questions, and learning history.

Facts are what a learner remembers; questions are the ways a fact is asked. Memory is
scheduled per (learner, fact); every answer is kept forever as a ``Review``.
No request code lives here.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import Model
from .timeutil import as_utc, now_utc


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always aware UTC in Python, on SQLite as on PostgreSQL.

    SQLite drops the zone on the way in, so values are normalised to UTC before they
    are stored and tagged as UTC when they come back.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)


class Role(enum.StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"


class QuestionKind(enum.StrEnum):
    FLASHCARD = "flashcard"
    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    CLOZE = "cloze"
    TYPED = "typed"


_KIND_LABELS = {QuestionKind.TRUE_FALSE.value: "true/false"}


def kind_label(kind: str) -> str:
    """A question's kind in words for a teacher ("multiple choice", "true/false"), never
    its key: "true false" read as two words of the prompt beside it."""
    return _KIND_LABELS.get(kind, kind.replace("_", " "))


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored case-folded
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.STUDENT.value)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9)
    daily_new_limit: Mapped[int] = mapped_column(Integer, default=10)
    prefers_self_grading: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    # Bumped by log-out, a password change and "Log out everywhere": session cookies
    # issued under an older number stop working (see auth/sessions.py).
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # FSRS weights fitted to this learner's own reviews by `flask scheduler optimize`;
    # None: the library's defaults. On the row Flask-Login loads anyway, so answering
    # costs no extra statement.
    scheduler_parameters: Mapped[list[float] | None] = mapped_column(JSON)
    scheduler_fitted_reviews: Mapped[int | None] = mapped_column(Integer)
    scheduler_fitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # After a time zone change: the study day then in progress, stretched to a midnight
    # of the new zone, so the change gives no fresh new-fact budget (study/study_day.py).
    carried_day_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    carried_day_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the password was last changed: the same change form sent again moments later
    # (a second click) may take this browser's session back (auth/accounts.py).
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_teacher(self) -> bool:
        return self.role == Role.TEACHER.value

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class TeacherInvite(Model):
    """A single-use, expiring code that lets one person sign up as a teacher.

    Only a hash of the code is stored, so a copy of the database does not hand out
    teacher accounts. Claimed with ``UPDATE ... WHERE used_at IS NULL`` in the same
    transaction that creates the account (see ``auth/invites.py``).
    """

    __tablename__ = "teacher_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Null when made with ``flask users invite``.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Classroom(Model):
    __tablename__ = "classrooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    join_code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    # When a teacher archived the class (the term is over), or None while it is current.
    # An archived class is kept whole but read-only, and its code joins nobody
    # (``teach.archive``).
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    teacher: Mapped[User] = relationship()
    enrollments: Mapped[list[Enrollment]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan"
    )


class ClassroomTeacher(Model):
    """A co-teacher of a class: a second instructor of the LMS course the class stands for.

    The owner (``Classroom.teacher_id``) is not listed here; a co-teacher may open and run
    the class like its owner. Deleting the class or the account deletes the row
    (``deletion.py``)."""

    __tablename__ = "classroom_teachers"
    __table_args__ = (UniqueConstraint("classroom_id", "teacher_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    teacher: Mapped[User] = relationship()


class Enrollment(Model):
    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("classroom_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"))
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    classroom: Mapped[Classroom] = relationship(back_populates="enrollments")
    student: Mapped[User] = relationship()


class Bank(Model):
    __tablename__ = "banks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    source_publication: Mapped[str | None] = mapped_column(String(200))
    source_headline: Mapped[str | None] = mapped_column(String(400))
    source_date: Mapped[str | None] = mapped_column(String(40))
    source_url: Mapped[str | None] = mapped_column(String(500))
    # Null for built-in banks loaded from content/; those are read-only in the browser.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    owner: Mapped[User | None] = relationship()
    facts: Mapped[list[Fact]] = relationship(back_populates="bank", order_by="Fact.position")

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None


# New facts per day a study assignment lets its students meet, unless the teacher says.
DEFAULT_ASSIGNMENT_NEW_PER_DAY = 10
MAX_ASSIGNMENT_NEW_PER_DAY = 100


class Assignment(Model):
    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"), index=True)
    as_quiz: Mapped[bool] = mapped_column(Boolean, default=False)
    quiz_size: Mapped[int | None] = mapped_column(Integer)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # New facts of this bank a student may meet per day in study sessions, counted from
    # when the assignment reaches them; their own daily limit is for their other banks,
    # so what was assigned can always be started.
    daily_new_limit: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    classroom: Mapped[Classroom] = relationship(back_populates="assignments")
    bank: Mapped[Bank] = relationship()


class Fact(Model):
    __tablename__ = "facts"
    __table_args__ = (
        UniqueConstraint("bank_id", "key"),
        # A bank's facts in story order: the next new fact is the first unseen one along
        # it, found without sorting the bank.
        Index("ix_facts_bank_position", "bank_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"))
    key: Mapped[str] = mapped_column(String(100))
    statement: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(String(120), default="")
    # Where the fact comes from, e.g. "paragraph 4" of the bank's cited article.
    source_ref: Mapped[str] = mapped_column(String(200), default="")
    source_paragraph: Mapped[int | None] = mapped_column(Integer)
    # Anki-style tags, each one word (``::`` marks a hierarchy, ``Korea::Dates``), kept as
    # a JSON list in the order given so imports and exports give them back exactly.
    tags: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    bank: Mapped[Bank] = relationship(back_populates="facts")
    questions: Mapped[list[Question]] = relationship(
        back_populates="fact", order_by="Question.position"
    )


class Question(Model):
    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("fact_id", "key"),
        # "Has the fact an active question?" answered from the index alone, once per fact
        # whenever a study page counts the facts still new.
        Index("ix_questions_fact_active", "fact_id", "active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id"))
    key: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    accepted_variants: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Wrong options for multiple choice; the answer is shuffled in when shown.
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text, default="")
    # A spelling test: typed answers must match exactly (after case, accents and
    # punctuation), without the grader's generous readings (see grading.py).
    strict: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    fact: Mapped[Fact] = relationship(back_populates="questions")


class MemoryState(Model):
    """The scheduler's card for one learner and one fact, stored as columns so the
    due-queue query can use the (user, due) index."""

    __tablename__ = "memory_states"
    __table_args__ = (
        UniqueConstraint("user_id", "fact_id"),
        # Covering: the due queue counts and ranks due states from the index alone.
        Index("ix_memory_states_user_due", "user_id", "due", "fact_id", "stability", "last_review"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id"), index=True)
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    # The hardest form the fact may be asked in next (0 recognition, 1 cued recall,
    # 2 free recall): it climbs one step only after a right answer in the form below.
    form_step: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    fact: Mapped[Fact] = relationship()


class QuizAttempt(Model):
    __tablename__ = "quiz_attempts"
    __table_args__ = (Index("ix_quiz_attempts_user_started", "user_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"), index=True)
    # The fixed, ordered set of question ids drawn when the attempt started.
    question_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    max_score: Mapped[float] = mapped_column(Float, default=0.0)

    user: Mapped[User] = relationship()
    bank: Mapped[Bank] = relationship()
    assignment: Mapped[Assignment | None] = relationship()


class AnonymousAttempt(Model):
    """A finished quiz attempt of a deleted account, kept for one class's item statistics.

    Item analysis counts the attempts of a class's students. When a learner deletes their
    account, their answers and attempts go; each finished attempt that counted for a class
    leaves this row behind, with its marks and nothing that says whose it was, so the
    class's facility and discrimination figures do not change.
    """

    __tablename__ = "anonymous_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # [[question id, mark], ...] for every question of the attempt (unanswered: 0).
    marks: Mapped[list[list[float]]] = mapped_column(JSON, default=list)


class Review(Model):
    """One answer, ever. Append-only; the client token makes a resubmission a no-op."""

    __tablename__ = "reviews"
    # Fact and correctness ride along in the (user, time) index, so a class's or a
    # learner's figures over a window of answers read the index alone (0004_scale).
    __table_args__ = (
        Index(
            "ix_reviews_user_reviewed_fact_correct", "user_id", "reviewed_at", "fact_id", "correct"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id"), index=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_attempts.id"), index=True)
    mode: Mapped[str] = mapped_column(String(10), default="study")  # study | quiz
    rating: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    response: Mapped[str] = mapped_column(Text, default="")
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    client_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The memory state before this review, so "Undo" can restore it exactly.
    state_before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

    question: Mapped[Question] = relationship()
    fact: Mapped[Fact] = relationship()
    attempt: Mapped[QuizAttempt | None] = relationship()


# --- Study area: items shown to a learner --------------------------------------------


class IssuedItem(Model):
    """One question shown to one learner, carrying the one-time token its answer form sends.

    Claiming the token (``used_at`` set where it was null) is the single atomic step that
    lets a double click, a back button, a second tab or a retried request record one
    review only. The shuffled options are kept so a reload shows the same order, and
    the issue time tells which form of a fact the learner already saw today.
    """

    __tablename__ = "issued_items"
    __table_args__ = (
        Index("ix_issued_items_user_fact_issued", "user_id", "fact_id", "issued_at"),
        # The few items still waiting for an answer: the study page finds its card among
        # them, not by walking every item of the learner's history.
        Index(
            "ix_issued_items_user_waiting",
            "user_id",
            "issued_at",
            sqlite_where=text("used_at IS NULL"),
            postgresql_where=text("used_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id"), index=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_attempts.id"), index=True)
    # The options in the order shown (multiple choice and true/false); empty otherwise.
    choice_order: Mapped[list[str]] = mapped_column(JSON, default=list)
    hint_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    question: Mapped[Question] = relationship()
    fact: Mapped[Fact] = relationship()
    attempt: Mapped[QuizAttempt | None] = relationship()


# --- Teacher workspace (migration 0002_teach) -------------------------------------------


class PendingUpload(Model):
    """An uploaded question set waiting between its preview and the teacher's "Import".

    Kept in the database rather than in server memory or the session cookie: any worker
    or host can finish the import, the cookie stays small, and a 5 MB file need not be
    sent back through a hidden field. Rows older than a day are removed on later uploads.
    """

    __tablename__ = "pending_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    # The format the teacher chose, or None to detect it from the name and content.
    chosen_format: Mapped[str | None] = mapped_column(String(20))
    bank_title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # The raw bytes of a binary upload (an Anki package); ``text`` is then empty.
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Quizlet separators the teacher chose ({"term": ..., "card": ...}), else None.
    separators: Mapped[dict[str, str] | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


# --- Import history (migration 0004_files) ----------------------------------------------


class BankImport(Model):
    """One import into a bank: which file, in which format, what it held, and every
    warning about what was converted or dropped, so a teacher can look back at what an
    upload changed long after its preview is gone."""

    __tablename__ = "bank_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(20))
    facts: Mapped[int] = mapped_column(Integer)
    questions: Mapped[int] = mapped_column(Integer)
    # Each warning as the preview showed it ("Line 4: ...").
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


# --- Images of a bank (migration 0005_images) -------------------------------------------


class Media(Model):
    """An image a bank's rich text shows, kept in the database next to the bank.

    Stored once per (bank, content hash): the same picture in two notes, or imported
    twice, is one row, and its URL (``/media/<slug>/<sha256>.<ext>``) never changes, so
    browsers may cache it for good. Images belong to a bank so that only those who may
    see the bank may fetch them.
    """

    __tablename__ = "media"
    __table_args__ = (UniqueConstraint("bank_id", "sha256", name="uq_media_bank_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("banks.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    byte_size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
