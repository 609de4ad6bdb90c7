"""psycopg's cache of converted statements, widened to hold the study pages' long ones.

Before each execution psycopg turns a statement's ``%(name)s`` placeholders into
PostgreSQL's ``$1`` form, and keeps the result in a cache, but only for a statement of at
most 4,096 characters: ORMs can generate long statements of ever-changing shape (an
INSERT of N rows), which would only churn it. Ours are built once per shape and bound by
parameters, and the study loop's session counts (about 7,000 characters) are run on
every card: without this, each run splits that text again with a regular expression,
about 2 % of an answer's CPU (``docs/benchmarks.md``, eighteenth session).
"""

from __future__ import annotations

# Room for the longest statement the study pages run, with a margin for longer scopes.
CACHED_STATEMENT_LENGTH = 16_384


def cache_long_statements() -> None:
    """Raise psycopg's length limit for cached statement conversions (a module constant
    it reads at each execution). Without psycopg, or should a later psycopg drop the
    constant, nothing changes: statements still run, converted each time."""
    try:
        from psycopg import _queries
    except ImportError:
        return
    if getattr(_queries, "MAX_CACHED_STATEMENT_LENGTH", 0) < CACHED_STATEMENT_LENGTH:
        _queries.MAX_CACHED_STATEMENT_LENGTH = CACHED_STATEMENT_LENGTH
