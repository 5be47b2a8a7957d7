#!/usr/bin/python3
"""Quality of qda-code's rules against the gold codings of the example study.

Builds unit records from the gold segmentation (examples/asesoria/gold/segments.jsonl:
regions {doc, span, boundaries} cut into [s,b1), [b1,b2), ..., [bn,e)) over the docs that
qda-ingest reads from examples/asesoria/study.yaml, codes them with the example codebook
(--mode auto: rules only), and prints per-code and macro precision, recall and F1 against
gold/codes.jsonl (one line per gold unit: {"doc","span","codes"}), plus the units of
gold/codes-extra.jsonl (docs coded later, each line its own unit) when that file exists.

With --units FILE it scores unit records that carry their own gold `codes` instead (the
held-out set, tests/quality/heldout/units.jsonl); --show CODE lists a code's misses.

Usage: code_quality.py --bin BUILD/bin --root REPO [--units FILE] [--show CODE] [--assert MIN_MACRO_F1]
Exit 77 (skipped) while the codebook or the gold codings are missing.
"""
import argparse
import json
import os
import subprocess
import sys

SKIP = 77


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--assert", dest="minimum", type=float)
    ap.add_argument("--units", metavar="FILE",
                    help="score these unit records, each with its gold `codes` (a held-out set), "
                         "instead of the example study's gold")
    ap.add_argument("--show", metavar="CODE", action="append", default=[],
                    help="list the gold units this code misses and the units it wrongly gets")
    a = ap.parse_args()
    ex = os.path.join(a.root, "examples", "asesoria")
    codebook = os.path.join(ex, "codebook.yaml")
    gold_codes = os.path.join(ex, "gold", "codes.jsonl")
    gold_segments = os.path.join(ex, "gold", "segments.jsonl")
    for f in (codebook,) if a.units else (codebook, gold_codes, gold_segments):
        if not os.path.exists(f):
            print(f"code_quality: skipped: {os.path.relpath(f, a.root)} is missing")
            return SKIP

    if a.units:
        return score(a, codebook, *held_out(a.units))
    corpus = subprocess.run([os.path.join(a.bin, "qda-ingest"), "-q", os.path.join(ex, "study.yaml")],
                            check=True, capture_output=True, text=True).stdout
    docs = {}
    for line in corpus.splitlines():
        r = json.loads(line)
        if r["kind"] == "doc":
            docs[r["id"]] = r
    # Episodes as the pipeline numbers them (qda-segment), for rules with `after`: a gold unit
    # takes the episode of the tool's unit in which it starts.
    segmented = subprocess.run([os.path.join(a.bin, "qda-segment"), "-q"], input=corpus,
                               check=True, capture_output=True, text=True).stdout
    episodes = {}
    for line in segmented.splitlines():
        r = json.loads(line)
        if r["kind"] == "unit":
            episodes.setdefault(r["doc"], []).append((r["span"][0], r["span"][1], r["episode"]))

    def episode_of(doc, start):
        for s, e, ep in episodes.get(doc, []):
            if s <= start < e:
                return ep
        return 1

    units, key_of = [], {}

    def add_unit(d, s, e, tag):
        """A unit record of doc d over [s, e), as qda-segment would write it; returns its id."""
        speaker = "participant"
        for t in d.get("turns", []):
            if t["span"][0] <= s < t["span"][1]:
                speaker = t["speaker"]
        uid = f'{d["id"]}.{tag}{len([u for u in units if u["doc"] == d["id"]]) + 1:03d}'
        units.append({"kind": "unit", "id": uid, "doc": d["id"], "participant": d["participant"],
                      "source": d["source"], "attrs": d.get("attrs", {}), "category": d.get("category", ""),
                      "episode": episode_of(d["id"], s), "speaker": speaker, "span": [s, e], "text": d["text"][s:e]})
        key_of[(d["id"], s, e)] = uid
        return uid

    for line in open(gold_segments, encoding="utf-8"):
        if not line.strip():
            continue
        reg = json.loads(line)
        d = docs[reg["doc"]]
        cuts = [reg["span"][0]] + list(reg["boundaries"]) + [reg["span"][1]]
        for s, e in zip(cuts, cuts[1:]):
            add_unit(d, s, e, "g")

    gold_of = {}
    for line in open(gold_codes, encoding="utf-8"):
        if not line.strip():
            continue
        g = json.loads(line)
        uid = key_of.get((g["doc"], g["span"][0], g["span"][1]))
        if uid is None:
            print(f'code_quality: gold coding {g["doc"]} {g["span"]} is not a gold unit', file=sys.stderr)
            return 1
        gold_of[uid] = set(g["codes"])
    # More docs coded later by another reader (gold/codes-extra.jsonl): each line is its own
    # unit, cut by that reader; its docs are not in the gold segmentation.
    extra = os.path.join(ex, "gold", "codes-extra.jsonl")
    extra_keys = set()
    if os.path.exists(extra):
        for n, line in enumerate(open(extra, encoding="utf-8"), 1):
            if not line.strip():
                continue
            g = json.loads(line)
            d = docs.get(g["doc"])
            s, e = g["span"]
            extra_keys.add((g["doc"], s, e))
            if d is None or not 0 <= s < e <= len(d["text"]) or (g["doc"], s, e) in key_of:
                print(f"code_quality: {os.path.relpath(extra, a.root)}:{n}: {g['doc']} {g['span']} "
                      "is not a new unit of a known doc", file=sys.stderr)
                return 1
            gold_of[add_unit(d, s, e, "x")] = set(g["codes"])
    parts = {}
    for u in units:
        if u["id"] in gold_of:
            parts.setdefault("gold/codes-extra.jsonl" if (u["doc"], *u["span"]) in extra_keys else "gold/codes.jsonl", []).append(u["id"])
    return score(a, codebook, units, gold_of, parts)


