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

Where a second reader coded the same units (gold/codes-reader2.jsonl beside gold/codes.jsonl,
lines {"doc","span","codes"}; reader2.jsonl beside a held-out units.jsonl, lines {"id","codes"}),
it also prints how far the two readers agree: reader B's codes scored against reader A's with
the same per-code F1 as the tool, the tool against each reader, and Cohen's kappa and
Krippendorff's alpha per code from qda-report's agreement table (the readers' codes merged by
qda-code --codings). That is the yardstick for the tool's figure: human agreement on the task.

Usage: code_quality.py --bin BUILD/bin --root REPO [--units FILE] [--show CODE] [--assert MIN_MACRO_F1]
                       [--assert-reader2 MIN_MACRO_F1] [--assert-part PART=MIN_MACRO_F1 ...]
Exit 77 (skipped) while the codebook or the gold codings are missing.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--assert", dest="minimum", type=float)
    ap.add_argument("--assert-reader2", dest="minimum2", type=float,
                    help="also assert the tool's macro-F1 against the second reader's codes")
    ap.add_argument("--assert-part", dest="part_minimum", action="append", default=[], metavar="PART=MIN",
                    type=part_minimum,
                    help="also assert the macro-F1 over the units of one gold file of the example "
                         "(e.g. gold/codes.jsonl=0.70)")
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
        units, gold = held_out(a.units)
        second = os.path.join(os.path.dirname(a.units), "reader2.jsonl")
        return score(a, codebook, units, gold, second=reader2_by_id(second, gold) if os.path.exists(second) else None)
    example = example_gold(a.bin, a.root)
    if isinstance(example, int):
        return example
    return score(a, codebook, *example)


def part_minimum(spec):
    """--assert-part PART=MIN as (PART, MIN), rejected by argparse before anything runs if malformed."""
    name, _, minimum = spec.rpartition("=")
    try:
        return name, float(minimum)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{spec!r} is not PART=MIN_MACRO_F1") from None


