#!/usr/bin/env bash
# lab.sh: set up (if needed) and open JupyterLab on the project's notebooks at http://127.0.0.1:$PORT.
set -euo pipefail
PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$PROJECT/environment/setup.sh"
mkdir -p "$PROJECT/notebooks"
extra=()
if [[ $EUID -eq 0 ]]; then extra+=(--allow-root); fi   # Jupyter refuses root without it
exec "$PROJECT/.venv/bin/jupyter" lab --no-browser --ip=127.0.0.1 --port="${PORT:-8888}" \
  --ServerApp.root_dir="$PROJECT/notebooks" --MultiKernelManager.default_kernel_name=rrl "${extra[@]}"
