#!/usr/bin/env bash
# Time and peak RSS of qda-synthesize on N synthetic coded units (default 1 000 000).
#   bench_synthesize.sh BINDIR [N_UNITS]
set -euo pipefail
bindir=$1; n=${2:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/bench/gen_synthesize.py" "$n" "$root/examples/asesoria/codebook.yaml" > "$work/units.jsonl"
echo "bench synthesize: $n units, $(du -m "$work/units.jsonl" | cut -f1) MB of input"
/usr/bin/time -f "bench synthesize: %e s, peak RSS %M KB" "$bindir/qda-synthesize" -q \
  -c "$root/examples/asesoria/codebook.yaml" --lexicon "$root/examples/asesoria/lexicon.tsv" \
  "$work/units.jsonl" -o "$work/out.jsonl"
echo "bench synthesize: $(grep -c '"kind":"narrative"' "$work/out.jsonl") narratives"
