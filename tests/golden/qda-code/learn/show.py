#!/usr/bin/python3
"""The model's applications in a coded stream: how many, and the first ones in full."""
import json
import sys

shown, total, units = 0, 0, 0
for line in sys.stdin:
    r = json.loads(line)
    if r["kind"] != "unit":
        continue
    units += 1
    for c in r["codes"]:
        if not c["by"].startswith("model:"):
            continue
        total += 1
        if shown < int(sys.argv[1]):
            shown += 1
            print(r["id"], c["code"], c["by"], c["probability"], c["features"], c["span"], repr(c["evidence"]))
print(f"{total} model applications on {units} units")
