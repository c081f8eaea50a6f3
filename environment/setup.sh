#!/usr/bin/env bash
# setup.sh: make this machine (Debian 12) ready for rrl: system packages, the Python venv with
# Jupyter + JJava, the Java library build, and the "rrl" notebook kernel.
# Idempotent: every step checks before it acts, so a re-run on a set-up machine takes seconds.
# --with-spark also builds the optional Spark executor (lib/spark; Maven downloads Spark, about 200 MB, once).
# --with-references also makes the benchmark references' venv (environment/bench-venv.sh: PyTorch and JAX, outside
# the checkout), in the background beside steps 2 to 4: its 6 GB of downloads wait on the network while the build
# uses the cores (environment/test.sh asks for it: the PyTorch parity tests need it).
set -euo pipefail

WITH_SPARK=0
WITH_REFERENCES=0
for arg in "$@"; do
  case "$arg" in
    --with-spark) WITH_SPARK=1 ;;
    --with-references) WITH_REFERENCES=1 ;;
    -h|--help) echo "usage: environment/setup.sh [--with-spark] [--with-references]"; exit 0 ;;
    *) echo "setup: unknown option '$arg'; the options are --with-spark (also build the Spark executor) and" \
            "--with-references (also make the benchmark references' venv)" >&2; exit 2 ;;
  esac
done

PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$PROJECT/.venv"
REQUIREMENTS="$PROJECT/environment/requirements.txt"
say() { echo "setup: $*"; }

SUDO=""
if [[ $EUID -ne 0 ]]; then SUDO="sudo"; fi

# 1. System packages. libmujoco-dev + g++ because the build compiles JNI glue against MuJoCo's headers;
#    fonts-dejavu-core because headless AWT needs a font to draw chart labels and captions; libegl-dev (EGL
#    headers for the renderer's glue), libegl1 and libgl1-mesa-dri (EGL with Mesa's llvmpipe) so MuJoCo's
#    renderer draws off-screen without a GPU or a display (rrl.render). slurm-wlm and munge for the one-node
#    cluster of environment/slurm-local.sh (SlurmClusterTest, `rrl sweep slurm` tried by hand); it runs its own munged
#    and ports, so the system services these packages may enable are neither needed nor in the way.
missing=()
for pkg in libmujoco-dev g++ maven openjdk-17-jdk-headless fonts-dejavu-core libegl-dev libegl1 libgl1-mesa-dri \
           slurm-wlm munge; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ! command -v python3 >/dev/null; then
  missing+=(python3 python3-venv)
