"""``/metrics``: counters an operator scrapes move with what people do, only who may
scrape sees them, and the workers of one gunicorn add up."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from flask import Flask
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Bank
from tests.study.test_answers import shown_token
from tests.support.clients import CSRFClient
from tests.support.servers import gunicorn
from tests.support.study_fixtures import make_study_bank
from tests.support.teach_fixtures import fixture_bytes, pending_id_from, upload

TOKEN = "scrape-token-for-tests"


def sample(text: str, name: str, **labels: str) -> float:
    """The sum of the samples called ``name`` whose labels include ``labels``."""
    return sum(
        found.value
        for family in text_string_to_metric_families(text)
        for found in family.samples
        if found.name == name and labels.items() <= found.labels.items()
    )


def scrape(client: Any) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return str(response.get_data(as_text=True))


def test_an_answer_moves_the_answer_review_and_request_counters(
    app: Flask, student_client: CSRFClient
) -> None:
    make_study_bank(facts=1, kinds=("typed",))
    token = shown_token(student_client)
    before = scrape(student_client)
    student_client.post("/study/answer", data={"token": token, "response": "34,000"})
    after = scrape(student_client)

    def moved(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert moved("quizapp_answers_recorded_total", mode="study") == 1
    assert moved("quizapp_reviews_total") == 1
    assert moved("quizapp_reviews_total", rating="good") == 1  # right at the first meeting
    answer = {"endpoint": "study.answer"}
    assert moved("quizapp_http_requests_total", **answer, method="POST", status="200") == 1
    assert moved("quizapp_http_request_duration_seconds_count", **answer) == 1
    assert moved("quizapp_http_request_duration_seconds_sum", **answer) > 0
    assert "quizapp_db_pool_checked_out" in after
    assert 'endpoint="study.answer"' in after and "/study/answer" not in after


def test_imports_and_export_rows_are_counted(app: Flask, teacher_client: CSRFClient) -> None:
    before = scrape(teacher_client)
    page = upload(teacher_client, "resettlement.gift", fixture_bytes("resettlement.gift"))
    teacher_client.post(f"/teach/uploads/{pending_id_from(page.get_data(as_text=True))}/import")
    upload(teacher_client, "broken.csv", b"\x00\x01 not text")
    slug = db.session.scalar(select(Bank.slug))
    teacher_client.get(f"/teach/banks/{slug}/export/csv")
    after = scrape(teacher_client)

    def moved(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert moved("quizapp_imports_total", source="upload", outcome="saved") == 1
    assert moved("quizapp_imports_total", source="upload", outcome="refused") == 1
    assert moved("quizapp_exports_total", export="bank", kind="csv") == 1
    assert moved("quizapp_export_rows_total", export="bank", kind="csv") == 12  # its facts


def test_with_a_token_only_its_bearer_may_scrape(app: Flask, client: CSRFClient) -> None:
    app.config["METRICS_TOKEN"] = TOKEN
    assert client.get("/metrics").status_code == 404
    wrong = {"Authorization": "Bearer not-the-token"}
    assert client.get("/metrics", headers=wrong).status_code == 404
    right = {"Authorization": f"Bearer {TOKEN}"}
    assert client.get("/metrics", headers=right).status_code == 200


def test_without_a_token_only_this_machine_may_scrape(app: Flask, client: CSRFClient) -> None:
    assert client.get("/metrics").status_code == 200  # the test client is 127.0.0.1
    remote = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=remote).status_code == 404
    proxied = {"X-Forwarded-For": "203.0.113.9"}  # a proxy on this machine relays someone
    assert client.get("/metrics", headers=proxied).status_code == 404


def _worker_counts(folder: Path, pid: int, endpoint: str) -> float:
    """What one worker's own counter file holds for ``endpoint``'s requests."""
    path = folder / f"counter_{pid}.db"
    if not path.exists():
        return 0
    return sum(
        value
        for key, value, _timestamp, _pos in MmapedDict.read_all_values_from_file(str(path))
        if '"quizapp_http_requests"' in key and f'"endpoint": "{endpoint}"' in key
    )


def _scrape_server(url: str) -> str:
    response = httpx.get(url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    return response.text


def test_two_gunicorn_workers_add_up_and_a_dead_ones_gauges_go(
    app: Flask, is_postgres: bool, database_url: str, tmp_path: Path
) -> None:
    if is_postgres:
        pytest.skip("metrics are independent of the database: the SQLite pass covers them")
    folder = tmp_path / "metrics"
    folder.mkdir()
    env = {"PROMETHEUS_MULTIPROC_DIR": str(folder), "METRICS_TOKEN": TOKEN}
    with gunicorn(database_url, tmp_path, workers=2, **env) as server:
        healthz = {"endpoint": "main.healthz", "status": "200"}
        before = sample(_scrape_server(server.url), "quizapp_http_requests_total", **healthz)
        sent, pids, per_worker = 0, [], [0.0]
        deadline = time.monotonic() + 60
        # A worker still starting on a loaded machine leaves every request to the other:
        # requests go on, 40 at a time, until both have answered some.
        while not (len(pids) == 2 and all(per_worker)) and time.monotonic() < deadline:
            with ThreadPoolExecutor(8) as pool:
                statuses = list(pool.map(lambda _: httpx.get(server.url + "/healthz").status_code,
                                         range(40)))  # fmt: skip
            assert statuses == [200] * 40
            sent += 40
            pids = server.worker_pids()
            per_worker = [_worker_counts(folder, pid, "main.healthz") for pid in pids]
        assert len(pids) == 2 and all(count > 0 for count in per_worker), per_worker
        for _ in range(4):  # whichever worker answers the scrape counts both
            total = sample(_scrape_server(server.url), "quizapp_http_requests_total", **healthz)
            assert total == before + sent

        victim = pids[0]
        assert (folder / f"gauge_livesum_{victim}.db").exists()
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while (folder / f"gauge_livesum_{victim}.db").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not (folder / f"gauge_livesum_{victim}.db").exists()  # child_exit marked it
        after = sample(_scrape_server(server.url), "quizapp_http_requests_total", **healthz)
        assert after == before + sent  # the dead worker's requests still count
