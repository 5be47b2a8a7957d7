#!/usr/bin/python3
"""Peak memory of qda-ingest and qda-segment on large inputs (issues 23 and 24), for `make bench`:
figures, not assertions. Each case prints the input's size, the wall time, when the first byte
of output came (qda-ingest writes every participant before any doc, so its first byte follows a
first reading of the table, its docs a second) and the peak RSS, with the RSS of the same tool
on a tiny input (the libraries and data every run pays) to tell what grows with the input.

  memory.py BINDIR ROOT [--scale F] [--only NAME] [--keep DIR]

Cases: a questionnaire CSV of about 100 MB (one participant a row, answers of varied text from
both example studies); a CSV of one header and one row a million columns wide; one interview of
0.5, 2 and 8 MB (many turns) and one answer of about 2 MB (one turn) through qda-segment, each
with one job and with the default (the machine's cores); the last column is the growth over a
tiny input as a multiple of the doc's text (issue 24's bound: 3). --scale multiplies every size.
Prints one line per case and writes them to bench/memory.txt.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from growth import Text, pool  # noqa: E402


def measure(cmd, stdin_path=os.devnull):
    """Wall seconds, seconds to the first byte of output, peak RSS in MB."""
    with tempfile.NamedTemporaryFile("r") as log, open(stdin_path, "rb") as fin:
        t0 = time.perf_counter()
        p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", log.name] + cmd, stdin=fin, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        first = p.stdout.read(1)
        t1 = time.perf_counter()
        while p.stdout.read(1 << 20):
            pass
        err = p.stderr.read()
        p.wait()
        t2 = time.perf_counter()
        if p.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}): {err.decode()[-500:]}")
        rss = int(log.read().split()[-1]) / 1024
    return t2 - t0, (t1 - t0) if first else float("nan"), rss


def write_study(d, name, header, rows):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        f.write(";".join(header) + "\n")
        for r in rows:
            f.write(";".join('"' + c.replace('"', '""') + '"' for c in r) + "\n")
    with open(os.path.join(d, "study.yaml"), "w", encoding="utf-8") as f:
        f.write(f"sources:\n  - source: C\n    file: {name}\n    attrs:\n      gender: Sexo\n      age: Edad\n"
                if "Sexo" in header else f"sources:\n  - source: C\n    file: {name}\n")
    return os.path.join(d, "study.yaml"), os.path.getsize(os.path.join(d, name))


def main():
    args = sys.argv[1:]
    scale, only, keep = 1.0, None, None
    if "--scale" in args:
        i = args.index("--scale"); scale = float(args[i + 1]); del args[i:i + 2]
    if "--only" in args:
        i = args.index("--only"); only = args[i + 1]; del args[i:i + 2]
    if "--keep" in args:
        i = args.index("--keep"); keep = args[i + 1]; del args[i:i + 2]
    bindir, root = args
    b = lambda t: os.path.join(bindir, t)
    sentences, words = pool(bindir, root)
    work = keep or tempfile.mkdtemp(prefix="qda-memory-")
    os.makedirs(work, exist_ok=True)

    def rows_csv(size):
        tx = Text(sentences, words)
        header = ["Sexo", "Edad", "P1", "P2", "P3", "P4", "P5"]

        def rows():
            total, k = 0, 0
            while total < size:
                k += 1
                r = ["Mujer" if k % 2 else "Hombre", str(20 + k % 40)] + [tx.chars(tx.rng.randrange(100, 700)) for _ in range(5)]
                total += sum(len(c.encode()) + 3 for c in r)
                yield r
        return write_study(os.path.join(work, "rows"), "rows.csv", header, rows())

    def wide_csv(columns):
        tx = Text(sentences, words)
        return write_study(os.path.join(work, "wide"), "wide.csv", [f"P{i + 1}" for i in range(columns)],
                           [[tx.sentence()[:40] for _ in range(columns)]])

    def doc_file(name, turns):
        text, spans = "", []
        for sp, t in turns:
            if text:
                text += "\n"
            spans.append({"speaker": sp, "span": [len(text), len(text) + len(t)]})
            text += t
        p = os.path.join(work, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(json.dumps({"kind": "doc", "id": "E1", "participant": "E1", "source": "E", "attrs": {},
                                "category": "anecdota", "text": text, "turns": spans}, ensure_ascii=False) + "\n")
        return p, len(text.encode())

    def interview(size):
        tx = Text(sentences, words)
        turns, total, k = [], 0, 0
        while total < size:
            t = tx.chars(60) + "?" if k % 2 == 0 else tx.chars(600)
            turns.append(("interviewer" if k % 2 == 0 else "participant", t))
            total += len(t.encode())
            k += 1
        return doc_file("interview.jsonl", turns)

    def answer(size):
        tx = Text(sentences, words)
        return doc_file("answer.jsonl", [("interviewer", "Cuénteme una experiencia."), ("participant", tx.chars(size))])

    tiny_study, _ = write_study(os.path.join(work, "tiny"), "tiny.csv", ["P1"], [["Una respuesta."]])
    tiny_doc, _ = doc_file("tiny.jsonl", [("participant", "Una respuesta.")])
    tiny = {"qda-ingest": ([b("qda-ingest"), "-q", tiny_study], os.devnull),
            "qda-segment": ([b("qda-segment"), "-q", "-j", "1"], tiny_doc)}

    cases = [
        ("qda-ingest, questionnaire CSV", lambda: rows_csv(int(100e6 * scale)), lambda s: ([b("qda-ingest"), "-q", s], os.devnull)),
        (f"qda-ingest, one row {int(1_000_000 * scale):,} columns", lambda: wide_csv(int(1_000_000 * scale)), lambda s: ([b("qda-ingest"), "-q", s], os.devnull)),
    ]
    for jobs in (["-j", "1"], []):
        j = " ".join(jobs) or "default -j"
        for mb in (0.5, 2, 8):
            cases.append((f"qda-segment {j}, {mb:g} MB interview", lambda mb=mb: interview(int(mb * 1e6 * scale)),
                          lambda p, jobs=jobs: ([b("qda-segment"), "-q"] + jobs, p)))
        cases.append((f"qda-segment {j}, 2 MB answer", lambda: answer(int(2e6 * scale)),
                      lambda p, jobs=jobs: ([b("qda-segment"), "-q"] + jobs, p)))
    base = {t: measure(*tiny[t])[2] for t in tiny if not only or any(only in n and t in n for n, _, _ in cases)}
    lines = [f"memory: {time.strftime('%Y-%m-%d')} {os.cpu_count()} cores; peak RSS of a tiny input: "
             + ", ".join(f"{k} {v:.1f} MB" for k, v in base.items())]
    print(lines[0], flush=True)
    for name, make, command in cases:
        if only and only not in name:
            continue
        inp, size = make()
        cmd, stdin = command(inp)
        wall, first, rss = measure(cmd, stdin)
        tool = os.path.basename(cmd[0])
        grown = rss - base[tool]
        line = (f"{name:42s} input {size / 1e6:7.1f} MB  {wall:6.2f} s  first byte {first:6.2f} s  "
                f"peak RSS {rss:7.1f} MB ({grown:6.1f} MB over a tiny input: {grown * 1048576 / size:4.2f}x the input)")
        print(line, flush=True)
        lines.append(line)
    with open(os.path.join(root, "bench", "memory.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
