"""Load check: 50 concurrent chat sessions against the app with 2 workers, on 127.0.0.1 only.

Starts `inkoop serve --workers 2` on a free loopback port (extractive backend, a copy of a
built index), measures a single-session baseline, then runs N sessions for D seconds. Each
session is its own client (own cookie, own conversations) and alternates an Opdrachtcheck
question with a knowledge question, sometimes as a follow-up in the same conversation. The
loop is bounded by the deadline and stops by itself; the server is stopped at the end.
Prints error count, throughput and p50/p95/max latency per path.

Usage: .venv/bin/python benchmarks/load.py [--sessions 50] [--seconds 120] [--data-dir DIR]
Without --data-dir it copies the index the tests built (.pytest_cache/d/built-index) or
builds one (1-2 minutes)."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything but loopback
CHECKS = [
    "60.000 euro catering voor 2 jaar, gemeente",
    "Schoonmaakdienst van 180.000 euro per jaar voor 4 jaar, rijksoverheid",
    "Levering van kantoormeubilair voor 45.000 euro, gemeente",
    "Wegonderhoud (werk) van 900.000 euro, gemeente",
]
KNOWLEDGE = [
    "Wat is Inkopen met Impact?",
    "Hoe monitor ik social return in een contract?",
    "Wat zijn MVI-criteria voor catering?",
    "Wat zegt de evaluatie over inkopen onder de drempel?",
]
FOLLOW_UP = "En als het 3 jaar duurt?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _data_dir(arg: str | None, base: Path) -> Path:
    target = base / "data"
    if arg:
        shutil.copytree(arg, target)
        return target
    cached = ROOT / ".pytest_cache" / "d" / "built-index"
    if (cached / "index").exists():
        shutil.copytree(cached, target)
        return target
    print("building an index (1-2 minutes)...", flush=True)
    env = {**os.environ, "INKOOP_DATA_DIR": str(target)}
    subprocess.run([sys.executable, "-m", "web.cli", "ingest"], cwd=ROOT, env=env, check=True)
    return target


def _start_postgres() -> tuple[str, list[str], Path]:
    """A throwaway PostgreSQL (Debian's package) on loopback, like the compose deployment.
    Returns the SQLAlchemy URL and the pg_ctl stop command."""
    import pwd
    import secrets

    bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    pg = Path(tempfile.mkdtemp(prefix="inkoop-load-pg-"))
    password = secrets.token_hex(12)
    (pg / "pw").write_text(password)
    if as_user:
        owner = pwd.getpwnam("postgres")
        for path in (pg, pg / "pw"):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    subprocess.run(
        [
            *as_user,
            str(bindir / "initdb"),
            "-D",
            str(pg / "data"),
            "-U",
            "inkoop",
            f"--pwfile={pg / 'pw'}",
            "--auth=scram-sha-256",
        ],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    opts = f"-c listen_addresses={HOST} -c port={port} -k {pg} -c max_connections=200"
    subprocess.run(
        [
            *as_user,
            str(bindir / "pg_ctl"),
            "-D",
            str(pg / "data"),
            "-l",
            str(pg / "log"),
            "-o",
            opts,
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    stop = [*as_user, str(bindir / "pg_ctl"), "-D", str(pg / "data"), "-m", "fast", "stop"]
    return f"postgresql+psycopg://inkoop:{password}@{HOST}:{port}/postgres", stop, pg


def _start_server(
    data_dir: Path, port: int, workers: int, database_url: str | None
) -> subprocess.Popen:
    env = {
        **os.environ,
        "INKOOP_DATA_DIR": str(data_dir),
        "INKOOP_LLM_BACKEND": "extractive",
        "INKOOP_SECRET_KEY": "load-test-secret-not-for-production",
        "INKOOP_LOG_JSON": "true",
    }
    if database_url:
        env["INKOOP_DATABASE_URL"] = database_url
    inkoop = Path(sys.executable).parent / "inkoop"
    cmd = [
        str(inkoop),
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--skip-ingest",
    ]
    log = open(data_dir.parent / "server.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


async def _wait_ready(base_url: str, proc: subprocess.Popen, limit_s: float = 180) -> None:
    deadline = time.monotonic() + limit_s
    async with httpx.AsyncClient(base_url=base_url, timeout=5) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("server exited during start-up")
            try:
                if (await client.get("/ready")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)
    raise RuntimeError("server not ready in time")


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()

    def summary(self, label: str, seconds: float) -> None:
        total = sum(len(v) for v in self.latency.values())
        errors = sum(self.errors.values())
        print(
            f"{label}: {total} answers, {errors} errors in {seconds:.0f} s "
            f"({total / seconds:.2f} answers/s)"
        )
        for path, values in sorted(self.latency.items()):
            values = sorted(values)
            p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
            print(
                f"  {path:<22} n={len(values):>5}  p50={statistics.median(values):6.2f} s  "
                f"p95={p95:6.2f} s  max={values[-1]:6.2f} s"
            )
        for kind, n in self.errors.most_common():
            print(f"  error {kind}: {n}")


async def _ask(
    client: httpx.AsyncClient, stats: Stats, question: str, conv: str | None, path: str
) -> str | None:
    body: dict[str, str] = {"question": question}
    if conv:
        body["conversation_id"] = conv
    start = time.monotonic()
    try:
        resp = await client.post("/api/answer", json=body)
    except httpx.HTTPError as exc:
        stats.errors[type(exc).__name__] += 1
        return conv
    elapsed = time.monotonic() - start
    if resp.status_code != 200:
        stats.errors[f"HTTP {resp.status_code}"] += 1
        return conv
    data = resp.json()
    route = data.get("route")
    if path == "opdrachtcheck" and route != "check":
        stats.errors[f"check routed to {route}"] += 1
    name = path if path != "knowledge" else f"kennis ({data.get('backend')})"
    stats.latency[name].append(elapsed)
    return data.get("conversation_id")


async def _session(base_url: str, n: int, deadline: float, stats: Stats) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=90) as client:
        turn = 0
        conv: str | None = None
        while time.monotonic() < deadline:  # bounded by the deadline
            if turn % 2 == 0:
                conv = await _ask(
                    client, stats, CHECKS[(n + turn) % len(CHECKS)], None, "opdrachtcheck"
                )
                if turn % 4 == 0 and time.monotonic() < deadline:
                    await _ask(client, stats, FOLLOW_UP, conv, "opdrachtcheck")
            else:
                await _ask(client, stats, KNOWLEDGE[(n + turn) % len(KNOWLEDGE)], None, "knowledge")
            turn += 1


async def _run(args: argparse.Namespace) -> None:
    base = Path(tempfile.mkdtemp(prefix="inkoop-load-"))
    port = _free_port()
    base_url = f"http://{HOST}:{port}"
    proc = None
    stop_pg: list[str] | None = None
    pg_dir: Path | None = None
    try:
        data_dir = _data_dir(args.data_dir, base)
        database_url = None
        if args.postgres:
            database_url, stop_pg, pg_dir = _start_postgres()
        proc = _start_server(data_dir, port, args.workers, database_url)
        started = time.monotonic()
        await _wait_ready(base_url, proc)
        print(
            f"server: {args.workers} workers on {base_url}, ready after "
            f"{time.monotonic() - started:.1f} s"
        )

        # Warm every worker: 4 concurrent sessions for 5 s on a cold server (first requests load
        # the embedder, Chroma and the BM25 index). Reported apart from the figures below.
        warm = Stats()
        t0 = time.monotonic()
        await asyncio.gather(*[_session(base_url, i, t0 + 5, warm) for i in range(4)])
        warm.summary("warm-up (4 sessions, cold server)", time.monotonic() - t0)
        baseline = Stats()
        t0 = time.monotonic()
        await _session(base_url, 0, time.monotonic() + args.baseline_seconds, baseline)
        baseline.summary("baseline (1 session)", time.monotonic() - t0)

        load = Stats()
        t0 = time.monotonic()
        deadline = t0 + args.seconds
        await asyncio.gather(*[_session(base_url, i, deadline, load) for i in range(args.sessions)])
        load.summary(f"load ({args.sessions} sessions)", time.monotonic() - t0)
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
            print(
                f"after load: /health {(await client.get('/health')).status_code}, "
                f"/ready {(await client.get('/ready')).json()['status']}"
            )
    finally:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        _server_log_summary(base / "server.log")
        if stop_pg:
            subprocess.run(stop_pg, capture_output=True, timeout=60)
        if pg_dir:
            shutil.rmtree(pg_dir, ignore_errors=True)
        shutil.rmtree(base, ignore_errors=True)


def _server_log_summary(path: Path) -> None:
    """Server-side warnings and errors (JSON log lines), grouped by message start."""
    import json

    if not path.exists():
        return
    found: Counter[str] = Counter()
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if entry.get("level") in ("warning", "error", "critical"):
                msg = str(entry.get("msg"))
                if entry.get("exc"):  # the exception's last line says what went wrong
                    msg += " | " + str(entry["exc"]).strip().splitlines()[-1]
                found[f"{entry['level']}: {msg[:160]}"] += 1
        elif "Traceback" in line:
            found["traceback (plain text)"] += 1
    print(f"server log: {sum(found.values())} warnings/errors")
    for msg, n in found.most_common(6):
        print(f"  {n:>5} x {msg}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--baseline-seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument(
        "--postgres", action="store_true", help="conversations in a throwaway PostgreSQL"
    )
    asyncio.run(_run(parser.parse_args()))


if __name__ == "__main__":
    main()
