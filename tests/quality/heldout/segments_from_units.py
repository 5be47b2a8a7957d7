#!/usr/bin/python3
"""Turn the held-out units (tests/quality/heldout/units.jsonl) into what segment_quality reads:
doc records on stdout (one participant turn per narrative: the units joined by one space) and
the gold boundaries (one region per doc, boundary = where each unit after the first starts)
into the file named by the argument.

The units were cut into meaning units by the person who wrote them (Giorgi's instruction,
STUDY.md), who never saw qda-segment's markers or output: a held-out check of the marker lists.
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
docs = {}
for line in open(os.path.join(here, "units.jsonl"), encoding="utf-8"):
    if line.strip():
        u = json.loads(line)
        docs.setdefault(u["doc"], []).append(u)
with open(sys.argv[1], "w", encoding="utf-8") as gold:
    for doc, units in docs.items():
        text = " ".join(u["text"] for u in units)
        u0 = units[0]
        rec = {"kind": "doc", "id": doc, "participant": u0["participant"], "source": u0["source"],
               "attrs": u0.get("attrs", {}), "category": u0.get("category", "anecdota"), "text": text,
               "turns": [{"speaker": "participant", "label": "Asesor", "span": [0, len(text)]}]}
        print(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
        gold.write(json.dumps({"doc": doc, "span": [0, len(text)],
                               "boundaries": [u["span"][0] for u in units[1:]]}, ensure_ascii=False) + "\n")
