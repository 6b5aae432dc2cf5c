"""The Opdrachtcheck page: the verdict card from form fields or from a free-text description,
plus the checklist and monitoring-plan downloads. Rules decide; this module only collects
input, reports input errors in Dutch and renders the card."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from web.templating import page, templates

router = APIRouter(tags=["opdrachtcheck"])

FIELDS = (
    "bedrag",
    "basis",
    "looptijd",
    "eenheid",
    "soort",
    "productgroep",
    "organisatie",
    "loonsom",
)
KINDS = {"dienst": "dienst", "levering": "levering", "werk": "werk (bouw, infra)"}
ORGANISATIONS = {
    "gemeente": "gemeente, provincie of waterschap",
    "rijk": "rijksoverheid",
    "eigen": "eigen inkoopbeleid",
}
EXPORTS = {
    "checklist.md": ("checklist_markdown", "text/markdown"),
    "checklist.csv": ("checklist_csv", "text/csv"),
    "monitoringsplan.md": ("monitoring_plan_markdown", "text/markdown"),
    "monitoringsplan.csv": ("monitoring_plan_csv", "text/csv"),
}
MAX_AMOUNT = 10_000_000_000
MAX_TEXT = 2000


@lru_cache
def product_groups() -> dict[str, str]:
    """Product group id -> Dutch name, from the curated criteria files."""
    from knowledge.loader import get_knowledge

    groups = get_knowledge().groups
    return {gid: g.name for gid, g in sorted(groups.items(), key=lambda kv: kv[1].name)}


def parse_amount(raw: str) -> float | None:
    """Dutch or plain notation: '€ 50.000', '50000', '49.999,50', '1250.5' -> float."""
    text = re.sub(r"[€\s]", "", raw or "").replace("EUR", "").replace("eur", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return float(text)
    except ValueError:
        return None


def form_to_profile(values: dict[str, str], default_org: str) -> tuple[Any, dict[str, str]]:
    """Form values -> (ContractProfile or None, {field: Dutch error})."""
    errors: dict[str, str] = {}
    amount = parse_amount(values.get("bedrag", ""))
    if not values.get("bedrag", "").strip():
        errors["bedrag"] = "Vul het geraamde bedrag in."
    elif amount is None:
        errors["bedrag"] = "Dit is geen bedrag. Schrijf bijvoorbeeld 85.000 of 85000."
    elif not 0 < amount < MAX_AMOUNT:
        errors["bedrag"] = "Het bedrag moet groter dan nul zijn."
    basis = values.get("basis") or "totaal"
    if basis not in ("totaal", "per_jaar"):
        errors["basis"] = "Kies 'totaal' of 'per jaar'."
    months: int | None = None
    if values.get("looptijd", "").strip():
        try:
            n = float(values["looptijd"].replace(",", "."))
            months = round(n * 12) if values.get("eenheid") == "jaren" else round(n)
            if not 1 <= months <= 600:
                raise ValueError
        except ValueError:
            errors["looptijd"] = "Vul de looptijd in als getal tussen 1 maand en 50 jaar."
    elif basis == "per_jaar":
        errors["looptijd"] = "Bij een bedrag per jaar is de looptijd nodig."
    kind = values.get("soort") or None
    if kind is not None and kind not in KINDS:
        errors["soort"] = "Kies dienst, levering of werk."
    group = values.get("productgroep") or None
    if group is not None and group not in product_groups():
        errors["productgroep"] = "Onbekende productgroep."
    org = values.get("organisatie") or default_org
    if org not in ORGANISATIONS:
        errors["organisatie"] = "Kies een organisatieprofiel."
    loonsom = None
    if values.get("loonsom", "").strip():
        loonsom = parse_amount(values["loonsom"])
        if loonsom is None or loonsom < 0:
            errors["loonsom"] = "Dit is geen bedrag. Laat het veld leeg als u het niet weet."
    if errors:
        return None, errors
    from assistant.profile import ContractProfile

    fields: dict[str, Any] = dict(
        amount_eur=amount,
        amount_basis=basis,
        duration_months=months,
        kind=kind,
        product_group=group,
        organisation=org,
        loonsom_eur=loonsom,
    )
    if "reference_date" in ContractProfile.model_fields:
        fields["reference_date"] = date.today()
    return ContractProfile(**fields), {}


def profile_query(profile: Any) -> str:
    """The export link for a profile, using the form's own field names."""
    params = {
        "bedrag": f"{profile.amount_eur:g}" if profile.amount_eur is not None else "",
        "basis": profile.amount_basis or "totaal",
        "looptijd": str(profile.duration_months or ""),
        "eenheid": "maanden",
        "soort": profile.kind or "",
        "productgroep": profile.product_group or "",
        "organisatie": profile.organisation or "",
        "loonsom": f"{profile.loonsom_eur:g}" if profile.loonsom_eur is not None else "",
    }
    return "?" + urlencode({k: v for k, v in params.items() if v})


