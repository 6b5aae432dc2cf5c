"""Monitoring plans: buyers save contracts, contract managers track and export the checks."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from web.auth import LoginUser, ManagerUser
from web.contract_export import contracts_csv, contracts_ics
from web.contracts import (
    STATUSES,
    ContractError,
    create_contract,
    get_contract,
    group_criteria,
    list_contracts,
    set_check_status,
)
from web.templating import page

router = APIRouter(tags=["contracts"])


def _groups():
    from knowledge.loader import get_knowledge

    return sorted(get_knowledge().groups.values(), key=lambda g: g.name)


def _guess_group(description: str) -> str | None:
    """The product group the Opdrachtcheck finds in the description, when it finds one."""
    if not description.strip():
        return None
    try:
        from assistant.profile import parse_profile
    except ImportError:
        return None
    return parse_profile(description).profile.product_group


def _form(request: Request, values: dict, error: str = "", status: int = 200) -> Response:
    group_id = values.get("groep") or _guess_group(values.get("omschrijving", ""))
    groups = _groups()
    group = next((g for g in groups if g.id == group_id), None)
    return page(
        request,
        "accounts/contract_new.html",
        {"groups": groups, "group": group, "v": values, "error": error},
        status,
    )


@router.get("/contracten/nieuw")
def new_contract(
    request: Request,
    user: LoginUser,
    omschrijving: str = "",
    groep: str = "",
    criteria: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """The form; `criteria` preselects (the card's recommended criteria)."""
    values = {"omschrijving": omschrijving[:4000], "groep": groep, "criteria": criteria or []}
    return _form(request, values)


@router.post("/contracten")
def save_contract(
    request: Request,
    user: LoginUser,
    name: Annotated[str, Form(max_length=300)] = "",
    supplier: Annotated[str, Form(max_length=300)] = "",
    start: Annotated[str, Form(max_length=20)] = "",
    end: Annotated[str, Form(max_length=20)] = "",
    groep: Annotated[str, Form(max_length=60)] = "",
    omschrijving: Annotated[str, Form(max_length=4000)] = "",
    criteria: Annotated[list[str] | None, Form()] = None,
) -> Response:
    values = {
        "name": name,
        "supplier": supplier,
        "start": start,
        "end": end,
        "groep": groep,
        "omschrijving": omschrijving,
        "criteria": criteria or [],
    }
    try:
        try:
            start_d, end_d = date.fromisoformat(start), date.fromisoformat(end)
        except ValueError as exc:
            raise ContractError("Vul een geldige begin- en einddatum in (jjjj-mm-dd).") from exc
        contract = create_contract(
            request.app.state.services.db,
            owner_id=user.id,
            name=name,
            supplier=supplier,
            start=start_d,
            end=end_d,
            criteria=group_criteria(groep, criteria or []),
            description=omschrijving,
        )
    except ContractError as exc:
        return _form(request, values, str(exc), 400)
    return RedirectResponse(f"/mijn-contracten#contract-{contract.id}", status_code=303)


@router.get("/mijn-contracten")
def my_contracts(request: Request, user: LoginUser) -> Response:
    return page(
        request,
        "accounts/contracts.html",
        {
            "contracts": list_contracts(request.app.state.services.db, owner_id=user.id),
            "today": date.today(),
            "statuses": STATUSES,
            "editable": False,
            "mine": True,
        },
    )


@router.get("/contracten")
def contracts_page(request: Request, user: ManagerUser) -> Response:
    return page(
        request,
        "accounts/contracts.html",
        {
            "contracts": list_contracts(request.app.state.services.db),
            "today": date.today(),
            "statuses": STATUSES,
            "editable": True,
            "mine": False,
        },
    )


@router.post("/contracten/controles/{check_id}")
def update_check(
    request: Request,
    check_id: int,
    user: ManagerUser,
    status: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    db = request.app.state.services.db
    try:
        check = set_check_status(db, check_id, status, note, user.username)
    except ContractError as exc:
        return page(
            request,
            "accounts/contracts.html",
            {
                "contracts": list_contracts(db),
                "today": date.today(),
                "statuses": STATUSES,
                "editable": True,
                "mine": False,
                "error": str(exc),
            },
            400,
        )
    return RedirectResponse(f"/contracten#check-{check.id}", status_code=303)


def _selected(request: Request, contract: int | None):
    db = request.app.state.services.db
    if contract is None:
        return list_contracts(db)
    found = get_contract(db, contract)
    return [found] if found else []


@router.get("/contracten/export.csv")
def export_csv(request: Request, user: ManagerUser, contract: int | None = None) -> Response:
    body = contracts_csv(_selected(request, contract))
    return Response(
        "\ufeff" + body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="monitoringsplan.csv"'},
    )


@router.get("/contracten/export.ics")
def export_ics(request: Request, user: ManagerUser, contract: int | None = None) -> Response:
    body = contracts_ics(_selected(request, contract), host=request.url.hostname or "localhost")
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="contractcontroles.ics"'},
    )
