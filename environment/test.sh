#!/usr/bin/env bash
# The test command: set everything up (idempotent, with the optional Spark executor), run the library's tests
# (unit, bad-input, Gymnasium parity, PyTorch parity in the benchmark venv it creates) and the Spark executor's (profile spark), and
# beside them execute every notebook headless at its small (CI) budget.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The PyTorch / JAX references (IqlParityTest, BcqParityTest, PpoParityTest, EdacParityTest, PexParityTest, the train
# benchmark's reference servers) run in the benchmark venv outside the checkout: setup.sh --with-references makes it
# beside the build (about 2 minutes on a fresh machine, 5 s when present), and it is required, so those tests fail
# rather than skip when it is missing.
bash "$ROOT/environment/setup.sh" --with-spark --with-references
cd "$ROOT"
mkdir -p "$ROOT/results"
export RRL_REQUIRE_REFERENCES=1
PY="$ROOT/.venv/bin/python"
# The notebooks run beside the library tests, a core each: most tests and most notebook cells train on one thread,
# so one after the other they left a core idle most of the time. When the tests are done, a second worker takes the
# notebooks not yet started, so neither core waits for the other. The work comes in chains, longest first (measured on a
# 2-core AVX2 machine), each claimed by one worker (mkdir is atomic) and run in order: 03 and 04 share one study folder,
# and notebook 06 runs twice, the second time on the Spark kernel (setup.sh --with-spark registered it) with the same
# study as Spark tasks. The kernels run the jar setup.sh packaged and write under results/; `mvn test` builds no jar and
# writes under lib/target and temporary folders: neither touches the other's files.
CHAINS=(02 01 03-04 00 07 08 09 10 06 05)
claims="$(mktemp -d)"
notebook_chain() {
  local nb="$ROOT/notebooks"
  case "$1" in
    03-04) "$PY" "$ROOT/environment/run_notebooks.py" "$nb"/03_*.ipynb "$nb"/04_*.ipynb --out "$ROOT/results/notebooks" ;;
    06) "$PY" "$ROOT/environment/run_notebooks.py" "$nb"/06_*.ipynb --out "$ROOT/results/notebooks" &&
        "$PY" "$ROOT/environment/run_notebooks.py" "$nb"/06_*.ipynb --kernel rrl-spark -p executor spark \
          --out "$ROOT/results/notebooks-spark" ;;
    *) "$PY" "$ROOT/environment/run_notebooks.py" "$nb"/"$1"_*.ipynb --out "$ROOT/results/notebooks" ;;
  esac
}
# one worker: every chain no other worker has claimed; fails if one of its chains failed
notebook_worker() {
  local ok=1
  for chain in "${CHAINS[@]}"; do
    mkdir "$claims/$chain" 2>/dev/null || continue
    notebook_chain "$chain" || ok=0
  done
  ((ok))
}
echo "== library and Spark executor tests (mvn -Pspark test; full log in results/mvn-test.log), and beside them every notebook (results/notebooks.log, results/notebooks-after-tests.log)"
(
  "$PY" "$ROOT/environment/run_notebooks.py" --self-test || exit 1   # the output checks can fail
  notebook_worker
) > "$ROOT/results/notebooks.log" 2>&1 &
notebooks=$!
# whatever ends this script, the notebooks do not outlive it
trap 'kill "$notebooks" 2>/dev/null || true; rm -rf "$claims"' EXIT
tests_ok=1
# setup.sh has just packaged everything, the JavaCPP glue included: parsing the MuJoCo headers and compiling the JNI
# library again (about 1.5 minutes of a core) would rebuild the same files, so the test build skips JavaCPP's goals.
mvn -B -ntp -Pspark -Djavacpp.skip=true test > "$ROOT/results/mvn-test.log" 2>&1 || tests_ok=0
notebooks_ok=1
notebook_worker > "$ROOT/results/notebooks-after-tests.log" 2>&1 || notebooks_ok=0
wait "$notebooks" || notebooks_ok=0
trap - EXIT
rm -rf "$claims"
if ((tests_ok)); then
  grep -E "^parity|^\[(INFO|WARNING)\] Tests run:|^max over|^RESULT" "$ROOT/results/mvn-test.log"
else
  grep -E "Tests run:|FAIL|ERROR" "$ROOT/results/mvn-test.log" | head -60
  echo "library tests failed (see results/mvn-test.log)"
fi
echo "== notebooks"
cat "$ROOT/results/notebooks.log"
echo "== notebooks started after the tests"
cat "$ROOT/results/notebooks-after-tests.log"
if ! ((tests_ok && notebooks_ok)); then
  exit 1
fi
