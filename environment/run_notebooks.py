#!/usr/bin/env python3
"""Execute notebooks headless on the "rrl" kernel and check that each one ran and showed results.

Run with the project venv:  .venv/bin/python environment/run_notebooks.py [NOTEBOOK ...]
                                [--out DIR] [-p NAME VALUE ...] [--timeout SECONDS] [--kernel NAME]

For every notebook it writes the executed .ipynb and an .html copy into the out dir. A notebook
fails if a cell raises; if it does not show what its metadata `rrl.expects` lists (default for the
project's notebooks/: a table, text/html containing "<table", and a chart, image/png; for a notebook of
yours: nothing; "animation" adds an image/gif or an HTML <img> of one); if a cell prints
more than MAX_LINES_PER_CELL lines (progress-bar spam); or if an output is a bare Java identity string
such as `ActorPolicy@1f2a3b` or `[D@6d06d69c`.
The last line printed is "N passed, N failed".
"""
import argparse
import math
import re
import signal
import sys
import time
from pathlib import Path

import nbformat
import papermill as pm
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbconvert import HTMLExporter
from papermill.models import Parameter
from papermill.translators import Translator, papermill_translators

PROJECT = Path(__file__).resolve().parent.parent
KERNEL = "rrl"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Cells papermill adds to the executed copy; skipped so cell numbers match the source notebook.
PAPERMILL_TAGS = {"injected-parameters", "papermill-error-cell-tag"}


class JavaTranslator(Translator):
    """Papermill has no Java translator; this one injects parameters as typed JShell declarations."""

    @classmethod
    def translate_str(cls, val):
        out = []
        for ch in val:
            if ch in '"\\':
                out.append("\\" + ch)
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\t":
                out.append("\\t")
            elif ch == "\r":
                out.append("\\r")
            elif ord(ch) < 0x20:
                out.append(f"\\u{ord(ch):04x}")
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'

    @classmethod
    def translate_none(cls, val):
        return "null"

    @classmethod
    def translate_int(cls, val):
        return str(val) if -(2**31) <= val < 2**31 else f"{val}L"

    @classmethod
    def translate_float(cls, val):
        if math.isnan(val):
            return "Double.NaN"
        if math.isinf(val):
            return "Double.POSITIVE_INFINITY" if val > 0 else "Double.NEGATIVE_INFINITY"
        return repr(float(val))

    @classmethod
    def comment(cls, cmt_str):
        return f"// {cmt_str}".strip()

    @classmethod
    def java_type(cls, val):
        if val is None:
            return "Object"
        if isinstance(val, bool):
            return "boolean"
        if isinstance(val, int):
            return "int" if -(2**31) <= val < 2**31 else "long"
        if isinstance(val, float):
            return "double"
        if isinstance(val, str):
            return "String"
        raise ValueError(f"parameter type {type(val).__name__} is not supported for Java notebooks")

    @classmethod
    def inspect(cls, parameters_cell):
        # Declarations like "int episodes = 10; // help"; papermill uses them to warn about unknown -p names.
        decl = re.compile(r"^\s*(?:final\s+)?([\w.<>\[\]]+)\s+(\w+)\s*=\s*(.+?);\s*(?://\s*(.*))?$")
        found = (decl.match(line) for line in parameters_cell.source.splitlines())
        return [Parameter(m[2], m[1], m[3], m[4] or "") for m in found if m]

    @classmethod
    def codify(cls, parameters, comment="Parameters"):
        # A typed declaration replaces the parameters cell's declaration of the same name in JShell.
        lines = [cls.comment(comment)]
        lines += [f"{cls.java_type(v)} {k} = {cls.translate(v)};" for k, v in parameters.items()]
        return "\n".join(lines) + "\n"


papermill_translators.register("java", JavaTranslator)
papermill_translators.register(KERNEL, JavaTranslator)


def parse_value(text):
    """Command-line value to bool/None/int/float/str, like papermill's own -p."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if text in ("None", "null"):
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def source_cells(nb):
    """(number, cell) for the notebook's own cells, numbered from 1 as a reader counts them."""
    own = [c for c in nb.cells if not PAPERMILL_TAGS & set(c.get("metadata", {}).get("tags", []))]
    return list(enumerate(own, start=1))


