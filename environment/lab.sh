#!/usr/bin/env bash
# lab.sh: set up (if needed) and open JupyterLab on the project's notebooks at http://127.0.0.1:$PORT.
set -euo pipefail
PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$PROJECT/environment/setup.sh"
mkdir -p "$PROJECT/notebooks"
# No news pop-up ("Would you like to receive official Jupyter news?"), no update check and no extension
# manager asking PyPI: a settings override inside the venv (JupyterLab reads
# <venv>/share/jupyter/lab/settings/overrides.d/*.json), not in the user's home; the options below turn the
# server side off as well.
overrides="$PROJECT/.venv/share/jupyter/lab/settings/overrides.d"
mkdir -p "$overrides"
cat >"$overrides/rrl.json" <<'JSON'
{
  "@jupyterlab/apputils-extension:notification": {
    "checkForUpdates": false,
    "fetchNews": "false"
  }
}
JSON
extra=()
if [[ $EUID -eq 0 ]]; then extra+=(--allow-root); fi   # Jupyter refuses root without it
exec "$PROJECT/.venv/bin/jupyter" lab --no-browser --ip=127.0.0.1 --port="${PORT:-8888}" \
  --ServerApp.root_dir="$PROJECT/notebooks" --MultiKernelManager.default_kernel_name="${RRL_KERNEL_NAME:-rrl}" \
  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  --LabApp.extension_manager=readonly "${extra[@]}"
