#!/usr/bin/python3
"""Learning curves of qda-code's model (issue 21): with 10 %, 25 % and 50 % of a set's units
coded by a person, how well are other units coded by the rules alone, by the model alone
(learnt with a copy of the codebook that has no rules, as a study that wrote none), and by both
(the rules' codes, plus the model's where the rules gave none)? The units scored are a third of
the set drawn once and never chosen, so every way of choosing is scored on the same units.

The units a person codes are chosen at random (three seeds, averaged) or by `qda-code --suggest`
(the researcher's loop: a first batch chosen with no model, then train, suggest the next batch,
and so on). The person's codes are the set's gold codes; a chosen unit with none is coded "-".
Macro-F1 is code_quality.py's, over the fixed third, for the codes present there. (heldout7's
first contact was scored on all the units not chosen instead; its README says so.)

Sets: the example study's gold (examples/asesoria/gold) and every tests/quality/heldout*/units.jsonl
given with --units (or all of them with --all). A set whose README records a first contact is a
development set now: its figures are development figures. Only a set's first run, recorded in its
README before anyone reads its misses, is a result.

Usage: learning_curve.py --bin BUILD/bin --root REPO [--units FILE ...] [--all] [--fractions 0.1,0.25,0.5]
       [--seeds 3] [--no-suggest]
Exit 77 (skipped) while a gold set or the codebook is missing.
"""
import argparse
import csv
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import code_quality as cq  # noqa: E402

SKIP = 77


def ruleless(codebook, path):
    """A copy of the codebook without any rule: what a study that wrote none would have."""
    import yaml
    cb = yaml.safe_load(open(codebook, encoding="utf-8"))

    def strip(codes):
        for c in codes or []:
            c.pop("rules", None)
            strip(c.get("codes"))
    strip(cb.get("codes"))
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(cb, f, allow_unicode=True, sort_keys=False)


def not_yet_scored(set_dir):
    """Whether a held-out set's README still ends in "Not yet scored.": a blind set."""
    readme = os.path.join(set_dir, "README.md")
    return os.path.exists(readme) and open(readme, encoding="utf-8").read().rstrip().endswith("Not yet scored.")


def write_units(units, path):
    with open(path, "w", encoding="utf-8") as f:
        for u in units:
            f.write(json.dumps(u, ensure_ascii=False) + "\n")


def write_codings(units, gold, chosen, path):
    by_id = {u["id"]: u for u in units}
    with open(path, "w", encoding="utf-8") as f:
        for uid in sorted(chosen):
            for c in sorted(gold[uid]) or ["-"]:
                f.write(json.dumps({"coder": "gold", "doc": by_id[uid]["doc"], "unit": uid, "code": c}, ensure_ascii=False) + "\n")


