#!/usr/bin/python3
"""Episode openings found by qda-segment against a gold set of interviews (issue 19).

A set is a directory of transcripts (<study>-<n>.txt|.vtt|…), one <study>.speakers.yaml per
study (interviewer: [...], participant: [...]) and gold.jsonl: one line per file,
{"file": "...", "episodes": ["opening words of each interviewer turn that opens an episode"]}.
Each file is ingested in ad hoc mode with its study's labels and segmented; an interviewer
unit whose boundary reason is "episode" is a predicted opening, matched to a gold opening when
its text starts with the gold words (folded: case, accents and spacing ignored). Prints
precision, recall and F1 of the openings, and the share of participant units left in episode
0 (before any opening: the units qda-synthesize leaves out of every narrative).

  episode_quality.py BINDIR SETDIR [--markers FILE] [--study-prompts] [-v]

--markers FILE: segment with this markers file instead of the built-in one (a baseline).
Exit 77 (skipped) when the set or the tools are missing.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata


def fold(s):
    s = unicodedata.normalize("NFD", s.lower())
    s = "".join(c for c in s if unicodedata.category(c) != "Mn" or c == "\u0303")
    s = unicodedata.normalize("NFC", s)
    return " ".join(s.replace("¿", " ").replace("¡", " ").split())


def read_labels(path):
    """The two lists of a <study>.speakers.yaml (flow lists of strings only)."""
    out = {"interviewer": [], "participant": []}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, rest = line.partition(":")
            key = key.strip()
            if key in out:
                out[key] = json.loads(rest.strip())
    return out


def main(argv):
    args = list(argv)
    markers = None
    verbose = "-v" in args
    if verbose:
        args.remove("-v")
    if "--markers" in args:
        i = args.index("--markers")
        markers = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    bindir, setdir = args
    gold_path = os.path.join(setdir, "gold.jsonl")
    if not os.path.exists(gold_path):
        print(f"skipped: no {gold_path}", file=sys.stderr)
        return 77
    for tool in ("qda-ingest", "qda-segment"):
        if not os.access(os.path.join(bindir, tool), os.X_OK):
            print(f"skipped: no {tool} in {bindir}", file=sys.stderr)
            return 77
    gold = [json.loads(l) for l in open(gold_path, encoding="utf-8") if l.strip()]
    tp = fp = fn = 0
    part_units = part_ep0 = gold_ep0 = 0
    with tempfile.TemporaryDirectory() as work:
        for n, g in enumerate(gold, 1):
            name = g["file"]
            study = name.rsplit("-", 1)[0]
            labels = read_labels(os.path.join(setdir, study + ".speakers.yaml"))
            ext = os.path.splitext(name)[1]
            # qda-ingest takes the participant id from the file name: E<n>.
            local = os.path.join(work, f"E{n}{ext}")
            shutil.copy(os.path.join(setdir, name), local)
            cmd = [os.path.join(bindir, "qda-ingest"), "-q", "--source", "E"]
            for l in labels["interviewer"]:
                cmd += ["--interviewer", l]
            for l in labels["participant"]:
                cmd += ["--participant", l]
            ing = subprocess.run(cmd + [local], capture_output=True, text=True)
            if ing.returncode != 0:
                print(f"{name}: qda-ingest failed: {ing.stderr.strip()}", file=sys.stderr)
                return 1
            seg_cmd = [os.path.join(bindir, "qda-segment"), "-q"] + (["--markers", markers] if markers else [])
            seg = subprocess.run(seg_cmd, input=ing.stdout, capture_output=True, text=True)
            if seg.returncode != 0:
                print(f"{name}: qda-segment failed: {seg.stderr.strip()}", file=sys.stderr)
                return 1
            units = [json.loads(l) for l in seg.stdout.splitlines() if '"kind":"unit"' in l]
            predicted = [u for u in units if u["speaker"] == "interviewer" and u.get("boundary", {}).get("reason") == "episode"]
            wanted = [fold(x) for x in g["episodes"]]
            matched = set()
            for u in predicted:
                t = fold(u["text"])
                hit = next((i for i, w in enumerate(wanted) if i not in matched and t.startswith(w)), None)
                if hit is None:
                    fp += 1
                    if verbose:
                        print(f"{name}: extra opening: {u['text'][:70]!r} (cue {u['boundary'].get('cue')!r})")
                else:
                    matched.add(hit)
                    tp += 1
            for i, w in enumerate(g["episodes"]):
                if i not in matched:
                    fn += 1
                    if verbose:
                        print(f"{name}: missed opening: {w!r}")
            # Where the gold's first episode opens: participant units before it belong to none.
            first = next((k for k, u in enumerate(units) if u["speaker"] == "interviewer" and wanted
                          and any(fold(u["text"]).startswith(w) for w in wanted)), len(units))
            for k, u in enumerate(units):
                if u["speaker"] != "interviewer":
                    part_units += 1
                    part_ep0 += u["episode"] == 0
                    gold_ep0 += k < first
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"files {len(gold)}  gold openings {tp + fn}  predicted {tp + fp}")
    print(f"precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
    print(f"participant units in episode 0: {part_ep0} of {part_units} ({100 * part_ep0 / max(part_units, 1):.1f} %); "
          f"by the gold, before any episode: {gold_ep0} ({100 * gold_ep0 / max(part_units, 1):.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
