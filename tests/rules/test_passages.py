"""Knowledge documents: every citation a verdict makes opens an existing passage after ingest."""

from __future__ import annotations

from pathlib import Path

import yaml

from assistant.opdrachtcheck import check_text
from evals.contracts_eval import CASES_FILE, EVAL_DATE, eval_settings
from ingest.chunk import chunk_text
from ingest.clean import clean_text
from knowledge.loader import EXAMPLE_POLICY_FILE
from knowledge.passages import render_documents

SOURCES_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "sources"


def _sections_after_ingest(docs: list[dict]) -> dict[str, set[str]]:
    """Run the real cleaner and chunker the ingest pipeline uses, collect the sections."""
    out = {}
    for d in docs:
        cleaned, _ = clean_text(d["text"])
        out[d["name"]] = {c.section for c in chunk_text(d["name"], cleaned)}
    return out


def test_documents_have_the_contract_keys_and_unique_names():
    docs = render_documents(EXAMPLE_POLICY_FILE)
    assert {"name", "title", "kind", "publisher", "date", "text"} <= set(docs[0])
    names = [d["name"] for d in docs]
    assert len(names) == len(set(names))
    assert {"rules", "criteria", "legal"} == {d["kind"] for d in docs}
    assert "regels-drempelwaarden.md" in names and "regels-eigen-beleid.md" in names


def test_own_policy_document_only_when_configured(monkeypatch):
    monkeypatch.delenv("INKOOP_POLICY_FILE", raising=False)
    assert "regels-eigen-beleid.md" not in {d["name"] for d in render_documents()}


def test_policy_label_and_unverified_marks_are_rendered():
    text = {d["name"]: d["text"] for d in render_documents(EXAMPLE_POLICY_FILE)}
    assert "Beleid, geen wet." in text["regels-procedures.md"]
    assert "Niet geverifieerd." in text["regels-drempelwaarden.md"]
    assert "controleer in de MVI-criteriatool" in text["criteria-catering.md"]


def test_every_cited_section_exists_after_cleaning_and_chunking():
    docs = render_documents(EXAMPLE_POLICY_FILE)
    sections = _sections_after_ingest(docs)
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    settings = eval_settings()
    cited = 0
    for case in cases:
        card = check_text(case["text"], EVAL_DATE, settings=settings)
        refs = [s for v in card.verdicts for s in v.sources]
        refs += [s for c in card.criteria for s in c.sources]
        for ref in refs:
            if ref.source.endswith(".md"):
                assert ref.section in sections[ref.source], (ref.source, ref.section)
                cited += 1
            else:
                assert (SOURCES_DIR / ref.source).exists(), ref.source
    assert cited > 200
