#!/usr/bin/env python3
"""Deterministic generator of unit records for the qda-rewrite bench: sentences of the example
study's interview transcripts (real first-person Spanish, quotes, oral markers), recombined into
units of one to four sentences with alternating genders. Usage: gen_rewrite_units.py ROOT MB [SEED]"""
import glob, json, random, re, sys

root, mb = sys.argv[1], float(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2021)
sentences = []
for path in sorted(glob.glob(f"{root}/examples/asesoria/entrevistas/*.txt") + glob.glob(f"{root}/examples/asesoria/entrevistas/*.md")):
    for line in open(path, encoding="utf-8"):
        line = re.sub(r"^\s*[\w ]{2,30}:\s*", "", line.strip())  # drop the speaker label
        sentences += [s for s in re.split(r"(?<=[.!?…])\s+", line) if len(s) > 20]
if not sentences:
    sys.exit("gen_rewrite_units: no transcripts found")
limit, written, n = int(mb * 1024 * 1024), 0, 0
while written < limit:
    n += 1
    text = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4)))
    rec = {"kind": "unit", "id": f"E{n // 50 + 1}.u{n % 50 + 1:03d}", "doc": f"E{n // 50 + 1}", "participant": f"E{n // 50 + 1}",
           "source": "E", "attrs": {"gender": "fm"[n % 2]}, "category": "anecdota", "episode": n // 10, "seq": n % 50 + 1,
           "speaker": "participant", "span": [0, len(text)], "text": text}
    line = json.dumps(rec, ensure_ascii=False) + "\n"
    sys.stdout.write(line)
    written += len(line.encode("utf-8"))
