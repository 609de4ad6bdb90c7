"""The bare reference the answer loop is measured against: a Flask endpoint pair doing
the least an answer can — GET a form after one indexed read, POST one indexed read and
one insert — on the same database, under the same gunicorn settings.

    REFERENCE_DATABASE_URL=sqlite:///x.db gunicorn tests.bench.reference_app:app
"""

from __future__ import annotations

import os
import secrets

from flask import Flask, redirect, request
from markupsafe import escape
from sqlalchemy import create_engine, text
from werkzeug.wrappers import Response

from quizapp.database import READ_ONLY_OPTION, configure_sqlite

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS ref_items (id INTEGER PRIMARY KEY, prompt TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS ref_answers (id {serial} PRIMARY KEY, item_id INTEGER NOT "
    "NULL, learner INTEGER NOT NULL, choice TEXT NOT NULL, token TEXT NOT NULL)",
)
ITEMS = 1_000
READ_ONLY = {READ_ONLY_OPTION: True}


def create_tables(url: str) -> None:
    """The reference's two tables, its items filled in (run once before serving)."""
    engine = create_engine(url)
    serial = "SERIAL" if engine.dialect.name == "postgresql" else "INTEGER"
    with engine.begin() as conn:
        for statement in SCHEMA:
            conn.execute(text(statement.format(serial=serial)))
        if not conn.execute(text("SELECT count(*) FROM ref_items")).scalar():
            conn.execute(
                text("INSERT INTO ref_items (id, prompt) VALUES (:id, :prompt)"),
                [{"id": n, "prompt": f"Question {n}?"} for n in range(1, ITEMS + 1)],
            )
    engine.dispose()


def create_reference_app(url: str) -> Flask:
    app = Flask(__name__)
    engine = create_engine(url, pool_pre_ping=False)
    configure_sqlite(engine)

    @app.get("/ref/item")
    def item() -> str:
        learner = request.args.get("learner", 1, type=int)
        number = secrets.randbelow(ITEMS) + 1
        # A read: on SQLite a deferred BEGIN, so it never waits for the write lock.
        with engine.connect() as plain:
            conn = plain.execution_options(**READ_ONLY)
            with conn.begin():
                prompt = conn.execute(
                    text("SELECT prompt FROM ref_items WHERE id = :id"), {"id": number}
                ).scalar_one()
        return (
            f"<!doctype html><title>Item</title><p>{escape(prompt)}</p>"
            f'<form method="post" action="/ref/answer?learner={learner}">'
            f'<input type="hidden" name="token" value="{secrets.token_urlsafe(16)}">'
            f'<input type="hidden" name="item" value="{number}">'
            '<button type="submit" name="choice" value="0">A</button>'
            '<button type="submit" name="choice" value="1">B</button></form>'
        )

    @app.post("/ref/answer")
    def answer() -> Response:
        learner = request.args.get("learner", 1, type=int)
        with engine.begin() as conn:
            item_id = conn.execute(
                text("SELECT id FROM ref_items WHERE id = :id"),
                {"id": request.form.get("item", 1, type=int)},
            ).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO ref_answers (item_id, learner, choice, token) "
                    "VALUES (:item, :learner, :choice, :token)"
                ),
                {
                    "item": item_id,
                    "learner": learner,
                    "choice": request.form.get("choice", ""),
                    "token": request.form.get("token", ""),
                },
            )
        return redirect(f"/ref/item?learner={learner}", code=303)

    @app.get("/ref/health")
    def health() -> str:
        return "ok"

    return app


app = create_reference_app(os.environ.get("REFERENCE_DATABASE_URL", "sqlite:///reference.db"))
