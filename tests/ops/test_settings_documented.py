"""Every setting is documented in .env.example, and .env.example names no setting that does
not exist (a typo there would silently do nothing)."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# Variables that only docker-compose.yml reads (interpolation), not the app's Settings.
COMPOSE_ONLY = {"INKOOP_DB_PASSWORD", "INKOOP_BIND", "INKOOP_PORT", "INKOOP_OLLAMA_PULL"}


def _documented() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*(INKOOP_[A-Z0-9_]+)=", text, flags=re.M))


def _fields() -> set[str]:
    prefix = Settings.model_config.get("env_prefix", "")
    return {f"{prefix}{name}".upper() for name in Settings.model_fields}


def test_every_setting_is_in_env_example() -> None:
    missing = sorted(_fields() - _documented())
    assert not missing, f"add these settings to .env.example: {missing}"


def test_env_example_names_only_real_settings() -> None:
    unknown = sorted(_documented() - _fields() - COMPOSE_ONLY)
    assert not unknown, f".env.example documents settings that do not exist: {unknown}"


def test_every_setting_has_a_description() -> None:
    bare = [n for n, f in Settings.model_fields.items() if not (f.description or "").strip()]
    assert not bare, f"settings without a description: {bare}"


def test_compose_variables_are_documented() -> None:
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{(INKOOP_[A-Z0-9_]+)", compose))
    assert used, "docker-compose.yml should take its settings from INKOOP_ variables"
    assert not sorted(used - _documented()), sorted(used - _documented())
