"""Cost of the accounts layer per request, against a baseline in the same run.

    .venv/bin/python benchmarks/accounts.py [--requests 300]

Measures (in-process, Starlette TestClient, temp SQLite):
- GET /health on a bare FastAPI app (baseline) vs the full app as anonymous visitor vs as a
  signed-in user (session cookie verified + user row read per request);
- a form POST with a wrong CSRF token (the middleware reads and parses the body);
- one argon2id verify (what a login costs), and the snapshot-page render /s/{token}.
Prints p50/p95 in milliseconds."""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from assistant.settings import Settings  # noqa: E402
from web.accounts import authenticate, create_user  # noqa: E402
from web.app import create_app  # noqa: E402
from web.sharing import create_share  # noqa: E402

PASSWORD = "benchmark-wachtwoord"


def timed(fn: Callable[[], object], n: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def report(name: str, ms: list[float]) -> None:
    q = statistics.quantiles(ms, n=100, method="inclusive")
    print(f"{name:<42} p50 {q[49]:7.2f} ms   p95 {q[94]:7.2f} ms   (n={len(ms)})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    n = parser.parse_args().requests

    bare = FastAPI()
    bare.get("/health")(lambda: {"status": "ok"})
    settings = Settings(data_dir=Path(tempfile.mkdtemp()) / "data", llm_backend="extractive")
    app = create_app(settings)
    db = app.state.services.db
    create_user(db, "bench", PASSWORD, "admin")

    with TestClient(bare) as base, TestClient(app) as anon, TestClient(app) as user:
        report("baseline: bare FastAPI GET /health", timed(lambda: base.get("/health"), n))
        report("app, anonymous GET /health", timed(lambda: anon.get("/health"), n))
        token = re.search(r'name="csrf_token" value="([^"]+)"', user.get("/login").text)[1]
        user.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
        token = re.search(r'name="csrf-token" content="([^"]+)"', user.get("/login").text)[1]
        report("app, signed-in GET /health", timed(lambda: user.get("/health"), n))
        report(
            "app, form POST refused by the CSRF check",
            timed(lambda: anon.post("/beheer/gebruikers", data={"csrf_token": "x" * 43}), n),
        )
        share = create_share(
            db,
            owner="user:1",
            question="Vraag?",
            answer="Antwoord [1].",
            citations=[{"n": 1, "source": "x", "title": "Bron", "quote": "q"}],
            verdicts=[],
            card=None,
            knowledge_version="v1",
        )
        report("snapshot page GET /s/{token}", timed(lambda: anon.get(f"/s/{share.token}"), n))
    report(
        "argon2id verify (one login)",
        timed(lambda: authenticate(db, "bench", PASSWORD), max(20, n // 10)),
    )


if __name__ == "__main__":
    main()
