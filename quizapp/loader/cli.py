"""``flask content check|load|draft``: the built-in banks from the command line."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..cli_errors import OperatorGroup, check_output_folder
from ..cli_output import STANDARD_OUTPUT, write_output
from ..cli_progress import showing
from ..date_text import counted
from ..ops import events
from .article import read_article
from .bank_load import load_bank, ownership_conflicts
from .citations import citation_problems
from .collect import CheckResult, check_path
from .draft import draft_bank, slug_for
from .problems import Problem, display_path
from .questions import build_questions


@click.group(
    "content",
    cls=OperatorGroup,
    help="Check, load and draft the built-in question banks (content/).",
)
def content_cli() -> None:
    pass


def _path_or_default(path: Path | None) -> Path:
    return path if path is not None else Path(current_app.config["CONTENT_DIR"])


def _fail(problems: list[Problem], outcome: str) -> None:
    for problem in sorted(problems):
        click.echo(str(problem))
    count = len(problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found; {outcome}.", err=True)
    raise click.exceptions.Exit(1)


def _checked(path: Path | None, outcome: str) -> CheckResult:
    result = check_path(_path_or_default(path))
    if not result.ok:
        _fail(result.problems, outcome)
    return result


def _check_citations(result: CheckResult, article: Path) -> None:
    """Fail with every fact whose cited paragraph of ``article`` lacks its numbers."""
    if len(result.banks) != 1:
        where = display_path(article)
        _fail(
            [Problem(where, 0, "--article checks one bank: give that bank's folder or file")],
            "nothing was written",
        )
    paragraphs, _dropped = read_article(_article_text(article))
    problems = citation_problems(result.banks[0], paragraphs)
    if problems:
        _fail(problems, "nothing was written")


def _article_text(article: Path) -> str:
    """The article's text, or the one-line error a teacher can act on."""
    try:
        return article.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{article} is not UTF-8 text.") from error


_PATH = click.argument(
    "path", required=False, type=click.Path(path_type=Path, exists=False, file_okay=True)
)


@content_cli.command(
    "check",
    help="Check bank files without writing anything. PATH is a bank file, a bank folder or "
    "a folder of banks (default: the app's CONTENT_DIR). Every problem is printed as "
    "file:line: message; the exit code is 1 if there are any.",
)
@_PATH
@click.option(
    "--article",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The plain-text article the bank cites (one bank at a time): every number of a "
    "fact's answer and statement must be in the paragraph it cites.",
)
@with_appcontext
def check_command(path: Path | None, article: Path | None) -> None:
    result = _checked(path, "nothing was written")
    if article is not None:
        _check_citations(result, article)
    questions = sum(len(build_questions(f)) for bank in result.banks for f in bank.facts)
    click.echo(
        f"OK: {counted(len(result.banks), 'bank')}, {counted(result.fact_count, 'fact')}, "
        f"{counted(questions, 'question')}."
    )


@content_cli.command(
    "load",
    help="Check, then load banks into the database (default: the app's CONTENT_DIR). "
    "Loads nothing if any file has a problem. Safe to repeat: unchanged banks are skipped, "
    "edited questions are updated in place and removed ones retired, never deleted.",
)
@_PATH
@click.option("--force", is_flag=True, help="Compare every fact even if the file is unchanged.")
@with_appcontext
def load_command(path: Path | None, force: bool) -> None:
    folder = _path_or_default(path)
    result = check_path(folder)
    problems = ownership_conflicts(result.banks) if result.ok else result.problems
    if problems:
        events.content_refused(str(folder), len(problems))
        _fail(problems, "nothing was loaded")
    reports = []
    with showing(click.progressbar(length=result.fact_count, label="Loading facts")) as bar:
        for bank in result.banks:
            reports.append(load_bank(bank, force=force, advance=bar.update))
    for report in reports:
        click.echo(report.summary())
        events.content_loaded(report.slug, report.outcome, **asdict(report.counts))


@content_cli.command(
    "draft",
    help="Turn a plain-text news ARTICLE into a draft bank file for a teacher to finish: "
    "one proposed fact per number, date and name, with TODO wherever a guess is not "
    "possible. The draft fails 'flask content check' until every TODO is replaced.",
)
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="The draft bank file to write, e.g. draft.toml, or - for standard output.",
)
@click.option("--slug", help="The bank's slug (default: from the article's file name).")
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
def draft_command(article: Path, output: Path, slug: str | None, overwrite: bool) -> None:
    check_output_folder(output)
    if output != STANDARD_OUTPUT and output.exists() and not overwrite:
        raise click.ClickException(f"{output} exists; pass --overwrite to replace it.")
    draft, proposed, dropped = draft_bank(_article_text(article), slug_for(slug or article.stem))
    written = write_output(output, draft.encode("utf-8"))
    check = "on the saved file" if output == STANDARD_OUTPUT else output
    click.echo(
        f"Wrote {counted(proposed, 'proposed fact')} to {written} "
        f"({counted(len(dropped), 'line')} left out as not story). "
        f"Replace every TODO, then run: flask content check {check}",
        err=True,
    )
