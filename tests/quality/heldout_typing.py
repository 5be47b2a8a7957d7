#!/usr/bin/python3
"""Narrative typing on held-out sets (issue 21): each set's units, without their codes and types,
coded by qda-code and synthesized by qda-synthesize; each narrative's best type, and whether it
was assigned or abstained, against the type its writer gave it (the units' "type").

Printed per set: narratives, coverage (the share assigned), accuracy of the assigned ones, and
accuracy of the best type over all (abstentions included, their best type counted). With
--learn F, a person is also taken to have coded a share F of the units (at random, seed 1) and
the codes come from the rules and the model learnt from those codings (qda-code --learn); the
narratives scored are then still all of them.

Usage: heldout_typing.py --bin BUILD/bin --root REPO --units FILE [--units FILE ...] [--learn 0.25]
Exit 77 (skipped) while the codebook is missing.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

SKIP = 77


def run(cmd, stdin=None):
    r = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        raise SystemExit(f"heldout_typing: {' '.join(cmd[:1])} failed ({r.returncode})")
    return r.stdout


def score(bin, codebook, path, learn, tmp, veto=None):
    units = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    gold = {u["doc"]: u["type"] for u in units if u.get("type")}
    bare = os.path.join(tmp, "units.jsonl")
    with open(bare, "w", encoding="utf-8") as f:
        for u in units:
            v = {k: x for k, x in u.items() if k not in ("codes", "type")}
            f.write(json.dumps(v, ensure_ascii=False) + "\n")
    args = [os.path.join(bin, "qda-code"), "-q", "-c", codebook, "--mode", "auto"]
    if learn:
        ids = [u["id"] for u in units]
        chosen = set(random.Random(1).sample(ids, round(learn * len(ids))))
        cod = os.path.join(tmp, "codings.jsonl")
        with open(cod, "w", encoding="utf-8") as f:
            for u in units:
                if u["id"] in chosen:
                    for c in sorted(u.get("codes") or []) or ["-"]:
                        f.write(json.dumps({"coder": "gold", "doc": u["doc"], "unit": u["id"], "code": c}) + "\n")
        args += ["--learn", cod]
        if veto:
            args += ["--veto", veto]
    coded = run(args + [bare])
    synth = run([os.path.join(bin, "qda-synthesize"), "-q", "-c", codebook], coded)
    narr = [json.loads(line) for line in synth.splitlines() if '"kind":"narrative"' in line]
    n = len(gold)
    assigned = [r for r in narr if r.get("decision") == "assigned"]
    right_assigned = sum(1 for r in assigned if gold.get(r["doc"]) in r.get("assigned", []))
    right_best = sum(1 for r in narr if r.get("best") == gold.get(r["doc"]))
    return n, len(narr), len(assigned), right_assigned, right_best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--units", action="append", required=True)
    ap.add_argument("--learn", type=float, default=0.0)
    ap.add_argument("--veto", help="with --learn: qda-code --veto VETO (auto, none or a probability)")
    a = ap.parse_args()
    codebook = os.path.join(a.root, "examples", "asesoria", "codebook.yaml")
    if not os.path.exists(codebook):
        return SKIP
    how = f"rules and the model from {a.learn:.0%} coded" if a.learn else "rules"
    if a.learn and a.veto:
        how += f", veto {a.veto}"
    print(f"narrative typing ({how}): set, narratives, coverage, accuracy of the assigned, best-type accuracy")
    with tempfile.TemporaryDirectory() as tmp:
        for p in a.units:
            n, found, assigned, ra, rb = score(a.bin, codebook, p, a.learn, tmp, a.veto)
            print(f"{os.path.relpath(p, a.root)}: {n} narratives ({found} synthesized); coverage {assigned / max(n, 1):.3f} "
                  f"({assigned}); assigned right {ra / max(assigned, 1):.3f} ({ra}/{assigned}); best type right "
                  f"{rb / max(n, 1):.3f} ({rb}/{n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
