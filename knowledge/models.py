"""Pydantic models for the curated knowledge (rules, criteria, legal notes).

Every YAML file under knowledge/rules, knowledge/criteria and knowledge/legal is validated by one
of these models on load. Extra keys are forbidden so that a typo fails loudly instead of being
silently ignored.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["werk", "levering", "dienst"]
Level = Literal["basis", "significant", "ambitieus"]
CriterionType = Literal["eis", "gunningscriterium", "contractbepaling"]
CHECKED = "gecontroleerd tegen bron"
CHECK_TOOL = "controleer in de MVI-criteriatool"
MVI_TOOL_URL = "https://www.mvicriteria.nl"
# Only article numbers that were verified in a source may be cited (see VERIFICATION.md).
VERIFIED_ARTICLES = frozenset({"Aanbestedingswet 2012 art. 1.4"})


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where a fact comes from: a corpus file (opened in the app) and/or a public URL."""

    title: str = Field(min_length=3)
    url: str | None = None
    corpus_file: str | None = None
    locator: str | None = None  # section, table or page inside the source
    verified: bool = True


# --- rules -------------------------------------------------------------------------------------


class ThresholdSet(Strict):
    id: str
    title: str
    valid_from: date
    valid_to: date
    legal_basis: str
    works: int = Field(gt=0)
    supplies_services_central: int = Field(gt=0)
    supplies_services_sub_central: int = Field(gt=0)
    social_services_annex_xiv: int = Field(gt=0)
    verified: bool
    source_quality: str
    notes: list[str] = []
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _period(self) -> ThresholdSet:
        if self.valid_to < self.valid_from:
            raise ValueError("valid_to ligt voor valid_from")
        return self


class OpenPoint(Strict):
    id: str
    title: str
    text: str
    applies_to_groups: list[str] = []
    url: str | None = None


class OutdatedValues(Strict):
    period: str
    works: int
    central: int
    sub_central: int


class ThresholdFile(Strict):
    schema_version: Literal[1]
    reviewed: date
    thresholds: list[ThresholdSet] = Field(min_length=1)
    open_points: list[OpenPoint] = []
    outdated_values: list[OutdatedValues] = []

    @model_validator(mode="after")
    def _no_overlap(self) -> ThresholdFile:
        ordered = sorted(self.thresholds, key=lambda t: t.valid_from)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after.valid_from <= before.valid_to:
                raise ValueError(f"perioden {before.id} en {after.id} overlappen")
        return self


class ProcedureBand(Strict):
    id: str
    kinds: list[Kind] = Field(min_length=1)
    min_eur: int = Field(0, ge=0)  # inclusive
    max_eur: int | None = None  # exclusive; None = up to the EU threshold
    procedure: str
    advice: str
    quotes: str | None = None
    verified: bool
    source: Source

    @model_validator(mode="after")
    def _range(self) -> ProcedureBand:
        if self.max_eur is not None and self.max_eur <= self.min_eur:
            raise ValueError("max_eur moet groter zijn dan min_eur")
        return self


class OrganisationProfile(Strict):
    id: Literal["rijk", "gemeente", "eigen"]
    name: str
    authority_level: Literal["central", "sub_central"]
    description: str
    no_band_advice: str
    sources: list[Source] = Field(min_length=1)
    bands: list[ProcedureBand] = []


class LegalFrame(Strict):
    id: str
    title: str
    text: str
    sources: list[Source] = Field(min_length=1)


class ProfilesFile(Strict):
    schema_version: Literal[1]
    reviewed: date
    legal_frame: LegalFrame
    profiles: list[OrganisationProfile] = Field(min_length=1)


class PolicyFile(Strict):
    """An organisation's own policy (the 'eigen' profile), read from INKOOP_POLICY_FILE."""

    schema_version: Literal[1]
    reviewed: date
    profile: OrganisationProfile

    @model_validator(mode="after")
    def _is_eigen(self) -> PolicyFile:
        if self.profile.id != "eigen":
            raise ValueError("profile.id moet 'eigen' zijn in een eigen beleidsbestand")
        return self