def first_error(nb):
    """A one-paragraph description of the first cell with an error output, or None."""
    for number, cell in source_cells(nb):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                head = next((ln for ln in cell.source.splitlines() if ln.strip()), "").strip()
                trace = [ANSI.sub("", ln) for ln in out.get("traceback", [])]
                trace = "\n      ".join(ln for t in trace for ln in t.splitlines() if ln.strip())
                return (f"cell {number} (In [{cell.get('execution_count')}]: {head[:70]!r}) raised "
                        f"{out.get('ename')}: {ANSI.sub('', str(out.get('evalue')))}"
                        + (f"\n      {trace[:1500]}" if trace else ""))
    return None


# A bare Java identity string: Object.toString() of a class without its own (ActorPolicy@1f2a3b, [D@6d06d69c).
IDENTITY = re.compile(r"(?<![\w/])(?:\[+[BCDFIJSZ]|\[+L[\w.$]+;|[A-Za-z_$][\w$]*(?:\.[\w$]+)*)@[0-9a-f]{5,8}\b")
# Output lines one cell may keep: a progress bar keeps one line, so hundreds mean a bar that spammed.
MAX_LINES_PER_CELL = 60


def text_of(out):
    """The plain text a reader sees in one output (stream text or text/plain data)."""
    if out.get("output_type") == "stream":
        return "".join(out.get("text", ""))
    return "".join(out.get("data", {}).get("text/plain", ""))


def rich(out):
    """Whether a notebook front end shows the output as HTML or an image (its text/plain is only a fallback)."""
    return any(k == "text/html" or k.startswith("image/") for k in out.get("data", {}))


def expected_media(nb, own=True):
    """What the notebook must show: its metadata rrl.expects, else a table and a chart for the project's own
    notebooks (own=True) and nothing for a notebook of yours."""
    return nb.metadata.get("rrl", {}).get("expects", ["table", "chart"] if own else [])


def output_problems(nb, own=True):
    """Problems with what the notebook shows: a missing table / chart / animation, progress-bar line spam in a
    cell, or a bare Java identity string where a readable summary belongs."""
    problems = []
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    data = [o.get("data", {}) for o in outputs if "data" in o]
    html = ["".join(d["text/html"]) for d in data if "text/html" in d]
    shows = {
        "table": any("<table" in h for h in html),
        "chart": any("image/png" in d for d in data),
        "animation": any("image/gif" in d for d in data) or any("data:image/gif;base64," in h for h in html)
                     or any("<video" in h for h in html),
    }
    hints = {"table": 'table (text/html containing "<table")', "chart": "chart (image/png)",
             "animation": "animation (image/gif, or an HTML <img> of a GIF / <video>)"}
    for what in expected_media(nb, own):
        if not shows.get(what, False):
            problems.append(f"shows no {hints.get(what, what)} in any output (its metadata rrl.expects, or the "
                            "project's default of a table and a chart, asks for one)")
    for number, cell in source_cells(nb):
        if cell.cell_type != "code":
            continue
        # a table or chart shown as HTML / an image is read as that, not as its text/plain fallback
        lines = sum(len(text_of(o).splitlines()) for o in cell.get("outputs", []) if not rich(o))
        if lines > MAX_LINES_PER_CELL:
            problems.append(f"cell {number} prints {lines} lines (at most {MAX_LINES_PER_CELL}: a progress bar or log "
                            "that should keep one final line)")
        for o in cell.get("outputs", []):
            m = IDENTITY.search(ANSI.sub("", text_of(o)))
            if m:
                problems.append(f"cell {number} shows the Java identity string {m.group(0)!r} (give the type a "
                                "readable toString, or make the method return nothing)")
                break
    return problems


