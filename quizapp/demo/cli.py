"""``flask demo seed``: a demo teacher, class and history for dashboards and benchmarks;
``flask demo remove`` takes it out again."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from ..cli_errors import OperatorGroup
from ..cli_progress import showing
from ..date_text import counted
from ..extensions import db
from .remove import DemoSchoolRows, demo_schools, planned, refuse_outsiders, removal_steps
from .seed import PHASES, DemoError, seed_demo


@click.group(
    "demo",
    cls=OperatorGroup,
    help="Make demo data (a teacher, a class and months of study history), or remove it.",
)
def demo_cli() -> None:
    pass


@demo_cli.command(
    "seed",
    help=(
        "Add a demo teacher, a class of N students and D days of study and weekly quizzes, "
        "drawn from a memory model (per-student ability, per-fact difficulty, forgetting). "
        "Example: flask demo seed --students 30 --days 60"
    ),
)
@click.option("--students", type=click.IntRange(1, 100_000), default=30, show_default=True)
@click.option("--days", type=click.IntRange(1, 3650), default=60, show_default=True)
@click.option(
    "--facts",
    type=click.IntRange(5, 100_000),
    help="Study a generated bank of this many facts instead of the shipped bank "
    "(each run makes its own).",
)
@click.option(
    "--class-size",
    type=click.IntRange(1, 1000),
    default=30,
    show_default=True,
    help="Students per class (a school of 1,000 makes 34 classes).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@with_appcontext
def seed_command(students: int, days: int, facts: int | None, class_size: int, seed: int) -> None:
    began = time.perf_counter()
    try:
        progress = click.progressbar(
            length=len(PHASES),
            label="Seeding the demo school",
            item_show_func=lambda phase: phase,
        )
        with showing(progress) as bar:

            def begin(phase: str) -> None:
                bar.update(1 if bar.current_item else 0, phase)  # the one before is done

            school = seed_demo(students, days, facts, seed, class_size, on_phase=begin)
            bar.update(1, "")
    except DemoError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Made {school.students} students, {school.facts} facts, {school.reviews:,} study answers, "
        f"{school.memory_states:,} memory states and {school.quiz_attempts:,} quiz attempts "
        f"in {time.perf_counter() - began:.1f} s."
    )
    click.echo(f"Log in as {school.teacher_email} with the password {school.password}")
    codes = ", ".join(school.join_codes[:3]) + (" ..." if len(school.join_codes) > 3 else "")
    classes = counted(len(school.join_codes), "class", "classes")
    click.echo(f"(students: the same password; {classes}, codes {codes}).")


@demo_cli.command(
    "remove",
    help=(
        "Remove every demo school that flask demo seed made: its teacher, classes, "
        "generated bank, students and all their answers and progress, in one go (all or "
        "nothing). Refused, with nothing removed, when a real account or real work is tied "
        "to it (a real student in a demo class, for instance). Asks first unless --yes."
    ),
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@with_appcontext
def remove_command(yes: bool) -> None:
    schools = _removable_schools()
    if not schools:
        click.echo("There is no demo data to remove.")
        return
    plan = planned(schools)
    db.session.rollback()  # no transaction, nor SQLite's write lock, held while asking
    if not yes:
        click.confirm(
            f"Remove {counted(plan.schools, 'demo school')} ({plan.people_and_places()}) "
            "with all their answers and progress?",
            abort=True,
        )
    try:
        schools = _removable_schools()  # again, in the removing transaction
        removed = planned(schools)
        progress = click.progressbar(
            removal_steps(schools),
            label="Removing the demo schools",
            item_show_func=lambda step: step[0] if step else "",
        )
        with showing(progress) as steps:
            for _what, step in steps:
                removed.rows.update(step())
        db.session.commit()
    except BaseException:  # a refusal, a failure or Ctrl-C: nothing was removed
        db.session.rollback()
        raise
    click.echo(str(removed))


def _removable_schools() -> list[DemoSchoolRows]:
    schools = demo_schools()
    try:
        refuse_outsiders(schools)
    except DemoError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    return schools
