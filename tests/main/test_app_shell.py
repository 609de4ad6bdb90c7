"""What every page carries: the favicon, the installable manifest, and the navigation."""

from __future__ import annotations

import re
import struct

from quizapp.study.nav_count import items_to_study
from quizapp.timeutil import now_utc
from tests.support.study_fixtures import make_study_bank

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def fetch(client, url: str) -> bytes:
    """The body of a file response, closing the file it streams from."""
    response = client.get(url)
    try:
        assert response.status_code == 200, url
        return response.get_data()
    finally:
        response.close()


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_favicon_ico_is_a_real_icon_not_a_404(client):
    response = client.get("/favicon.ico")
    response.close()
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.cache_control.max_age
    reserved, kind, count = struct.unpack("<HHH", fetch(client, "/favicon.ico")[:6])
    assert (reserved, kind) == (0, 1) and count >= 2  # an ICO with several sizes


def test_the_manifest_makes_the_app_installable_with_png_icons(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert manifest["short_name"] == "Quizapp"
    sizes = set()
    for icon in manifest["icons"]:
        if icon["type"] != "image/png":
            continue
        data = fetch(client, icon["src"])
        width, height = png_size(data)
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add(width)
    assert {192, 512} <= sizes  # what Android asks for an installable app
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


def test_pages_link_the_favicon_and_a_touch_icon(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'rel="icon" href="/favicon.ico"' in page
    touch = re.search(r'rel="apple-touch-icon" href="([^"]+)"', page)
    assert touch and png_size(fetch(client, touch.group(1))) == (180, 180)


def nav(page: str) -> str:
    return page.split('<nav aria-label="Main"', 1)[1].split("</nav>", 1)[0]


def test_a_learners_navigation_shows_study_with_the_number_to_study(app, student_client, student):
    make_study_bank(facts=3)
    links = nav(student_client.get("/").get_data(as_text=True))
    assert re.search(
        r'>Study <span class="count-badge">3<span class="visually-hidden"> to study', links
    )
    assert ">Quizzes</a>" in links and "Progress</a>" in links
    assert "Teach" not in links and "Class progress" not in links
    assert items_to_study(student, now_utc()) == 3


def test_the_study_count_is_left_out_when_a_view_does_not_give_it(app, student_client):
    make_study_bank(facts=3)
    links = nav(student_client.get("/banks/").get_data(as_text=True))
    assert ">Study</a>" in links and "count-badge" not in links


def test_the_current_page_is_marked_in_the_navigation(app, student_client):
    links = nav(student_client.get("/quiz/").get_data(as_text=True))
    assert re.search(r'href="/quiz/" aria-current="page">Quizzes', links)
    assert links.count('aria-current="page"') == 1


def test_a_teachers_navigation_shows_their_places(app, teacher_client):
    links = nav(teacher_client.get("/").get_data(as_text=True))
    for place in ("Teach", "Banks", "Upload", "Class progress"):
        assert f">{place}</a>" in links
    assert "Quizzes" not in links and "count-badge" not in links


def test_links_built_once_follow_the_site_root_a_proxy_sets(app, student_client):
    """The layout's links are kept per site root: a page served under a prefix links
    inside it, and the same page at the root right after links at the root."""
    prefixed = student_client.get("/quiz/", environ_overrides={"SCRIPT_NAME": "/school"})
    page = prefixed.get_data(as_text=True)
    assert re.search(r'href="/school/quiz/" aria-current="page">Quizzes', nav(page))
    assert 'rel="stylesheet" href="/school/static/style.css' in page
    page = student_client.get("/quiz/").get_data(as_text=True)
    assert re.search(r'href="/quiz/" aria-current="page">Quizzes', nav(page))
    assert "/school/" not in page


def test_every_study_page_marks_study_as_the_current_place(app, student_client):
    """The answer's feedback, the feedback again and the study settings are Study's pages:
    on a phone the app bar shows the current place, so none may leave it unmarked."""
    make_study_bank(facts=1, kinds=("typed",))
    page = student_client.get("/study/").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    pages = {
        "the card": page,
        "the feedback": student_client.post(
            "/study/answer", data={"token": token, "response": "no idea"}
        ).get_data(as_text=True),
        "the feedback again": student_client.get(f"/study/feedback/{token}").get_data(as_text=True),
        "the settings": student_client.get("/study/settings").get_data(as_text=True),
    }
    for name, html in pages.items():
        links = nav(html)
        assert re.search(r'href="/study/" aria-current="page">Study', links), name
        assert links.count('aria-current="page"') == 1, name
