#!/usr/bin/env python3
"""Write the notebook kernelspec of rrl: JJava with the library on its class path and rrl's start-up script.

Used by environment/setup.sh (the "rrl" kernel in the venv) and by tests that start a kernel of their own on the
classes being tested:

    .venv/bin/python environment/kernelspec.py --dir DIR [--name rrl] [--display-name "Java (rrl)"]
        [--classpath "lib/target/classpath/*.jar"] [--java /usr/lib/jvm/java-17-openjdk-amd64/bin/java]
        [--jjava-jars copy|link] [--spark]

Prints "written" or "unchanged". The kernel JVM is started directly (not through JJava's launcher, which would
start a second JVM and take `java` from PATH), with the Vector API module and headless AWT; its stderr drops the
JVM's "Using incubator modules" notice, and -Xlint:none keeps javac's "using incubating module(s)" warning out of
the cells.
"""
import argparse
import json
import shutil
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
JVM_OPTS = [
    "--add-modules", "jdk.incubator.vector",
    "-Xss4m",
    "-Djava.awt.headless=true",
    # slf4j verbosity: Tablesaw brings slf4j-api without a binding, and SLF4J's "no providers" warning would
    # otherwise open every notebook's first table cell.
    "-Dslf4j.internal.verbosity=ERROR",
    # JJava's launcher adds this; JJava's code evaluator needs it.
    "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
]
# Runs the kernel JVM with its stderr minus the JVM's incubator notice (one line at start-up) and JJava's
# "[I <time> Loop-Shell-0] Loop started." lines (six per kernel, in every headless run's log and the lab's terminal).
FILTER = ('exec "$@" 2> >(grep --line-buffered -v -E '
          '"^WARNING: Using incubator modules|^\\[I [^]]*\\] Loop (started|stopped)" >&2)')


# The Spark executor's kernel ("rrl-spark", written by setup.sh --with-spark): the JVM options Spark 4 needs on
# Java 17, the one list bin/rrl and environment/spark-standalone.sh also read.
SPARK_JVM_OPTS = (PROJECT / "environment" / "spark-jvm-options.txt").read_text().split()


def spec(java, jjava_jar, classpath, project, display_name, extra_opts=()):
    return {
        "argv": ["/bin/bash", "-c", FILTER, "rrl-kernel", java, *JVM_OPTS, *extra_opts, "-jar", jjava_jar,
                 "{connection_file}"],
        "display_name": display_name,
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            "JJAVA_CLASSPATH": classpath,  # globs resolved at kernel start
            "JJAVA_COMPILER_OPTS": "--add-modules jdk.incubator.vector -Xlint:none",
            "JJAVA_STARTUP_SCRIPTS_PATH": str(project / "environment" / "kernel-startup.jsh"),
            "OMP_NUM_THREADS": "1",
            "RRL_PROJECT": str(project),
        },
        "metadata": {},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, required=True, help="kernelspec folder to write (its name is the kernel's)")
    ap.add_argument("--display-name", default="Java (rrl)")
    ap.add_argument("--project", type=Path, default=PROJECT)
    ap.add_argument("--classpath", help="JJAVA_CLASSPATH (default: <project>/lib/target/classpath/*.jar)")
    ap.add_argument("--java", default="java", help="the JDK 17 java binary")
    ap.add_argument("--spark", action="store_true",
                    help="the JVM options the Spark executor needs (with --classpath lib/spark/target/classpath/*.jar)")
    ap.add_argument("--jjava-jars", choices=["copy", "link"], default="copy",
                    help="copy JJava's jar into the kernelspec (self-contained) or refer to the venv's")
    args = ap.parse_args()

    project = args.project.resolve()
    source = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "java" / "jjava.jar"
    if not source.is_file():
        sys.exit(f"kernelspec.py: JJava's jar is missing at {source} (is jjava in requirements.txt?)")
    args.dir.mkdir(parents=True, exist_ok=True)
    if args.jjava_jars == "copy":
        target = args.dir / "jjava.jar"
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
        jar = "{resource_dir}/jjava.jar"
    else:
        jar = str(source)
    classpath = args.classpath or f"{project}/lib/target/classpath/*.jar"
    text = json.dumps(spec(args.java, jar, classpath, project, args.display_name,
                           SPARK_JVM_OPTS if args.spark else ()), indent=2) + "\n"
    kernel_json = args.dir / "kernel.json"
    if kernel_json.is_file() and kernel_json.read_text() == text:
        print("unchanged")
    else:
        kernel_json.write_text(text)
        print("written")


if __name__ == "__main__":
    main()
