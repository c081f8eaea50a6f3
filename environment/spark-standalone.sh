#!/usr/bin/env bash
# spark-standalone.sh: a Spark standalone master or worker on this machine, run from the Spark executor's own class path
# (lib/spark/target/classpath; no Spark download):
#   environment/spark-standalone.sh master [--host HOST] [--port 7077] [--webui-port 8080]
#   environment/spark-standalone.sh worker spark://HOST:7077 [--host HOST] [--cores N] [--memory 8g] [--work-dir DIR]
# Every machine needs this project at the same path (built with environment/setup.sh --with-spark) and the sweep's
# run folders on storage all of them see. Each runs in the foreground; stop it with Ctrl-C (or a service manager).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CP="$ROOT/lib/spark/target/classpath"
case "${1:-}" in
  master) CLASS=org.apache.spark.deploy.master.Master ;;
  worker) CLASS=org.apache.spark.deploy.worker.Worker ;;
  *) echo "usage: environment/spark-standalone.sh master [Spark master options] | environment/spark-standalone.sh worker spark://HOST:PORT [Spark worker options]" >&2
     exit 2 ;;
esac
shift
if [[ ! -f "$CP/rrl-spark.jar" ]]; then
  echo "rrl-spark: the Spark executor is not built; build it once with: bash environment/setup.sh --with-spark" >&2
  exit 2
fi
# A worker starts each executor JVM with SPARK_HOME/jars/* as its class path: a SPARK_HOME whose jars are ours.
export SPARK_HOME="$ROOT/lib/spark/target/spark-home"
mkdir -p "$SPARK_HOME"
ln -sfn ../classpath "$SPARK_HOME/jars"
export SPARK_SCALA_VERSION=2.13   # else Spark's launcher looks for a Spark source build to learn it
# Spark 4 on Java 17 needs packages opened (spark-jvm-options.txt, the list bin/rrl and the rrl-spark kernel use).
mapfile -t OPENS < "$ROOT/environment/spark-jvm-options.txt"
# info: the daemons say where they listen and who registers; no REST server: it would take unauthenticated submissions
exec java -Xmx1g --add-modules jdk.incubator.vector "${OPENS[@]}" -Drrl.spark.deploy.level=info \
  -Dspark.master.rest.enabled=false \
  -cp "$CP/*" "$CLASS" "$@"