def self_test():
    """Checks that output_problems catches each kind of bad output (so the notebook checks can fail)."""
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    def nb_with(*outputs, expects=None):
        nb = new_notebook(cells=[new_code_cell("x", outputs=list(outputs))])
        if expects is not None:
            nb.metadata["rrl"] = {"expects": expects}
        return nb

    table = new_output("display_data", data={"text/html": "<table><tr><td>1</td></tr></table>"})
    chart = new_output("display_data", data={"image/png": "iVBORw0KGgo="})
    gif = new_output("display_data", data={"text/html": '<img src="data:image/gif;base64,R0lGOD">'})
    cases = {
        "clean": (nb_with(table, chart), []),
        "no chart": (nb_with(table), ["shows no chart"]),
        "no animation": (nb_with(table, chart, expects=["table", "chart", "animation"]), ["shows no animation"]),
        "animation": (nb_with(table, chart, gif, expects=["table", "chart", "animation"]), []),
        "yours": (nb_with(), []),
        "spam": (nb_with(table, chart, new_output("stream", name="stdout", text="step 1\n" * 200)), ["prints 200 lines"]),
        "long table": (nb_with(chart, new_output("display_data", data={"text/html": "<table>" + "<tr><td>1</td></tr>" * 100
                                                                       + "</table>", "text/plain": "1\n" * 100})), []),
        "long text result": (nb_with(table, chart, new_output("execute_result", data={"text/plain": "1\n" * 100},
                                                               execution_count=1)), ["prints 100 lines"]),
        "identity": (nb_with(table, chart, new_output("execute_result", data={"text/plain": "java.io.PrintStream@5e9f23b4"},
                                                      execution_count=1)), ["identity string"]),
        "array": (nb_with(table, chart, new_output("stream", name="stdout", text="delta [D@6d06d69c\n")), ["identity"]),
    }
    bad = []
    for name, (nb, expected) in cases.items():
        got = output_problems(nb, own=name != "yours")
        if len(got) != len(expected) or any(e not in g for e, g in zip(expected, got)):
            bad.append(f"{name}: expected {expected}, got {got}")
    for b in bad:
        print(f"FAILED self-test {b}")
    print(f"self-test: {len(cases) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


def run_one(path, out_dir, parameters, timeout, kernel=KERNEL):
    """Executes one notebook; returns a list of problems (empty = passed)."""
    executed = out_dir / path.name
    if executed.resolve() == path:
        return ["--out must not be the notebook's own folder (the executed copy would overwrite it)"]
    error = None
    try:
        pm.execute_notebook(
            str(path), str(executed), parameters=parameters, kernel_name=kernel, language="java",
            cwd=str(path.parent), execution_timeout=timeout, progress_bar=False, log_output=False)
    except pm.PapermillExecutionError:
        pass  # the executed copy holds the error output; described below with the cell's number
    except Exception as e:  # kernel died, timed out, bad parameters ...
        error = f"{type(e).__name__}: {ANSI.sub('', str(e)).strip()[:1500]}"
    if not executed.exists():
        return [error or "papermill wrote no output notebook"]
    nb = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter().from_notebook_node(nb)
    executed.with_suffix(".html").write_text(body, encoding="utf-8")
    cell_error = first_error(nb)
    if cell_error or error:
        return [p for p in (cell_error, error) if p]
    return output_problems(nb, own=path.parent == PROJECT / "notebooks")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    ap.add_argument("--out", type=Path, default=PROJECT / "results" / "notebooks",
                    help="where executed .ipynb and .html go (default: results/notebooks)")
    ap.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                    help="papermill parameter (repeatable)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per cell (0 = no limit; default 3600)")
    ap.add_argument("--self-test", action="store_true", help="check the output checks themselves, then exit")
    ap.add_argument("--kernel", default=KERNEL,
                    help=f'kernelspec name (default "{KERNEL}"; another one, e.g. a worktree\'s own written by '
                         'RRL_KERNEL_NAME=... environment/setup.sh, is found through JUPYTER_PATH)')
    args = ap.parse_args()
    # SIGTERM (test.sh's exit trap, a CI timeout) as an exit, not a sudden death: papermill then shuts the kernel down
    # instead of leaving its JVM running on
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.self_test:
        return self_test()

    try:
        KernelSpecManager().get_kernel_spec(args.kernel)
    except NoSuchKernel:
        sys.exit(f'kernel "{args.kernel}" is not installed in {sys.prefix} (or on JUPYTER_PATH): '
                 'run environment/setup.sh first')
    papermill_translators.register(args.kernel, JavaTranslator)

    notebooks = args.notebooks or sorted((PROJECT / "notebooks").glob("*.ipynb"))
    parameters = {name: parse_value(value) for name, value in args.parameter}
    timeout = args.timeout if args.timeout > 0 else None
    args.out.mkdir(parents=True, exist_ok=True)

    failed = []
    for path in notebooks:
        path = path.resolve()
        print(f"running {path.name} ...", flush=True)
        start = time.monotonic()
        problems = run_one(path, args.out, parameters, timeout, args.kernel) if path.is_file() else ["file not found"]
        took = time.monotonic() - start
        if problems:
            failed.append(path)
            for p in problems:
                print(f"FAILED {path}: {p}", flush=True)
        else:
            print(f"  ok ({took:.1f} s) -> {args.out / path.name}", flush=True)
    print(f"{len(notebooks) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
