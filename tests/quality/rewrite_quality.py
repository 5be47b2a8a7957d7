#!/usr/bin/python3
"""Quality of qda-rewrite against the linguist's gold rewrites (examples/asesoria/gold/rewrite.jsonl).

Each gold line {"id", "gender", "text", "third_person", "features"} becomes a unit record; the
script runs qda-rewrite over them, with the example's codebook for its role nouns (the gold writes
"la persona asesora" for an unknown gender), and prints the sentence exact-match rate, the changed-token
accuracy (of the word tokens the gold changes, the share rewritten exactly as in the gold),
the spurious changes (tokens the tool changed and the gold kept) and the exact-match rate by
feature, then lists the sentences that differ.

  rewrite_quality.py BINDIR ROOT [--assert MIN_EXACT] [--gold FILE] [-q]

Exit 77 (skipped) while the gold file, the tool or the Apertium data is missing; exit 1 when
--assert is given and the exact-match rate is below MIN_EXACT.
"""
import difflib
import json
import os
import re
import subprocess
import sys

SKIP = 77
MORPHOLOGY = "/usr/share/apertium/apertium-spa-cat/spa-cat.automorf.bin"
TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def skip(msg):
    print(f"rewrite_quality: skipped: {msg}")
    sys.exit(SKIP)


def changes(src, dst):
    """Map each changed stretch of source tokens (i, j) to the tokens it became."""
    out = {}
    sm = difflib.SequenceMatcher(a=src, b=dst, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            out[(i1, i2)] = " ".join(dst[j1:j2])
    return out


def main():
    args = sys.argv[1:]
    quiet = "-q" in args
    args = [a for a in args if a != "-q"]
    threshold = None
    gold = None
    if "--assert" in args:
        i = args.index("--assert")
        threshold = float(args[i + 1])
        del args[i:i + 2]
    if "--gold" in args:
        i = args.index("--gold")
        gold = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    bindir, root = args
    gold = gold or os.path.join(root, "examples/asesoria/gold/rewrite.jsonl")
    tool = os.path.join(bindir, "qda-rewrite")
    if not os.path.exists(gold):
        skip(f"no gold file {gold}")
    if not os.access(tool, os.X_OK):
        skip(f"no {tool}")
    if not os.path.exists(MORPHOLOGY):
        skip("apertium-spa-cat is not installed")

    rows = []
    with open(gold, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    skip(f"{gold}:{n}: not JSON yet ({e})")  # the file is being written
    if not rows:
        skip("the gold file is empty")

    units = []
    for i, r in enumerate(rows):
        attrs = {"gender": r["gender"]} if r.get("gender") in ("f", "m", "x") else {}
        units.append(json.dumps({"kind": "unit", "id": f"Q.u{i:04d}", "doc": "Q", "participant": "Q",
                                 "source": "Q", "attrs": attrs, "episode": i, "seq": i,
                                 "speaker": "participant", "span": [0, len(r["text"])],
                                 "text": r["text"]}, ensure_ascii=False))
    codebook = os.path.join(root, "examples/asesoria/codebook.yaml")
    proc = subprocess.run([tool, "-q", "-c", codebook], input="\n".join(units) + "\n", capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return 1
    outs = [r for r in map(json.loads, proc.stdout.splitlines()) if r["kind"] != "provenance"]
    assert len(outs) == len(rows), "one output record per gold sentence"

    exact = 0
    gold_changed = right = spurious = 0
    by_feature = {}
    misses = []
    for r, o in zip(rows, outs):
        ok = o["third_person"] == r["third_person"]
        exact += ok
        for feat in r.get("features", []):
            t = by_feature.setdefault(feat, [0, 0])
            t[0] += ok
            t[1] += 1
        src = TOKEN.findall(r["text"])
        want = changes(src, TOKEN.findall(r["third_person"]))
        got = changes(src, TOKEN.findall(o["third_person"]))
        gold_changed += len(want)
        right += sum(1 for k, v in want.items() if got.get(k) == v)
        spurious += sum(1 for k in got if k not in want)
        if not ok:
            misses.append((r["id"], r["text"], r["third_person"], o["third_person"]))

    n = len(rows)
    print(f"rewrite quality on {n} gold sentences ({gold})")
    print(f"  sentence exact match:   {exact}/{n} = {100.0 * exact / n:.1f} %")
    if gold_changed:
        print(f"  changed-token accuracy: {right}/{gold_changed} = {100.0 * right / gold_changed:.1f} %")
    print(f"  spurious changes:       {spurious}")
    print("  exact match by feature:")
    for feat in sorted(by_feature):
        ok, tot = by_feature[feat]
        print(f"    {feat:24s} {ok:4d}/{tot:<4d} {100.0 * ok / tot:5.1f} %")
    if not quiet and misses:
        print("  differences (gold / tool):")
        for rid, text, want, got in misses:
            print(f"    {rid}: {text}\n      gold: {want}\n      tool: {got}")
    if threshold is not None and exact / n < threshold:
        print(f"rewrite_quality: exact match {100.0 * exact / n:.1f} % is below {100.0 * threshold:.1f} %")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
