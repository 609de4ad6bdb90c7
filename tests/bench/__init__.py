"""Benchmarks for ``make bench``: each module's ``run(quick)`` returns table rows."""
