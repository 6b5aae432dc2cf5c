"""The real server with 2 uvicorn workers on 127.0.0.1, conversations on a real PostgreSQL:
requests land on both workers, and a conversation started on one worker continues on the
other (state lives only in the engines). The JSON request log tells which worker answered."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings
from tests.ops.conftest import _free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_worker_server(built_index_settings: Settings, postgres_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]  # noqa: E501
    data = tmp_path / "data"
    shutil.copytree(built_index_settings.data_dir, data)
    port = _free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "INKOOP_DATA_DIR": str(data),
        "INKOOP_DATABASE_URL": postgres_url,
        "INKOOP_LLM_BACKEND": "extractive",
        "INKOOP_SECRET_KEY": "two-workers-test-secret",
        "INKOOP_LOG_JSON": "true",
    }
    inkoop = Path(sys.executable).parent / "inkoop"
    proc = subprocess.Popen(
        [
            str(inkoop),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--skip-ingest",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, log.read_text()[-2000:]
            try:
                if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "server not ready"
            time.sleep(0.5)
        yield url, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _worker_of(log: Path, request_id: str) -> int | None:
    for line in log.read_text().splitlines():
        if line.startswith("{") and f'"{request_id}"' in line:
            entry = json.loads(line)
            if entry.get("request_id") == request_id and entry.get("path") == "/api/answer":
                return int(entry["pid"])
    return None


def _ask(url: str, log: Path, rid: str, body: dict, cookies=None):  # type: ignore[no-untyped-def]
    # A new connection per request, so the kernel may hand it to either worker.
    with httpx.Client(base_url=url, timeout=60, cookies=cookies) as client:
        resp = client.post("/api/answer", json=body, headers={"X-Request-ID": rid})
        assert resp.status_code == 200, resp.text[:300]
        deadline = time.monotonic() + 5
        while (pid := _worker_of(log, rid)) is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the log line is written right after the response
        return resp.json(), client.cookies, pid


def test_conversations_continue_across_workers(two_worker_server) -> None:  # type: ignore[no-untyped-def]
    """Start conversations, then send follow-ups on fresh connections until some land on the
    other worker than the one that started them (bounded: at most 60 follow-ups)."""
    url, log = two_worker_server
    started = []
    for i in range(8):
        data, cookies, pid = _ask(
            url, log, f"first-{i}", {"question": "60.000 euro catering voor 2 jaar, gemeente"}
        )
        started.append((data["conversation_id"], cookies, pid))
    crossed = 0
    pids_seen = {pid for _, _, pid in started}
    for attempt in range(60):
        conv, cookies, first_pid = started[attempt % len(started)]
        body = {"question": "En als het 3 jaar duurt?", "conversation_id": conv}
        data, _, pid = _ask(url, log, f"follow-{attempt}", body, cookies)
        assert data["conversation_id"] == conv
        pids_seen.add(pid)
        if pid != first_pid:
            crossed += 1
            if crossed >= 3:
                break
    print("workers seen:", pids_seen, "follow-ups on the other worker:", crossed)
    assert len(pids_seen) == 2, f"both workers should answer: {pids_seen}"
    assert crossed >= 3, "too few conversations moved to the other worker to judge"
