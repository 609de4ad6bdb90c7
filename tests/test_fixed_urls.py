"""The layout's links are built once per app, yet always for the site root the request
came through: an app served under a prefix links its style sheet and navigation there."""

from __future__ import annotations

import re

STYLE = re.compile(r'<link rel="stylesheet" href="([^"?]+)')  # its version aside
HOME = re.compile(r'<a class="brand" href="([^"]+)"')


def _links(client, root: str = "") -> tuple[str, str]:
    page = client.get("/auth/login", base_url=f"http://localhost{root}").get_data(as_text=True)
    return STYLE.search(page).group(1), HOME.search(page).group(1)


def test_the_layouts_links_follow_the_site_root_of_each_request(client):
    assert _links(client) == ("/static/style.css", "/")
    assert _links(client, "/school") == ("/school/static/style.css", "/school/")
    assert _links(client) == ("/static/style.css", "/")  # not the prefixed ones, reused
