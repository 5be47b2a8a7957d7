#!/usr/bin/python3
"""Growth ratios for `make bench` (issue 24): each tool on one input and on the same kind of
input four times larger, with the time ratio (linear: about 4; the target is <= 4.4) and the
peak memory of both runs. The cases are the shapes that break linearity: one long unit, one long
doc, a long interview of many turns, a stream without optional attributes, a very wide CSV row,
one very long CSV cell, one long narrative.

Text is varied Spanish: the sentences of both example studies, each drawn with a random word
from their vocabulary put in, so that long inputs do not repeat themselves (repeated sentences
flatter caches).

  growth.py BINDIR ROOT [--scale F] [--only NAME]

--scale multiplies every size (0.25 for a quick look). Prints one line per case and writes the
same to bench/growth.txt.
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

LIMIT = 4.4


def pool(bindir, root):
    """Sentences and words of the example studies' docs."""
    sentences, words = [], set()
    for ex in ("asesoria", "salud"):
        out = subprocess.run([os.path.join(bindir, "qda-ingest"), "-q", os.path.join(root, "examples", ex, "study.yaml")],
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            r = json.loads(line)
            if r["kind"] != "doc":
                continue
            for s in re.split(r"(?<=[.!?…])\s+", r["text"].replace("\n", " ")):
                s = s.strip()
                if 20 <= len(s) <= 400:
                    sentences.append(s)
                    words.update(w for w in re.findall(r"\w+", s) if len(w) > 3)
    return sentences, sorted(words)


class Text:
    def __init__(self, sentences, words, seed=24):
        self.s, self.w, self.rng = sentences, words, random.Random(seed)

    def sentence(self):
        s = self.rng.choice(self.s).split(" ")
        s.insert(self.rng.randrange(1, len(s) + 1), self.rng.choice(self.w))
        return " ".join(s)

    def chars(self, n):
        out, size = [], 0
        while size < n:
            s = self.sentence()
            out.append(s)
            size += len(s) + 1
        return " ".join(out)


def run(cmd, stdin_path, out_path=os.devnull):
    """Wall seconds and peak RSS (MB) of one command, best of three runs for the time (a run that
    writes many files waits on the disk's flush now and then: 0.26 s one run, 0.79 s the next)."""
    best, rss = None, 0.0
    for _ in range(3):
        with tempfile.NamedTemporaryFile("r") as log, open(stdin_path, "rb") as fin, open(out_path, "wb") as fout:
            t0 = time.perf_counter()
            p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", log.name] + cmd, stdin=fin, stdout=fout,
                               stderr=subprocess.PIPE)
            dt = time.perf_counter() - t0
            if p.returncode != 0:
                raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.decode()[-500:]}")
            rss = max(rss, int(log.read().split()[-1]) / 1024)
        best = dt if best is None else min(best, dt)
    return best, rss


