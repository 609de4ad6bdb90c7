"""Shared settings and value strategies for the property-based (hypothesis) tests.

Every property test runs a fixed, modest number of examples chosen deterministically
(``derandomize``), so CI is not flaky and the suite, which runs once per database, stays
fast. Raise ``FUZZ_EXAMPLES`` locally to search harder.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0")) or None


def fuzz_settings(examples: int) -> settings:
    """Deterministic settings for a test of ``examples`` examples (``FUZZ_EXAMPLES`` wins)."""
    return settings(
        max_examples=EXAMPLES or examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,  # the app and its database are the fixture
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


# Values that broke or could break a parser, a converter or a column: integers past
# SQLite's and PostgreSQL's limits, calendar edges, floats that are not numbers, control
# characters, formula starts, markup, and very long text.
NASTY_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    str(2**31),
    str(2**63),
    str(2**70),
    "9" * 30,
    "1e309",
    "nan",
    "inf",
    "-0",
    "1.5",
    "٣",
    "²",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "2024-07-14",
    "true",
    "null",
    "\x00",
    "Class \x00 B",
    "\r\n",
    '=HYPERLINK("x")',
    "\uff1d1+1",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "x" * 5000,
    "[" * 2000,
    "Asia/Seoul",
    "UTC",
]


def nasty_text() -> st.SearchStrategy[str]:
    """A known-nasty value, arbitrary unicode, or a mix of the two."""
    return st.one_of(
        st.sampled_from(NASTY_VALUES),
        st.text(max_size=40),
        st.builds(lambda a, b: a + b, st.sampled_from(NASTY_VALUES), st.text(max_size=8)),
    )