def run_code(bin, args, units_path):
    """qda-code's output lines and stderr; exits on failure."""
    run = subprocess.run([os.path.join(bin, "qda-code"), *args, units_path], capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        raise SystemExit(f"learning_curve: qda-code {' '.join(args)} failed")
    return run.stdout, run.stderr


def predicted(out):
    p = {}
    for line in out.splitlines():
        r = json.loads(line)
        if r["kind"] == "unit":
            p[r["id"]] = {c["code"] for c in r["codes"]}
    return p


def score(gold, pred, ids):
    return cq.macro_f1(cq.per_code(gold, pred, ids))


LEARN_ARGS = []  # --learn-arg


def suggest_order(bin, codebook, units_path, units, gold, upto, tmp):
    """Units in the order the suggest loop asks for them, up to `upto` units."""
    n = len(units)
    batch = max(4, round(n * 0.05))
    chosen = []
    cod = os.path.join(tmp, "suggest-codings.jsonl")
    while len(chosen) < upto:
        k = min(batch, upto - len(chosen))
        args = ["-q", "-c", codebook, "--mode", "auto", "--suggest", str(k), *LEARN_ARGS]
        if chosen:
            write_codings(units, gold, chosen, cod)
            args += ["--learn", cod]
        out, _ = run_code(bin, args, units_path)
        got = [row["unit"] for row in csv.DictReader(io.StringIO(out.lstrip("\ufeff")), delimiter=";")]
        if not got:
            break
        chosen += got
    return chosen


def curve(a, name, units, gold, codebook, tmp):
    units_path = os.path.join(tmp, "units.jsonl")
    write_units(units, units_path)
    bare = os.path.join(tmp, "ruleless.yaml")
    ruleless(codebook, bare)
    cod = os.path.join(tmp, "codings.jsonl")
    ids = [u["id"] for u in units]
    # The units scored are fixed, the same for every way of choosing: a third of the set, drawn
    # once; the person's choices come from the other two thirds (the pool).
    test = set(random.Random(0).sample(ids, len(ids) // 3))
    pool = [i for i in ids if i not in test]
    pool_path = os.path.join(tmp, "pool.jsonl")
    write_units([u for u in units if u["id"] not in test], pool_path)
    rest = [i for i in ids if i in test]
    rules_all = predicted(run_code(a.bin, ["-q", "-c", codebook, "--mode", "auto"], units_path)[0])
    rows = []
    orders = [(f"random{s}", random.Random(s).sample(pool, len(pool))) for s in range(1, a.seeds + 1)]
    if not a.no_suggest:
        upto = min(len(pool), round(max(a.fractions) * len(ids)))
        orders.append(("suggest", suggest_order(a.bin, codebook, pool_path, units, gold, upto, tmp)))
    train_ms = []
    for frac in a.fractions:
        k = min(len(pool), round(frac * len(ids)))
        for label, order in orders:
            chosen = set(order[:k])
            write_codings(units, gold, chosen, cod)
            thr = (["--threshold", str(a.threshold)] if a.threshold is not None else []) + LEARN_ARGS
            m_out, m_err = run_code(a.bin, ["-v", "-c", bare, "--mode", "auto", "--learn", cod, *thr], units_path)
            b_out, _ = run_code(a.bin, ["-q", "-c", codebook, "--mode", "auto", "--learn", cod, *thr], units_path)
            veto = []
            if a.veto:
                v_out, _ = run_code(a.bin, ["-q", "-c", codebook, "--mode", "auto", "--learn", cod, *thr, "--veto", a.veto],
                                    units_path)
                veto = [score(gold, predicted(v_out), rest)]
            ms = re.search(r"trained in (\d+) ms", m_err)
            if ms:
                train_ms.append(int(ms.group(1)))
            rows.append((frac, "suggest" if label == "suggest" else "random", score(gold, rules_all, rest),
                         score(gold, predicted(m_out), rest), score(gold, predicted(b_out), rest), *veto))
    print(f"\n{name}: {len(ids)} units; macro-F1 on a fixed third of them ({len(rest)}), never chosen")
    header(a)
    summary = {}
    for frac in a.fractions:
        for how in ("random", "suggest"):
            sel = [r for r in rows if r[0] == frac and r[1] == how]
            if not sel:
                continue
            avg = [sum(r[i] for r in sel) / len(sel) for i in range(2, len(sel[0]))]
            summary[(frac, how)] = avg
            line(frac, how, avg)
    if train_ms:
        print(f"training: {min(train_ms)}-{max(train_ms)} ms")
    return summary


def header(a):
    veto = f" {'veto':>7} {'veto-rules':>11}" if a.veto else ""
    print(f"{'coded':>6} {'chosen':>8} {'rules':>7} {'model':>7} {'both':>7} {'both-rules':>11}{veto}")


def line(frac, how, avg):
    """avg: rules, model, both[, both with --veto]."""
    veto = f" {avg[3]:>7.3f} {avg[3] - avg[0]:>+11.3f}" if len(avg) > 3 else ""
    print(f"{frac:>6.0%} {how:>8} {avg[0]:>7.3f} {avg[1]:>7.3f} {avg[2]:>7.3f} {avg[2] - avg[0]:>+11.3f}{veto}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--units", action="append", default=[])
    ap.add_argument("--all", action="store_true", help="the example's gold and every held-out set")
    ap.add_argument("--fractions", default="0.1,0.25,0.5")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--no-suggest", action="store_true")
    ap.add_argument("--threshold", type=float, help="qda-code --threshold (default: the codebook's)")
    ap.add_argument("--no-example", action="store_true", help="only the --units sets")
    ap.add_argument("--veto", help="also rules and model with qda-code --veto VETO (auto, none or a probability): "
                    "the columns veto and veto-rules")
    ap.add_argument("--learn-arg", action="append", default=[],
                    help="an argument for every qda-code that learns (e.g. --learn-arg=--lemmas)")
    a = ap.parse_args()
    LEARN_ARGS.extend(a.learn_arg)
    a.fractions = [float(x) for x in a.fractions.split(",")]
    codebook = os.path.join(a.root, "examples", "asesoria", "codebook.yaml")
    if not os.path.exists(codebook):
        return SKIP
    sets = []
    if not a.no_example:
        got = cq.example_gold(a.bin, a.root)
        if got == 1:
            return 1
        units, gold, _, _ = got
        units = [u for u in units if u["id"] in gold]
        sets.append(("examples/asesoria/gold", units, gold))
    paths = list(a.units)
    if a.all:
        qdir = os.path.join(a.root, "tests", "quality")
        for d in sorted(os.listdir(qdir)):
            if not (d.startswith("heldout") and os.path.exists(os.path.join(qdir, d, "units.jsonl"))):
                continue
            # A set not yet scored is kept blind: its first run is its first contact, by hand.
            if not_yet_scored(os.path.join(qdir, d)):
                print(f"{d}: not yet scored, kept blind (score it with --units and record the first contact)")
                continue
            paths.append(os.path.join(qdir, d, "units.jsonl"))
    for p in paths:
        units, gold = cq.held_out(p)
        sets.append((os.path.relpath(p, a.root), units, gold))
    t0 = time.time()
    allsum = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, units, gold in sets:
            for key, v in curve(a, name, units, gold, codebook, tmp).items():
                allsum.setdefault(key, []).append(v)
    if len(sets) > 1:
        print(f"\nmean over {len(sets)} sets")
        header(a)
        for (frac, how), vs in sorted(allsum.items()):
            line(frac, how, [sum(v[i] for v in vs) / len(vs) for i in range(len(vs[0]))])
    print(f"({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
