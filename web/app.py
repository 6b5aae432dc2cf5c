"""FastAPI application factory: `create_app(settings)` wires routers to services."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.settings import Settings, get_settings
from web.services import Services


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="Inkoopassistent", version="0.1.0")
    app.state.settings = settings
    app.state.services = Services(settings)

    from web.routes import ops

    app.include_router(ops.router)
    return app