class SocialReturnRule(Strict):
    id: str
    title: str
    statement: str
    scope: str
    kinds: list[Kind]
    min_loonsom_eur: int | None = None
    min_duration_months: int | None = None
    policy_not_law: bool
    verified: bool
    sources: list[Source] = Field(min_length=1)


class SocialReturnFile(Strict):
    schema_version: Literal[1]
    reviewed: date
    rules: list[SocialReturnRule] = Field(min_length=1)


class IsvRule(Strict):
    id: str
    title: str
    statement: str
    valid_from: date | None = None
    policy_not_law: bool = True
    verified: bool
    sources: list[Source] = Field(min_length=1)


class RiskCategory(Strict):
    name: str
    former_names: list[str] = []
    product_groups: list[str] = []


class IsvRiskCategories(Strict):
    id: str
    title: str
    statement: str
    verified: bool
    sources: list[Source] = Field(min_length=1)
    categories: list[RiskCategory] = Field(min_length=1)


class IsvFile(Strict):
    schema_version: Literal[1]
    reviewed: date
    mandatory: IsvRule
    voluntary: IsvRule
    risk_categories: IsvRiskCategories


# --- criteria ----------------------------------------------------------------------------------


class Monitoring(Strict):
    kpi: str
    evidence: str
    when: str
    verified: bool = False  # all KPIs are proposals unless a source is named


class Criterion(Strict):
    id: str
    level: Level
    type: CriterionType
    text: str = Field(min_length=20)
    monitoring: Monitoring
    isv_relevant: bool = False
    source: Source
    status: Literal["gecontroleerd tegen bron", "controleer in de MVI-criteriatool"]
    note: str | None = None

    @model_validator(mode="after")
    def _status_needs_verified_source(self) -> Criterion:
        if self.status == CHECKED and not self.source.verified:
            raise ValueError("status 'gecontroleerd tegen bron' vraagt een geverifieerde bron")
        return self


class IsvRelevance(Strict):
    risk_category: Literal["ja", "nee", "onduidelijk"]
    category_name: str | None = None
    note: str | None = None


class ProductGroup(Strict):
    schema_version: Literal[1]
    id: str = Field(pattern=r"^[a-z_]+$")
    name: str
    description: str
    default_kind: Kind
    synonyms: list[str] = Field(min_length=3)
    examples: list[str] = Field(min_length=2)
    isv: IsvRelevance
    tool_url: str = MVI_TOOL_URL
    tool_group_name: str  # name to look for in the MVI-criteriatool
    criteria: list[Criterion] = Field(min_length=3)

    @model_validator(mode="after")
    def _all_levels(self) -> ProductGroup:
        missing = {"basis", "significant", "ambitieus"} - {c.level for c in self.criteria}
        if missing:
            raise ValueError(f"criteria ontbreken voor niveau(s): {', '.join(sorted(missing))}")
        ids = [c.id for c in self.criteria]
        if len(ids) != len(set(ids)):
            raise ValueError("criterium-id's zijn niet uniek")
        return self


# --- legal notes -------------------------------------------------------------------------------


class LegalNote(Strict):
    id: str
    title: str
    text: str = Field(min_length=40)
    article: str | None = None
    verified: bool
    unverified_note: str | None = None
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _article_verified(self) -> LegalNote:
        if self.article and not any(self.article.startswith(a) for a in VERIFIED_ARTICLES):
            raise ValueError(f"artikel '{self.article}' is niet geverifieerd; noem alleen de bron")
        if not self.verified and not self.unverified_note:
            raise ValueError("een niet-geverifieerde notitie vraagt unverified_note")
        return self


class LegalFile(Strict):
    schema_version: Literal[1]
    reviewed: date
    notes: list[LegalNote] = Field(min_length=1)
