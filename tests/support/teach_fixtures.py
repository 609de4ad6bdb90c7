"""Helpers shared by the teacher-workspace tests: sample files and upload shortcuts."""

from __future__ import annotations

import io
from typing import Any

from quizapp.importers import ParsedSet, parse_upload
from quizapp.importers.save import SaveSummary, save_question_set
from quizapp.models import Question, User
from quizapp.richtext import plain_text
from tests.support.paths import FIXTURES


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse_fixture(name: str) -> ParsedSet:
    return parse_upload(fixture_bytes(name), name)


def parsed_without_errors(data: bytes, name: str) -> ParsedSet:
    """``data`` parsed as an upload named ``name``, which must have no errors: the tests
    that read its questions would otherwise fail on a confusing index or key error."""
    parsed = parse_upload(data, name)
    assert not parsed.errors, parsed.errors
    return parsed


def import_fixture(owner: User, name: str, bank_name: str = "") -> SaveSummary:
    return save_question_set(parse_fixture(name), owner, bank_name or name)


def by_prompt(parsed: ParsedSet) -> dict[str, Any]:
    """The parsed questions by the plain text of their prompts (formatting left out)."""
    return {plain_text(question.prompt): question for question in parsed.questions}


def upload(client: Any, name: str, data: bytes, **fields: str) -> Any:
    """Send a file through the upload form; returns the response after redirects."""
    return client.post(
        "/teach/uploads/new",
        data={"file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def pending_id_from(page: str) -> int:
    import re

    match = re.search(r"/teach/uploads/(\d+)/import", page)
    assert match, "the preview offers an Import button"
    return int(match.group(1))


def edit_question(client: Any, question: Question, **fields: str) -> Any:
    """Post the question's edit form as a teacher fills it: its key and kind kept unless
    given, the other fields as given."""
    form = {"key": question.key, "kind": question.kind, **fields}
    return client.post(
        f"/teach/banks/{question.fact.bank.slug}/questions/{question.id}/edit", data=form
    )


def retire_question(client: Any, bank_slug: str, question: Question) -> int:
    """Ask to retire a question through the bank's page; the status code answered."""
    return client.post(f"/teach/banks/{bank_slug}/questions/{question.id}/retire").status_code
