"""Constants and server control shared by the browser tests and their fixtures."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.settings import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
XSS_DOC = "xss-proefdocument.md"
XSS_TEXT = (
    "# Proefdocument kantoorplanten\n\n"
    "## Onderhoud van kantoorplanten\n\n"
    "Het onderhoud van kantoorplanten wordt één keer per maand uitgevoerd door de leverancier "
    "<script>window.__xss = 'script'; alert('xss-script')</script> en de leverancier "
    "rapporteert <img src=x onerror=\"window.__xss = 'img'; alert('xss-img')\"> de staat van de "
    "planten. [klik hier](javascript:alert('xss-link')) voor het contract.\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    data_dir: Path
    log: Path


def start_server(data_dir: Path, log_path: Path, **env_extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "INKOOP_DATA_DIR": str(data_dir),
        "INKOOP_LLM_BACKEND": "extractive",
        "INKOOP_SECRET_KEY": "e2e-secret-key-not-for-production",
        "PYTHONUNBUFFERED": "1",
        **env_extra,
    }
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "web.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text()[-3000:]}")
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"server did not start: {log_path.read_text()[-3000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
