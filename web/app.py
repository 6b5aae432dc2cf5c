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
    __import__("web.engine_errors", fromlist=["x"]).install_engine_error_handlers(app)  # OPS

    from web.auth import install_security  # ACCOUNTS: session + CSRF + 401/403 (issue 7)
    from web.routes import ops

    install_security(app, settings)

    app.include_router(ops.router)
    app.include_router(__import__("web.routes.api", fromlist=["router"]).router)  # ANSWER (5)
    from web.routes import chat, check, sources  # WEB: pages (issue 6)
    from web.templating import not_found_handler, static_files

    app.mount("/static", static_files(), name="static")
    app.add_exception_handler(404, not_found_handler)
    app.include_router(chat.router)
    app.include_router(check.router)
    app.include_router(sources.router)
    from web.routes import admin, auth, contracts, library, share  # ACCOUNTS (issue 7)

    app.include_router(auth.router)
    app.include_router(share.router)
    app.include_router(library.router)
    app.include_router(contracts.router)
    app.include_router(admin.router)
    return app
