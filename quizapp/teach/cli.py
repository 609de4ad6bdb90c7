"""``flask bank list|import|export``: question banks from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..cli_errors import OperatorGroup, check_output_folder
from ..cli_output import write_output
from ..cli_progress import showing
from ..date_text import counted
from ..exporters import EXPORTS, write_bank
from ..extensions import db
from ..importers import FORMAT_LABELS, Separators, parse_upload
from ..importers.save import ImportRefused, bank_title_from_filename, save_question_set
from ..importers.text import UploadError
from ..models import Bank, Fact, Question, User
from ..ops import events


@click.group("bank", cls=OperatorGroup, help="List, import and export question banks.")
def bank_cli() -> None:
    pass


def bank_counts() -> list[tuple[Bank, int, int]]:
    """Every bank with its number of active facts and of active questions."""
    facts = (
        select(func.count(Fact.id))
        .where(Fact.bank_id == Bank.id, Fact.active.is_(True))
        .scalar_subquery()
    )
    questions = (
        select(func.count(Question.id))
        .join(Fact, Fact.id == Question.fact_id)
        .where(Fact.bank_id == Bank.id, Fact.active.is_(True), Question.active.is_(True))
        .scalar_subquery()
    )
    rows = db.session.execute(select(Bank, facts, questions).order_by(Bank.slug))
    return [(bank, fact_count, question_count) for bank, fact_count, question_count in rows]


@bank_cli.command("list", help="One bank a line: slug, title, facts, active questions.")
@with_appcontext
def list_command() -> None:
    rows = bank_counts()
    if not rows:
        click.echo("No banks yet.")
    for bank, facts, questions in rows:
        click.echo(
            f"{bank.slug}\t{bank.title}\t{counted(facts, 'fact')}\t"
            f"{counted(questions, 'active question')}"
        )


@bank_cli.command(
    "import",
    help="Import a question file into a teacher's bank (all of it or nothing). "
    "Importing the same file again updates that bank.",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", required=True, help="Email of the teacher who will own the bank.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMAT_LABELS)),
    help="Skip detection (csv, apkg, gift...).",
)
@click.option(
    "--title",
    default="",
    help="Bank name (defaults to the title a JSON bank file gives, else the file name).",
)
@click.option(
    "--term-separator", default="", help="Quizlet: tab, comma or the custom separator used."
)
@click.option(
    "--card-separator", default="", help="Quizlet: newline, semicolon or the custom separator."
)
@with_appcontext
def import_command(
    file: Path, owner: str, fmt: str | None, title: str, term_separator: str, card_separator: str
) -> None:
    teacher = db.session.scalar(select(User).where(User.email == owner.strip().casefold()))
    if teacher is None or not teacher.is_teacher:
        raise click.ClickException(f"No teacher account {owner}.")
    try:
        separators = Separators.named(term_separator, card_separator)
        parsed = parse_upload(file.read_bytes(), file.name, fmt, separators)
    except UploadError as error:
        events.import_refused("cli", teacher.id, str(error))
        raise click.ClickException(str(error)) from error
    for problem in parsed.problems:
        click.echo(f"{file.name}: {problem.severity}: {problem}", err=True)
    if parsed.errors:
        events.import_refused("cli", teacher.id, "problems in the file", len(parsed.errors))
        raise click.ClickException(
            f"{counted(len(parsed.errors), 'problem')}; nothing was imported."
        )
    name = title or bank_title_from_filename(file.name)
    try:
        progress = click.progressbar(length=len(parsed.facts), label=f"Importing {file.name}")
        with showing(progress) as bar:
            summary = save_question_set(
                parsed,
                teacher,
                name,
                on_progress=bar.update,
                filename=file.name,
                source="cli",
                typed=bool(title),
            )
    except ImportRefused as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{summary} Slug: {summary.bank.slug}")


@bank_cli.command("export", help="Write a bank as CSV, GIFT, an Anki package, Moodle XML or JSON.")
@click.argument("slug")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(EXPORTS)), default="csv", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    required=True, help="File to write, or - for standard output.",
)  # fmt: skip
@with_appcontext
def export_command(slug: str, fmt: str, output: Path) -> None:
    check_output_folder(output)
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
    if bank is None:
        raise click.ClickException(f"No bank {slug!r}; see `flask bank list`.")
    total = db.session.scalar(
        select(func.count(Fact.id)).where(Fact.bank_id == bank.id, Fact.active.is_(True))
    )
    progress = click.progressbar(length=total or 0, label=f"Exporting {slug}", file=sys.stderr)
    with showing(progress) as bar:
        data = write_bank(bank, fmt, bar.update)
    written = write_output(output, data)
    click.echo(f"Wrote {len(data):,} bytes to {written}.", err=True)
