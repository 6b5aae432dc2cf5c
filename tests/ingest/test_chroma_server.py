"""The same pipeline and retriever against a real ChromaDB server (`chroma run`) over HTTP."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from assistant.retrieval import build_retriever
from assistant.settings import Settings
from ingest.ledger import Ledger
from ingest.pipeline import run_ingest
from ingest.store import ChunkStore

REPO = Path(__file__).resolve().parents[2]
CHROMA = REPO / ".venv" / "bin" / "chroma"
NAME = "2025-07-04-kamerbrief-voortgang-regie-op-de-monitoring-mvoi.txt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.fail(f"{CHROMA} missing: chromadb is a pinned dependency")
    path = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import chromadb

        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "chroma run exited early"
            try:
                chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
                break
            except Exception:
                assert time.monotonic() < deadline, "chroma server did not come up in 60 s"
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_ingest_and_retrieve_through_http_client(
    chroma_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "sources"
    src.mkdir()
    (src / NAME).write_text((REPO / "knowledge" / "sources" / NAME).read_text(encoding="utf-8"))
    manifest = yaml.safe_load((REPO / "knowledge/sources/manifest.yaml").read_text())
    manifest["documents"] = [d for d in manifest["documents"] if d["file"] == NAME]
    (src / "manifest.yaml").write_text(yaml.safe_dump(manifest))
    monkeypatch.setattr("ingest.sources.from_knowledge", lambda *_: [])
    settings = Settings(
        data_dir=tmp_path / "data",
        sources_dir=src,
        chroma_url=chroma_url,
        chroma_collection="inkoop_http_test",
    )

    report = run_ingest(settings)
    assert report.errors == {} and report.chunks_embedded == report.chunks_total > 0
    store = ChunkStore(settings)
    assert not (settings.index_dir / "chroma").exists()  # nothing embedded on local disk
    import chromadb

    port = int(chroma_url.rsplit(":", 1)[1])
    server_side = chromadb.HttpClient(host="127.0.0.1", port=port)
    assert server_side.get_collection("inkoop_http_test").count() == report.chunks_total
    assert store.all_ids() == Ledger(settings.index_dir).all_chunk_ids()
    assert run_ingest(settings).chunks_embedded == 0

    docs = build_retriever(settings, "hybrid", k=3).invoke("Wanneer start fase 3 van het project?")
    assert docs and all(d.metadata["source"] == NAME for d in docs)
    assert any("fase 3" in d.page_content for d in docs)
