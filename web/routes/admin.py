"""Admin pages: user accounts and roles, documents (upload with live progress, list, remove)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from web.accounts import ROLES, AccountError, create_user, list_users, set_role
from web.auth import AdminUser, require_role
from web.documents import UPLOAD_KIND, UploadError, get_job, recent_jobs, start_upload
from web.templating import page

router = APIRouter(prefix="/beheer", tags=["admin"], dependencies=[Depends(require_role("admin"))])


def _index(request: Request):
    return request.app.state.services.index


@router.get("")
def admin_home(request: Request, user: AdminUser) -> Response:
    return RedirectResponse("/beheer/gebruikers", status_code=303)


@router.get("/gebruikers")
def users_page(request: Request, user: AdminUser, error: str = "", ok: str = "") -> Response:
    return page(
        request,
        "accounts/users.html",
        {
            "users": list_users(request.app.state.services.db),
            "roles": ROLES,
            "error": error,
            "ok": ok,
        },
    )


@router.post("/gebruikers")
def add_user(
    request: Request,
    user: AdminUser,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    role: Annotated[str, Form(max_length=40)] = "buyer",
) -> Response:
    db = request.app.state.services.db
    try:
        created = create_user(db, username, password, role)
    except AccountError as exc:
        return page(
            request,
            "accounts/users.html",
            {
                "users": list_users(db),
                "roles": ROLES,
                "error": str(exc),
                "form": {"username": username, "role": role},
            },
            400,
        )
    return page(
        request,
        "accounts/users.html",
        {
            "users": list_users(db),
            "roles": ROLES,
            "ok": f"Gebruiker {created.username} is aangemaakt als {ROLES[created.role]}.",
        },
        201,
    )


@router.post("/gebruikers/{user_id}/rol")
def change_role(
    request: Request, user_id: int, user: AdminUser, role: Annotated[str, Form(max_length=40)] = ""
) -> Response:
    db = request.app.state.services.db
    try:
        changed = set_role(db, user_id, role)
    except AccountError as exc:
        return page(
            request,
            "accounts/users.html",
            {"users": list_users(db), "roles": ROLES, "error": str(exc)},
            400,
        )
    return page(
        request,
        "accounts/users.html",
        {
            "users": list_users(db),
            "roles": ROLES,
            "ok": f"{changed.username} is nu {ROLES[changed.role]}.",
        },
    )


def _documents_context(request: Request) -> dict:
    sources = sorted(
        _index(request).list_sources(), key=lambda s: (s.kind != UPLOAD_KIND, s.title.lower())
    )
    return {
        "sources": sources,
        "jobs": recent_jobs(request.app.state.services.db),
        "upload_kind": UPLOAD_KIND,
        "max_mb": request.app.state.settings.max_upload_mb,
    }


@router.get("/documenten")
def documents_page(request: Request, user: AdminUser) -> Response:
    return page(request, "accounts/documents.html", _documents_context(request))


@router.post("/documenten")
async def upload_document(
    request: Request,
    user: AdminUser,
    file: Annotated[UploadFile | None, File()] = None,
    title: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    settings = request.app.state.settings
    if file is None or not file.filename:
        return _upload_error(request, "Kies eerst een bestand.")
    data = await file.read(settings.max_upload_mb * 1024 * 1024 + 1)
    try:
        job = start_upload(
            request.app.state.services.db, settings, file.filename, data, title, user.username
        )
    except UploadError as exc:
        return _upload_error(request, str(exc))
    if request.headers.get("hx-request"):
        return page(request, "accounts/_job.html", {"job": job}, 202)
    return RedirectResponse(f"/beheer/documenten?taak={job.id}", status_code=303)


def _upload_error(request: Request, message: str) -> Response:
    if request.headers.get("hx-request"):
        return page(request, "accounts/_upload_error.html", {"error": message}, 400)
    ctx = _documents_context(request) | {"error": message}
    return page(request, "accounts/documents.html", ctx, 400)


@router.get("/documenten/taak/{job_id}")
def job_status(request: Request, job_id: str, user: AdminUser) -> Response:
    job = get_job(request.app.state.services.db, job_id)
    if job is None:
        return page(
            request, "accounts/_upload_error.html", {"error": "Deze taak bestaat niet."}, 404
        )
    return page(request, "accounts/_job.html", {"job": job})


@router.post("/documenten/{name}/verwijderen")
def remove(request: Request, name: str, user: AdminUser) -> Response:
    from ingest.pipeline import remove_document

    info = next((s for s in _index(request).list_sources() if s.name == name), None)
    if info is None or info.kind != UPLOAD_KIND:
        ctx = _documents_context(request) | {
            "error": "Alleen geüploade documenten kunnen hier worden verwijderd."
        }
        return page(request, "accounts/documents.html", ctx, 400 if info else 404)
    removed = remove_document(request.app.state.settings, name)
    ctx = _documents_context(request) | {"ok": f"{info.title} is verwijderd ({removed} passages)."}
    return page(request, "accounts/documents.html", ctx)
