#!/usr/bin/python3
"""An example study stands alone (issue 19): copied away from the repository, with no file of
any other example, its pipeline runs; every participant reaches the analysis or is named in a
note record with a reason that is no failure of the tools (an empty narrated answer: reason
"category"); every interview participant has a narrative; the records and reports contain no
word that belongs to another example study; and every record validates against corpus-schema/.

  check_example.py EXAMPLE BINDIR ROOT

EXAMPLE is a directory name under examples/ (asesoria, salud).
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "example"))
from schemas import Checks, validator  # noqa: E402

# Words that belong to one study and must not appear in another's outputs (folded).
STUDY_WORDS = {
    "asesoria": ["asesor", "asesora", "asesoria", "asesores", "asesoras", "atp", "pedagogic", "intervencion"],
    "salud": ["promotora", "promotor", "promotoras", "promotores", "tipo de comunidad", "significado para el cuidado",
              "tipos de acompanamiento"],
}


def fold(s):
    s = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def has_word(text, w):
    i = text.find(w)
    while i >= 0:
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(w)] if i + len(w) < len(text) else " "
        if not before.isalnum() and (w.endswith("pedagogic") or not after.isalnum()):
            return True
        i = text.find(w, i + 1)
    return False


def main():
    example, bindir, root = sys.argv[1:4]
    check = Checks()
    with tempfile.TemporaryDirectory() as work:
        here = os.path.join(work, "study")
        shutil.copytree(os.path.join(root, "examples", example), here,
                        ignore=shutil.ignore_patterns("report", "out"))
        out = os.path.join(work, "report")
        env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC")
        run = subprocess.run(["bash", os.path.join(here, "pipeline.sh"), bindir, out], capture_output=True, text=True, env=env)
        check(run.returncode == 0, f"pipeline.sh exit {run.returncode}: {run.stderr[-2000:]}")
        # The stream itself, for the records.
        b = lambda t: os.path.join(bindir, t)
        cb = os.path.join(here, "codebook.yaml")
        p = subprocess.run(f"'{b('qda-ingest')}' -q '{here}/study.yaml' | '{b('qda-segment')}' -q | '{b('qda-code')}' -q -c '{cb}' "
                           f"| '{b('qda-rewrite')}' -q -c '{cb}' | '{b('qda-synthesize')}' -q -c '{cb}' "
                           f"$(grep -o -- '--category [a-z_]*' '{here}/pipeline.sh' | head -1)",
                           shell=True, capture_output=True, text=True, env=env)
        check(p.returncode == 0, f"pipeline exit {p.returncode}: {p.stderr[-2000:]}")
        records = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
        validators = {}
        for r in records:
            kind = r.get("kind")
            name = {"study": "study_record"}.get(kind, kind)
            if name not in validators:
                path = os.path.join(root, "corpus-schema", f"{name}.schema.json")
                validators[name] = validator(root, f"{name}.schema.json") if os.path.exists(path) else None
            if validators[name]:
                for err in validators[name].iter_errors(r):
                    check(False, f"{kind} {r.get('id', '')}: {err.message} at {list(err.absolute_path)}")
        # Turn spans exact, text NFC, no name of the pseudonym key left in any text.
        docs = [r for r in records if r["kind"] == "doc"]
        for d in docs:
            check(unicodedata.is_normalized("NFC", d["text"]), f"{d['id']}: text not NFC")
            prev = 0
            for t in d["turns"]:
                a, e = t["span"]
                seg = d["text"][a:e]
                check(prev <= a < e <= len(d["text"]) and seg == seg.strip(), f"{d['id']}: bad turn span {t['span']}")
                prev = e
        key_file = os.path.join(here, "pseudonimos.yaml")
        if os.path.exists(key_file):
            import re
            import yaml
            with open(key_file, encoding="utf-8") as fh:
                key = yaml.safe_load(fh) or {}
            blob = "\n".join(d["text"] + "\n" + d.get("preamble", "") + "\n" + "\n".join(t.get("label", "") for t in d["turns"])
                             for d in docs)
            for name in key:
                check(not re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", blob), f"name '{name}' survived pseudonymisation")
        participants = [r["id"] for r in records if r["kind"] == "participant"]
        told = {r["participant"] for r in records if r["kind"] == "narrative"}
        notes = {r["id"]: r for r in records if r["kind"] == "note" and r["about"] == "participant"}
        doc_notes = [r for r in records if r["kind"] == "note" and r["about"] == "doc"]
        check(not doc_notes, f"docs with no episode: {[n['id'] for n in doc_notes]}")
        for pid in participants:
            if pid in told:
                continue
            n = notes.get(pid)
            check(n is not None, f"participant {pid} has no narrative and no note: dropped silently")
            if n:
                check(n["reason"] == "category", f"participant {pid} did not reach the analysis: {n['message']}")
            check(not pid.startswith("E"), f"interview participant {pid} has no narrative")
        reached = len([pid for pid in participants if pid in told])
        print(f"{example}: {reached} of {len(participants)} participants reach the analysis; "
              f"{len(notes)} noted ({', '.join(sorted(notes))})")
        # No other study's words in the records or the reports.
        texts = [("records", fold(p.stdout))]
        for f in glob.glob(os.path.join(out, "**", "*"), recursive=True):
            if os.path.isfile(f):
                with open(f, encoding="utf-8", errors="replace") as fh:
                    texts.append((os.path.relpath(f, work), fold(fh.read())))
        for other, words in STUDY_WORDS.items():
            if other == example:
                continue
            for name, t in texts:
                for w in words:
                    check(not has_word(t, w), f"{name} contains '{w}', a word of the example study '{other}'")
    return check.report(f"{example}: stands alone")


if __name__ == "__main__":
    sys.exit(main())
