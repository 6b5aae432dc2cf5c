"""The curated YAML: complete, sourced, and a bad file fails loudly naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.loader import (
    CRITERIA_DIR,
    EXAMPLE_POLICY_FILE,
    LEGAL_DIR,
    RULES_DIR,
    KnowledgeError,
    load_groups,
    load_knowledge,
    load_model,
)
from knowledge.models import (
    CHECK_TOOL,
    LegalFile,
    PolicyFile,
    ProductGroup,
    ThresholdFile,
)


def test_real_knowledge_loads_with_example_policy():
    k = load_knowledge(EXAMPLE_POLICY_FILE)
    assert {t.id for t in k.thresholds.thresholds} == {"EU-THR-2024-2025", "EU-THR-2026-2027"}
    assert {p.id for p in k.procedures.profiles} == {"rijk", "gemeente"}
    assert k.profile("eigen") is not None


def test_at_least_twelve_groups_with_all_levels_synonyms_and_examples():
    groups = load_groups()
    assert len(groups) >= 12
    for g in groups.values():
        assert {c.level for c in g.criteria} == {"basis", "significant", "ambitieus"}
        assert len(g.synonyms) >= 3 and len(g.examples) >= 2
        assert g.tool_url.startswith("https://www.mvicriteria.nl")


def test_checked_criteria_cite_a_verified_source_and_the_rest_point_to_the_tool():
    for g in load_groups().values():
        for c in g.criteria:
            assert c.source.title
            if c.status != CHECK_TOOL:
                assert c.source.verified


def test_at_least_twelve_sourced_legal_notes_citing_only_verified_articles():
    notes = load_knowledge().legal.notes
    assert len(notes) >= 12
    for n in notes:
        assert n.sources
        assert n.article is None or n.article.startswith("Aanbestedingswet 2012 art. 1.4")


def test_all_procedure_profiles_are_policy():
    for path in (RULES_DIR / "procedure-profiles.yaml", EXAMPLE_POLICY_FILE):
        assert "policy" in path.read_text().lower() or "beleid" in path.read_text().lower()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_field_names_file_and_field(tmp_path):
    good = (RULES_DIR / "eu-thresholds.yaml").read_text()
    bad = _write(tmp_path, "eu.yaml", good.replace("works: 5404000", "works: veel"))
    with pytest.raises(KnowledgeError) as err:
        load_model(bad, ThresholdFile)
    assert str(bad) in str(err.value) and "thresholds.1.works" in str(err.value)


def test_unknown_key_is_rejected(tmp_path):
    good = (CRITERIA_DIR / "catering.yaml").read_text()
    bad = _write(tmp_path, "catering.yaml", good.replace("default_kind:", "defualt_kind:"))
    with pytest.raises(KnowledgeError, match="defualt_kind"):
        load_model(bad, ProductGroup)


def test_missing_level_is_rejected(tmp_path):
    text = (CRITERIA_DIR / "security.yaml").read_text().replace("level: ambitieus", "level: basis")
    with pytest.raises(KnowledgeError, match="ambitieus"):
        load_model(_write(tmp_path, "security.yaml", text), ProductGroup)


def test_checked_status_with_unverified_source_is_rejected(tmp_path):
    text = (
        (CRITERIA_DIR / "waste.yaml")
        .read_text()
        .replace(
            'status: "controleer in de MVI-criteriatool"', 'status: "gecontroleerd tegen bron"', 1
        )
    )
    with pytest.raises(KnowledgeError, match="criteria.0"):
        load_model(_write(tmp_path, "waste.yaml", text), ProductGroup)


def test_unverified_article_is_rejected(tmp_path):
    text = (
        (LEGAL_DIR / "notes.yaml")
        .read_text()
        .replace(
            'article: "Aanbestedingswet 2012 art. 1.4 lid 2"',
            'article: "Aanbestedingswet 2012 art. 2.80"',
        )
    )
    with pytest.raises(KnowledgeError, match="niet geverifieerd"):
        load_model(_write(tmp_path, "notes.yaml", text), LegalFile)


def test_overlapping_periods_are_rejected(tmp_path):
    text = (
        (RULES_DIR / "eu-thresholds.yaml")
        .read_text()
        .replace("valid_to: 2025-12-31", "valid_to: 2026-06-30")
    )
    with pytest.raises(KnowledgeError, match="overlappen"):
        load_model(_write(tmp_path, "eu.yaml", text), ThresholdFile)


def test_policy_file_must_be_profile_eigen(tmp_path):
    text = EXAMPLE_POLICY_FILE.read_text().replace("id: eigen", "id: rijk")
    with pytest.raises(KnowledgeError, match="profile"):
        load_model(_write(tmp_path, "beleid.yaml", text), PolicyFile)


def test_invalid_yaml_and_missing_file(tmp_path):
    with pytest.raises(KnowledgeError, match="geen geldige YAML"):
        load_model(_write(tmp_path, "x.yaml", "a: [b"), PolicyFile)
    with pytest.raises(KnowledgeError, match="niet gevonden"):
        load_model(tmp_path / "nope.yaml", PolicyFile)


def test_missing_policy_file_fails_loudly(tmp_path):
    with pytest.raises(KnowledgeError, match="nope.yaml"):
        load_knowledge(tmp_path / "nope.yaml")
