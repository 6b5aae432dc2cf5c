"""Helpers shared by the web tests (kept out of conftest so imports are unambiguous)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


HX = {"HX-Request": "true"}


def csrf_headers(client: TestClient) -> dict[str, str]:
    """htmx headers plus the CSRF token the page carries (ACCOUNTS' middleware checks it)."""
    token = soup(client.get("/").text).select_one('meta[name="csrf-token"]')["content"]
    return {**HX, "X-CSRF-Token": token}
