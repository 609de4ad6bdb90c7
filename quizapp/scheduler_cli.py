"""``flask scheduler simulate|optimize|balance``: measure the scheduler, fit it to each
learner, and spread each learner's coming reviews over days."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .cli_errors import OperatorGroup, existing_account
from .cli_progress import showing
from .date_text import counted
from .loader import check_path
from .scheduling import MIN_REVIEWS_TO_FIT, OptimizerUnavailable
from .timeutil import now_utc

SHIPPED_BANK = "defectors-day"


@click.group(
    "scheduler", cls=OperatorGroup, help="Measure and tune the spaced-repetition scheduler."
)
def scheduler_cli() -> None:
    pass


def _fact_count(bank: Path | None) -> int:
    path = bank or Path(current_app.config["CONTENT_DIR"]) / SHIPPED_BANK
    result = check_path(path)
    if not result.ok:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"cannot read the facts of {path}")
    return result.fact_count


@scheduler_cli.command(
    "simulate",
    help="Simulate LEARNERS learners studying the shipped bank for DAYS days under two "
    "ground-truth memory models, and print reviews per learner, recall at the end and "
    "facts remembered per 100 reviews for our scheduler, SM-2, Leitner boxes and fixed "
    "intervals. Seeded: the same options print the same table.",
)
@click.option("--learners", default=500, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--days", default=60, show_default=True, type=click.IntRange(1, 3650))
@click.option("--seed", default=0, show_default=True, type=int)
@click.option(
    "--bank",
    type=click.Path(path_type=Path, exists=True),
    help="Bank file or folder whose facts are studied (default: the shipped bank).",
)
@with_appcontext
def simulate_command(learners: int, days: int, seed: int, bank: Path | None) -> None:
    try:
        from .simulation import compare
        from .simulation.compare import planned_runs
        from .simulation.report import comparison_lines
    except ImportError as missing:  # numpy is the ``simulation`` extra
        raise click.ClickException(
            f"the simulator needs numpy ({missing}); pip install 'quizapp[simulation]'"
        ) from missing
    from .scheduling import DEFAULT_PARAMETERS

    facts = _fact_count(bank)
    # On standard error: the table alone goes to standard output, to save to a file.
    progress = click.progressbar(
        length=planned_runs(DEFAULT_PARAMETERS), label="Simulating", file=sys.stderr
    )
    with showing(progress) as bar:
        comparison = compare(
            DEFAULT_PARAMETERS,
            facts=facts,
            learners=learners,
            days=days,
            seed=seed,
            on_runs=bar.update,
        )
    for line in comparison_lines(comparison):
        click.echo(line)


@scheduler_cli.command(
    "optimize",
    help="Fit FSRS weights to each learner's own answers (learners with at least "
    "--min-reviews answers and new ones since their last fit) and schedule them with "
    "those from now on. Everyone else keeps the defaults. Needs the optimizer extra "
    "(torch); without it nothing changes. Slow: run it as a nightly background job.",
)
@click.option(
    "--min-reviews", default=MIN_REVIEWS_TO_FIT, show_default=True, type=click.IntRange(min=1)
)
@click.option("--email", help="Fit only this learner.")
@with_appcontext
def optimize_command(min_reviews: int, email: str | None) -> None:
    from .personal_parameters import fit_learners

    if email is not None:
        existing_account(email)  # a typo would otherwise "succeed" doing nothing
    fitted = kept = 0
    try:
        for outcome in fit_learners(now_utc(), max(min_reviews, 1), email):
            verdict = "fitted" if outcome.fitted else "too few later-day reviews: defaults"
            click.echo(f"{outcome.email}: {counted(outcome.reviews, 'review')}, {verdict}")
            fitted += outcome.fitted
            kept += not outcome.fitted
    except OptimizerUnavailable as missing:
        raise click.ClickException(
            "the optimizer extra is not installed (pip install torch==2.13.0 "
            "'quizapp[optimizer]'); every learner keeps the default parameters. "
            f"({missing})"
        ) from missing
    click.echo(f"{counted(fitted, 'learner')} fitted, {kept} kept the defaults.")


@scheduler_cli.command(
    "balance",
    help="Move each learner's coming reviews to the lightest day within the few days of "
    "fuzz the scheduler allows them, so no day is much heavier than the next. Safe to "
    "run at any time (a nightly job); it never moves a review earlier than now.",
)
@click.option("--email", help="Balance only this learner.")
@with_appcontext
def balance_command(email: str | None) -> None:
    from .load_balance import balance_learners

    if email is not None:
        existing_account(email)  # a typo would otherwise "succeed" doing nothing
    learners = moved = 0
    for address, count in balance_learners(now_utc(), email):
        learners += 1
        moved += count
        if count:
            click.echo(f"{address}: {counted(count, 'review')} moved")
    click.echo(f"{counted(moved, 'review')} moved for {counted(learners, 'learner')}.")
