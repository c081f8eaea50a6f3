#!/usr/bin/env bash
# The test command: set everything up (idempotent, with the optional Spark executor), run the library's tests
# (unit, bad-input, Gymnasium parity, PyTorch parity in the benchmark venv it creates) and the Spark executor's (profile spark), and
# beside them execute every notebook headless at its small (CI) budget.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/environment/setup.sh" --with-spark
cd "$ROOT"
mkdir -p "$ROOT/results"
# The PyTorch / JAX references (IqlParityTest, BcqParityTest, PpoParityTest, the train benchmark's reference servers) run in the
# benchmark venv outside the checkout; here it is created (about 2 minutes on a fresh machine, 5 s when present) and
# required, so those tests fail rather than skip when it is missing.
bash "$ROOT/environment/bench-venv.sh"
export RRL_REQUIRE_REFERENCES=1
PY="$ROOT/.venv/bin/python"
# The notebooks run beside the library tests, a core each: most tests and most notebook cells train on one thread,
# so one after the other they left a core idle most of the time. The kernel runs the jar setup.sh packaged and writes
# under results/; `mvn test` builds no jar and writes under lib/target and temporary folders: neither touches the
# other's files.
echo "== library and Spark executor tests (mvn -Pspark test; full log in results/mvn-test.log), and beside them every notebook (results/notebooks.log)"
(
  "$PY" "$ROOT/environment/run_notebooks.py" --self-test   # the output checks can fail
  "$PY" "$ROOT/environment/run_notebooks.py" --out "$ROOT/results/notebooks"
  # notebook 06 again on the Spark kernel (setup.sh --with-spark registered it): the same study as Spark tasks
  "$PY" "$ROOT/environment/run_notebooks.py" "$ROOT/notebooks/06_sweeps.ipynb" --kernel rrl-spark \
    -p executor spark --out "$ROOT/results/notebooks-spark"
) > "$ROOT/results/notebooks.log" 2>&1 &
notebooks=$!
# whatever ends this script, the notebooks do not outlive it
trap 'kill "$notebooks" 2>/dev/null || true' EXIT
tests_ok=1
mvn -B -ntp -Pspark test > "$ROOT/results/mvn-test.log" 2>&1 || tests_ok=0
notebooks_ok=1
wait "$notebooks" || notebooks_ok=0
trap - EXIT
if ((tests_ok)); then
  grep -E "^parity|^\[(INFO|WARNING)\] Tests run:|^max over|^RESULT" "$ROOT/results/mvn-test.log"
else
  grep -E "Tests run:|FAIL|ERROR" "$ROOT/results/mvn-test.log" | head -60
  echo "library tests failed (see results/mvn-test.log)"
fi
echo "== notebooks"
cat "$ROOT/results/notebooks.log"
if ! ((tests_ok && notebooks_ok)); then
  exit 1
fi
