#!/usr/bin/python3
"""Quality of qda-synthesize on the example study against examples/asesoria/gold/types.yaml.

Runs ingest | segment | code | synthesize and prints the accuracy of the best type, the
precision and recall of the assigned sets, the confusion matrix (gold first type x best
type) and the arc agreement on the real and on the shuffled order.

The control is the same classifier on the units in shuffled order. One shuffle per narrative
is a coin toss, so the synthesis is run again with --seed 1 .. SHUFFLES (each run shuffles
every narrative once, differently) and the control agreement is the mean over those runs:
deterministic, and its standard error is printed beside it.

  synthesize_quality.py BINDIR ROOT [--example NAME] [--assert MIN_ACCURACY] [--assert-arcs]

--example: the study under examples/ (asesoria, the default, or salud); its pipeline.sh gives
the category synthesized, its lexicon.tsv (when it has one) replaces the built-in lexicon.

--assert-arcs fails unless the real order agrees with the expected shapes more often than
the shuffled orders do. Exit 77 (skipped) while a tool, the codebook or the gold file is missing.
"""
import json
import os
import subprocess
import sys

SKIP = 77
SHUFFLES = 50


def skip(msg):
    print(f"synthesize_quality: skipped: {msg}")
    sys.exit(SKIP)


def main():
    args = sys.argv[1:]
    threshold = None
    assert_arcs = "--assert-arcs" in args
    if assert_arcs:
        args.remove("--assert-arcs")
    if "--assert" in args:
        i = args.index("--assert")
        threshold = float(args[i + 1])
        del args[i:i + 2]
    example = "asesoria"
    if "--example" in args:
        i = args.index("--example")
        example = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__)
        return 2
    bindir, root = args
    ex = os.path.join(root, "examples", example)
    tools = ["qda-ingest", "qda-segment", "qda-code", "qda-synthesize"]
    for t in tools:
        if not os.access(os.path.join(bindir, t), os.X_OK):
            skip(f"{t} is not built")
    codebook = os.path.join(ex, "codebook.yaml")
    gold_file = os.path.join(ex, "gold", "types.yaml")
    lexicon = os.path.join(ex, "lexicon.tsv")
    for f in (codebook, gold_file):
        if not os.path.exists(f):
            skip(f"{os.path.relpath(f, root)} is missing")
    try:
        import yaml
    except ImportError:
        skip("python3-yaml is not installed")

    b = lambda t: os.path.join(bindir, t)
    import re
    with open(os.path.join(ex, "pipeline.sh"), encoding="utf-8") as f:
        m = re.search(r"--category ([a-z_0-9]+)", f.read())
    synth = [b("qda-synthesize"), "-q", "-c", codebook] + (["--category", m.group(1)] if m else [])
    if os.path.exists(lexicon):
        synth += ["--lexicon", lexicon]
    cmd = (f"'{b('qda-ingest')}' -q '{os.path.join(ex, 'study.yaml')}' | '{b('qda-segment')}' -q | "
           f"'{b('qda-code')}' -q -c '{codebook}'")
    coded = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True)
    if coded.returncode != 0:
        print(f"synthesize_quality: pipeline failed ({coded.returncode}):\n{coded.stderr}")
        return 1
    run = subprocess.run(synth, input=coded.stdout, capture_output=True, text=True)
    if run.returncode != 0:
        print(f"synthesize_quality: qda-synthesize failed ({run.returncode}):\n{run.stderr}")
        return 1

    unit_text, narratives, structures = {}, {}, []
    for line in run.stdout.splitlines():
        r = json.loads(line)
        if r["kind"] == "unit" and r.get("speaker") == "participant":
            unit_text[r["id"]] = r["text"]
        elif r["kind"] == "narrative":
            narratives[r["id"]] = r
        elif r["kind"] == "structure":
            structures.append(r)

    def find(g):
        """The narrative of a gold entry: by id, else the one whose units hold the anchor."""
        anchor = g.get("anchor")
        if anchor:
            norm = " ".join(anchor.split())
            for n in narratives.values():
                if n["doc"] == g["doc"] and any(norm in " ".join(unit_text.get(u, "").split()) for u in n["units"]):
                    return n
        return narratives.get(g["narrative"])

    with open(gold_file, encoding="utf-8") as f:
        gold = yaml.safe_load(f)["narratives"]
    types = [s["type"] for s in structures]
    confusion = {g: {p: 0 for p in types + ["-"]} for g in types}
    correct = tp = n_pred = n_gold = missing = 0
    arc_real = arc_n = 0
    arc_ids = []
    for g in gold:
        n = find(g)
        gt = g["types"]
        n_gold += len(gt)
        if n is None:
            missing += 1
            confusion[gt[0]]["-"] += 1
            continue
        best = n["assigned"][0] if n["assigned"] else "-"
        correct += best in gt
        confusion[gt[0]][best] += 1
        n_pred += len(n["assigned"])
        tp += len(set(n["assigned"]) & set(gt))
        arc = n.get("arc")
        if arc and arc.get("agrees") is not None:
            arc_n += 1
            arc_real += arc["agrees"]
            arc_ids.append(n["id"])

    acc = correct / len(gold)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    print(f"narratives: {len(narratives)} synthesized, {len(gold)} in gold, {missing} gold narratives not found")
    print(f"best-type accuracy: {acc:.3f} ({correct}/{len(gold)}; a hit when the best assigned type is one of the gold types)")
    print(f"assigned sets: precision {prec:.3f}, recall {rec:.3f} ({tp} of {n_pred} assigned, {n_gold} gold)")
    print("confusion (rows: gold first type; columns: best assigned type, '-' none/not found):")
    w = max(len(t) for t in types + ["gold \\ best"])
    print("  " + "gold \\ best".ljust(w) + "".join(f" {c:>{max(len(c), 3)}}" for c in types + ["-"]))
    for g in types:
        print("  " + g.ljust(w) + "".join(f" {confusion[g][c]:>{max(len(c), 3)}}" for c in types + ["-"]))
    real_rate = ctrl_rate = None
    if arc_n:
        # Each seed shuffles every narrative once; the expected shape does not depend on it.
        runs = []
        for seed in range(1, SHUFFLES + 1):
            r = subprocess.run(synth + ["--seed", str(seed)], input=coded.stdout, capture_output=True, text=True)
            if r.returncode != 0:
                print(f"synthesize_quality: qda-synthesize --seed {seed} failed ({r.returncode}):\n{r.stderr}")
                return 1
            arcs = {}
            for line in r.stdout.splitlines():
                if '"kind":"narrative"' in line:
                    rec = json.loads(line)
                    arcs[rec["id"]] = rec["arc"]["control"]["agrees"]
            runs.append(sum(arcs[i] for i in arc_ids) / arc_n)
        real_rate = arc_real / arc_n
        ctrl_rate = sum(runs) / len(runs)
        sd = (sum((x - ctrl_rate) ** 2 for x in runs) / (len(runs) - 1)) ** 0.5 if len(runs) > 1 else 0.0
        print(f"arc agrees with the expected shape: real order {real_rate:.3f}, shuffled control "
              f"{ctrl_rate:.3f} (mean of {len(runs)} shuffles, standard error {sd / len(runs) ** 0.5:.3f}; "
              f"{arc_n} narratives)")
    else:
        print("arcs: no lexicon, not measured")
    for s in structures:
        print(f"structure {s['type']}: {s['status']}, {s['n_participants']} participants, sources {s['sources']}")
    if threshold is not None and acc < threshold:
        print(f"synthesize_quality: FAIL: best-type accuracy {acc:.3f} < {threshold}")
        return 1
    if assert_arcs and (real_rate is None or real_rate <= ctrl_rate):
        print("synthesize_quality: FAIL: the arcs in real order do not agree with the expected shapes "
              "more often than in shuffled order")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
