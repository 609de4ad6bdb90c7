"""Only http(s) links reach a page: refused at import and load, and never rendered otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask, render_template_string

from quizapp.importers import parse_upload
from quizapp.urls import safe_http_url
from tests.support.content_fixtures import example_bank_text, line_of, run_content, write_bank
from tests.support.factories import make_bank

HOSTILE_URLS = [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\x00script:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/page",
    "/\\evil.example",
    "https:evil.example",
    "http://",
    "ftp://example.org/file",
    "\uff4aavascript:alert(1)",  # a full-width j
    "https://exa mple.org/",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_url_that_is_not_plain_http_is_refused(url: str) -> None:
    assert safe_http_url(url) is None


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/story?id=1#p2", "https://example.org/story?id=1#p2"),
        ("HTTP://Example.org/", "HTTP://Example.org/"),
        ("  https://example.org/  ", "https://example.org/"),
    ],
)
def test_an_http_url_is_kept_without_surrounding_spaces(url: str, kept: str) -> None:
    assert safe_http_url(url) == kept


def _json_bank(source_url: str) -> bytes:
    document = {
        "format": "quizapp-bank",
        "version": 1,
        "bank": {"title": "Trap", "source_publication": "Paper", "source_url": source_url},
        "facts": [
            {
                "key": "venue",
                "statement": "The first celebration was held in Seoul.",
                "questions": [{"key": "typed", "kind": "typed", "prompt": "Where?",
                               "answer": "Seoul"}],
            }
        ],
    }  # fmt: skip
    return json.dumps(document, indent=2).encode()


def test_a_json_bank_with_a_javascript_source_url_is_refused_at_its_line() -> None:
    data = _json_bank("javascript:alert(document.domain)")
    parsed = parse_upload(data, "bank.json")
    bank_line = line_of(data.decode(), '"bank"')
    assert [str(problem) for problem in parsed.errors] == [
        f"Line {bank_line}: bank: source_url must be an http:// or https:// address"
    ]


def test_the_upload_preview_refuses_the_javascript_bank_and_imports_nothing(
    teacher_client, teacher
) -> None:
    from tests.support.teach_fixtures import upload

    page = upload(teacher_client, "trap.json", _json_bank("javascript:alert(document.domain)"))
    text = page.get_data(as_text=True)
    assert "source_url must be an http:// or https:// address" in text
    assert "Import all" not in text


def test_a_content_bank_with_a_data_url_fails_check_at_its_line(app: Flask, tmp_path: Path) -> None:
    text = example_bank_text().replace(
        'url = "https://example.org/moon"', 'url = "data:text/html,<script>alert(1)</script>"'
    )
    path = write_bank(tmp_path / "moon", text)

    result = run_content(app, "check", str(path))

    assert result.exit_code == 1
    blamed = line_of(text, 'url = "data:')
    assert f"{path}:{blamed}: url must be an http:// or https:// address" in result.output


def test_a_hostile_url_already_stored_is_never_rendered_as_a_link(app: Flask, client) -> None:
    bank = make_bank(
        source_publication="Paper", source_headline="Headline", source_url=" javascript:alert(1)"
    )
    page = client.get(f"/banks/{bank.slug}/source").get_data(as_text=True)
    assert "javascript:" not in page
    assert "Original article" not in page


def test_the_safe_href_filter_keeps_site_paths_and_http_links_only(app: Flask) -> None:
    template = "{% for url in urls %}[{{ url|safe_href }}]{% endfor %}"
    with app.test_request_context():
        rendered = render_template_string(
            template, urls=["/banks/", "https://example.org/", "vbscript:x", "//evil.example"]
        )
    assert rendered == "[/banks/][https://example.org/][][]"


def test_links_and_images_in_uploaded_html_become_plain_text() -> None:
    from quizapp.richtext import store_html

    cleaned = store_html(
        '<a href="javascript:alert(1)">Seoul</a> <img src="data:image/png;base64,AAAA" '
        'onerror="alert(1)"><a href="https://example.org/">source</a>'
    )
    assert cleaned == "Seoul source"
