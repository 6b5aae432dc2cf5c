"""Monitoring plans: a contract saved from an Opdrachtcheck, its criteria and their checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from web.db import Base, Database

if TYPE_CHECKING:
    from knowledge.models import Criterion
from web.schedule import ScheduleError, check_moments, frequency_from_text, is_overdue

STATUSES: dict[str, str] = {"open": "open", "in_orde": "in orde", "afwijking": "afwijking"}
MAX_NAME = 200


class ContractError(ValueError):
    """Dutch message about invalid contract input."""


def _now() -> datetime:
    return datetime.now(UTC)


class Contract(Base):
    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    supplier: Mapped[str] = mapped_column(String(MAX_NAME))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    card: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    checks: Mapped[list[ContractCheck]] = relationship(
        back_populates="contract",
        cascade="all, delete-orphan",
        order_by="(ContractCheck.criterion_title, ContractCheck.due)",
    )


class ContractCheck(Base):
    """One check moment of one criterion: what to measure (KPI), what proves it, when."""

    __tablename__ = "contract_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[str] = mapped_column(String(100))
    criterion_title: Mapped[str] = mapped_column(String(300))
    kpi: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    when_text: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default="open")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    contract: Mapped[Contract] = relationship(back_populates="checks")

    def overdue(self, today: date | None = None) -> bool:
        return is_overdue(self.due, self.status, today or date.today())


@dataclass(frozen=True)
class PlanCriterion:
    """The parts of a criterion a monitoring plan needs."""

    id: str
    title: str
    kpi: str
    evidence: str
    when: str = ""  # the criterion's own wording ("elk kwartaal", "bij levering")


def criterion_from_knowledge(item: Criterion) -> PlanCriterion:
    return PlanCriterion(
        id=item.id,
        title=item.text,
        kpi=item.monitoring.kpi,
        evidence=item.monitoring.evidence,
        when=item.monitoring.when,
    )


def group_criteria(group_id: str, chosen: list[str]) -> list[PlanCriterion]:
    """The chosen criteria of a product group, read from the curated knowledge (never from
    the browser, so a plan always carries the real KPI and evidence)."""
    from knowledge.loader import get_knowledge

    group = get_knowledge().groups.get(group_id)
    if group is None:
        raise ContractError("Kies een productgroep.")
    wanted = set(chosen)
    return [criterion_from_knowledge(c) for c in group.criteria if c.id in wanted]


def create_contract(
    db: Database,
    *,
    owner_id: int,
    name: str,
    supplier: str,
    start: date,
    end: date,
    criteria: list[PlanCriterion],
    description: str = "",
    card: dict[str, Any] | None = None,
) -> Contract:
    name, supplier = name.strip(), supplier.strip()
    if not name or len(name) > MAX_NAME:
        raise ContractError("Geef het contract een naam (hoogstens 200 tekens).")
    if not supplier or len(supplier) > MAX_NAME:
        raise ContractError("Vul de leverancier in (hoogstens 200 tekens).")
    if not criteria:
        raise ContractError("Kies minstens één criterium om te bewaken.")
    try:
        schedules = {c.id: check_moments(start, end, frequency_from_text(c.when)) for c in criteria}
    except ScheduleError as exc:
        raise ContractError(str(exc)) from exc
    contract = Contract(
        owner_id=owner_id,
        name=name,
        supplier=supplier,
        start_date=start,
        end_date=end,
        description=description,
        card=card,
    )
    for crit in criteria:
        for moment in schedules[crit.id]:
            contract.checks.append(
                ContractCheck(
                    criterion_id=crit.id,
                    criterion_title=crit.title,
                    kpi=crit.kpi,
                    evidence=crit.evidence,
                    when_text=crit.when,
                    due=moment.due,
                    kind=moment.kind,
                    label=moment.label,
                )
            )
    with db.session() as s:
        s.add(contract)
        s.flush()
        return get_contract(db, contract.id, session=s)  # type: ignore[return-value]


def get_contract(db: Database, contract_id: int, session=None) -> Contract | None:
    def load(s) -> Contract | None:
        return s.scalar(
            select(Contract)
            .options(selectinload(Contract.checks))
            .where(Contract.id == contract_id)
        )

    if session is not None:
        return load(session)
    with db.session() as s:
        return load(s)


def list_contracts(db: Database, owner_id: int | None = None) -> list[Contract]:
    """All contracts (contract manager) or one user's own (buyer), newest first."""
    query = (
        select(Contract).options(selectinload(Contract.checks)).order_by(Contract.created_at.desc())
    )
    if owner_id is not None:
        query = query.where(Contract.owner_id == owner_id)
    with db.session() as s:
        return list(s.scalars(query))


def set_check_status(db: Database, check_id: int, status: str, note: str, by: str) -> ContractCheck:
    if status not in STATUSES:
        raise ContractError("Kies een status: open, in orde of afwijking.")
    note = note.strip()
    if status == "afwijking" and not note:
        raise ContractError("Beschrijf bij een afwijking wat er afwijkt.")
    with db.session() as s:
        check = s.get(ContractCheck, check_id)
        if check is None:
            raise ContractError("Deze controle bestaat niet.")
        check.status, check.note, check.updated_by, check.updated_at = status, note, by, _now()
        s.flush()
        return check
