"""Time to compute an Opdrachtcheck verdict card from a Dutch sentence (no model involved).

    .venv/bin/python benchmarks/rules.py [--rounds 20]

Texts are the descriptions of evals/contracts.yaml. Prints p50/p95/max in milliseconds for the
parser alone (baseline), the rules on an already-parsed profile, and the full path
text -> card -> JSON. Target: full path p95 < 20 ms. The first call (loading and validating the
YAML knowledge) is timed separately, as it happens once per process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from assistant.opdrachtcheck import check_text  # noqa: E402
from assistant.profile import parse_profile  # noqa: E402
from assistant.rules import evaluate  # noqa: E402
from evals.contracts_eval import CASES_FILE, eval_settings  # noqa: E402

ON = date(2026, 11, 23)


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    texts = [c["text"] for c in yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]]
    settings = eval_settings()

    t0 = time.perf_counter()
    check_text(texts[0], ON, settings=settings)
    cold = (time.perf_counter() - t0) * 1000

    work = texts * args.rounds
    profiles = [parse_profile(t).profile for t in texts] * args.rounds
    rows = [
        ("parse only (baseline)", timed(parse_profile, work)),
        ("rules on parsed profile", timed(lambda p: evaluate(p, ON, settings=settings), profiles)),
        ("text -> card -> JSON", timed(
            lambda t: check_text(t, ON, settings=settings).model_dump(mode="json"), work)),
    ]  # fmt: skip
    print(
        f"{len(texts)} descriptions x {args.rounds} rounds; first call (loads YAML) {cold:.1f} ms"
    )
    print(f"{'path':26} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, ms in rows:
        print(f"{name:26} {pct(ms, 50):8.2f} {pct(ms, 95):8.2f} {max(ms):8.2f}")
    full_p95 = pct(rows[-1][1], 95)
    print(
        f"target p95 < 20 ms: {'gehaald' if full_p95 < 20 else 'NIET gehaald'} ({full_p95:.2f} ms)"
    )


if __name__ == "__main__":
    main()
