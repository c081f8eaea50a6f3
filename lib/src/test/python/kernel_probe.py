#!/usr/bin/env python3
"""Run cells on a real Jupyter kernel and print what a saved notebook would hold, as JSON.

    kernel_probe.py KERNEL_NAME CELLS.json > OUTPUTS.json

CELLS.json is a list of code strings. The answer is a list (one entry per cell) of outputs, each
{"type": "stream"|"display_data"|"execute_result"|"error", "name": ..., "data": {mime: text}, "ename": ...},
in arrival order, with update_display_data applied to the output holding the same display_id (as
nbclient/papermill do). Stream messages are NOT merged: each one is its own output, as nbclient keeps them and
nbconvert's HTML shows them (one block per message).
"""
import json
import sys

from jupyter_client.manager import start_new_kernel


def run(kernel_name, cells):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=180)
    results = []
    try:
        for code in cells:
            outputs, by_display_id = [], {}
            msg_id = kc.execute(code)
            while True:
                msg = kc.get_iopub_msg(timeout=300)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "status" and content["execution_state"] == "idle":
                    break
                if kind == "stream":
                    outputs.append({"type": "stream", "name": content["name"], "text": content["text"]})
                elif kind in ("display_data", "execute_result"):
                    out = {"type": kind, "data": content["data"]}
                    outputs.append(out)
                    display_id = content.get("transient", {}).get("display_id")
                    if display_id:
                        by_display_id[display_id] = out
                elif kind == "update_display_data":
                    display_id = content.get("transient", {}).get("display_id")
                    if display_id in by_display_id:
                        by_display_id[display_id]["data"] = content["data"]
                elif kind == "error":
                    outputs.append({"type": "error", "ename": content["ename"], "evalue": content["evalue"],
                                    "traceback": content.get("traceback", [])})
            kc.get_shell_msg(timeout=60)
            results.append(outputs)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return results


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as f:
        cells = json.load(f)
    json.dump(run(sys.argv[1], cells), sys.stdout)
