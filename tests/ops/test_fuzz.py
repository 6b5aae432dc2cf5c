"""Schemathesis fuzzes every operation of the app's OpenAPI schema (generated requests, valid
and invalid) and checks that none gets a server error. Bounded (a few examples per operation,
derandomized) so it runs in well under two minutes; the app runs in-process over ASGI.

The schema is loaded when this module is imported (that is how `schema.parametrize` works), from
an app on a fresh data dir; the fixture below fills that dir with a copy of the built index
before the first generated request (the app's services are lazy)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from assistant.settings import Settings
from web.app import create_app

DATA = Path(tempfile.mkdtemp(prefix="inkoop-fuzz-")) / "data"
app = create_app(Settings(data_dir=DATA, llm_backend="extractive"))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module", autouse=True)
def _index(built_index_settings: Settings):  # type: ignore[no-untyped-def]
    shutil.copytree(built_index_settings.data_dir / "index", DATA / "index", dirs_exist_ok=True)
    yield
    shutil.rmtree(DATA.parent, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure reproduces
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(checks=[not_a_server_error])
