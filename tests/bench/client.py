"""An asyncio client of learners looping "get the item, answer it", robust to the flow.

It never assumes which page comes back: after an answer it follows a redirect, and if the
page it lands on holds an answer form (the next item) it answers that one straight away;
otherwise it asks the start page again. So it measures the study flow as it is.

A browser runs the page's scripts or not. A study answer's feedback page carries the
next card either way, and Continue shows it with no request (study.js swaps it in;
without scripts Continue is a link to it on the same page). A page may hold what only
scripts show (``<template>``): without ``scripts`` the client reads only what a browser
without scripts can use, so templates are left out.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx

ANSWER_BUTTONS = ("choice", "rating")
LOGIN = "/auth/login"


@dataclass
class AnswerForm:
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class _FormFinder(HTMLParser):
    """The first form holding an answer button (a choice or a rating) or a response box."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[AnswerForm, bool]] = []
        self._current: AnswerForm | None = None
        self._answerable = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form" and values.get("method", "get").lower() == "post":
            self._current = AnswerForm(values.get("action", ""))
            self._answerable = False
        elif self._current is None:
            return
        elif tag == "input" and values.get("type") == "hidden" and values.get("name"):
            self._current.fields[values["name"]] = values.get("value", "")
        elif tag == "input" and values.get("name") == "response":
            self._current.fields["response"] = "x"
            self._answerable = True
        elif tag == "button" and values.get("name") in ANSWER_BUTTONS and not self._answerable:
            self._current.fields[values["name"]] = values.get("value", "")
            self._answerable = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._current is not None:
            self.forms.append((self._current, self._answerable))
            self._current = None


# A page's forms, each from its start tag to its end tag (forms do not nest in HTML).
_FORMS = re.compile(r"<form\b.*?</form>", re.IGNORECASE | re.DOTALL)


def _forms(page: str) -> list[tuple[AnswerForm, bool]]:
    """The page's forms. Only the forms are parsed: the finder ignores everything else,
    and parsing a page's layout (a browser's work, on the learner's device) would weigh
    on the machine both servers share in proportion to how much layout a page has."""
    finder = _FormFinder()
    for form in _FORMS.finditer(page):
        finder.feed(form.group())
    return finder.forms


# A <template>'s content, which a browser does not show (templates do not nest here).
_TEMPLATES = re.compile(r"<template\b.*?</template>", re.IGNORECASE | re.DOTALL)


def answer_form(page: str, scripts: bool = True) -> AnswerForm | None:
    """The first answer form a browser with (or without) the page's scripts can use."""
    shown = page if scripts else _TEMPLATES.sub("", page)
    return next((form for form, answerable in _forms(shown) if answerable), None)


def login_form(page: str) -> dict[str, str]:
    forms = _forms(page)
    return forms[0][0].fields if forms else {}


@dataclass
class LoopResult:
    answers: int = 0
    requests: int = 0
    errors: int = 0
    post_ms: list[float] = field(default_factory=list)
    # Each answer's wait: its requests from asking for the item to the answer's page.
    answer_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds the server's processes used meanwhile
    client_cpu: float = 0.0  # CPU seconds this client process used meanwhile
    database_cpu: float = 0.0  # CPU seconds the PostgreSQL server used meanwhile

    @property
    def answers_per_second(self) -> float:
        return self.answers / self.seconds if self.seconds else 0.0

    @property
    def post_p50_ms(self) -> float:
        return statistics.median(self.post_ms) if self.post_ms else float("nan")

    @property
    def answer_p50_ms(self) -> float:
        return statistics.median(self.answer_ms) if self.answer_ms else float("nan")

    def cpu_ms_per_answer(self, seconds: float) -> float:
        return seconds / self.answers * 1000 if self.answers else float("nan")

    @property
    def requests_per_answer(self) -> float:
        return self.requests / self.answers if self.answers else float("nan")


async def _learner(
    client: httpx.AsyncClient, start: str, deadline: float, result: LoopResult, scripts: bool
) -> None:
    page: str | None = None
    misses = 0
    while time.monotonic() < deadline and misses < 20:
        began = time.perf_counter()  # the learner's wait for this answer starts
        form = answer_form(page, scripts) if page else None
        if form is None:
            response = await client.get(start, follow_redirects=True)
            result.requests += 1 + len(response.history)
            form = answer_form(response.text, scripts)
            if form is None:
                misses += 1
                result.errors += 1
                page = None
                continue
        posted = time.perf_counter()
        response = await client.post(urljoin(start, form.action), data=form.fields)
        result.post_ms.append((time.perf_counter() - posted) * 1000)
        result.requests += 1
        if response.status_code not in (200, 302, 303):
            result.errors += 1
            page = None
            continue
        result.answers += 1
        page = response.text
        if response.is_redirect:
            location = urljoin(str(response.url), response.headers["location"])
            following = await client.get(location, follow_redirects=True)
            result.requests += 1 + len(following.history)
            page = following.text
        result.answer_ms.append((time.perf_counter() - began) * 1000)


async def run_loop(
    clients: list[httpx.AsyncClient], start: str, seconds: float, scripts: bool = True
) -> LoopResult:
    """Every client loops until ``seconds`` have passed; the answers they all gave. With
    ``scripts`` each learner's browser runs the page's scripts (see the module's note)."""
    result = LoopResult()
    began = time.monotonic()
    deadline = began + seconds
    learners = (_learner(client, start, deadline, result, scripts) for client in clients)
    await asyncio.gather(*learners)
    result.seconds = time.monotonic() - began
    return result


async def logged_in(base: str, emails: list[str], password: str) -> list[httpx.AsyncClient]:
    """One client (cookie jar) per learner, each logged in through the real form."""
    clients = []
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    for email in emails:
        client = httpx.AsyncClient(base_url=base, timeout=60, limits=limits)
        page = await client.get(LOGIN)
        fields = {**login_form(page.text), "email": email, "password": password}
        response = await client.post(LOGIN, data=fields)
        if response.status_code not in (302, 303):
            raise RuntimeError(f"log-in of {email} failed: {response.status_code}")
        clients.append(client)
    return clients
