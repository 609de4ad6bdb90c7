"""The layout's style sheets, scripts and icons are named by their content, so a browser
keeps them and asks nothing on the next page (an answer is one request, not eight)."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.static_versions import LONG_CACHE, Seen, file_version
from tests.support.study_fixtures import make_study_bank

STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def static_links(page: str) -> set[str]:
    return {link.replace("&amp;", "&") for link in STATIC_LINK.findall(page)}


def test_a_pages_own_files_are_kept_a_year_without_asking_again(student_client):
    make_study_bank(facts=1)
    links = static_links(student_client.get("/study/").get_data(as_text=True))
    assert {"style.css", "study.js", "nav.js"} <= {
        link.split("/")[-1].split("?")[0] for link in links
    }
    for link in links:
        assert re.search(r"\?v=[0-9a-f]{12}$", link), link
        response = student_client.get(link)
        response.close()
        assert response.status_code == 200, link
        assert response.headers["Cache-Control"] == LONG_CACHE, link


def test_a_file_asked_for_without_its_current_version_is_checked_each_time(client):
    for url in ("/static/style.css", "/static/style.css?v=000000000000"):
        response = client.get(url)
        response.close()
        assert response.headers["Cache-Control"] == "no-cache", url


def test_a_changed_file_gets_a_new_version(tmp_path: Path):
    """Edited (a new release, or ``make dev``), a file's address changes at once, so no
    browser keeps showing the old one."""
    cache: Seen = {}
    style = tmp_path / "style.css"
    style.write_text("body { color: black; }")
    first = file_version(cache, tmp_path, "style.css")
    style.write_text("body { color: navy; }")
    second = file_version(cache, tmp_path, "style.css")
    assert first and second and first != second
    assert file_version(cache, tmp_path, "style.css") == second
    assert file_version(cache, tmp_path, "missing.css") is None
    assert file_version(cache, tmp_path, "../style.css") is None
    (tmp_path / "icons").mkdir()
    assert file_version(cache, tmp_path, "icons") is None
