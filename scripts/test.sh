#!/usr/bin/env bash
# The README's test command: installs system packages and dev dependencies, then runs
# the linter and the whole test suite (unit, real engines, real model, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/bootstrap.sh --dev
.venv/bin/ruff check .
.venv/bin/python -m pytest -q -ra "$@"