def held_out(path):
    """Units written with their gold codes (tests/quality/heldout/units.jsonl)."""
    units, gold = [], {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            u = json.loads(line)
            gold[u["id"]] = set(u.pop("codes"))
            u.pop("type", None)
            units.append(u)
    return units, gold


def per_code(gold, predicted, ids):
    """Per code present (in gold or predicted) among these units: (code, tp, fp, fn, P, R, F1)."""
    rows = []
    for c in sorted(set().union(*(gold[u] | predicted[u] for u in ids))):
        tp = sum(1 for u in ids if c in gold[u] and c in predicted[u])
        fp = sum(1 for u in ids if c not in gold[u] and c in predicted[u])
        fn = sum(1 for u in ids if c in gold[u] and c not in predicted[u])
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        rows.append((c, tp, fp, fn, p, r, 2 * p * r / (p + r) if p + r else 0.0))
    return rows


def macro_f1(rows):
    return sum(r[6] for r in rows) / len(rows) if rows else 0.0


def score(a, codebook, units, gold, parts=None):
    stdin = "".join(json.dumps(u, ensure_ascii=False) + "\n" for u in units)
    run = subprocess.run([os.path.join(a.bin, "qda-code"), "-q", "--mode", "auto", "-c", codebook],
                         input=stdin, capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        return 1
    predicted = {}
    for line in run.stdout.splitlines():
        r = json.loads(line)
        if r["kind"] == "unit":
            predicted[r["id"]] = {c["code"] for c in r["codes"]}

    text_of = {u["id"]: u["text"] for u in units}
    for c in a.show:
        for u in gold:
            if (c in gold[u]) != (c in predicted[u]):
                kind = "missed" if c in gold[u] else "wrong"
                print(f"{c} {kind} {u}: {' '.join(text_of[u].split())}\n")
    rows = per_code(gold, predicted, list(gold))
    tp_all, fp_all, fn_all = (sum(r[k] for r in rows) for k in (1, 2, 3))
    print(f"qda-code against {os.path.basename(a.units) if a.units else 'the example gold'}: {len(gold)} gold units, {len(rows)} codes (gold or predicted)")
    print(f'{"code":32} {"gold":>5} {"pred":>5} {"P":>6} {"R":>6} {"F1":>6}')
    for c, tp, fp, fn, p, r, f in rows:
        print(f"{c:32} {tp + fn:5d} {tp + fp:5d} {p:6.3f} {r:6.3f} {f:6.3f}")
    macro = macro_f1(rows)
    mp = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    mr = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    micro = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    print(f"macro: P {sum(r[4] for r in rows) / len(rows):.3f}  R {sum(r[5] for r in rows) / len(rows):.3f}  "
          f"F1 {macro:.3f}   micro: P {mp:.3f}  R {mr:.3f}  F1 {micro:.3f}")
    if parts and len(parts) > 1:
        for name, ids in parts.items():
            print(f"  {name}: {len(ids)} units, macro-F1 {macro_f1(per_code(gold, predicted, ids)):.3f}")
    if a.minimum is not None and macro < a.minimum:
        print(f"code_quality: macro-F1 {macro:.3f} is below {a.minimum:.2f}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
