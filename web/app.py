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
    from web.logging_setup import configure_logging, install_request_logging

    configure_logging(settings)
    install_request_logging(app)

    from web.routes import ops

    app.include_router(ops.router)
    return app