def unit(uid, text, **extra):
    r = {"kind": "unit", "id": uid, "doc": uid.split(".u")[0], "participant": "E1", "source": "E", "attrs": {"gender": "f"},
         "category": "anecdota", "episode": 1, "seq": 1, "speaker": "participant", "span": [0, len(text)], "text": text}
    r.update(extra)
    return r


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main():
    args = sys.argv[1:]
    scale, only = 1.0, None
    if "--scale" in args:
        i = args.index("--scale"); scale = float(args[i + 1]); del args[i:i + 2]
    if "--only" in args:
        i = args.index("--only"); only = args[i + 1]; del args[i:i + 2]
    bindir, root = args
    b = lambda t: os.path.join(bindir, t)
    codebook = os.path.join(root, "examples", "asesoria", "codebook.yaml")
    sentences, words = pool(bindir, root)
    work = tempfile.mkdtemp(prefix="qda-growth-")
    shm_work = tempfile.mkdtemp(prefix="qda-growth-", dir="/dev/shm") if os.access("/dev/shm", os.W_OK) else work

    def case_code_unit(n):
        p = os.path.join(work, "code.jsonl")
        write_jsonl(p, [unit("E1.u001", Text(sentences, words).chars(n))])
        return [b("qda-code"), "-q", "-c", codebook], p

    def doc(turns):
        text, spans = "", []
        for sp, t in turns:
            if text:
                text += "\n"
            spans.append({"speaker": sp, "span": [len(text), len(text) + len(t)]})
            text += t
        return {"kind": "doc", "id": "E1", "participant": "E1", "source": "E", "attrs": {}, "category": "anecdota",
                "text": text, "turns": spans}

    def case_segment_doc(n):
        p = os.path.join(work, "seg.jsonl")
        tx = Text(sentences, words)
        write_jsonl(p, [doc([("interviewer", "Cuénteme una experiencia."), ("participant", tx.chars(n))])])
        return [b("qda-segment"), "-q"], p

    def case_segment_interview(n):
        p = os.path.join(work, "int.jsonl")
        tx = Text(sentences, words)
        turns, size, k = [], 0, 0
        while size < n:
            t = tx.chars(60) + "?" if k % 2 == 0 else tx.chars(600)
            turns.append(("interviewer" if k % 2 == 0 else "participant", t))
            size += len(t)
            k += 1
        write_jsonl(p, [doc(turns)])
        return [b("qda-segment"), "-q"], p

    def case_rewrite_unit(n):
        p = os.path.join(work, "rw.jsonl")
        write_jsonl(p, [unit("E1.u001", Text(sentences, words).chars(n))])
        return [b("qda-rewrite"), "-q"], p

    def case_rewrite_runon(n):
        # An answer transcribed without full stops: one sentence of first-person clauses (verbs
        # whose tense the context decides, clitics, words the grammar must read), each of which
        # used to re-read the whole sentence.
        p = os.path.join(work, "runon.jsonl")
        clauses = [c.strip(" .!?…«»“”\"") for x in sentences for c in re.split(r"[,;:]", x)]
        clauses = [c for c in clauses if re.search(r"\b(\w+amos|nos|me|como)\b", c, re.I)]
        rng, out, size = random.Random(7), [], 0
        while size < n:
            out.append(rng.choice(clauses))
            size += len(out[-1]) + 2
        write_jsonl(p, [unit("E1.u001", ", ".join(out))])
        return [b("qda-rewrite"), "-q"], p

    def coded_participants(n, level=False):
        """n questionnaire participants, each with one coded unit (with a level attribute, and
        the unit's third-person text, when `level`)."""
        tx = Text(sentences, words)
        recs = []
        for i in range(n):
            pid = f"C{i + 1}"
            recs.append({"kind": "participant", "id": pid, "source": "C",
                         "attrs": {"gender": "f", "level": "primaria"} if level else {"gender": "f"}})
            u = {**unit(f"{pid}.q4.u001", tx.sentence()), "participant": pid, "doc": f"{pid}.q4", "source": "C",
                 "codes": [{"code": "prop_aprendizaje", "by": "human:a"}]}
            if level:
                u.update(question="q4", third_person="Ella " + tx.sentence())
            recs.append(u)
        return recs

    def case_report_no_level(n):
        p = os.path.join(work, "rep.jsonl")
        write_jsonl(p, coded_participants(n))
        return [b("qda-report"), "-q", "--table", "participants", "--table", "codes"], p

    def case_report_csv_files(n):
        # -f csv writes a file per participant's table (thousands of small files in a study).
        p = os.path.join(work, "repcsv.jsonl")
        write_jsonl(p, coded_participants(n, level=True))
        # The files go to a memory file system where there is one: on this project's VM, ext4's
        # time to create thousands of files grew run after run for the same files (system time
        # 0.2 s -> 2.2 s over five identical runs of 4,002 files, user time 0.05 s throughout),
        # which measured the disk's state, not the tool's growth.
        out = os.path.join(shm_work, "repcsv")
        shutil.rmtree(out, ignore_errors=True)
        return [b("qda-report"), "-q", "-f", "csv", "-o", out], p

    def case_synth_narrative(n):
        p = os.path.join(work, "syn.jsonl")
        tx = Text(sentences, words)
        recs = [{**unit(f"E1.u{i + 1:06d}", tx.sentence()), "seq": i + 1,
                 "codes": [{"code": "prop_aprendizaje" if i % 3 else "car_temor", "by": "human:a"}]} for i in range(n)]
        write_jsonl(p, recs)
        return [b("qda-synthesize"), "-q", "-c", codebook], p

    def study(csv_name, header, rows):
        d = os.path.join(work, "study")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, csv_name), "w", encoding="utf-8") as f:
            f.write(";".join(header) + "\n")
            for r in rows:
                f.write(";".join('"' + c.replace('"', '""') + '"' for c in r) + "\n")
        with open(os.path.join(d, "study.yaml"), "w", encoding="utf-8") as f:
            f.write(f"sources:\n  - source: C\n    file: {csv_name}\n")
        return os.path.join(d, "study.yaml")

    def case_ingest_wide_row(n):
        tx = Text(sentences, words)
        header = [f"P{i + 1}" for i in range(n)]
        s = study("wide.csv", header, [[tx.sentence()[:40] for _ in range(n)]])
        return [b("qda-ingest"), "-q", s], os.devnull

    def case_ingest_long_cell(n):
        s = study("long.csv", ["P1"], [[Text(sentences, words).chars(n)]])
        return [b("qda-ingest"), "-q", s], os.devnull

    cases = [
        ("qda-code, one long unit", case_code_unit, 256_000, "chars"),
        ("qda-segment, one long answer", case_segment_doc, 500_000, "chars"),
        ("qda-segment, one long interview", case_segment_interview, 2_000_000, "chars"),
        ("qda-rewrite, one long unit", case_rewrite_unit, 16_000, "chars"),
        ("qda-rewrite, one run-on sentence", case_rewrite_runon, 64_000, "chars"),
        ("qda-report, no level attribute", case_report_no_level, 25_000, "participants"),
        ("qda-report -f csv, a file per table", case_report_csv_files, 1_000, "participants"),
        ("qda-synthesize, one long narrative", case_synth_narrative, 20_000, "units"),
        ("qda-ingest, one wide CSV row", case_ingest_wide_row, 10_000, "columns"),
        ("qda-ingest, one long CSV cell", case_ingest_long_cell, 2_000_000, "chars"),
    ]
    lines = [f"growth: {time.strftime('%Y-%m-%d')} {os.cpu_count()} cores; time and peak RSS at n and 4n (target ratio <= {LIMIT})"]
    print(lines[0], flush=True)
    worst = 0.0
    for name, make, n, unit_name in cases:
        if only and only not in name:
            continue
        n = max(1, int(n * scale))
        t = []
        for size in (n, 4 * n):
            cmd, inp = make(size)
            t.append(run(cmd, inp))
        ratio = t[1][0] / t[0][0] if t[0][0] > 0 else float("inf")
        worst = max(worst, ratio)
        flag = "" if ratio <= LIMIT else "  ** superlinear"
        line = (f"{name:36s} n={n:>9,} {unit_name:12s} {t[0][0]:7.2f} s -> {t[1][0]:7.2f} s  ratio {ratio:5.2f}"
                f"  RSS {t[0][1]:7.1f} -> {t[1][1]:7.1f} MB{flag}")
        print(line, flush=True)
        lines.append(line)
    with open(os.path.join(root, "bench", "growth.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(shm_work, ignore_errors=True)


if __name__ == "__main__":
    main()
