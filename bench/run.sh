#!/usr/bin/env bash
# `make bench`: times qda-segment over a generated corpus next to a PyICU sentence splitter,
# printing MB/s and peak RSS; results also go to bench/results.txt (not committed).
#   run.sh BINDIR [MB]
set -euo pipefail
bindir=$1; mb=${2:-50}
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/corpus-${mb}MB.jsonl"
[ -s "$corpus" ] || /usr/bin/python3 "$here/gen_corpus.py" "$mb" > "$corpus"
bytes=$(stat -c %s "$corpus")
measure() {  # name, command...
  local name=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" < "$corpus" > /dev/null 2> "$log"
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  awk -v n="$name" -v b="$bytes" -v s="$secs" -v r="$rss" \
    'BEGIN { printf "%-28s %8.1f MB in %6.2f s  %8.1f MB/s  peak RSS %6.1f MB\n", n, b/1048576, s, (s > 0 ? b/1048576/s : 0), r/1024 }'
}
{
  echo "bench: $(date -u +%Y-%m-%d) $(nproc) cores, corpus $corpus"
  measure "qda-segment" "$bindir/qda-segment"
  measure "qda-segment --granularity sentence" "$bindir/qda-segment" --granularity sentence
  measure "PyICU sentence splitter" /usr/bin/python3 "$here/pyicu_split.py"
} | tee "$here/results.txt"
