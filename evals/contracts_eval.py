"""Run the Opdrachtcheck eval: `python -m evals.contracts_eval` prints the pass count.

Each case in evals/contracts.yaml is a Dutch purchase description with the verdicts a buyer
should get; only the keys a case names are checked. Exit status 1 when any case fails.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant.opdrachtcheck import check_text
from assistant.profile import parse_profile
from assistant.settings import Settings
from assistant.verdicts import VerdictCard
from knowledge.loader import EXAMPLE_POLICY_FILE

CASES_FILE = Path(__file__).with_name("contracts.yaml")
EVAL_DATE = date(2026, 11, 23)  # fixed, so the expectations do not drift with the calendar
TOPICS = ("drempel", "procedure", "social_return", "isv")
PROFILE_KEYS = ("product_group", "kind", "loonsom_eur", "duration_months")


@dataclass
class CaseResult:
    case_id: str
    text: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def eval_settings() -> Settings:
    return Settings(organisation_profile="gemeente", policy_file=EXAMPLE_POLICY_FILE)


def _actual(card: VerdictCard, key: str) -> Any:
    if key in TOPICS:
        return card.verdict(key).status  # type: ignore[arg-type]
    if key.endswith("_rule") and key[: -len("_rule")] in TOPICS:
        return card.verdict(key[: -len("_rule")]).rule_id  # type: ignore[arg-type]
    if key in PROFILE_KEYS:
        return getattr(card.profile, key)
    return {
        "contract_value_eur": card.contract_value_eur,
        "organisation": card.organisation,
        "level": card.recommended_level,
        "open_point": bool(card.open_points),
    }[key]


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(expected - actual) < 0.01
    return expected == actual


def check_case(case: dict, settings: Settings) -> CaseResult:
    result = CaseResult(case["id"], case["text"])
    expect = dict(case["expect"])
    if "is_purchase" in expect:
        got = parse_profile(case["text"]).is_purchase
        if got != expect.pop("is_purchase"):
            result.failures.append(f"is_purchase: verwacht {not got}, kreeg {got}")
    if not expect:
        return result
    stated = parse_profile(case["text"]).profile.reference_date  # a date in the text wins
    card = check_text(case["text"], case.get("on") or stated or EVAL_DATE, settings=settings)
    texts = " ".join(v.text for v in card.verdicts)
    for key, want in expect.items():
        if key == "text_contains":
            ok, got = want in texts, texts[:160]
        elif key == "question_contains":
            ok, got = any(want in q for q in card.questions), card.questions
        elif key == "assumption_contains":
            ok, got = any(want in a for a in card.assumptions), card.assumptions
        else:
            got = _actual(card, key)
            ok = _same(want, got)
        if not ok:
            result.failures.append(f"{key}: verwacht {want!r}, kreeg {got!r}")
    return result


def run(path: Path = CASES_FILE) -> list[CaseResult]:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    settings = eval_settings()
    return [check_case(case, settings) for case in cases]


def main() -> int:
    results = run()
    for r in results:
        if not r.passed:
            print(f"FAIL {r.case_id}: {r.text}")
            for f in r.failures:
                print(f"     {f}")
    passed = sum(r.passed for r in results)
    print(f"Opdrachtcheck-eval: {passed}/{len(results)} geslaagd")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
