"""The image installs the product with the same command the README gives for a local install.

The README's run command is `bash scripts/serve.sh`; that script installs with
`bash scripts/bootstrap.sh` and then runs `inkoop serve`. The Dockerfile must do the same two
things with the same commands (and no install steps of its own), so a container and a laptop
install cannot drift apart."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _readme_commands() -> list[str]:
    """Command lines in the README's fenced shell blocks, comments stripped."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands: list[str] = []
    for block in re.findall(r"```(?:bash|sh|shell|console)\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split(" #", 1)[0].strip().removeprefix("$ ").strip()
            if line and not line.startswith("#"):
                commands.append(" ".join(line.split()))
    return commands


def _script_commands(script: str) -> list[str]:
    """Command lines of a project shell script (without shebang, comments, set/cd plumbing)."""
    lines = []
    for raw in (ROOT / script).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith(("set ", "cd ")):
            continue
        lines.append(" ".join(line.split()))
    return lines


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n\s*", " ", text)  # join continuation lines
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), " ".join(rest.split())))
    return out


def _readme_install_chain() -> list[str]:
    """The README's commands plus the commands of the project scripts they call."""
    chain = []
    for cmd in _readme_commands():
        chain.append(cmd)
        parts = shlex.split(cmd)
        if parts[:1] == ["bash"] and len(parts) > 1 and parts[1].startswith("scripts/"):
            chain.extend(_script_commands(parts[1]))
    return chain


def test_dockerfile_installs_with_the_readme_command() -> None:
    chain = _readme_install_chain()
    runs = [rest for word, rest in _dockerfile_instructions() if word == "RUN"]
    project_runs = [r for r in runs if "scripts/" in r]
    assert project_runs, "the Dockerfile must install through the project's scripts"
    for run in project_runs:
        assert run in chain, f"Dockerfile step {run!r} is not a README command (or one it runs)"
    assert "bash scripts/bootstrap.sh" in project_runs


def test_dockerfile_has_no_install_steps_of_its_own() -> None:
    runs = [rest for word, rest in _dockerfile_instructions() if word == "RUN"]
    for run in runs:
        assert "pip install" not in run and "pip3 install" not in run, run
        assert "curl " not in run and "wget " not in run, f"no downloads outside registries: {run}"


def test_dockerfile_runs_what_serve_sh_runs() -> None:
    serve = [c for c in _script_commands("scripts/serve.sh") if "inkoop serve" in c]
    assert serve, "scripts/serve.sh should end in `inkoop serve`"
    cmd = [rest for word, rest in _dockerfile_instructions() if word == "CMD"]
    assert len(cmd) == 1
    argv = json.loads(cmd[0])
    assert argv[0].endswith(".venv/bin/inkoop") and argv[1] == "serve"
    # Several workers: all shared state lives in the engines (PostgreSQL, Chroma, Ollama).
    assert int(argv[argv.index("--workers") + 1]) >= 2


def test_dockerfile_is_non_root_slim_and_health_checked() -> None:
    instructions = _dockerfile_instructions()
    words = [w for w, _ in instructions]
    base = next(rest for w, rest in instructions if w == "FROM")
    assert base.startswith("python:3.11-slim")
    users = [rest for w, rest in instructions if w == "USER"]
    assert users and users[-1] not in {"root", "0"}
    # The install runs after switching user, so nothing in /app belongs to root.
    assert words.index("USER") < max(
        i for i, (w, r) in enumerate(instructions) if w == "RUN" and "bootstrap" in r
    )
    health = [rest for w, rest in instructions if w == "HEALTHCHECK"]
    assert health and "/health" in health[0]
