"""Where a command writes its file: ``-o -`` is standard output, click's convention and
``flask results export``'s, so an export or a draft can be piped; the command's progress
bar and closing line go to standard error, out of the data's way."""

from __future__ import annotations

from pathlib import Path

import click

STANDARD_OUTPUT = Path("-")


def write_output(output: Path, data: bytes) -> str:
    """Write ``data`` to the file ``output``, or to standard output for ``-``; where it
    went, worded for the command's closing line."""
    with click.open_file(str(output), "wb") as stream:  # "-": standard output, left open
        stream.write(data)
    return "standard output" if output == STANDARD_OUTPUT else str(output)
