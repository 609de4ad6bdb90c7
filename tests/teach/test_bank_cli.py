"""``flask bank list|import|export``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.factories import make_bank, make_fact, make_question, make_user
from tests.support.teach_fixtures import FIXTURES


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
    assert out.read_bytes().startswith(b"\xef\xbb\xbfkind,prompt,answer")  # BOM for Excel


def test_a_file_with_problems_is_refused_with_line_numbers(app):
    make_user(email="t@school.example", role="teacher")
    result = app.test_cli_runner().invoke(
        args=["bank", "import", str(FIXTURES / "aiken_bad.txt"), "--owner", "t@school.example"]
    )
    assert result.exit_code != 0
    assert "Line 9: ANSWER: E is not one of the options" in result.output
    assert "Error: 1 problem; nothing was imported." in result.output  # not "problem(s)"


def test_list_counts_only_active_questions(app):
    bank = make_bank(slug="built-in", title="Built in")
    fact = make_fact(bank)
    make_question(fact)
    make_question(fact, active=False)
    output = app.test_cli_runner().invoke(args=["bank", "list"]).output
    assert output.strip() == "built-in\tBuilt in\t1 fact\t1 active question"


@pytest.mark.parametrize(
    ("fmt", "start"),
    [("apkg", b"PK"), ("moodle-xml", b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')],
)
def test_export_writes_an_anki_package_or_moodle_xml(app, tmp_path: Path, fmt, start):
    make_question(make_fact(make_bank(slug="deck")))
    out = tmp_path / "deck.out"
    result = app.test_cli_runner().invoke(
        args=["bank", "export", "deck", "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(start)


def test_unknown_owner_or_bank_gives_a_clear_message(app, tmp_path: Path):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["bank", "import", str(FIXTURES / "aiken.txt"), "--owner", "nobody@x.org"]
    )
    assert "No teacher account" in result.output
    result = runner.invoke(args=["bank", "export", "missing", "-o", str(tmp_path / "x.csv")])
    assert "No bank 'missing'" in result.output


def test_import_takes_quizlet_separators_and_counts_warnings_in_its_summary(app, tmp_path: Path):
    from sqlalchemy import select

    from quizapp.extensions import db
    from quizapp.models import BankImport

    make_user(email="t@school.example", role="teacher")
    cards = tmp_path / "cards.txt"
    cards.write_text("Hanawon|Centre, 12 weeks;;Woorion|A non-profit;;", encoding="utf-8")
    runner = app.test_cli_runner()
    args = ["bank", "import", str(cards), "--owner", "t@school.example"]
    result = runner.invoke(args=[*args, "--term-separator", "|", "--card-separator", ";;"])
    assert result.exit_code == 0, result.output
    assert "2 facts" in result.output and "warning" not in result.output
    package = str(FIXTURES / "apkg" / "current.apkg")
    result = runner.invoke(args=["bank", "import", package, "--owner", "t@school.example"])
    assert result.exit_code == 0, result.output
    # its custom note type and its audio; its tags and image are kept
    assert "2 warnings, kept in the bank's import history" in result.output
    history = db.session.scalars(select(BankImport).where(BankImport.format == "apkg")).one()
    assert (history.filename, history.facts) == ("current.apkg", 7)
    assert "Note 7: note med1a~1: audio ([sound:…]) is not kept" in history.warnings


def test_a_file_to_write_in_a_missing_folder_is_refused_in_one_line(app, tmp_path: Path):
    bank = make_bank(slug="week-1")
    make_question(make_fact(bank))
    runner = app.test_cli_runner()
    missing = tmp_path / "no-such-folder"
    for args in (
        ["bank", "export", "week-1", "--format", "json", "-o", str(missing / "x.json")],
        ["content", "draft", str(Path(__file__)), "-o", str(missing / "d.toml")],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, result.output
        assert f"The folder {missing} does not exist" in result.output
        assert isinstance(result.exception, SystemExit)  # a message, not a crash


def test_import_title_names_the_bank_even_when_the_file_names_its_own(app, tmp_path: Path):
    """`--title` is the bank's name: our JSON download carries its bank's title, which
    names the bank only when no title is given."""
    make_user(email="t@school.example", role="teacher")
    make_question(make_fact(make_bank(slug="built-in", title="Built in")))
    runner = app.test_cli_runner()
    exported = tmp_path / "unit.json"
    runner.invoke(args=["bank", "export", "built-in", "--format", "json", "-o", str(exported)])
    for title in ("Week 3", ""):
        given = ["--title", title] if title else []
        args = ["bank", "import", str(exported), "--owner", "t@school.example", *given]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    titles = sorted(
        line.split("\t")[1] for line in runner.invoke(args=["bank", "list"]).output.splitlines()
    )
    assert titles == ["Built in", "Built in", "Week 3"]


def test_export_help_names_every_format_it_writes(app):
    output = app.test_cli_runner().invoke(args=["bank", "export", "--help"]).output
    assert "Write a bank as CSV, GIFT, an Anki package, Moodle XML or JSON." in output


def test_an_export_to_a_dash_goes_to_standard_output_not_to_a_file_named_dash(
    app, tmp_path: Path, monkeypatch
):
    """``-o -`` is standard output, as ``flask results export`` reads it, so an export can
    be piped; it made a file called "-" in the current folder."""
    monkeypatch.chdir(tmp_path)
    make_question(make_fact(make_bank(slug="deck")))
    result = app.test_cli_runner().invoke(args=["bank", "export", "deck", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeffkind,prompt,answer")
    assert "Wrote" not in result.stdout and "Exporting" not in result.stdout
    assert "to standard output" in result.stderr
    assert list(tmp_path.iterdir()) == []
