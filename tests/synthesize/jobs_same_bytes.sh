#!/usr/bin/env bash
# qda-synthesize -j N: the same bytes (records and warnings) as -j 1 on generated coded units of
# the example codebook, with arcs (the shuffled-order controls) and without; in the order
# qda-segment writes them (each narrative scored early, on a worker, while the stream is read),
# with some units of narratives moved to the end of the stream (their early scores go stale and
# are redone) and with every unit shuffled.
#   jobs_same_bytes.sh BINDIR REPO
set -euo pipefail
bin=$1; root=$2
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
cb="$root/examples/asesoria/codebook.yaml"
/usr/bin/python3 "$root/bench/gen_synthesize.py" 6000 "$cb" > "$d/in.jsonl"
/usr/bin/python3 - "$d" <<'PY'
import random, sys
d = sys.argv[1]
lines = open(f"{d}/in.jsonl", encoding="utf-8").readlines()
units = [l for l in lines if '"kind":"unit"' in l]
other = [l for l in lines if '"kind":"unit"' not in l]
r = random.Random(3)
late = set(i for i in range(len(units)) if r.random() < 0.02)
open(f"{d}/late.jsonl", "w", encoding="utf-8").writelines(
    other + [u for i, u in enumerate(units) if i not in late] + [units[i] for i in sorted(late)])
r.shuffle(units)
open(f"{d}/shuffled.jsonl", "w", encoding="utf-8").writelines(other + units)
PY
for input in in late shuffled; do
  for arcs in "--lexicon $root/examples/asesoria/lexicon.tsv" --no-arcs; do
    for j in 1 3; do
      # shellcheck disable=SC2086
      "$bin/qda-synthesize" -j $j -c "$cb" $arcs "$d/$input.jsonl" > "$d/$j.jsonl" 2> "$d/$j.err"
    done
    cmp "$d/1.jsonl" "$d/3.jsonl"
    cmp "$d/1.err" "$d/3.err"
    echo "$input ${arcs%% *}: same bytes ($(grep -c '"kind":"narrative"' "$d/1.jsonl") narratives)"
  done
done
