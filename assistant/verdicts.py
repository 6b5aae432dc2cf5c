"""The verdict card: what the Opdrachtcheck returns (pydantic, JSON via model_dump(mode='json'))."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

from assistant.contract_profile import ContractProfile

Topic = Literal["drempel", "procedure", "social_return", "isv"]
# Status values per topic (Dutch, shown as badges in the UI):
#   drempel:       onder_drempel | boven_drempel | onbekend
#   procedure:     advies | europees | beleid_onbekend | onbekend
#   social_return: van_toepassing | niet_van_toepassing | onbekend
#   isv:           verplicht | aanbevolen | niet_relevant | onbekend


class SourceRef(BaseModel):
    title: str
    source: str  # document name as ingested ("regels-drempelwaarden.md" or a corpus file)
    section: str  # heading of the passage inside that document
    url: str | None = None


class Verdict(BaseModel):
    topic: Topic
    status: str
    text: str  # Dutch; every number in it is inserted by code
    rule_id: str
    sources: list[SourceRef]
    valid_from: date | None = None
    valid_to: date | None = None
    policy_not_law: bool = False
    verified: bool = True


class CriterionAdvice(BaseModel):
    id: str
    group_id: str
    group_name: str
    level: Literal["basis", "significant", "ambitieus"]
    type: Literal["eis", "gunningscriterium", "contractbepaling"]
    text: str
    kpi: str
    evidence: str
    when: str
    monitoring: str  # one line for the contract manager
    isv_relevant: bool
    status: str  # "gecontroleerd tegen bron" | "controleer in de MVI-criteriatool"
    tool_url: str
    recommended: bool
    note: str | None = None
    sources: list[SourceRef]


class VerdictCard(BaseModel):
    profile: ContractProfile
    reference_date: date
    organisation: str
    organisation_label: str
    contract_value_eur: float | None
    product_group: str | None = None
    product_group_name: str | None = None
    recommended_level: Literal["basis", "significant", "ambitieus"] = "basis"
    verdicts: list[Verdict]
    criteria: list[CriterionAdvice] = []
    open_points: list[str] = []
    assumptions: list[str] = []
    questions: list[str] = []

    def verdict(self, topic: Topic) -> Verdict:
        return next(v for v in self.verdicts if v.topic == topic)
