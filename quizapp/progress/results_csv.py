"""CSV exports of results, streamed: rows come from a server-side cursor in batches and
leave as text chunks, so a million answers never sit in memory at once.

Kinds and their columns are fixed (documented in the README). Cells are written for
spreadsheets: timestamps in ISO 8601 UTC, text that a spreadsheet would run as a formula
neutralised with a leading apostrophe (OWASP), numbers left as numbers, and an optional
byte-order mark so Excel reads the UTF-8 (Korean names) correctly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Integer,
    Select,
    Text,
    bindparam,
    case,
    cast,
    column,
    func,
    literal,
    select,
)

from ..csv_safety import starts_like_formula
from ..database import READ_ONLY_OPTION, read_engine
from ..downloads import file_stem
from ..extensions import db
from ..models import Bank, Classroom, Fact, Question, QuizAttempt, Review, User
from ..ops import events
from ..richtext import RICH_MARK
from ..study.wording import BLANK, GAP, TRUE_OR_FALSE, asked_text
from .classroom import enrolled_ids, members, roster
from .copy_csv import boolean_cell, copy_csv, text_cell, time_cell
from .period import DateRange
from .scope import Learners, OneLearner, class_bank_ids

ANSWER_COLUMNS = (
    "student",
    "email",
    "bank",
    "fact_key",
    "question_key",
    "question",  # its prompt: a key made from the text ("q-…") says nothing to a teacher
    "kind",
    "mode",
    "attempt_id",
    "response",
    "correct",
    "rating",
    "duration_ms",
    "answered_at",
)
ATTEMPT_COLUMNS = (
    "student",
    "email",
    "bank",
    "assignment_id",
    "started_at",
    "finished_at",
    "score",
    "max_score",
    "percent",
)
STUDENT_COLUMNS = (
    "student",
    "email",
    "facts_learned",
    "facts_mature",
    "right_last_30_days",
    "predicted_recall_today",
    "reviews_last_7_days",
    "last_active",
    "average_quiz_percent",
)
CLASS_KINDS = ("answers", "attempts", "students")
LEARNER_KINDS = ("answers", "attempts")
BATCH_ROWS = 1000
EXCEL_BOM = "\ufeff"


def columns(kind: str, for_class: bool = True) -> tuple[str, ...]:
    """The header of a kind of export; class exports start with the class name."""
    own = {"answers": ANSWER_COLUMNS, "attempts": ATTEMPT_COLUMNS, "students": STUDENT_COLUMNS}
    return ("class", *own[kind]) if for_class else own[kind]


# --- Cells and the CSV stream ---------------------------------------------------------


def cell(value: Any) -> Any:
    """One value as a spreadsheet should see it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if starts_like_formula(text) else text


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], excel: bool = False
) -> Iterator[str]:
    """The CSV text in chunks of ``BATCH_ROWS`` rows, quoting per RFC 4180 (CRLF lines)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if excel:
        buffer.write(EXCEL_BOM)
    writer.writerow(header)
    yield _drain(buffer)  # the header at once: a download starts before the query ends
    pending = 0
    for row in rows:
        writer.writerow([cell(value) for value in row])
        pending += 1
        if pending >= BATCH_ROWS:
            yield _drain(buffer)
            pending = 0
    if pending:
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def streamed(query: Select[*tuple[Any, ...]]) -> Iterator[Sequence[Any]]:
    """Rows from a server-side cursor, fetched ``BATCH_ROWS`` at a time, on a read-only
    connection of its own.

    The request's session is ended first: an export can stream for minutes, and on
    SQLite an open session transaction holds the write lock every answer needs. Callers
    build their queries (and read any ORM attribute) before the first row is asked for.
    """
    db.session.rollback()
    with read_engine().connect() as connection:
        connection.execution_options(**{READ_ONLY_OPTION: True, "yield_per": BATCH_ROWS})
        result = connection.execute(query)
        yield from result


# --- Queries behind each kind -----------------------------------------------------------

# The first columns of every answers and attempts row: whose it is and which bank.
LEARNER_AND_BANK = (User.display_name, User.email, Bank.title)


def answers_query(
    who: Learners, banks: Any | None, period: DateRange, time_zone: str
) -> Select[*tuple[Any, ...]]:
    """Answers by ``who`` (a class's: since each student joined), oldest first."""
    query = (
        select(
            *LEARNER_AND_BANK,
            Fact.key,
            Question.key,
            Question.prompt,
            Question.kind,
            Review.mode,
            Review.attempt_id,
            Review.response,
            Review.correct,
            Review.rating,
            Review.duration_ms,
            Review.reviewed_at,
        )
        .select_from(Review)
        .join(User, User.id == Review.user_id)
        .join(Question, Question.id == Review.question_id)
        .join(Fact, Fact.id == Review.fact_id)
        .join(Bank, Bank.id == Fact.bank_id)
        .where(*period.conditions(Review.reviewed_at, time_zone))
        .order_by(Review.reviewed_at, Review.id)
    )
    query = who.keep(query, Review.user_id, Review.reviewed_at)
    return query if banks is None else query.where(Fact.bank_id.in_(banks))


def attempts_query(
    who: Learners, banks: Any | None, period: DateRange, time_zone: str
) -> Select[*tuple[Any, ...]]:
    """Quiz attempts by ``who`` (a class's: as members, see ``ClassMembers.keep_attempts``)."""
    query = (
        select(
            *LEARNER_AND_BANK,
            QuizAttempt.assignment_id,
            QuizAttempt.started_at,
            QuizAttempt.finished_at,
            QuizAttempt.score,
            QuizAttempt.max_score,
        )
        .select_from(QuizAttempt)
        .join(User, User.id == QuizAttempt.user_id)
        .join(Bank, Bank.id == QuizAttempt.bank_id)
        .where(*period.conditions(QuizAttempt.started_at, time_zone))
        .order_by(QuizAttempt.started_at, QuizAttempt.id)
    )
    query = who.keep_attempts(query)
    return query if banks is None else query.where(QuizAttempt.bank_id.in_(banks))


def with_percent(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """Attempt rows with their percent (blank when there is no maximum).

    A quiz still going has neither score nor percent: its running total is no mark, and
    the pages say "not finished" rather than show it."""
    for row in rows:
        finished, score, maximum = row[-3], row[-2], row[-1]
        if not finished:
            yield (*row[:-2], None, maximum, None)
            continue
        yield (*row, round(100 * score / maximum, 1) if maximum else None)


QUERIES = {"answers": answers_query, "attempts": attempts_query}


# Where an answers row holds its question's prompt (its kind comes next).
PROMPT_CELL = len(LEARNER_AND_BANK) + 2


def with_asked_question(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """Answer rows whose question reads as its learners were asked it (``asked_text``),
    each question's words made once per export."""
    asked: dict[tuple[str, str], str] = {}
    for row in rows:
        prompt, kind = row[PROMPT_CELL], row[PROMPT_CELL + 1]
        text = asked.get((kind, prompt))
        if text is None:
            text = asked[kind, prompt] = asked_text(kind, prompt)
        yield (*row[:PROMPT_CELL], text, *row[PROMPT_CELL + 1 :])


def kind_rows(
    kind: str, who: Learners, banks: Any | None, period: DateRange, time_zone: str
) -> Iterator[Sequence[Any]]:
    rows = streamed(QUERIES[kind](who, banks, period, time_zone))
    return with_percent(rows) if kind == "attempts" else with_asked_question(rows)


def class_rows(
    classroom: Classroom, kind: str, period: DateRange, time_zone: str, now: datetime
) -> Iterator[tuple[Any, ...]]:
    """The rows of one class export, each starting with the class name.

    Everything that needs the session runs now; only the streaming is left for later.
    """
    name = classroom.name
    if kind == "students":
        rows: Iterable[Sequence[Any]] = (
            (
                row.name,
                row.email,
                row.facts_learned,
                row.facts_mature,
                None if row.right_30_days is None else round(row.right_30_days, 3),
                None if row.predicted_recall is None else round(row.predicted_recall, 3),
                row.reviews_7_days,
                row.last_active,
                None if row.quiz_average is None else round(row.quiz_average, 1),
            )
            for row in roster(classroom, now, period, time_zone)
        )
    else:
        rows = kind_rows(kind, members(classroom), class_bank_ids(classroom), period, time_zone)
    return ((name, *row) for row in rows)


def count_class_rows(classroom: Classroom, kind: str, period: DateRange, time_zone: str) -> int:
    """How many rows an export will have (for the command line's progress bar)."""
    if kind == "students":
        return (
            db.session.scalar(select(func.count()).select_from(enrolled_ids(classroom).subquery()))
            or 0
        )
    query = QUERIES[kind](members(classroom), class_bank_ids(classroom), period, time_zone)
    query = query.order_by(None)
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def learner_rows(user: User, kind: str, period: DateRange) -> Iterator[Sequence[Any]]:
    """A learner's own answers or attempts, every bank ("Download my data")."""
    return kind_rows(kind, OneLearner(user.id), None, period, user.time_zone)


def export_filename(name: str, kind: str, period: DateRange) -> str:
    """A safe, telling file name such as ``year-9-answers-from-2024-07-01-to-2024-07-31.csv``."""
    slug = file_stem(name, "class")
    dates = "".join(f"-{key}-{value}" for key, value in period.as_query().items())
    return f"{slug}-{kind}{dates}.csv"


# --- Whole downloads, as bytes ---------------------------------------------------------


class CsvStream:
    """A CSV download as bytes chunks (the header first, at once), counting the data rows
    written so far (the command line's progress bar reads it). Once the last chunk is
    out, the export is logged and its rows counted (``ops.events.export_written``)."""

    def __init__(self, chunks: Iterator[tuple[bytes, int]], kind: str, **whose: int | None) -> None:
        self._chunks = chunks
        self._kind = kind
        self._whose = whose
        self.rows_written = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk, rows in self._chunks:
            self.rows_written += rows
            yield chunk
        events.export_written("results", self._kind, self.rows_written, **self._whose)


def class_csv(
    classroom: Classroom,
    kind: str,
    period: DateRange,
    time_zone: str,
    now: datetime,
    excel: bool = False,
) -> CsvStream:
    """One class export. Answers on PostgreSQL are written by ``COPY`` (several times
    faster than formatting in Python); everything else by ``csv_chunks``."""
    header = columns(kind)
    if kind == "answers" and read_engine().dialect.name == "postgresql":
        who, banks = members(classroom), class_bank_ids(classroom)
        query = answers_query(who, banks, period, time_zone)
        chunks = _with_header(header, excel, _copied(query, who, banks, cell(classroom.name)))
    else:
        chunks = _python_csv(header, class_rows(classroom, kind, period, time_zone, now), excel)
    return CsvStream(chunks, kind, class_id=classroom.id)


def learner_csv(user: User, kind: str, period: DateRange, excel: bool = False) -> CsvStream:
    """A learner's own answers or attempts ("Download my data")."""
    header = columns(kind, for_class=False)
    if kind == "answers" and read_engine().dialect.name == "postgresql":
        who = OneLearner(user.id)
        query = answers_query(who, None, period, user.time_zone)
        chunks = _with_header(header, excel, _copied(query, who, None))
    else:
        chunks = _python_csv(header, learner_rows(user, kind, period), excel)
    return CsvStream(chunks, kind, user_id=user.id)


def _python_csv(
    header: Sequence[str], rows: Iterable[Sequence[Any]], excel: bool
) -> Iterator[tuple[bytes, int]]:
    written = 0

    def counted() -> Iterator[Sequence[Any]]:
        nonlocal written
        for row in rows:
            written += 1
            yield row

    before = 0
    for text in csv_chunks(header, counted(), excel):
        yield text.encode("utf-8"), written - before
        before = written


def _with_header(
    header: Sequence[str], excel: bool, body: Iterator[tuple[bytes, int]]
) -> Iterator[tuple[bytes, int]]:
    yield (EXCEL_BOM if excel else "").encode("utf-8") + _drain_header(header), 0
    yield from body


def _drain_header(header: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(header)
    return buffer.getvalue().encode("utf-8")


def _rich_questions(who: Learners, banks: Any | None) -> Select[*tuple[Any, ...]]:
    """The questions with formatting (stored as HTML) an answers export may hold: those
    of its banks, or (every bank) those its learners answered."""
    query = select(Question.id, Question.kind, Question.prompt).where(
        Question.prompt.startswith(RICH_MARK, autoescape=True)
    )
    if banks is not None:
        return query.join(Fact, Fact.id == Question.fact_id).where(Fact.bank_id.in_(banks))
    answered = who.keep(select(Review.question_id), Review.user_id, Review.reviewed_at)
    return query.where(Question.id.in_(answered))


def _asked_question_cell(who: Learners, banks: Any | None) -> tuple[Any, ColumnElement[str]]:
    """``asked_text`` on the server: a question with formatting is made plain here (few:
    sent as one JSON parameter), the gap and "True or false:" in SQL. Returns the table
    of plain words to outer-join on the question's id, and the cell."""
    plain = [
        {"id": row.id, "text": asked_text(row.kind, row.prompt)}
        for row in db.session.execute(_rich_questions(who, banks))
    ]
    made_plain = (
        func.json_to_recordset(cast(bindparam("plain_questions", json.dumps(plain)), JSON))
        .table_valued(column("id", Integer), column("text", Text))
        .render_derived(name="plain_questions", with_types=True)
    )
    prompt = Question.prompt
    asked = case(
        (made_plain.c.text.is_not(None), made_plain.c.text),
        (Question.kind == "cloze", func.replace(prompt, BLANK, GAP)),
        (Question.kind == "true_false", literal(TRUE_OR_FALSE) + prompt),
        else_=prompt,
    )
    return made_plain, asked


def _copied(
    query: Select[*tuple[Any, ...]], who: Learners, banks: Any | None, *leading: str
) -> Iterator[tuple[bytes, int]]:
    """The answers query's rows formatted by the server, after ``leading`` fixed cells."""
    made_plain, asked = _asked_question_cell(who, banks)
    formatted = query.outerjoin(made_plain, made_plain.c.id == Question.id).with_only_columns(
        *(literal(value) for value in leading),
        text_cell(User.display_name),
        text_cell(User.email),
        text_cell(Bank.title),
        text_cell(Fact.key),
        text_cell(Question.key),
        text_cell(asked),
        text_cell(Question.kind),
        text_cell(Review.mode),
        Review.attempt_id,
        text_cell(Review.response),
        boolean_cell(Review.correct),
        Review.rating,
        Review.duration_ms,
        time_cell(Review.reviewed_at),
    )
    db.session.rollback()  # as ``streamed``: hold no transaction while the rows flow
    with read_engine().connect() as connection:
        yield from copy_csv(connection, formatted)
