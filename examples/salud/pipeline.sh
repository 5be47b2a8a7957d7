#!/usr/bin/env bash
# The example study regenerated: raw data -> ingest | segment | code | rewrite | synthesize ->
# report (Markdown, HTML, LaTeX, one CSV per table) in OUTDIR. A step whose tool is not in
# BINDIR is skipped, so the report always shows what the available pipeline produces.
#   pipeline.sh BINDIR OUTDIR
set -euo pipefail
bin=$(cd "$1" && pwd)
out=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC

"$bin/qda-ingest" -q "$here/study.yaml" -o "$work/0.jsonl"
cur="$work/0.jsonl"
step() {  # step TOOL ARGS… : run TOOL on the current stream when it was built
  local tool=$1; shift
  if [ ! -x "$bin/$tool" ]; then echo "pipeline: $tool not built; step skipped" >&2; return 0; fi
  "$bin/$tool" -q "$@" "$cur" -o "$work/$tool.jsonl"
  cur="$work/$tool.jsonl"
}
step qda-segment
step qda-code -c "$here/codebook.yaml"
step qda-rewrite -c "$here/codebook.yaml"
step qda-synthesize -c "$here/codebook.yaml" --category experiencia

mkdir -p "$out"
rm -rf "$out/csv"
report() { "$bin/qda-report" -q --study "$here/study.yaml" -c "$here/codebook.yaml" "$@" "$cur"; }
report -f md -o "$out/report.md"
report -f html -o "$out/report.html"
report -f tex -o "$out/report.tex"
report -f csv -o "$out/csv"
