"""A tiny HTTP server on 127.0.0.1 that replays recorded Ollama API exchanges.

The cassettes in tests/fixtures/ollama/ hold a request as the official `ollama` Python client
sends it and the response as the Ollama server sends it: NDJSON streamed with chunked transfer
encoding for /api/chat, plain JSON for /api/embed and /api/tags, a JSON error object with 404
for an unknown model. The server records what it received so tests can compare it with the
recorded request. No Ollama binary is installable on the test machine; the compose deployment
runs the real server (docs/DEPLOYMENT.md)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ollama"


def load_cassette(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class ReplayServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[tuple[str, str], dict[str, Any]] = {}
        self.received: list[dict[str, Any]] = []
        self.delay_s = 0.0  # before the response starts (simulates a model that hangs)
        self.line_delay_s = 0.0  # between streamed lines
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def play(self, *cassettes: str) -> None:
        for name in cassettes:
            cassette = load_cassette(name)
            req = cassette["request"]
            self.routes[(req["method"], req["path"])] = cassette

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ReplayServer

    def log_message(self, *args: Any) -> None:  # keep test output clean
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        self.server.received.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "json": body,
            }
        )
        cassette = self.server.routes.get((self.command, self.path))
        if self.server.delay_s:
            time.sleep(self.server.delay_s)
        if cassette is None:
            self._send_json(404, {"error": f"no recording for {self.command} {self.path}"})
            return
        resp = cassette["response"]
        if "ndjson" in resp:
            self.send_response(resp["status"])
            for key, value in resp["headers"].items():
                self.send_header(key, value)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for line in resp["ndjson"]:
                    data = (json.dumps(line, ensure_ascii=False) + "\n").encode()
                    self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                    self.wfile.flush()
                    if self.server.line_delay_s:
                        time.sleep(self.server.line_delay_s)
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)
        else:
            self._send_json(resp["status"], resp["json"], resp.get("headers"))

    def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        for key, value in (headers or {"Content-Type": "application/json"}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    do_GET = _handle
    do_POST = _handle