def _evaluate(request: Request, profile: Any) -> Any:
    """The rules engine's VerdictCard for a profile (with this app's settings: policy file)."""
    from assistant.rules import evaluate

    return evaluate(profile, settings=request.app.state.settings)


def _context(request: Request, **extra: Any) -> dict[str, Any]:
    settings = request.app.state.settings
    return {
        "kinds": KINDS,
        "organisations": ORGANISATIONS,
        "groups": product_groups(),
        "values": {
            "organisatie": settings.organisation_profile,
            "basis": "totaal",
            "eenheid": "jaren",
        },
        "errors": {},
        "max_text": MAX_TEXT,
        **extra,
    }


def _respond(
    request: Request, name: str, ctx: dict[str, Any], status: int = 200, retarget: str | None = None
) -> Response:
    """htmx gets the fragment; a plain form post gets the whole page."""
    if "hx-request" not in request.headers:
        return page(request, "check.html", ctx, status=status)
    html = templates.get_template(name).render(request=request, **ctx)
    headers = {"HX-Retarget": retarget, "HX-Reswap": "outerHTML"} if retarget else {}
    return HTMLResponse(html, status_code=status, headers=headers)


@router.get("/opdrachtcheck", response_class=HTMLResponse)
def check_page(request: Request) -> Response:
    return page(request, "check.html", _context(request))


@router.post("/opdrachtcheck", response_class=HTMLResponse)
async def check_fields(request: Request) -> Response:
    form = await request.form()
    values = {k: str(form.get(k, "")).strip() for k in FIELDS}
    profile, errors = form_to_profile(values, request.app.state.settings.organisation_profile)
    if errors:
        ctx = _context(request, values=values, errors=errors)
        return _respond(request, "_check_form.html", ctx, status=422, retarget="#check-form")
    card = _evaluate(request, profile).model_dump(mode="json")
    ctx = _context(request, values=values, card=card, export_query=profile_query(profile))
    return _respond(request, "_check_result.html", ctx)


@router.post("/opdrachtcheck/tekst", response_class=HTMLResponse)
async def check_text(request: Request) -> Response:
    form = await request.form()
    text = str(form.get("omschrijving", "")).strip()
    error = None
    if not text:
        error = "Beschrijf eerst uw opdracht, bijvoorbeeld: schoonmaak, € 90.000 per jaar, 3 jaar."
    elif len(text) > MAX_TEXT:
        error = f"De beschrijving is {len(text)} tekens lang; het maximum is {MAX_TEXT}."
    if error:
        ctx = _context(request, text=text, text_error=error)
        return _respond(request, "_check_text.html", ctx, status=422, retarget="#check-text")
    from assistant.opdrachtcheck import check_text
    from assistant.profile import parse_profile

    parsed = parse_profile(text)
    ctx = _context(request, text=text, parsed=parsed)
    if parsed.is_purchase:  # check_text adds the parse assumptions and questions to the card
        card = check_text(text, settings=request.app.state.settings)
        ctx.update(card=card.model_dump(mode="json"), export_query=profile_query(card.profile))
    return _respond(request, "_check_result.html", ctx)


def export_response(request: Request, card: Any, filename: str) -> Response:
    """A checklist or monitoring plan of `card` (a VerdictCard) as a download."""
    if filename not in EXPORTS:
        return page(
            request,
            "error.html",
            {"title": "Niet gevonden", "error": "Dit downloadbestand bestaat niet."},
            404,
        )
    from assistant import exports

    func, media = EXPORTS[filename]
    body = getattr(exports, func)(card)
    return Response(
        body,
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="opdrachtcheck-{filename}"'},
    )


@router.get("/opdrachtcheck/export/{filename}")
def check_export(request: Request, filename: str) -> Response:
    values = {k: str(request.query_params.get(k, "")).strip() for k in FIELDS}
    profile, errors = form_to_profile(values, request.app.state.settings.organisation_profile)
    if errors:
        text = " ".join(errors.values())
        return page(request, "error.html", {"title": "Onvolledige gegevens", "error": text}, 422)
    return export_response(request, _evaluate(request, profile), filename)
