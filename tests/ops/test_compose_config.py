"""`docker compose config` validates docker-compose.yml, and the file keeps its promises:
services wait for each other's health, secrets are required (no default password works),
the engines keep their data on volumes and only the app is published."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {"INKOOP_DB_PASSWORD": "pw-9f2c1e7a", "INKOOP_SECRET_KEY": "sk-51b0d3c8e2"}


def _config(
    compose_cmd: list[str], tmp_path: Path, env_lines: list[str]
) -> subprocess.CompletedProcess[str]:
    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    shutil.copy(ROOT / "docker-compose.yml", project / "docker-compose.yml")
    env_file = project / "test.env"
    env_file.write_text("\n".join(env_lines) + "\n", encoding="utf-8")
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    return subprocess.run(
        [
            *compose_cmd,
            "--env-file",
            str(env_file),
            "-f",
            str(project / "docker-compose.yml"),
            "config",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env,
        cwd=project,
    )


def test_config_validates_with_secrets(compose_cmd: list[str], tmp_path: Path) -> None:
    result = _config(compose_cmd, tmp_path, [f"{k}={v}" for k, v in SECRETS.items()])
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert {"app", "db", "chroma", "ollama", "ollama-init", "model-files"} <= set(services)

    app = services["app"]
    for engine in ("db", "chroma", "ollama"):
        assert app["depends_on"][engine]["condition"] == "service_healthy"
    assert app["depends_on"]["ollama-init"]["condition"] == "service_completed_successfully"
    for name in ("app", "db", "chroma", "ollama"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} needs a healthcheck"

    env = app["environment"]
    assert env["INKOOP_DATABASE_URL"].startswith("postgresql+psycopg://inkoop:")
    assert SECRETS["INKOOP_DB_PASSWORD"] in env["INKOOP_DATABASE_URL"]
    assert env["INKOOP_SECRET_KEY"] == SECRETS["INKOOP_SECRET_KEY"]
    assert env["INKOOP_CHROMA_URL"] == "http://chroma:8000"
    assert env["INKOOP_OLLAMA_URL"] == "http://ollama:11434"
    assert services["db"]["environment"]["POSTGRES_PASSWORD"] == SECRETS["INKOOP_DB_PASSWORD"]
    assert services["chroma"]["environment"]["ANONYMIZED_TELEMETRY"] == "FALSE"
    assert services["chroma"]["image"].startswith("chromadb/chroma:")
    assert services["ollama"]["image"].startswith("ollama/ollama:")

    # The engines keep their data on named volumes and are not reachable from outside.
    def targets(svc: dict) -> set[str]:
        return {v["target"] if isinstance(v, dict) else v.split(":")[1] for v in svc["volumes"]}

    assert "/data" in targets(services["chroma"])
    assert "/root/.ollama" in targets(services["ollama"])
    assert "/var/lib/postgresql/data" in targets(services["db"])
    for engine in ("db", "chroma", "ollama"):
        assert not services[engine].get("ports"), f"{engine} must not be published"
    # The Ollama init registers the GGUF through a Modelfile, or pulls when allowed.
    init_script = " ".join(map(str, services["ollama-init"]["command"]))
    assert "ollama create" in init_script and "/models/Modelfile" in init_script
    assert "ollama pull" in init_script


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_config_refuses_a_missing_secret(
    compose_cmd: list[str], tmp_path: Path, missing: str
) -> None:
    lines = [f"{k}={v}" for k, v in SECRETS.items() if k != missing]
    result = _config(compose_cmd, tmp_path, lines)
    assert result.returncode != 0
    assert missing in result.stderr + result.stdout


def test_env_example_as_is_does_not_start(compose_cmd: list[str], tmp_path: Path) -> None:
    """Copying .env.example to .env without filling in secrets must not give a working stack."""
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    result = _config(compose_cmd, tmp_path, lines)
    assert result.returncode != 0
    assert "INKOOP_" in result.stderr + result.stdout
