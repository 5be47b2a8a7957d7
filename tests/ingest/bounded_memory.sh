#!/usr/bin/env bash
# qda-ingest reads a table in bounded memory (issues 23 and 24): a generated questionnaire of
# about 50 MB, and one row 300,000 columns wide, each ingested under a limit of 160 MB of
# address space (ulimit -v), with every participant and doc counted in the output. The reader
# that held the whole corpus needed about five times the table; this one needs about 20 MB
# beyond the program itself (some 55 MB of address space: libraries, ICU data), so the limit
# leaves room and the test cannot flake. Nothing is timed. Skipped (77) in a sanitizer build,
# which reserves far more address space than any such limit.
#   bounded_memory.sh BINDIR
set -euo pipefail
bin=$1
if grep -q __asan_init "$bin/qda-ingest"; then
  echo "skipped: a sanitizer build reserves terabytes of address space"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$work" <<'PY'
import os, random, sys
work = sys.argv[1]
rng = random.Random(23)
words = ("la maestra llegó temprano aquel día cuando los niños jugaban en el patio de la escuela y nadie "
         "sabía qué hacer con la lluvia ni con el ruido de las ventanas que se abrían solas después del "
         "recreo mientras yo pensaba en mi familia comunidad asesoría visita").split()
def sentence(n):
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."
# about 50 MB, one participant a row, five answers (some empty), quotes doubled
rows = docs = size = 0
with open(os.path.join(work, "rows.csv"), "w", encoding="utf-8") as f:
    f.write("Sexo;Edad;P1;P2;P3;P4;P5\n")
    while size < 50_000_000:
        rows += 1
        cells = ["Mujer" if rows % 2 else "Hombre", str(18 + rows % 50)]
        for q in range(5):
            t = "" if (rows + q) % 7 == 0 else " ".join(sentence(rng.randrange(5, 25)) for _ in range(rng.randrange(2, 8)))
            if t and q == 2: t = 'dijo "' + t + '"'
            docs += bool(t)
            cells.append(t)
        line = ";".join('"' + c.replace('"', '""') + '"' for c in cells) + "\n"
        size += len(line.encode())
        f.write(line)
with open(os.path.join(work, "rows.yaml"), "w") as f:
    f.write("sources:\n  - source: C\n    file: rows.csv\n    attrs:\n      gender: Sexo\n      age: Edad\n")
with open(os.path.join(work, "rows.expected"), "w") as f:
    f.write(f"{2 + rows + docs}\n")
# one row 300,000 columns wide
n = 300_000
with open(os.path.join(work, "wide.csv"), "w", encoding="utf-8") as f:
    f.write(",".join(f"P{i + 1}" for i in range(n)) + "\n")
    f.write(",".join(sentence(3)[:20] for _ in range(n)) + "\n")
with open(os.path.join(work, "wide.yaml"), "w") as f:
    f.write("sources:\n  - source: C\n    file: wide.csv\n")
with open(os.path.join(work, "wide.expected"), "w") as f:
    f.write(f"{2 + 1 + n}\n")
PY
status=0
for case in rows wide; do
  if ! (ulimit -v 163840; "$bin/qda-ingest" -q "$work/$case.yaml" > "$work/$case.jsonl"); then
    echo "FAIL: $case: qda-ingest failed under a 160 MB limit of address space"
    status=1
    continue
  fi
  got=$(wc -l < "$work/$case.jsonl")
  want=$(cat "$work/$case.expected")
  if [ "$got" != "$want" ]; then
    echo "FAIL: $case: $got records, expected $want"
    status=1
  else
    echo "ok: $case: $got records ($(du -m "$work/$case.csv" | cut -f1) MB table) under a 160 MB limit"
  fi
done
exit $status