def example_gold(bin, root):
    """The example study's gold units: (units, {unit id: gold codes}, {part file: [unit ids]},
    the second reader as score() takes it or None); 1 after an error message."""
    ex = os.path.join(root, "examples", "asesoria")
    gold_codes = os.path.join(ex, "gold", "codes.jsonl")
    gold_segments = os.path.join(ex, "gold", "segments.jsonl")
    corpus = subprocess.run([os.path.join(bin, "qda-ingest"), "-q", os.path.join(ex, "study.yaml")],
                            check=True, capture_output=True, text=True).stdout
    docs = {}
    for line in corpus.splitlines():
        r = json.loads(line)
        if r["kind"] == "doc":
            docs[r["id"]] = r
    # Episodes as the pipeline numbers them (qda-segment), for rules with `after`: a gold unit
    # takes the episode of the tool's unit in which it starts.
    segmented = subprocess.run([os.path.join(bin, "qda-segment"), "-q"], input=corpus,
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
                print(f"code_quality: {os.path.relpath(extra, root)}:{n}: {g['doc']} {g['span']} "
                      "is not a new unit of a known doc", file=sys.stderr)
                return 1
            gold_of[add_unit(d, s, e, "x")] = set(g["codes"])
    parts = {}
    for u in units:
        if u["id"] in gold_of:
            parts.setdefault("gold/codes-extra.jsonl" if (u["doc"], *u["span"]) in extra_keys else "gold/codes.jsonl", []).append(u["id"])
    second = None
    reader2 = os.path.join(ex, "gold", "codes-reader2.jsonl")
    if os.path.exists(reader2):
        codes = {}
        for n, line in enumerate(open(reader2, encoding="utf-8"), 1):
            if line.strip():
                g = json.loads(line)
                uid = key_of.get((g["doc"], g["span"][0], g["span"][1]))
                if uid is None or uid not in gold_of:
                    print(f"code_quality: {os.path.relpath(reader2, root)}:{n}: {g['doc']} {g['span']} "
                          "is not a unit of gold/codes.jsonl", file=sys.stderr)
                    return 1
                codes[uid] = set(g["codes"])
        second = ("gold/codes.jsonl", "gold/codes-reader2.jsonl", codes)
    return units, gold_of, parts, second


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


def reader2_by_id(path, gold):
    """A second reader's codes of held-out units: lines {"id", "codes"}."""
    codes = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            if r["id"] not in gold:
                raise SystemExit(f"code_quality: {path}: unit {r['id']} is not in the gold units")
            codes[r["id"]] = set(r["codes"])
    return ("units.jsonl", "reader2.jsonl", codes)


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


def predict(bin, codebook, units):
    """{unit id: the codes qda-code's rules give it} (--mode auto), or None after qda-code's error."""
    stdin = "".join(json.dumps(u, ensure_ascii=False) + "\n" for u in units)
    run = subprocess.run([os.path.join(bin, "qda-code"), "-q", "--mode", "auto", "-c", codebook],
                         input=stdin, capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        return None
    predicted = {}
    for line in run.stdout.splitlines():
        r = json.loads(line)
        if r["kind"] == "unit":
            predicted[r["id"]] = {c["code"] for c in r["codes"]}
    return predicted


def score(a, codebook, units, gold, parts=None, second=None):
    predicted = predict(a.bin, codebook, units)
    if predicted is None:
        return 1

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
    dimensions(a.bin, codebook, units, gold, predicted)
    part_f1 = {name: macro_f1(per_code(gold, predicted, ids)) for name, ids in (parts or {}).items()}
    if len(part_f1) > 1:
        for name, ids in parts.items():
            print(f"  {name}: {len(ids)} units, macro-F1 {part_f1[name]:.3f}")
    if second:
        against_b = readers(a, codebook, units, gold, predicted, *second)
        if a.minimum2 is not None and against_b < a.minimum2:
            print(f"code_quality: macro-F1 against the second reader {against_b:.3f} is below {a.minimum2:.2f}")
            return 1
    elif a.minimum2 is not None:
        print("code_quality: --assert-reader2 given, but there is no second reader's file")
        return 1
    if a.minimum is not None and macro < a.minimum:
        print(f"code_quality: macro-F1 {macro:.3f} is below {a.minimum:.2f}")
        return 1
    for name, minimum in a.part_minimum:
        if name not in part_f1:
            print(f"code_quality: --assert-part {name}: no such gold part (parts: {', '.join(sorted(part_f1)) or 'none'})")
            return 1
        if part_f1[name] < minimum:
            print(f"code_quality: {name}: macro-F1 {part_f1[name]:.3f} is below {minimum:.2f}")
            return 1
    return 0


def codebook_dimensions(bin, codebook):
    """(the codebook's model as qda-code validates it, {code: its dimension}, the dimension ids
    in the codebook's order). The model comes from `qda-code --print-codebook`, so these scripts
    read the codebook the way every tool does, not with a YAML reader of their own."""
    out = subprocess.run([os.path.join(bin, "qda-code"), "-c", codebook, "--print-codebook"],
                         capture_output=True, check=True)
    cb = json.loads(out.stdout)
    dim_of = {c["id"]: c["dimension"] for c in cb["codes"] if c["dimension"]}
    return cb, dim_of, [d["id"] for d in cb["dimensions"]]


def dimension_f1(dim_of, d, gold, predicted, ids):
    """F1 of finding the units that speak to dimension d, whichever of its codes."""
    tp = fp = fn = 0
    for u in ids:
        g = any(dim_of.get(c) == d for c in gold[u])
        p = any(dim_of.get(c) == d for c in predicted[u])
        tp, fp, fn = tp + (g and p), fp + (p and not g), fn + (g and not p)
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def dimensions(bin, codebook, units, gold, predicted):
    """Where the errors are: per dimension, how well the tool finds the units that speak to it
    (whichever of its codes), and the macro-F1 it would have if it found exactly the gold's
    dimensions and gave each the cell of the type its own codes lean to in the episode."""
    cb, dim_of, order = codebook_dimensions(bin, codebook)
    cell = {}
    type_of = {c["id"]: c["type"] for c in cb["codes"] if c["type"]}  # the type that weights it most
    seen = []  # the typed codes in the order the typology first names them
    for t in cb["typology"]:
        for ws in t["dimensions"].values():
            seen += [c for c in ws if c in type_of and c not in seen]
    for c in seen:
        cell.setdefault((type_of[c], dim_of.get(c)), c)
    figures = [f"{d} {dimension_f1(dim_of, d, gold, predicted, list(gold)):.2f}" for d in order]
    print("dimension found (F1 of 'the unit speaks to it', whichever code): " + ", ".join(figures))
    episodes = {}
    for u in units:
        if u["id"] in gold:
            episodes.setdefault((u["doc"], u.get("episode")), []).append(u["id"])
    bound = {}
    for ids in episodes.values():
        lean = {}
        for u in ids:
            for c in predicted[u]:
                if c in type_of:
                    lean[type_of[c]] = lean.get(type_of[c], 0) + 1
        t = max(lean, key=lambda k: (lean[k], k)) if lean else None
        for u in ids:
            bound[u] = {c for c in gold[u] if c not in type_of}
            if t:
                bound[u] |= {cell[(t, dim_of[c])] for c in gold[u] if c in type_of and (t, dim_of[c]) in cell}
    print(f"with the gold's dimensions found exactly, each given the cell of the type the tool's codes lean "
          f"to in the episode: macro-F1 {macro_f1(per_code(gold, bound, list(gold))):.3f}")


def readers(a, codebook, units, gold, predicted, name_a, name_b, b):
    """Agreement between two human readers on the units both coded, beside the tool's figures."""
    ids = [u for u in gold if u in b]
    vs_a = {r[0]: r for r in per_code(gold, b, ids)}
    tool_a = {r[0]: r for r in per_code(gold, predicted, ids)}
    tool_b = {r[0]: r for r in per_code(b, predicted, ids)}
    print(f"\ntwo readers on the same {len(ids)} units: A = {name_a}, B = {name_b}")
    print(f'{"code":32} {"A":>4} {"B":>4} {"B|A":>6} {"tool|A":>7} {"tool|B":>7}')
    f1 = lambda rows, c: f"{rows[c][6]:.3f}" if c in rows else "-"
    for c in sorted(vs_a):
        na = sum(1 for u in ids if c in gold[u])
        nb = sum(1 for u in ids if c in b[u])
        print(f"{c:32} {na:4d} {nb:4d} {f1(vs_a, c):>6} {f1(tool_a, c):>7} {f1(tool_b, c):>7}")
    ma = macro_f1(list(vs_a.values()))
    print(f"macro-F1 (each over the codes either side gives): reader B against A {ma:.3f}; "
          f"qda-code against A {macro_f1(list(tool_a.values())):.3f}, against B {macro_f1(list(tool_b.values())):.3f}")
    # Kappa and alpha by the project's own agreement library: the two readers' codes merged as
    # human codings (qda-code --codings --mode human) and qda-report's agreement table.
    tmp = tempfile.mkdtemp()
    try:
        codings = os.path.join(tmp, "codings.jsonl")
        doc_of = {x["id"]: x["doc"] for x in units}
        with open(codings, "w", encoding="utf-8") as f:
            for coder, codes in (("A", gold), ("B", b)):
                for u in ids:
                    for c in sorted(codes[u]):
                        f.write(json.dumps({"coder": coder, "doc": doc_of[u], "unit": u, "code": c}) + "\n")
        stdin = "".join(json.dumps(u, ensure_ascii=False) + "\n" for u in units if u["id"] in b)
        coded = subprocess.run([os.path.join(a.bin, "qda-code"), "-q", "--mode", "human", "-c", codebook,
                                "--codings", codings], input=stdin, capture_output=True, text=True, check=True).stdout
        table = subprocess.run([os.path.join(a.bin, "qda-report"), "-q", "-c", codebook, "--lang", "en",
                                "--table", "agreement", "-f", "md"], input=coded, capture_output=True,
                               text=True, check=True).stdout
        print("\n".join(l for l in table.splitlines() if l.startswith("|")))
    finally:
        shutil.rmtree(tmp)
    return macro_f1(list(tool_b.values()))


if __name__ == "__main__":
    sys.exit(main())
