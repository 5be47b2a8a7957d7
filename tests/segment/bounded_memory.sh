#!/usr/bin/env bash
# qda-segment segments one long doc in bounded memory (issue 24): a generated interview of about
# 16 MB of text (some 8,000 turns), segmented with one job and with four under a limit of 350 MB
# of address space (ulimit -v), the same units both ways. The segmenter that decoded the whole
# doc at once needed more than 400 MB of address space with one job (peak RSS some 17 times the
# text); this one needs about 230 MB with one job, 260 MB with four (most of it reserved, not
# used: simdjson's index for the line, each thread's malloc arena; peak RSS about 3 times the
# text), so the limit leaves room and the test cannot flake. Then one written answer of about 8 MB
# (one turn of some 24,000 sentences) under 190 MB: the segmenter that decoded a turn whole and
# kept its units and stems until the turn's end needed about 205 MB with one job (peak RSS some
# 14 times the text); this one about 115 MB with one job, 150 MB with four (peak RSS under 3
# times the text). Nothing is timed. Skipped (77) in a sanitizer build, which reserves far more
# address space than any such limit.
#   bounded_memory.sh BINDIR
set -euo pipefail
bin=$1
if grep -q __asan_init "$bin/qda-segment"; then
  echo "skipped: a sanitizer build reserves terabytes of address space"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$work" <<'PY'
import json, os, random, sys
work = sys.argv[1]
rng = random.Random(24)
words = ("la maestra llegó temprano aquel día cuando los niños jugaban en el patio de la escuela y nadie "
         "sabía qué hacer con la lluvia ni con el ruido de las ventanas que se abrían solas después del "
         "recreo mientras yo pensaba en mi familia comunidad asesoría visita").split()
def sentence(n):
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + rng.choice([".", ".", "?", "!"])
# interviewer prompts and participant answers of 3 to 11 sentences, about 16 MB of text
parts, turns, n, k = [], [], 0, 0
while n < 16_000_000:
    t = ("¿Me cuenta una vez que " + sentence(6)[:-1].lower() + "?") if k % 2 == 0 else \
        " ".join(sentence(rng.randrange(5, 25)) for _ in range(rng.randrange(3, 12)))
    if parts:
        parts.append("\n")
        n += 1
    turns.append({"speaker": "interviewer" if k % 2 == 0 else "participant", "span": [n, n + len(t)]})
    parts.append(t)
    n += len(t)
    k += 1
with open(os.path.join(work, "long.jsonl"), "w", encoding="utf-8") as f:
    f.write(json.dumps({"kind": "doc", "id": "E1", "participant": "E1", "source": "E", "attrs": {},
                        "text": "".join(parts), "turns": turns}, ensure_ascii=False) + "\n")
# one answer of about 8 MB: a prompt, then one participant turn
parts, n = [], 0
while n < 8_000_000:
    parts.append(sentence(rng.randrange(5, 25)))
    n += len(parts[-1]) + 1
t = " ".join(parts)
with open(os.path.join(work, "answer.jsonl"), "w", encoding="utf-8") as f:
    f.write(json.dumps({"kind": "doc", "id": "A1", "participant": "A1", "source": "E", "attrs": {}, "text": t,
                        "turns": [{"speaker": "interviewer", "span": [0, 0]}, {"speaker": "participant", "span": [0, len(t)]}]},
                       ensure_ascii=False) + "\n")
PY
status=0
# bounded NAME FILE LIMIT_KB LIMIT MIN_UNITS: segment FILE with one job and with four under the
# limit, each with at least MIN_UNITS units, the same bytes both ways.
bounded() {
  local name=$1 file=$2 kb=$3 limit=$4 min=$5 ok=1 jobs units
  for jobs in 1 4; do
    if ! (ulimit -v "$kb"; "$bin/qda-segment" -q -j $jobs "$file" > "$file.$jobs"); then
      echo "FAIL: -j $jobs: qda-segment failed on the $name under a $limit limit of address space"
      status=1 ok=0
      continue
    fi
    units=$(grep -c '"kind":"unit"' "$file.$jobs" || true)
    if [ "$units" -lt "$min" ]; then
      echo "FAIL: -j $jobs: $units units of the $name, expected $min at least"
      status=1 ok=0
    else
      echo "ok: -j $jobs: $units units ($(du -m "$file" | cut -f1) MB $name) under a $limit limit"
    fi
  done
  if [ $ok -eq 1 ] && ! cmp -s "$file.1" "$file.4"; then
    echo "FAIL: -j 1 and -j 4 wrote different bytes for the $name"
    status=1
  fi
}
bounded interview "$work/long.jsonl" 358400 "350 MB" 8000  # one unit per turn at least
bounded answer "$work/answer.jsonl" 194560 "190 MB" 1000   # thousands
exit $status
