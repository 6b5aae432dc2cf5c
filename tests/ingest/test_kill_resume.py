"""Kill a real ingest process (SIGKILL) in the middle of a document, run again: the index ends
up with exactly the chunks of a clean build — no duplicates, no orphans — and chunks stored
before the kill are not embedded again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from assistant.settings import Settings
from ingest.chunk import chunk_text
from ingest.clean import clean_text
from ingest.ledger import Ledger
from ingest.pipeline import run_ingest
from ingest.store import ChunkStore

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "knowledge" / "sources"
NAMES = [
    "2019-10-28-kamerbrief-aanbieding-inkopen-met-impact.txt",
    "2025-07-04-kamerbrief-voortgang-regie-op-de-monitoring-mvoi.txt",
]

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import ingest.pipeline as pipeline
    import ingest.sources
    from assistant.settings import Settings

    pipeline.EMBED_BATCH = 1  # one chunk per write, so there is a 'middle' to be killed in
    ingest.sources.from_knowledge = lambda *_: []
    marker = Path(sys.argv[3])
    seen = []

    def progress(name, done, total):
        seen.append(name)
        if len(set(seen)) == 2 and done == 1 and total > 1:
            marker.write_text(name)  # first chunk of the second document is stored
            time.sleep(120)  # wait here to be killed

    settings = Settings(data_dir=sys.argv[1], sources_dir=sys.argv[2])
    pipeline.run_ingest(settings, progress=progress)
    """
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    src = tmp_path / "sources"
    src.mkdir()
    for name in NAMES:
        (src / name).write_text((SOURCES / name).read_text(encoding="utf-8")[:1800])
    manifest = yaml.safe_load((SOURCES / "manifest.yaml").read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if d["file"] in NAMES]
    (src / "manifest.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return Settings(data_dir=tmp_path / "data", sources_dir=src)


def expected_ids(settings: Settings) -> set[str]:
    ids = set()
    for name in NAMES:
        cleaned, _ = clean_text((settings.sources_dir / name).read_text(encoding="utf-8"))
        ids |= {c.chunk_id for c in chunk_text(name, cleaned)}
    return ids


def test_sigkill_mid_document_then_rerun_leaves_no_duplicates_or_orphans(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "killed-here"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(settings.data_dir), str(settings.sources_dir)]
        + [str(marker)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        deadline = time.monotonic() + 150
        while not marker.exists():
            assert child.poll() is None, "the ingest process ended before it could be killed"
            assert time.monotonic() < deadline, "the ingest process never reached the kill point"
            time.sleep(0.1)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    # The kill left stored chunks that the ledger does not know about yet.
    store = ChunkStore(settings)
    ledger = Ledger(settings.index_dir)
    stored_before = store.all_ids()
    assert stored_before - ledger.all_chunk_ids(), "expected a half-written document"
    assert len(ledger.entries) == 1

    monkeypatch.setattr("ingest.sources.from_knowledge", lambda *_: [])
    report = run_ingest(settings, store=store)
    assert report.errors == {}
    assert report.chunks_reused >= 1  # what was stored before the kill is not embedded again
    ids = [cid for cid, _, _ in store.get_all()]
    assert len(ids) == len(set(ids))
    assert set(ids) == Ledger(settings.index_dir).all_chunk_ids() == expected_ids(settings)

    again = run_ingest(settings, store=store)
    assert again.chunks_embedded == 0 and again.orphans_deleted == 0
