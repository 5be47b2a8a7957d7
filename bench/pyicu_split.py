#!/usr/bin/env python3
"""Peer for `make bench`: PyICU's sentence BreakIterator (one, reused) over the text of every
doc record on stdin; prints the number of sentences. Usage: pyicu_split.py < corpus.jsonl"""
import json, sys
import icu

bi = icu.BreakIterator.createSentenceInstance(icu.Locale("es"))
n = 0
for line in sys.stdin:
    r = json.loads(line)
    if r.get("kind") != "doc":
        continue
    bi.setText(r["text"])
    n += sum(1 for _ in bi)
print(f"{n} sentences")
