"""A learner for the load test: logs in over HTTP, then loops "get an item, answer it",
double-posting and retrying like impatient people and flaky networks do.

It reads pages as a browser would, not as this app happens to build them today: it finds
the answer form (the one carrying the item's one-time ``token`` and a way to answer) in
whatever page comes back, follows redirects, and takes 200 or 303 alike, so a study page
that answers with the feedback and the next item directly works too.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

import httpx

ANSWER_FIELDS = ("choice", "rating", "response")
TRANSIENT = (httpx.TransportError,)  # a killed worker drops its connections


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (name, value)
    text_inputs: list[str] = field(default_factory=list)

    def answer(self) -> dict[str, str] | None:
        """The fields a learner sends: the first option or grade, or a typed guess."""
        if "token" not in self.fields:
            return None
        for name, value in self.buttons:
            if name in ("choice", "rating"):
                return {**self.fields, name: value}
        if "response" in self.text_inputs:
            return {**self.fields, "response": "Seoul"}
        return None


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._current: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form" and values.get("method", "get").lower() == "post":
            self._current = Form(values.get("action", ""))
            self.forms.append(self._current)
        elif self._current is None or "name" not in values:
            return
        elif tag == "button" and values.get("type", "submit") == "submit":
            self._current.buttons.append((values["name"], values.get("value", "")))
        elif tag == "input" and values.get("type", "text") == "hidden":
            self._current.fields[values["name"]] = values.get("value", "")
        elif tag in ("input", "textarea"):
            self._current.text_inputs.append(values["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def post_forms(page: str) -> list[Form]:
    """Every POST form on ``page``, with its hidden fields, buttons and text inputs."""
    parser = _FormParser()
    parser.feed(page)
    return parser.forms


def answer_form(page: str) -> Form | None:
    """The form that answers the item on ``page``, if the page shows one."""
    return next((form for form in post_forms(page) if form.answer() is not None), None)


@dataclass
class Tally:
    """What every learner saw, shared across threads."""

    acknowledged: dict[str, int] = field(default_factory=dict)  # token -> learner number
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    transport_errors: int = 0
    double_posts: int = 0
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, response: httpx.Response) -> None:
        with self.lock:
            for step in (*response.history, response):
                self.statuses[step.status_code] += 1
                if step.status_code >= 500:
                    self.server_errors.append(
                        f"{step.request.method} {step.url}: {step.text[:200]}"
                    )


class Learner:
    """One learner's browser: its own cookies, talking to the servers in turn."""

    def __init__(self, number: int, email: str, urls: list[str], tally: Tally) -> None:
        self.number, self.email, self.urls, self.tally = number, email, urls, tally
        self.client = httpx.Client(follow_redirects=True, timeout=60)
        self.requests = 0

    def _url(self, path: str) -> str:
        self.requests += 1
        return self.urls[(self.number + self.requests) % len(self.urls)] + path

    def _send(self, method: str, path: str, data: dict[str, str] | None = None) -> httpx.Response:
        """One request, retried on a dropped connection (the same form, the same token)."""
        for attempt in range(8):
            try:
                response = self.client.request(method, self._url(path), data=data)
            except TRANSIENT:
                with self.tally.lock:
                    self.tally.transport_errors += 1
                    self.tally.retries += 1
                time.sleep(0.2 * (attempt + 1))
                continue
            self.tally.saw(response)
            return response
        raise RuntimeError(f"{method} {path} failed 8 times in a row")

    def log_in(self, password: str) -> None:
        form_page = self._send("GET", "/auth/login").text
        token = form_page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
        data = {"email": self.email, "password": password, "csrf_token": token}
        response = self._send("POST", "/auth/login", data)
        assert "/auth/login" not in str(response.url), f"{self.email} could not log in"

    def _post_answer(self, form: Form, data: dict[str, str], turn: int) -> httpx.Response:
        if turn % 4 == 0:  # a double click: the same answer twice at once
            with self.tally.lock:
                self.tally.double_posts += 1
            twin = threading.Thread(target=self._send, args=("POST", form.action, data))
            twin.start()
            response = self._send("POST", form.action, data)
            twin.join()
            return response
        response = self._send("POST", form.action, data)
        if turn % 4 == 1:  # a retry after the answer went through (reload, flaky network)
            with self.tally.lock:
                self.tally.retries += 1
            response = self._send("POST", form.action, data)
        return response

    def study(self, answers: int, deadline: float) -> None:
        page = self._send("GET", "/study/").text
        for turn in range(answers):
            if time.monotonic() > deadline:
                return
            form = answer_form(page)
            if form is None:
                return  # nothing left to study
            data = form.answer()
            assert data is not None
            response = self._post_answer(form, data, turn)
            if response.status_code < 400:
                with self.tally.lock:
                    self.tally.acknowledged[data["token"]] = self.number
            following = answer_form(response.text)
            if following is None or following.fields.get("token") == data["token"]:
                page = self._send("GET", "/study/").text
            else:
                page = response.text  # the feedback page already holds the next item

    def close(self) -> None:
        self.client.close()
