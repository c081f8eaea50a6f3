#!/usr/bin/env bash
# bench-venv.sh: the Python venv of the `rrl bench train` references (PyTorch 2.x and JAX on the CPU),
# outside the checkout, from environment/requirements-bench.txt:
#   ${RRL_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/rrl/bench-venv}
# Idempotent: a venv whose pinned packages import at their pinned versions is left as it is (about 5 s to
# check; pip then upgrades nothing). Otherwise pip installs the pins with their dependencies and prints what it downloads: PyPI's torch
# is the CUDA build and needs the nvidia-* packages just to import (about 6 GB installed, about 40 s from
# PyPI on a fast link); only the CPU is used. bin/rrl bench train runs this when the venv is missing.
set -euo pipefail
PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${RRL_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/rrl/bench-venv}"
REQ="$PROJECT/environment/requirements-bench.txt"
# "name version" per pinned line (extras such as [cpu] dropped): what the check compares
PINS="$(sed -n 's/^\([A-Za-z0-9_.-]*\)\(\[[^]]*\]\)\{0,1\}==\([^ #]*\).*/\1 \3/p' "$REQ")"

check() {
  "$VENV/bin/python" - "$PINS" <<'PY'
import importlib.metadata as md, sys
wrong = []
for line in sys.argv[1].splitlines():
    name, want = line.split()
    try:
        have = md.version(name)
    except md.PackageNotFoundError:
        have = "missing"
    if have != want:
        wrong.append(f"{name} {have} (pinned {want})")
if wrong:
    sys.exit("bench-venv: " + ", ".join(wrong))
import torch, jax.numpy as jnp  # the references' imports must work, not only the metadata
float(torch.ones(2) @ torch.ones(2)), float(jnp.ones(2) @ jnp.ones(2))
PY
}

# The checked requirements, copied into the venv: bin/rrl bench train compares them with the project's and runs
# this script again when they differ (new pins) or are missing (an install that failed half-way).
STAMP="$VENV/rrl-requirements-bench.txt"
if [[ -x "$VENV/bin/python" ]] && check 2>/dev/null; then
  cp "$REQ" "$STAMP"
  echo "bench-venv: $VENV ready (${PINS//$'\n'/, })"
  exit 0
fi
rm -f "$STAMP"
echo "bench-venv: installing $(grep -v '^#' "$REQ" | tr '\n' ' ')into $VENV"
echo "bench-venv: torch from PyPI brings the nvidia-* CUDA packages it needs to import: about 6 GB, about 40 s on a fast link (only the CPU is used)"
command -v python3 >/dev/null || { echo "bench-venv: python3 is missing (environment/setup.sh installs it)" >&2; exit 1; }
mkdir -p "$(dirname "$VENV")"
FREE_GB=$(( $(df -Pk "$(dirname "$VENV")" | awk 'NR==2 {print $4}') / 1048576 ))
if (( FREE_GB < 10 )); then
  echo "bench-venv: $(dirname "$VENV") has ${FREE_GB} GB free, the install needs about 10 GB (6 GB installed, 3 GB of downloads); free space or set RRL_BENCH_VENV to a folder on a larger disk" >&2
  exit 2
fi
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
if ! PYTHONUNBUFFERED=1 "$VENV/bin/pip" install --disable-pip-version-check --progress-bar off -r "$REQ" \
    | { grep -E --line-buffered '^ *(Collecting|Downloading|Successfully installed)' || true; }; then
  echo "bench-venv: pip could not install $REQ into $VENV (its message is above)" >&2
  exit 1
fi
check || { echo "bench-venv: the pinned packages do not import in $VENV (see above); delete it and rerun" >&2; exit 1; }
cp "$REQ" "$STAMP"
echo "bench-venv: $VENV ready"
