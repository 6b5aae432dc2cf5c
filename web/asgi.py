"""ASGI entry point for uvicorn workers (each worker builds its app from the environment)."""

from web.app import create_app

app = create_app()
