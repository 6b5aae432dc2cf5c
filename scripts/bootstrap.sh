#!/usr/bin/env bash
# Creates .venv in the repo root and installs the project (and, with --dev, the test tools).
# Idempotent: a second run only checks that everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip setuptools wheel

# llama.cpp's native build picks AVX-512/AMX paths that crash on these CPUs (see docs/MACHINE-NOTES.md):
# build it portable, and never reuse a cached wheel that may have been built natively.
if ! .venv/bin/python -c "import llama_cpp" 2>/dev/null; then
  echo "Building llama-cpp-python (portable CPU build, takes a few minutes)..."
  CMAKE_ARGS="-DGGML_NATIVE=OFF" .venv/bin/python -m pip install -q --no-cache-dir \
    "llama-cpp-python==0.3.36"
fi

if [ "${1:-}" = "--dev" ]; then
  .venv/bin/python -m pip install -q -e ".[dev]"
else
  .venv/bin/python -m pip install -q -e .
fi
