#!/usr/bin/env python3
"""Fails when a figure of `whosaid eval` falls below its floor in floors.json.

usage: check_floors.py WHOSAID SOURCE_ROOT
"""
import json
import os
import subprocess
import sys


def lookup(figures, dotted):
    value = figures
    for key in dotted.split("."):
        value = value[key]
    return value


def main():
    whosaid, root = sys.argv[1], sys.argv[2]
    floors = json.load(open(os.path.join(root, "tests", "eval", "floors.json")))
    gold = os.path.normpath(os.path.join(root, floors["gold"]))
    if not os.path.exists(gold):
        print(f"gold file {gold} not found; skipping")
        return 77  # meson's "skipped"
    failed = False
    for kinds, wanted in floors.items():
        if not isinstance(wanted, dict):
            continue
        out = subprocess.run([whosaid, "eval", gold, "--kinds", kinds, "--json"],
                             check=True, capture_output=True, text=True).stdout
        figures = json.loads(out)
        for name, floor in wanted.items():
            value = lookup(figures, name)
            status = "ok" if value >= floor else "BELOW FLOOR"
            failed |= value < floor
            print(f"{kinds:14} {name:22} {value:.4f}  floor {floor:.4f}  {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
