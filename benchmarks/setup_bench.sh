#!/usr/bin/env bash
# setup_bench.sh: create .venv-bench/ with the PyTorch CPU reference (environment/requirements-bench.txt).
# Idempotent: does nothing if the venv already imports the pinned torch. Downloads ~1.8 GB the first time.
set -euo pipefail
PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$PROJECT/.venv-bench"
REQ="$PROJECT/environment/requirements-bench.txt"
check() { "$VENV/bin/python" -c 'import torch; assert torch.__version__.startswith("1.13.1"); torch.ones(2) @ torch.ones(2)' 2>/dev/null; }

if [[ -x "$VENV/bin/python" ]] && check; then
  echo "setup_bench: $VENV ready (torch 1.13.1)"; exit 0
fi
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
# --no-deps: torch's full dependency list adds unused CUDA packages; the file lists exactly what is needed.
"$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$REQ"
check || { echo "setup_bench: torch does not import in $VENV" >&2; exit 1; }
echo "setup_bench: $VENV ready (torch 1.13.1)"
