"""The site's main navigation, built in Python and kept per app: it is on every page.

The links are the same for every student (and for every teacher) but for which one is
the current page and the number of items to study; rendering them through a template
macro cost every page about a tenth of its render. ``nav_links`` (a template global)
builds the list once per audience, current page, count and site root and reuses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, request
from markupsafe import Markup, escape

from .fixed_urls import built_once, fixed_url, new_store

_EXTENSION_KEY = "quizapp_nav_links"
# Audiences x endpoints x counts seen in practice stay far below this.
_MOST = 2048


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    label: str
    # The link is current on every endpoint starting with this, or with one of these
    # (a section's pages).
    section: str | tuple[str, ...] | None = None
    # Words only screen readers hear before the label ("My Progress").
    hidden_prefix: str = ""
    # Shows the number of items to study today after its label.
    counts_study: bool = False


STUDENT_LINKS = (
    NavLink("main.home", "Home"),
    NavLink(
        "study.session",
        "Study",
        ("study.session", "study.answer", "study.feedback", "study.settings"),
        counts_study=True,
    ),
    NavLink("study.quizzes", "Quizzes", "study.quiz"),
    NavLink("progress.learner", "Progress", "progress.learner", "My "),
    NavLink("banks.index", "Banks", "banks."),
    NavLink("auth.account", "Account", "auth.account"),
)
TEACHER_LINKS = (
    NavLink("main.home", "Home"),
    NavLink("teach.classes", "Teach", "teach.class"),
    NavLink("banks.index", "Banks", "banks."),
    NavLink("teach.upload", "Upload", "teach.upload"),
    NavLink("progress.classes", "Class progress", "progress.class"),
    NavLink("auth.account", "Account", "auth.account"),
)


def _is_current(link: NavLink, endpoint: str) -> bool:
    return endpoint == link.endpoint or bool(link.section and endpoint.startswith(link.section))


def _link_html(link: NavLink, endpoint: str, study_count: int | None) -> str:
    current = ' aria-current="page"' if _is_current(link, endpoint) else ""
    hidden = (
        f'<span class="visually-hidden">{escape(link.hidden_prefix)}</span>'
        if link.hidden_prefix
        else ""
    )
    badge = (
        f' <span class="count-badge">{int(study_count)}'
        '<span class="visually-hidden"> to study</span></span>'
        if link.counts_study and study_count
        else ""
    )
    href = escape(fixed_url(link.endpoint))
    return f'<li><a href="{href}"{current}>{hidden}{escape(link.label)}{badge}</a></li>'


def _nav_html(is_teacher: bool, endpoint: str, study_count: int | None) -> Markup:
    links = TEACHER_LINKS if is_teacher else STUDENT_LINKS
    return Markup("\n".join(_link_html(link, endpoint, study_count) for link in links))


def nav_links(is_teacher: bool, study_count: int | None = None) -> Markup:
    """The navigation's list items for this audience, marking the current page's link;
    ``study_count`` (items to study today) shows on Study when a view computed it."""
    endpoint = request.endpoint or ""
    return built_once(
        _EXTENSION_KEY,
        (is_teacher, endpoint, study_count),
        lambda: _nav_html(is_teacher, endpoint, study_count),
        _MOST,
    )


def register(app: Flask) -> None:
    new_store(app, _EXTENSION_KEY)
    app.add_template_global(nav_links, "nav_links")
