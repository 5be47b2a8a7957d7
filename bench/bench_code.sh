#!/usr/bin/env bash
# qda-code with a 300-pattern codebook over deterministic unit records, next to a Python peer.
#   bench_code.sh BINDIR [MB]      results also appended to bench/results-code.txt
set -euo pipefail
bindir=$1; mb=${2:-50}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/bench/gen_code_bench.py" "$work" "$mb"
bytes=$(stat -c %s "$work/units-code.jsonl")
# time_code LABEL CODEBOOK OUT: run qda-code on the bench units; print its compile time, wall-clock
# MB/s and MB/s of CPU time (user + sys, which a loaded machine distorts less), and peak RSS.
time_code() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bindir/qda-code" -v -c "$2" "$work/units-code.jsonl" -o "$3" 2> "$work/log"
  read -r secs usr sys rss < "$work/time"
  grep -o '[0-9]* patterns compiled in [0-9.]* ms' "$work/log" | sed "s/^/bench code: $1 /"
  awk -v l="$1" -v b="$bytes" -v s="$secs" -v c="$(echo "$usr + $sys" | bc)" -v r="$rss" \
    'BEGIN { printf "bench code: %s %.1f MB/s wall (%.2f s), %.1f MB/s of CPU time (%.2f s), peak RSS %.1f MB\n", l, b / s / 1e6, s, b / c / 1e6, c, r / 1024 }'
}
{
  echo "bench code: $(date -u +%F) $(grep -c '' "$work/units-code.jsonl") units, $((bytes / 1048576)) MiB, $(nproc) cores"
  time_code qda-code "$work/codebook-code-300.yaml" "$work/out.jsonl"
  echo "bench code: $(grep -o '"code":"' "$work/out.jsonl" | wc -l) code applications"
  /usr/bin/python3 "$root/bench/code_peer.py" "$work/codebook-code-300.yaml" "$work/units-code.jsonl" 5
  # The example study's codebook over the same units: more patterns, regular expressions (run
  # by ICU where vectorscan's prefilter says they may match), NEAR, `after`, exclusive dimensions.
  time_code "example codebook" "$root/examples/asesoria/codebook.yaml" "$work/out-example.jsonl"
} | tee -a "$root/bench/results-code.txt"
