"""The study loop's statements are converted once per process by psycopg, not on every
card: they fit its widened cache (``quizapp.pg_statements``)."""

from __future__ import annotations

import pytest
from psycopg import _queries
from sqlalchemy.dialects.postgresql import psycopg as psycopg_dialect

from quizapp.pg_statements import CACHED_STATEMENT_LENGTH
from quizapp.study.issued_items import item_with_memory
from quizapp.study.queue import (
    DUE,
    NEW_ANY,
    NEW_ASSIGNED,
    NEW_BEYOND,
    NEW_OWN,
    UPCOMING,
    Scope,
    _counts_statement,
    _next_fact_statement,
    session_counts,
)
from quizapp.timeutil import now_utc
from tests.support.study_fixtures import make_study_bank

ALL_KINDS = (DUE, NEW_ANY, NEW_OWN, NEW_ASSIGNED, UPCOMING, NEW_BEYOND)


def _length(statement) -> int:
    return len(str(statement.compile(dialect=psycopg_dialect.dialect())).encode())


@pytest.mark.parametrize("scoped", [False, True])
def test_the_study_loops_longest_statements_fit_the_cache(app, scoped):
    assert _queries.MAX_CACHED_STATEMENT_LENGTH >= CACHED_STATEMENT_LENGTH
    longest = [
        _counts_statement(scoped),
        _next_fact_statement(ALL_KINDS, scoped),
        item_with_memory(by_token=True, counts_scoped=scoped, with_review=True),
    ]
    assert max(_length(statement) for statement in longest) <= CACHED_STATEMENT_LENGTH


def test_the_session_counts_are_converted_once(app, student, is_postgres):
    if not is_postgres:
        pytest.skip("psycopg's cache: PostgreSQL only")
    make_study_bank(facts=2)
    session_counts(student, Scope(), now_utc())
    before = _queries._query2pg.cache_info()
    session_counts(student, Scope(), now_utc())
    after = _queries._query2pg.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (1, 0)
