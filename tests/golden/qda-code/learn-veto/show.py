#!/usr/bin/python3
"""What a model's veto set aside in a coded stream: how many, the first ones in full, and the
check that nothing was lost (every rule application is in codes or in set_aside)."""
import json
import sys

shown, vetoed, rules, model, units = 0, 0, 0, 0, 0
for line in sys.stdin:
    r = json.loads(line)
    if r["kind"] != "unit":
        continue
    units += 1
    rules += sum(1 for c in r["codes"] if c["by"].startswith("rule:"))
    model += sum(1 for c in r["codes"] if c["by"].startswith("model:"))
    for c in r.get("set_aside", []):
        if "veto" not in c:
            continue
        vetoed += 1
        assert c["by"].startswith("rule:") and c["veto"].startswith("model:") and 0 <= c["probability"] < 1
        assert not any(k["code"] == c["code"] for k in r["codes"]), "a vetoed code is still on the unit"
        if shown < int(sys.argv[1]):
            shown += 1
            print(r["id"], c["code"], c["by"], c["veto"], c["probability"], c["features"], c["span"], repr(c["evidence"]))
print(f"{vetoed} rule applications vetoed, {rules} kept, {model} added by the model, on {units} units")
if len(sys.argv) > 2:
    print("rules before the veto:", rules + vetoed, "expected", sys.argv[2], "same" if rules + vetoed == int(sys.argv[2]) else "DIFFERENT")
