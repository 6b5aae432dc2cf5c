"""Browser tests: a REAL uvicorn server (subprocess, free 127.0.0.1 port) over a copy of the
session-built index, driven by Debian's Chromium through Playwright. Never `playwright install`.

The copy also holds one hostile document (script and onerror payloads) for the XSS test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    XSS_DOC,
    XSS_TEXT,
    Server,
    start_server,
    stop_server,
)

from assistant.settings import Settings


@pytest.fixture(scope="session")
def e2e_data_dir(built_index_settings: Settings, tmp_path_factory) -> Path:
    """A private copy of the built index plus the hostile document."""
    from ingest.documents import SourceDocument
    from ingest.pipeline import upsert_document

    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    shutil.copytree(built_index_settings.data_dir, data_dir)
    doc = SourceDocument(
        name=XSS_DOC,
        title="Proefdocument <script>alert('xss-title')</script>",
        kind="upload",
        publisher="<img src=x onerror=alert('xss-publisher')>",
        date="2026-01-15",
        text=XSS_TEXT,
    )
    assert upsert_document(Settings(data_dir=data_dir), doc) > 0
    return data_dir


@pytest.fixture(scope="session")
def server(e2e_data_dir: Path, tmp_path_factory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("e2e-log") / "uvicorn.log"
    proc, url = start_server(e2e_data_dir, log)
    try:
        yield Server(url=url, data_dir=e2e_data_dir, log=log)
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Debian chromium missing in CI: scripts/system-deps.sh installs it")
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh browser profile per test (own cookies), failing on any dialog (alert)."""
    context = browser.new_context(
        base_url=server.url,
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
        locale="nl-NL",
    )
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]

    def on_dialog(dialog) -> None:
        pg.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
