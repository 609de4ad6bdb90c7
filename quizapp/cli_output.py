"""Where a command writes its file.

``-o -`` is standard output, click's convention, so an export or a draft can be piped; the
command's progress bar and closing line go to standard error, out of the data's way.

A file appears whole or not at all: it is written beside its place as ``<name>.partial``
and renamed over it once complete. A command cut short (Ctrl-C, a failure) leaves the
file as it was before, never one that ends on a whole row and reads as complete.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from .private_files import PRIVATE

STANDARD_OUTPUT = Path("-")


def written_to(output: Path) -> str:
    """Where ``output`` is, worded for a command's closing line."""
    return "standard output" if output == STANDARD_OUTPUT else str(output)


@contextmanager
def output_stream(output: Path, private: bool = False) -> Iterator[IO[Any]]:
    """A binary stream to ``output`` (standard output for ``-``), which takes the file's
    place only when the block ends without an error. A ``private`` file (people's
    answers) is its owner's only, whatever the umask and the mode of a file it replaces."""
    if output == STANDARD_OUTPUT:
        with click.open_file("-", "wb") as stream:  # left open: it is the process's own
            yield stream
        return
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)  # a leftover keeps its mode: start afresh
    mode = PRIVATE if private else 0o666  # 0o666: the umask decides, as ``open`` does
    try:
        with os.fdopen(
            os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "wb"
        ) as stream:
            yield stream
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, output)


def write_output(output: Path, data: bytes) -> str:
    """Write ``data`` to ``output`` whole (see ``output_stream``); where it went."""
    with output_stream(output) as stream:
        stream.write(data)
    return written_to(output)
