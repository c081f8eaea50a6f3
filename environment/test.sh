#!/usr/bin/env bash
# The test command: set everything up (idempotent), run the library's tests (unit, bad-input, Gymnasium
# parity) and then execute every notebook headless at its small (CI) budget.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/environment/setup.sh"
cd "$ROOT"
mkdir -p "$ROOT/results"
echo "== library tests (mvn test; full log in results/mvn-test.log)"
if ! mvn -B -ntp test > "$ROOT/results/mvn-test.log" 2>&1; then
  grep -E "Tests run:|FAIL|ERROR" "$ROOT/results/mvn-test.log" | head -60
  echo "library tests failed (see results/mvn-test.log)"
  exit 1
fi
grep -E "^parity|^\[(INFO|WARNING)\] Tests run:|^max over|^RESULT" "$ROOT/results/mvn-test.log"
echo "== notebooks"
"$ROOT/.venv/bin/python" "$ROOT/environment/run_notebooks.py" --self-test   # the output checks can fail
"$ROOT/.venv/bin/python" "$ROOT/environment/run_notebooks.py" --out "$ROOT/results/notebooks"
