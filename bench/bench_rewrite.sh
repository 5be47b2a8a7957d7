#!/usr/bin/env bash
# `make bench`: qda-rewrite over two sets of unit records — the example study's sentences
# recombined (few word forms, sentences repeated: what the caches absorb) and varied Spanish
# (varied_text.py: tens of thousands of word forms, no sentence twice) — per core (-j 1) and
# with the default -j, next to streaming lt-proc analysis of the same text (the baseline the
# issue names), with MB/s, start-up time and peak RSS; the results also go to
# bench/results-rewrite.txt (not committed). The -j 1 and default -j outputs must be the same bytes.
#   bench_rewrite.sh BINDIR [MB] [VARIED_MB]
set -euo pipefail
bindir=$1; mb=${2:-20}; varied_mb=${3:-5}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/.." && pwd)
data=/usr/share/apertium/apertium-spa-cat
units="$here/units-rewrite-${mb}MB.jsonl"
[ -s "$units" ] || /usr/bin/python3 "$here/gen_rewrite_units.py" "$root" "$mb" > "$units"
varied="$here/units-varied-${varied_mb}MB.jsonl"
[ -s "$varied" ] || /usr/bin/python3 "$here/varied_text.py" "$varied_mb" > "$varied"
text_of() {  # units.jsonl -> units.txt, the units' text one a line (what lt-proc reads)
  local text="${1%.jsonl}.txt"
  [ -s "$text" ] || /usr/bin/python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"): print(json.loads(l)["text"])' "$1" > "$text"
  echo "$text"
}
measure() {  # name, input, command...
  local name=$1 input=$2; shift 2
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" < "$input" > /dev/null 2> "$log"
  local secs cpu rss b
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  b=$(stat -c %s "$input")
  rm -f "$log"
  # MB per CPU second too: on a machine shared with other jobs it moves less than wall time.
  awk -v n="$name" -v b="$b" -v s="$secs" -v c="$cpu" -v r="$rss" \
    'BEGIN { printf "%-40s %8.1f MB in %6.2f s  %8.2f MB/s  (%6.2f CPU s, %6.2f MB/CPU s)  peak RSS %6.1f MB\n", n, b/1048576, s, (s > 0 ? b/1048576/s : 0), c, (c > 0 ? b/1048576/c : 0), r/1024 }'
}
same_bytes() {  # input: qda-rewrite -j 1 and the default -j write the same bytes
  if cmp -s <("$bindir/qda-rewrite" -q -j 1 < "$1") <("$bindir/qda-rewrite" -q < "$1"); then
    echo "  -j 1 and default -j: same output"
  else
    echo "  -j 1 and default -j: OUTPUTS DIFFER"; return 1
  fi
}
startup() {  # one tiny unit, best of 5, in ms
  local best=999999 t0 t1 ms
  for _ in 1 2 3 4 5; do
    t0=$(date +%s%N)
    echo '{"kind":"unit","id":"E1.u001","attrs":{"gender":"f"},"span":[0,9],"text":"Yo llegué"}' | "$bindir/qda-rewrite" > /dev/null
    t1=$(date +%s%N); ms=$(( (t1 - t0) / 1000000 )); [ "$ms" -lt "$best" ] && best=$ms
  done
  echo "qda-rewrite start-up (one unit)     ${best} ms"
}
{
  echo "bench-rewrite: $(date -u +%Y-%m-%d) $(nproc) cores"
  for set in "study sentences:$units" "varied Spanish:$varied"; do
    name=${set%%:*}; file=${set#*:}
    echo "$name: $file ($(( $(stat -c %s "$file") / 1048576 )) MB)"
    measure "qda-rewrite -j 1 (per core)" "$file" "$bindir/qda-rewrite" -j 1
    measure "qda-rewrite (default -j, $(nproc) cores)" "$file" "$bindir/qda-rewrite"
    measure "lt-proc -w (analysis only, text)" "$(text_of "$file")" lt-proc -w "$data/spa-cat.automorf.bin"
    same_bytes "$file"
  done
  startup
} | tee "$here/results-rewrite.txt"
