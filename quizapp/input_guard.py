"""Refuse NUL characters in request text before any of it reaches the database.

PostgreSQL text cannot hold U+0000, and psycopg refuses to send it even as a query
parameter, so a crafted form field, query parameter or path segment holding one ended in
a 500 there (SQLite stored it silently). No page ever sends one: answer 400.
"""

from __future__ import annotations

from itertools import chain

from flask import Flask, abort, request


def refuse_nul_characters() -> None:
    texts = chain(
        [request.path],
        request.args.keys(),
        chain.from_iterable(request.args.listvalues()),
        request.form.keys(),
        chain.from_iterable(request.form.listvalues()),
        (file.filename or "" for file in request.files.values()),
    )
    if any("\x00" in text for text in texts):
        abort(400)


def register(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
