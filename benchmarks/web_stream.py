"""What the browser path adds: time to first token and to the finished answer over the chat's
SSE endpoint (real uvicorn on 127.0.0.1), against the same questions answered in-process by
Answerer.stream (the baseline, same index, same backend, measured in the same run).

    .venv/bin/python benchmarks/web_stream.py [--data-dir DIR] [--rounds 3] [--backend extractive]

Without --data-dir it copies the index the tests built (.pytest_cache/d/built-index). The copy
is private (the server writes its database there) and removed at the end. Also times the page
renders (chat, sources list, source viewer, Opdrachtcheck form post)."""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import httpx  # noqa: E402
from e2e_support import start_server, stop_server  # noqa: E402

from assistant.settings import Settings  # noqa: E402

QUESTIONS = [
    "Hoeveel offertes vraag ik aan bij een meervoudig onderhandse procedure?",
    "Wanneer moet ik social return toepassen?",
    "Wat zijn de Europese drempels voor leveringen en diensten?",
    "Schoonmaak van het stadskantoor voor € 120.000 per jaar, 4 jaar, gemeente",
]


def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(name: str, values: list[float]) -> None:
    ms = [v * 1000 for v in values]
    print(f"  {name:<34} n={len(ms):>3}  p50={pct(ms, 50):8.1f} ms  p95={pct(ms, 95):8.1f} ms")


def in_process(settings: Settings, rounds: int) -> tuple[list[float], list[float]]:
    from assistant.answer import Answerer

    answerer = Answerer(settings)
    list(answerer.stream("opwarmen: wat is een drempel?"))  # load index, embedder, model
    first, total = [], []
    for _ in range(rounds):
        for q in QUESTIONS:
            t0 = time.perf_counter()
            seen = False
            for event in answerer.stream(q):
                if event["type"] == "token" and not seen:
                    first.append(time.perf_counter() - t0)
                    seen = True
            total.append(time.perf_counter() - t0)
    return first, total


def over_http(url: str, rounds: int) -> tuple[list[float], list[float], dict[str, list[float]]]:
    pages: dict[str, list[float]] = {"GET /": [], "GET /bronnen": [], "POST /opdrachtcheck": []}
    first, total = [], []
    with httpx.Client(base_url=url, timeout=120) as client:
        token = re.search(r'name="csrf-token" content="([^"]*)"', client.get("/").text)
        headers = {"HX-Request": "true", "X-CSRF-Token": token.group(1) if token else ""}

        def ask(question: str) -> tuple[float | None, float]:
            t0 = time.perf_counter()
            r = client.post("/gesprek/vraag", data={"question": question}, headers=headers)
            stream = re.search(r'sse-connect="([^"]+)"', r.text)
            assert stream, r.text[:300]
            ttft = None
            with client.stream("GET", stream.group(1)) as resp:
                for line in resp.iter_lines():
                    if line.startswith("event: token") and ttft is None:
                        ttft = time.perf_counter() - t0
                    if line.startswith("event: done"):
                        break
            return ttft, time.perf_counter() - t0

        ask("opwarmen: wat is een drempel?")
        for _ in range(rounds):
            for q in QUESTIONS:
                ttft, done = ask(q)
                if ttft is not None:
                    first.append(ttft)
                total.append(done)
            for path, call in (
                ("GET /", lambda: client.get("/")),
                ("GET /bronnen", lambda: client.get("/bronnen")),
                (
                    "POST /opdrachtcheck",
                    lambda: client.post(
                        "/opdrachtcheck",
                        headers=headers,
                        data={
                            "bedrag": "120000",
                            "basis": "per_jaar",
                            "looptijd": "4",
                            "eenheid": "jaren",
                            "soort": "dienst",
                            "productgroep": "cleaning",
                        },
                    ),
                ),
            ):
                t0 = time.perf_counter()
                assert call().status_code == 200, path
                pages[path].append(time.perf_counter() - t0)
    return first, total, pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT / ".pytest_cache/d/built-index")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--backend", default="extractive", choices=["extractive", "llama"])
    args = ap.parse_args()
    if not (args.data_dir / "index").exists():
        sys.exit(f"no built index in {args.data_dir}: run the tests or `inkoop ingest` first")
    tmp = Path(tempfile.mkdtemp(prefix="web-bench-"))
    data = tmp / "data"
    shutil.copytree(args.data_dir, data)
    try:
        settings = Settings(data_dir=data, llm_backend=args.backend)
        base_first, base_total = in_process(settings, args.rounds)
        proc, url = start_server(data, tmp / "server.log", INKOOP_LLM_BACKEND=args.backend)
        try:
            web_first, web_total, pages = over_http(url, args.rounds)
        finally:
            stop_server(proc)
        print(f"backend={args.backend} questions={len(QUESTIONS)} rounds={args.rounds}")
        print("baseline: Answerer.stream in-process")
        report("time to first token", base_first)
        report("time to finished answer", base_total)
        print("browser path: POST question + SSE stream over uvicorn")
        report("time to first token", web_first)
        report("time to finished answer", web_total)
        print("page renders")
        for path, values in pages.items():
            report(path, values)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
