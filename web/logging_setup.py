"""Logging for the app: JSON lines (one object per record) when settings.log_json, for
containers and log shippers; plain text otherwise. Also logs one line per HTTP request with
method, path, status and duration, so the uvicorn access log can stay off in JSON mode."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI

from assistant.settings import Settings

REQUEST_LOGGER = "inkoop.request"
# A share link's token is the only key to the shared answer: it never goes into a log.
_SHARE_TOKEN = re.compile(r"^/s/[^/?]+")


def redact_path(path: str) -> str:
    """The request path as it may be logged: "/s/<token>/..." becomes "/s/[token]/..."."""
    return _SHARE_TOKEN.sub("/s/[token]", path)


class _RedactAccessLog(logging.Filter):
    """uvicorn's access log (plain-text mode) passes the path as its third argument."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_path(args[2]), *args[3:])
        return True


# Attributes every LogRecord has; anything else was passed with `extra=` and is logged as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,  # which worker wrote it (several workers share one stream)
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(settings: Settings) -> None:
    """Route our loggers and uvicorn's through one handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_json:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._inkoop = True  # type: ignore[attr-defined]
    root = logging.getLogger()
    # Replace only our own handler: others (pytest's capture, a host's) stay in place.
    root.handlers[:] = [h for h in root.handlers if not getattr(h, "_inkoop", False)] + [handler]
    root.setLevel(logging.INFO)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # Our request log replaces uvicorn's access log in JSON mode (same facts, as fields).
    access = logging.getLogger("uvicorn.access")
    access.disabled = settings.log_json
    if not any(isinstance(f, _RedactAccessLog) for f in access.filters):
        access.addFilter(_RedactAccessLog())
    logging.getLogger("httpx").setLevel(logging.WARNING)


class RequestLogMiddleware:
    """Pure ASGI middleware (safe for streamed SSE responses): one log line per request, with the
    duration until the response headers were sent, and an X-Request-ID header on the response."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.logger = logging.getLogger(REQUEST_LOGGER)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")[:64]
        # Take a caller's id only when it is plain (it is echoed in a header and the log).
        request_id = given if given.replace("-", "").isalnum() else uuid.uuid4().hex[:12]
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            method, path = scope.get("method", ""), redact_path(scope.get("path", ""))
            self.logger.info(
                "%s %s %s",
                method,
                path,
                status,
                extra={
                    "request_id": request_id,
                    "method": method,
                    "path": path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                },
            )


def install_request_logging(app: FastAPI) -> None:
    app.add_middleware(RequestLogMiddleware)
