#!/usr/bin/python3
"""Synthetic coded units for benchmarking qda-synthesize (fixed seed).

  gen_synthesize.py N_UNITS CODEBOOK > units.jsonl

Narratives of 3-12 participant units, each unit with 0-3 codes drawn from the codebook's
typology and a short text of lexicon-like words.
"""
import json
import random
import sys

import yaml


def main():
    n_units, codebook = int(sys.argv[1]), sys.argv[2]
    with open(codebook, encoding="utf-8") as f:
        cb = yaml.safe_load(f)
    codes = sorted({c for t in cb["typology"] for d in t["dimensions"].values() for c in d})
    words = ["bien", "mal", "problema", "logro", "miedo", "apoyo", "maestra", "alumnos", "taller", "planeación"]
    rng = random.Random(20210601)
    out = sys.stdout
    written, doc_no = 0, 0
    while written < n_units:
        doc_no += 1
        doc, part = f"C{doc_no}.q4", f"C{doc_no}"
        for seq in range(1, rng.randint(3, 12) + 1):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30))) + "."
            cs = rng.sample(codes, rng.randint(0, 3))
            out.write(json.dumps({
                "kind": "unit", "id": f"{doc}.u{seq:03d}", "doc": doc, "participant": part, "source": "C",
                "attrs": {"gender": "f"}, "category": "anecdota", "episode": 1, "seq": seq,
                "speaker": "participant", "span": [seq * 200, seq * 200 + len(text)], "text": text,
                "boundary": {"reason": "sentence", "score": 0},
                "codes": [{"code": c, "by": f"rule:{c}#1", "span": [seq * 200, seq * 200 + 4], "evidence": "bien"} for c in cs],
            }, ensure_ascii=False, separators=(",", ":")) + "\n")
            written += 1
            if written >= n_units:
                break


if __name__ == "__main__":
    main()
