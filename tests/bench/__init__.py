"""Benchmarks, each measured side by side with its reference in one run.

``python -m tests.bench`` (``make bench``) runs every module listed in ``__main__`` that
exists and prints one table; each module exposes ``run(quick: bool) -> list[Row]``.
"""
