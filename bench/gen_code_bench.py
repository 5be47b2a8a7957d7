#!/usr/bin/python3
"""Deterministic bench input for qda-code: a 300-pattern codebook and unit records.

gen_code_bench.py OUTDIR [MB]  ->  OUTDIR/codebook-code-300.yaml, OUTDIR/units-code.jsonl
Words are pseudo-Spanish (syllables, some accents and ñ); 200 word/phrase patterns and 100
stem patterns; about one pattern word in 40 text words, so units get a few codes each.
"""
import json
import random
import sys

out, mb = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 50
rng = random.Random(20210601)
syl = ["ca", "ma", "pla", "ne", "ción", "ra", "to", "ri", "ña", "lo", "mien", "es", "tu", "di", "an", "te", "gó", "bre", "sí", "pe"]
def word():
    return "".join(rng.choice(syl) for _ in range(rng.randint(2, 4)))
vocab = sorted({word() for _ in range(6000)})
pattern_words = rng.sample(vocab, 400)
stems = ["acompañar", "planear", "evaluar", "aprender", "enseñar", "reflexionar", "dialogar", "resistir",
         "rechazar", "colaborar", "diagnosticar", "organizar", "implementar", "mejorar", "preocupar"]
stem_forms = {"acompañar": ["acompañé", "acompañamiento", "acompañaba"], "planear": ["planeamos", "planeaba"],
              "evaluar": ["evaluamos", "evaluaba"], "aprender": ["aprendieron", "aprendía"], "enseñar": ["enseñaba"],
              "reflexionar": ["reflexionamos"], "dialogar": ["dialogamos"], "resistir": ["resistía"],
              "rechazar": ["rechazó"], "colaborar": ["colaboramos"], "diagnosticar": ["diagnosticamos"],
              "organizar": ["organizamos"], "implementar": ["implementamos"], "mejorar": ["mejoró"],
              "preocupar": ["preocupaba"]}
with open(f"{out}/codebook-code-300.yaml", "w", encoding="utf-8") as f:
    f.write('codebook: "bench: 300 patterns"\nlanguage: es\ncodes:\n')
    wi = 0
    for c in range(50):
        f.write(f"  - id: c{c:03d}\n    label: \"código {c}\"\n    rules:\n")
        words = []
        for k in range(4 if c < 50 else 0):
            w = pattern_words[wi]; wi += 1
            words.append(w if k % 3 else w + " " + pattern_words[wi % 400])
        st = [pattern_words[(wi + k) % 400] for k in range(2)] if c < 50 else [rng.choice(vocab) for _ in range(10)]
        if c >= 50:
            st = st[:10]
        f.write(f"      - words: {json.dumps(words, ensure_ascii=False)}\n" if words else "")
        f.write(f"        stems: {json.dumps(st, ensure_ascii=False)}\n" if words else f"      - stems: {json.dumps(st, ensure_ascii=False)}\n")
forms = [w for s in stems for w in stem_forms[s]]
target = int(mb * 1024 * 1024)
size = 0
n = 0
with open(f"{out}/units-code.jsonl", "w", encoding="utf-8") as f:
    while size < target:
        n += 1
        ws = []
        for _ in range(rng.randint(60, 140)):
            r = rng.random()
            ws.append(rng.choice(pattern_words) if r < 0.025 else rng.choice(forms) if r < 0.03 else
                      rng.choice(["no", "la", "el", "de", "que", "y", "en"]) if r < 0.3 else rng.choice(vocab))
        text = " ".join(ws).capitalize() + "."
        u = {"kind": "unit", "id": f"B{n // 40}.u{n % 40:03d}", "doc": f"B{n // 40}", "participant": f"B{n // 40}",
             "source": "E", "attrs": {"gender": "f"}, "category": "anecdota", "speaker": "participant",
             "span": [0, len(text)], "text": text}
        line = json.dumps(u, ensure_ascii=False) + "\n"
        f.write(line)
        size += len(line.encode("utf-8"))
