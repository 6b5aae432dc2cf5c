"""The Opdrachtcheck eval must pass completely."""

from __future__ import annotations

from evals.contracts_eval import run


def test_all_contract_cases_pass():
    results = run()
    assert len(results) >= 50
    failed = {r.case_id: r.failures for r in results if not r.passed}
    assert failed == {}
