"""Where the gunicorn workers' CPU goes while the answer loop runs, sampled with py-spy.

    .venv/bin/pip install -e '.[profile]'
    .venv/bin/python -m tests.bench.sample_workers [--learners 16] [--seconds 15] [--postgres]

``profile_loop`` profiles one answer in-process, through Flask's test client; this
samples the real server under the real load instead: the answer loop's data and
learners (``answer_loop``), gunicorn with its 4 sync workers, and ``py-spy record
--subprocesses`` on the workers while the learners loop. py-spy leaves idle samples out,
so on SQLite the shares printed are of the workers' CPU time. On PostgreSQL about half of
the samples it keeps are a worker inside psycopg's wait for the server (printed last), so
there the shares mix CPU and waiting. It has no goal of its own: it says where goal 1's
server CPU goes (see ``docs/benchmarks.md``).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .answer_loop import PASSWORD, _fill, one_database, served_env
from .client import logged_in, run_loop
from .servers import gunicorn, server_pids

# (label, how py-spy names the frame): a part's share counts every sample with that frame
# anywhere on its stack. Indented parts lie within the part above them.
PARTS = (
    ("the study page (GET /study/)", "session (quizapp/study/routes.py"),
    ("  today's counts", "session_counts (quizapp/study/queue.py"),
    ("  choosing the next fact", "choose_next_fact (quizapp/study/queue.py"),
    ("the answer (POST /study/answer)", "answer (quizapp/study/routes.py"),
    ("  recording it", "record_answer (quizapp/study/answers.py"),
    ("loading the user (both requests)", "load_user (quizapp/auth/accounts.py"),
    ("rendering the pages", "render_template (flask/templating.py"),
    ("the Flask app, all of it", "Flask.wsgi_app (flask/app.py"),
)
# The database driver running a statement: SQLite's own work, in the worker. A worker
# waiting on PostgreSQL is idle, so py-spy leaves it out (the benchmark's "database CPU"
# row counts PostgreSQL's side).
EXECUTING = "do_execute (sqlalchemy/engine/default.py"
EXECUTING_LABEL = "SQLite executing a statement"
# A worker inside psycopg's wait for PostgreSQL's answer. py-spy counts much of it busy (the
# thread is woken and queued for a core, or polling), so on PostgreSQL the parts' shares
# are not CPU shares: this one says how much of them is waiting.
WAITING = "Connection.wait (psycopg/connection.py"
WAITING_LABEL = "inside psycopg's wait for PostgreSQL"
REQUEST = "handle_request (gunicorn/workers/sync.py"


def shares(raw_lines: Iterable[str]) -> dict[str, float]:
    """Each part's share of the samples taken while a worker handled a request, from
    py-spy's ``--format raw`` lines ("frame;frame;... count", outermost frame first),
    plus the share SQLite was executing a statement (``EXECUTING_LABEL``) and the share
    spent inside psycopg's wait (``WAITING_LABEL``)."""
    counts: Counter[str] = Counter()
    total = 0
    for line in raw_lines:
        stack, _, number = line.rstrip().rpartition(" ")
        if not stack or not number.isdigit():
            continue
        frames = stack.split(";")
        if not any(REQUEST in frame for frame in frames):
            continue  # the master, or a worker waiting for a connection
        samples = int(number)
        total += samples
        for label, name in PARTS:
            if any(name in frame for frame in frames):
                counts[label] += samples
        if EXECUTING in frames[-1]:
            counts[EXECUTING_LABEL] += samples
        if any(WAITING in frame for frame in frames):
            counts[WAITING_LABEL] += samples
    return {label: counts[label] / total for label in counts} if total else {}


def _sample(base: str, emails: list[str], seconds: float, spy: str, output: Path) -> float:
    """Loop the learners for ``seconds`` while py-spy records the workers; answers/s."""

    async def loop() -> float:
        clients = await logged_in(base, emails, PASSWORD)
        try:
            await run_loop(clients, "/study/", 3)  # warm up, as the benchmark does
            master = min(server_pids(base))
            recorder = subprocess.Popen(
                [
                    spy,
                    *("record", "--pid", str(master), "--subprocesses", "--nonblocking"),
                    *("--rate", "200", "--format", "raw", "--duration", str(int(seconds))),
                    *("--output", str(output)),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            result = await run_loop(clients, "/study/", seconds + 1)
            recorder.wait(timeout=seconds + 60)
            return result.answers_per_second
        finally:
            for client in clients:
                await client.aclose()

    return asyncio.run(loop())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--postgres", action="store_true")
    options = parser.parse_args()
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy is not installed: .venv/bin/pip install -e '.[profile]'")
    with one_database(options.postgres) as url, tempfile.TemporaryDirectory() as folder:
        emails = _fill(url, options.learners)
        output = Path(folder) / "samples.txt"
        with gunicorn("wsgi:app", served_env(url), "/healthz") as base:
            speed = _sample(base, emails, options.seconds, spy, output)
        found = shares(output.read_text().splitlines())
    print(f"{options.learners} learners, {speed:.0f} answers/s; share of the workers' busy time:")
    for label, _name in PARTS:
        print(f"  {label:44} {found.get(label, 0.0):6.1%}")
    extra = WAITING_LABEL if options.postgres else EXECUTING_LABEL
    print(f"  {extra:44} {found.get(extra, 0.0):6.1%}")


if __name__ == "__main__":
    main()
