"""`flask lti ...`: register an LMS, rotate the tool's key, send waiting scores."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import with_appcontext

from ..cli_errors import OperatorGroup
from ..date_text import counted
from ..timeutil import now_utc
from .keys import DEFAULT_GRACE_DAYS, rotate_key, signing_key
from .outbox import send_due_scores
from .registration import RegistrationError, platforms, register_platform


@click.group(
    "lti",
    cls=OperatorGroup,
    help="Run quizapp as an LTI 1.3 tool inside an LMS (Moodle, Canvas...).",
)
def lti_cli() -> None:
    pass


@lti_cli.command("register")
@click.option("--issuer", required=True, help="The LMS's issuer (Moodle: the site's URL).")
@click.option("--client-id", required=True, help="The client id the LMS gave the tool.")
@click.option("--auth-url", required=True, help="The LMS's OIDC authentication request URL.")
@click.option("--token-url", required=True, help="The LMS's OAuth2 access token URL.")
@click.option("--jwks-url", required=True, help="The LMS's public keyset URL.")
@click.option(
    "--deployment-id", "deployment_ids", multiple=True, required=True, help="Repeat for several."
)
@click.option(
    "--frame-origin",
    default=None,
    help="Origin of the LMS pages that show the tool (default: the issuer's; registering "
    "again keeps the one given before).",
)
@with_appcontext
def register_command(
    issuer: str,
    client_id: str,
    auth_url: str,
    token_url: str,
    jwks_url: str,
    deployment_ids: tuple[str, ...],
    frame_origin: str | None,
) -> None:
    """Register an LMS (again: update its addresses, add deployments)."""
    try:
        platform = register_platform(
            issuer=issuer,
            client_id=client_id,
            auth_url=auth_url,
            token_url=token_url,
            jwks_url=jwks_url,
            deployment_ids=deployment_ids,
            frame_origin=frame_origin,
        )
    except RegistrationError as error:
        raise click.UsageError(str(error)) from error
    key = signing_key()
    deployments = ", ".join(d.deployment_id for d in platform.deployments)
    click.echo(f"Registered {platform.issuer} (client {platform.client_id}): {deployments}.")
    click.echo(f"The tool signs with key {key.kid}; framed by {platform.frame_origin}.")


@lti_cli.command("list")
@with_appcontext
def list_command() -> None:
    """The registered LMSs."""
    registered = platforms()
    if not registered:
        click.echo("No LMS is registered; add one with `flask lti register`.")
    for platform in registered:
        deployments = ", ".join(d.deployment_id for d in platform.deployments)
        click.echo(
            f"{platform.issuer}\t{platform.client_id}\t{deployments}"
            f"\tframed by {platform.frame_origin}"
        )


@lti_cli.command("rotate-key")
@click.option(
    "--grace-days",
    default=DEFAULT_GRACE_DAYS,
    show_default=True,
    type=click.IntRange(0, 365),
    help="Days the old key stays published.",
)
@with_appcontext
def rotate_key_command(grace_days: int) -> None:
    """Sign with a new key from now on; the old one stays in /lti/jwks for a while."""
    key = rotate_key(now_utc(), timedelta(days=grace_days))
    click.echo(f"The tool now signs with key {key.kid}.")


@lti_cli.command("send-scores")
@with_appcontext
def send_scores_command() -> None:
    """Post every score that waits in the outbox and is due (run it from cron)."""
    report = send_due_scores(now_utc())
    stopped = f", {report.stopped} stopped (their class page says why)" if report.stopped else ""
    sent = counted(report.sent, "score")
    click.echo(f"{sent} sent, {report.failed} failed (tried again later){stopped}.")
