"""ContractProfile: what we know about one purchase, and how its contract value follows from it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.amounts import format_eur, format_months

Kind = Literal["werk", "levering", "dienst"]
Organisation = Literal["rijk", "gemeente", "eigen"]


class ContractProfile(BaseModel):
    """Facts about a purchase. None means: not given (never guessed)."""

    amount_eur: float | None = Field(None, ge=0, description="Amount as stated, excl. btw.")
    amount_basis: Literal["totaal", "per_jaar"] | None = Field(
        None, description="Whether amount_eur is a total or a yearly amount; None = not stated."
    )
    duration_months: int | None = Field(None, ge=0, description="Full term incl. options.")
    kind: Kind | None = None
    product_group: str | None = None
    organisation: Organisation | None = None
    loonsom_eur: float | None = Field(None, ge=0)
    reference_date: date | None = None

    def merge(self, newer: ContractProfile) -> ContractProfile:
        """Follow-up: facts in `newer` replace ours; what it leaves out is kept.

        A new amount brings its own basis (or none), so an old "per jaar" does not stick to it.
        """
        data = self.model_dump()
        for key, value in newer.model_dump().items():
            if value is not None:
                data[key] = value
        if newer.amount_eur is not None:
            data["amount_basis"] = newer.amount_basis
        return ContractProfile(**data)

    def contract_value(self) -> tuple[float | None, list[str], list[str]]:
        """Estimated value over the full term -> (value, assumptions, questions), Dutch text."""
        if self.amount_eur is None:
            return None, [], ["Wat is de geschatte waarde van de opdracht, exclusief btw?"]
        amount = format_eur(self.amount_eur)
        if self.amount_basis == "per_jaar":
            if self.duration_months is None:
                return (
                    None,
                    [],
                    [
                        f"U noemt {amount} per jaar. Hoe lang loopt het contract, inclusief opties "
                        "en verlengingen? Dan reken ik de totale opdrachtwaarde uit."
                    ],
                )
            value = round(self.amount_eur * self.duration_months / 12, 2)
            return (
                value,
                [
                    f"Opdrachtwaarde = {amount} per jaar × {format_months(self.duration_months)} = "
                    f"{format_eur(value)}. Klopt de looptijd niet? Noem dan de juiste looptijd "
                    "inclusief opties."
                ],
                [],
            )
        if self.amount_basis is None:
            return (
                self.amount_eur,
                [
                    f"Ik ga ervan uit dat {amount} het totaalbedrag is voor de hele looptijd, "
                    "inclusief opties. Is het een bedrag per jaar? Zeg dan bijvoorbeeld "
                    f"'{amount} per jaar'."
                ],
                [],
            )
        return self.amount_eur, [], []
