"""The race helpers the concurrency tests stand on (``tests/support/races.py``).

A helper that misses the moment it waits for does worse than fail its test: the test's
held lock then blocks the next test's clean-up, and the whole pass hangs."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.support.races import waits_on_a_lock

LOCK_KEY = 4242


def test_a_wait_on_a_lock_that_begins_after_the_first_look_is_seen(
    database_url: str, is_postgres: bool
) -> None:
    """A loaded machine starts the waiting side late: after the helper first looked."""
    if not is_postgres:
        pytest.skip("SQLite cannot list who waits on its lock")
    engine = create_engine(database_url, poolclass=NullPool)
    started = time.monotonic()
    with engine.connect() as holder:
        holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
        try:

            def wait_late() -> None:
                time.sleep(0.5)
                with engine.connect() as waiter:
                    waiter.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
                    waiter.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})

            late = threading.Thread(target=wait_late)
            late.start()
            assert waits_on_a_lock(database_url)
            assert time.monotonic() - started < 10
        finally:
            holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
            holder.commit()
    late.join(10)
    assert not late.is_alive()
    engine.dispose()
