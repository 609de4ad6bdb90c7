"""``flask bank list|import|export``."""

from __future__ import annotations

from pathlib import Path

from .factories import make_bank, make_fact, make_question, make_user
from .teach_fixtures import FIXTURES


def test_import_then_list_then_export_from_the_command_line(app, tmp_path: Path):
    make_user(email="teacher@school.example", role="teacher")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "bank",
            "import",
            str(FIXTURES / "defectors_day.csv"),
            "--owner",
            "Teacher@School.example",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created" in result.output
    listed = runner.invoke(args=["bank", "list"]).output.strip().splitlines()
    assert len(listed) == 1
    slug, title, facts, questions = listed[0].split("\t")
    assert (title, facts, questions) == ("Defectors day", "6 facts", "7 active questions")
    out = tmp_path / "bank.csv"
    result = runner.invoke(args=["bank", "export", slug, "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"kind,prompt,answer")


def test_a_file_with_problems_is_refused_with_line_numbers(app):
    make_user(email="t@school.example", role="teacher")
    result = app.test_cli_runner().invoke(
        args=["bank", "import", str(FIXTURES / "aiken_bad.txt"), "--owner", "t@school.example"]
    )
    assert result.exit_code != 0
    assert "Line 9: ANSWER: E is not one of the options" in result.output
    assert "nothing was imported" in result.output


def test_list_counts_only_active_questions(app):
    bank = make_bank(slug="built-in", title="Built in")
    fact = make_fact(bank)
    make_question(fact)
    make_question(fact, active=False)
    output = app.test_cli_runner().invoke(args=["bank", "list"]).output
    assert output.strip() == "built-in\tBuilt in\t1 facts\t1 active questions"


def test_export_writes_an_anki_package(app, tmp_path: Path):
    make_question(make_fact(make_bank(slug="deck")))
    out = tmp_path / "deck.apkg"
    result = app.test_cli_runner().invoke(
        args=["bank", "export", "deck", "--format", "apkg", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"


def test_unknown_owner_or_bank_gives_a_clear_message(app, tmp_path: Path):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["bank", "import", str(FIXTURES / "aiken.txt"), "--owner", "nobody@x.org"]
    )
    assert "No teacher account" in result.output
    result = runner.invoke(args=["bank", "export", "missing", "-o", str(tmp_path / "x.csv")])
    assert "No bank 'missing'" in result.output
