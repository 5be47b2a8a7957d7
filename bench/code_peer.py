#!/usr/bin/python3
"""Python peer of qda-code for the bench: unicodedata fold + one `re` alternation of every
word pattern (stems as prefixes), whole words, over each unit's text. Prints MB/s."""
import json
import re
import sys
import time
import unicodedata

import yaml


def fold(s):
    out = []
    for ch in s.lower():
        if ch == "ñ":
            out.append(ch)
            continue
        out.append(unicodedata.normalize("NFD", ch)[0])
    return "".join(out)


cb = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
limit = int(float(sys.argv[3]) * 1024 * 1024) if len(sys.argv) > 3 else None
t0 = time.perf_counter()
alts = []
for c in cb["codes"]:
    for r in c.get("rules", []):
        alts += [re.escape(fold(w)).replace("\\ ", r"\s+") for w in r.get("words", [])]
        alts += [re.escape(fold(w)[:-2]) + r"\w*" for w in r.get("stems", [])]  # crude prefix stems
rx = re.compile(r"\b(?:" + "|".join(alts) + r")\b")
compile_ms = (time.perf_counter() - t0) * 1000
size = hits = 0
t0 = time.perf_counter()
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        size += len(line.encode("utf-8"))
        u = json.loads(line)
        hits += sum(1 for _ in rx.finditer(fold(u["text"])))
        if limit and size >= limit:
            break
dt = time.perf_counter() - t0
print(f"bench code peer (python fold + re): {size / dt / 1e6:.1f} MB/s over {size / 1e6:.1f} MB, compile {compile_ms:.0f} ms, {hits} hits")
