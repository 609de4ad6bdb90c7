"""`make test` runs a test that never opens the test database in one pass only: the SQLite
pass leaves it out (``--skip-database-independent``) when the PostgreSQL pass runs it."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SUITE = """
import pytest

@pytest.fixture
def database_source():
    return "a database"

@pytest.fixture
def database_url(database_source):
    return database_source

def test_opens_the_database(database_url):
    pass

def test_reads_a_file():
    pass

@pytest.mark.browser
def test_in_a_browser():
    pass
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(
        "from tests.conftest import pytest_addoption, pytest_collection_modifyitems  # noqa: F401"
    )
    pytester.makeini(
        "[pytest]\naddopts = --strict-markers\nmarkers =\n    browser: b\n"
        "    database_independent: d\n"
    )
    pytester.makepyfile(SUITE)
    return pytester


def test_every_test_runs_when_no_other_pass_does(suite: pytest.Pytester) -> None:
    suite.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


def test_the_sqlite_pass_leaves_out_what_the_postgresql_pass_runs(suite: pytest.Pytester) -> None:
    result = suite.runpytest("-p", "no:randomly", "-v", "--skip-database-independent")
    result.assert_outcomes(passed=2, deselected=1)
    result.stdout.fnmatch_lines(["*test_opens_the_database PASSED*"])
    result.stdout.fnmatch_lines(["*test_in_a_browser PASSED*"])  # the other pass has none


def test_the_tests_without_the_database_are_marked(suite: pytest.Pytester) -> None:
    result = suite.runpytest("-p", "no:randomly", "-v", "-m", "database_independent")
    result.assert_outcomes(passed=2, deselected=1)
    result.stdout.no_fnmatch_line("*test_opens_the_database*")
