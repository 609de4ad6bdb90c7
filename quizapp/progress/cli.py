"""``flask results export``: a class's results as CSV, for teachers and administrators."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..cli_errors import OperatorGroup, check_output_folder
from ..cli_output import output_stream
from ..cli_progress import showing
from ..codes import normalise_code
from ..date_text import counted
from ..extensions import db
from ..models import Classroom
from ..timeutil import now_utc
from .period import DateRange
from .results_csv import CLASS_KINDS, class_csv, count_class_rows


@click.group(
    "results",
    cls=OperatorGroup,
    help="Export class results (answers, quiz attempts, students) as CSV.",
)
def results_cli() -> None:
    pass


@results_cli.command(
    "export",
    help=(
        "Write one class's results to FILE as CSV (UTF-8, timestamps in UTC). "
        "Example: flask results export --class K7Q2MX --kind answers -o answers.csv"
    ),
)
@click.option("--class", "code", required=True, help="The class's join code.")
@click.option(
    "--kind",
    type=click.Choice(CLASS_KINDS),
    required=True,
    help="answers: one row per answer; attempts: one per quiz attempt; students: the roster.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    required=True,
    help="File to write, or - for standard output.",
)
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), help="First day (UTC).")
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), help="Last day (UTC).")
@click.option("--excel", is_flag=True, help="Start with a byte-order mark so Excel reads UTF-8.")
@with_appcontext
def export_command(
    code: str,
    kind: str,
    output: Path,
    first: datetime | None,
    last: datetime | None,
    excel: bool,
) -> None:
    check_output_folder(output)
    # Typed as people type codes (any case, spaces, dashes), as the join form reads them.
    classroom = db.session.scalar(
        select(Classroom).where(Classroom.join_code == normalise_code(code))
    )
    if classroom is None:
        raise click.ClickException(f"No class has the join code {code!r}.")
    try:
        period = DateRange(first and first.date(), last and last.date())
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    total = count_class_rows(classroom, kind, period, "UTC")
    stream = class_csv(classroom, kind, period, "UTC", now_utc(), excel)
    progress = click.progressbar(length=total, label=f"Exporting {kind}", file=sys.stderr)
    with showing(progress) as bar, output_stream(output, private=True) as file:
        for chunk in stream:
            file.write(chunk)
            bar.update(stream.rows_written - bar.pos)
    click.echo(
        f"Wrote {counted(stream.rows_written, 'row')} of {kind} for {classroom.name}.", err=True
    )