elif ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  missing+=(python3-venv)   # Debian's python3 splits venv/ensurepip into their own package
fi
if ((${#missing[@]})); then
  say "installing ${missing[*]} (apt)"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "system packages present"
fi

# The references' venv needs only python3 with venv (step 1): made beside the steps below, its output held back
# until they are done so the two do not interleave.
references_pid=""
if ((WITH_REFERENCES)); then
  references_log="$(mktemp)"
  bash "$PROJECT/environment/bench-venv.sh" >"$references_log" 2>&1 &
  references_pid=$!
  trap 'kill "$references_pid" 2>/dev/null || true; rm -f "$references_log"' EXIT
fi

# Pin Java 17 (the Vector API incubator module and the build's release level) even if another JDK is default.
JAVA17="/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)"
if [[ -x "$JAVA17/bin/java" ]]; then
  export JAVA_HOME="$JAVA17"
  JAVA_BIN="$JAVA17/bin/java"
else
  JAVA_BIN="$(command -v java)"
fi

# 2. Python venv; reinstalled only when requirements.txt changes (its hash is stamped in the venv).
stamp="$VENV/.requirements.sha256"
want="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if ! "$VENV/bin/python" -c '' 2>/dev/null; then
  say "creating $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
fi
if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  say "installing Python requirements (pip; takes a few minutes the first time)"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQUIREMENTS"
  echo "$want" >"$stamp"
else
  say "venv up to date"
fi

# 3. The library. Rebuilt when any source or pom is newer than the jar. With --with-spark, the Spark executor
#    too (profile spark: lib/spark/target/classpath = the library's class path plus Spark's), rebuilt when any of
#    its or the library's sources is newer than its jar; the jar is touched after a build, as Maven keeps an
#    unchanged jar as it was.
jar="$PROJECT/lib/target/classpath/rrl-lib.jar"
sources=("$PROJECT/lib/src/main" "$PROJECT/pom.xml" "$PROJECT/lib/pom.xml")
spark_jar="$PROJECT/lib/spark/target/classpath/rrl-spark.jar"
spark_stale=0
if ((WITH_SPARK)) && [[ ! -f "$spark_jar" || -n "$(find "${sources[@]}" "$PROJECT/lib/spark/src/main" "$PROJECT/lib/spark/pom.xml" \
                                                      -newer "$spark_jar" -print -quit)" ]]; then
  spark_stale=1
fi
# sed: Maven 3.8's -q still emits bare colour-reset codes; errors pass through unchanged.
if ((spark_stale)); then
  say "building the library and its Spark executor (mvn -Pspark package)"
  (cd "$PROJECT" && mvn -q -B -DskipTests -Pspark package) 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d'
  touch "$spark_jar"
elif [[ ! -f "$jar" || -n "$(find "${sources[@]}" -newer "$jar" -print -quit)" ]]; then
  say "building the library (mvn package)"
  (cd "$PROJECT" && mvn -q -B -DskipTests package) 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d'
elif ((WITH_SPARK)); then
  say "library and Spark executor up to date"
else
  say "library up to date"
fi

# 4. The "rrl" kernel: JJava with the library on its class path, installed into the venv (sys-prefix)
#    so it cannot leak into other projects; JJava's jar is copied so {resource_dir} stays self-contained.
#    environment/kernelspec.py writes it (JVM and compiler options, the start-up script
#    environment/kernel-startup.jsh: imports of the library's main packages, inline tables and charts,
#    line-buffered output). RRL_KERNEL_NAME / RRL_KERNEL_DIR write a kernel of another name elsewhere
#    (e.g. a worktree's own kernel under a temporary JUPYTER_PATH) without touching the venv's "rrl".
kname="${RRL_KERNEL_NAME:-rrl}"
kdir="${RRL_KERNEL_DIR:-$VENV/share/jupyter/kernels/$kname}"
display="Java (rrl)"
[[ "$kname" == rrl ]] || display="Java ($kname)"
written="$("$VENV/bin/python" "$PROJECT/environment/kernelspec.py" --dir "$kdir" --display-name "$display" \
            --java "$JAVA_BIN" --project "$PROJECT")"
case "$written" in
  written) say "registered kernel '$kname' ($display) in $kdir" ;;
  *) say "kernel '$kname' up to date" ;;
esac
# With --with-spark, a second kernel "rrl-spark": the Spark executor's class path (the library's plus Spark's) and
# the JVM options Spark needs, so a notebook can run sweeps as Spark tasks (notebook 06 with -p executor spark).
if ((WITH_SPARK)); then
  skname="${kname}-spark"
  skdir="$(dirname "$kdir")/$skname"
  written="$("$VENV/bin/python" "$PROJECT/environment/kernelspec.py" --dir "$skdir" --display-name "Java ($skname)" \
              --java "$JAVA_BIN" --project "$PROJECT" --spark --classpath "$PROJECT/lib/spark/target/classpath/*.jar")"
  case "$written" in
    written) say "registered kernel '$skname' (the Spark executor's class path) in $skdir" ;;
    *) say "kernel '$skname' up to date" ;;
  esac
fi
if [[ -n "$references_pid" ]]; then
  references_ok=1
  wait "$references_pid" || references_ok=0
  trap - EXIT
  cat "$references_log"
  rm -f "$references_log"
  ((references_ok)) || { echo "setup: the references' venv failed (environment/bench-venv.sh, its output above)" >&2; exit 1; }
fi
say "done"
