"""Load and validate the curated knowledge YAML files.

A bad file raises KnowledgeError naming the file and the field, so a broken edit is caught at
start-up (and in tests) rather than producing a wrong verdict later.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.models import (
    IsvFile,
    LegalFile,
    OrganisationProfile,
    PolicyFile,
    ProductGroup,
    ProfilesFile,
    SocialReturnFile,
    ThresholdFile,
)

KNOWLEDGE_DIR = Path(__file__).resolve().parent
RULES_DIR = KNOWLEDGE_DIR / "rules"
CRITERIA_DIR = KNOWLEDGE_DIR / "criteria"
LEGAL_DIR = KNOWLEDGE_DIR / "legal"
EXAMPLE_POLICY_FILE = RULES_DIR / "eigen-beleid.voorbeeld.yaml"

M = TypeVar("M", bound=BaseModel)


class KnowledgeError(ValueError):
    """A knowledge file is missing, is not valid YAML, or does not match its model."""


def load_model(path: Path, model: type[M]) -> M:
    """Read one YAML file into `model`; errors name the file and the offending field."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KnowledgeError(f"{path}: bestand niet gevonden") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: geen geldige YAML: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"veld {'.'.join(str(p) for p in err['loc']) or '(bestand)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise KnowledgeError(f"{path}: {problems}") from exc


@dataclass(frozen=True)
class Knowledge:
    thresholds: ThresholdFile
    procedures: ProfilesFile
    own_policy: PolicyFile | None
    social_return: SocialReturnFile
    isv: IsvFile
    groups: dict[str, ProductGroup]
    legal: LegalFile

    def profile(self, organisation: str) -> OrganisationProfile | None:
        if organisation == "eigen":
            return self.own_policy.profile if self.own_policy else None
        return next((p for p in self.procedures.profiles if p.id == organisation), None)


def load_groups(directory: Path = CRITERIA_DIR) -> dict[str, ProductGroup]:
    groups: dict[str, ProductGroup] = {}
    for path in sorted(directory.glob("*.yaml")):
        group = load_model(path, ProductGroup)
        if group.id != path.stem.replace("-", "_"):
            raise KnowledgeError(f"{path}: veld id: '{group.id}' hoort bij bestandsnaam")
        groups[group.id] = group
    if not groups:
        raise KnowledgeError(f"{directory}: geen productgroepen gevonden")
    return groups


def _check_cross_refs(k: Knowledge) -> None:
    for cat in k.isv.risk_categories.categories:
        for gid in cat.product_groups:
            if gid not in k.groups:
                raise KnowledgeError(
                    f"{RULES_DIR / 'isv.yaml'}: veld risk_categories.categories: "
                    f"onbekende productgroep '{gid}'"
                )


def load_knowledge(policy_file: Path | None = None) -> Knowledge:
    """Load everything. `policy_file` is the organisation's own policy (profile 'eigen')."""
    knowledge = Knowledge(
        thresholds=load_model(RULES_DIR / "eu-thresholds.yaml", ThresholdFile),
        procedures=load_model(RULES_DIR / "procedure-profiles.yaml", ProfilesFile),
        own_policy=load_model(Path(policy_file), PolicyFile) if policy_file else None,
        social_return=load_model(RULES_DIR / "social-return.yaml", SocialReturnFile),
        isv=load_model(RULES_DIR / "isv.yaml", IsvFile),
        groups=load_groups(),
        legal=load_model(LEGAL_DIR / "notes.yaml", LegalFile),
    )
    _check_cross_refs(knowledge)
    return knowledge


@lru_cache(maxsize=8)
def get_knowledge(policy_file: Path | None = None) -> Knowledge:
    """Cached load: the files are read once per process (verdicts must take milliseconds)."""
    return load_knowledge(policy_file)
