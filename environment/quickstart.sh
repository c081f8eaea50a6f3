#!/usr/bin/env bash
# The main job: set everything up (idempotent), then execute the quickstart notebook headless.
# Writes results/quickstart/00_quickstart.ipynb and .html (the executed notebook) and the notebook's
# own figures, tables and config under results/quickstart/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/environment/setup.sh"
exec "$ROOT/.venv/bin/python" "$ROOT/environment/run_notebooks.py" "$ROOT/notebooks/00_quickstart.ipynb" \
  --out "$ROOT/results/quickstart" "$@"
