#!/usr/bin/python3
"""qda-code's learnt model in `make bench` (issue 21): how long training takes on about a
thousand coded units, and how fast units are coded with the model beside the rules (a model of
every coded unit the project has, and a study's model of a thousand), and how fast --suggest
chooses among them.

Training: every unit with gold codes the project has (the example study's gold units and the
held-out sets tests/quality/heldout*/units.jsonl, except sets whose README says they are still
unscored), each unit's codes as a coding ("-" when it has none). Coding: varied Spanish units
built from the two example studies' sentences with a random word put in each (bench/growth.py's
text), MB units of it, coded by the rules alone and by the rules and the model.

Usage: bench_learn.py BINDIR REPO [MB]   (figures, not assertions)
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, "..", "tests", "quality"))
import code_quality as cq  # noqa: E402
import growth  # noqa: E402


def timed(cmd):
    """Wall seconds (best of two), peak RSS in MB, stderr."""
    best, rss, err = None, 0.0, ""
    for _ in range(2):
        with tempfile.NamedTemporaryFile("r") as log:
            t0 = time.perf_counter()
            p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", log.name] + cmd, capture_output=True, text=True)
            dt = time.perf_counter() - t0
            if p.returncode != 0:
                raise SystemExit(f"bench learn: {' '.join(cmd)} failed: {p.stderr[-400:]}")
            rss = max(rss, int(log.read().split()[-1]) / 1024)
            err = p.stderr
        best = dt if best is None else min(best, dt)
    return best, rss, err


def write_study(units, gold, upath, cpath):
    """The units, and each one's gold codes as a person's codings ("-" when it has none)."""
    with open(upath, "w", encoding="utf-8") as f, open(cpath, "w", encoding="utf-8") as g:
        for u in units:
            f.write(json.dumps(u, ensure_ascii=False) + "\n")
            for c in sorted(gold[u["id"]]) or ["-"]:
                g.write(json.dumps({"coder": "gold", "doc": u["doc"], "unit": u["id"], "code": c}, ensure_ascii=False) + "\n")


def learn(bindir, codebook, upath, cpath, mpath, *extra):
    """Train and save a model: (wall s, peak RSS MB, the training's ms as qda-code says it)."""
    secs, rss, err = timed([os.path.join(bindir, "qda-code"), "-v", "-c", codebook, "--mode", "auto", "--learn", cpath, *extra,
                            "--save-model", mpath, upath, "-o", os.devnull])
    ms = re.search(r"trained in (\d+) ms", err)
    return secs, rss, ms.group(1) if ms else "?"


def main():
    bindir, root = sys.argv[1], sys.argv[2]
    mb = float(sys.argv[3]) if len(sys.argv) > 3 else 10
    codebook = os.path.join(root, "examples", "asesoria", "codebook.yaml")
    units, gold = [], {}
    got = cq.example_gold(bindir, root)
    if got != 1:
        us, g, _, _ = got
        units += [u for u in us if u["id"] in g]
        gold.update(g)
    qdir = os.path.join(root, "tests", "quality")
    for d in sorted(os.listdir(qdir)):
        path, readme = os.path.join(qdir, d, "units.jsonl"), os.path.join(qdir, d, "README.md")
        if not d.startswith("heldout") or not os.path.exists(path):
            continue
        if not os.path.exists(readme) or "not yet scored" in open(readme, encoding="utf-8").read().lower():
            continue  # a blind set (or one being written) is not read before its first contact
        us, g = cq.held_out(path)
        units += us
        gold.update(g)
    with tempfile.TemporaryDirectory() as tmp:
        upath, cpath, mpath = (os.path.join(tmp, n) for n in ("units.jsonl", "codings.jsonl", "m.model"))
        write_study(units, gold, upath, cpath)
        secs, rss, ms = learn(bindir, codebook, upath, cpath, mpath)
        print(f"bench learn: {len(units)} coded units, trained in {ms} ms "
              f"(the whole run {secs:.2f} s, peak RSS {rss:.0f} MB); model file {os.path.getsize(mpath) / 1e6:.1f} MB")
        # Varied units to code: docs of ten units of one to four sentences.
        sentences, words = growth.pool(bindir, root)
        text = growth.Text(sentences, words, seed=21)
        cpath2 = os.path.join(tmp, "corpus.jsonl")
        size, n = 0, 0
        with open(cpath2, "w", encoding="utf-8") as f:
            while size < mb * 1e6:
                doc = f"D{n // 10 + 1}"
                t = " ".join(text.sentence() for _ in range(1 + n % 4))
                line = json.dumps({"kind": "unit", "id": f"{doc}.u{n % 10 + 1:03d}", "doc": doc, "participant": doc,
                                   "source": "E", "category": "anecdota", "episode": 1, "speaker": "participant",
                                   "span": [0, len(t)], "text": t}, ensure_ascii=False)
                f.write(line + "\n")
                size += len(line.encode()) + 1
                n += 1
        rules, rr, _ = timed([os.path.join(bindir, "qda-code"), "-q", "-c", codebook, "--mode", "auto", cpath2, "-o", os.devnull])
        model, mr, _ = timed([os.path.join(bindir, "qda-code"), "-q", "-c", codebook, "--mode", "auto", "--model", mpath, cpath2,
                              "-o", os.devnull])
        print(f"bench learn: coding {size / 1e6:.0f} MB of varied units ({n} units): rules alone {size / rules / 1e6:.1f} MB/s "
              f"({rr:.0f} MB), rules and model {size / model / 1e6:.1f} MB/s ({mr:.0f} MB): {rules / model:.2f} of the rules' speed")
        # A study's own model: the first thousand coded units of the held-out sets (a study's worth
        # of codings: a smaller vocabulary, so its weights stay in cache).
        first = [u for u in units if not u["id"].startswith(("C", "E"))][:1000]
        spath, scpath, smpath = (os.path.join(tmp, n) for n in ("su.jsonl", "sc.jsonl", "s.model"))
        write_study(first, gold, spath, scpath)
        _, _, ms = learn(bindir, codebook, spath, scpath, smpath)
        small, sr, _ = timed([os.path.join(bindir, "qda-code"), "-q", "-c", codebook, "--mode", "auto", "--model", smpath, cpath2,
                              "-o", os.devnull])
        print(f"bench learn: a study's model from {len(first)} coded units, trained in {ms} ms "
              f"(model file {os.path.getsize(smpath) / 1e6:.1f} MB); coding {size / small / 1e6:.1f} MB/s ({sr:.0f} MB): "
              f"{rules / small:.2f} of the rules' speed")
        # What to code next over the same units (--suggest 20: every unit a candidate, its
        # uncertainty and how typical it is of the others), with the study's model and with none.
        sug, sgr, _ = timed([os.path.join(bindir, "qda-code"), "-q", "-c", codebook, "--mode", "auto", "--model", smpath,
                             "--suggest", "20", cpath2, "-o", os.devnull])
        cold, cr, _ = timed([os.path.join(bindir, "qda-code"), "-q", "-c", codebook, "--mode", "auto", "--suggest", "20", cpath2,
                             "-o", os.devnull])
        print(f"bench learn: --suggest 20 over them, with that model {size / sug / 1e6:.1f} MB/s ({sgr:.0f} MB), with no model "
              f"{size / cold / 1e6:.1f} MB/s ({cr:.0f} MB)")
        # The same with lemma features (--lemmas: Apertium's analyser reads each new word form).
        lpath = os.path.join(tmp, "l.model")
        secs, _, ms = learn(bindir, codebook, upath, cpath, lpath, "--lemmas")
        lem, lr, _ = timed([os.path.join(bindir, "qda-code"), "-q", "-c", codebook, "--mode", "auto", "--model", lpath, cpath2,
                            "-o", os.devnull])
        print(f"bench learn: with --lemmas, trained in {ms} ms (the whole run {secs:.2f} s); coding "
              f"{size / lem / 1e6:.1f} MB/s ({lr:.0f} MB): {rules / lem:.2f} of the rules' speed")


if __name__ == "__main__":
    main()
