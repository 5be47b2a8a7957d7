#!/usr/bin/env bash
# The sharding recipes of the README give the bytes of a single run (issue 24): qda-code and
# qda-rewrite over the example study's units, (1) with GNU parallel grouping the records by doc,
# (2) split into whole-doc shards by tools/recipes/split-by-doc.awk as a Slurm job array would
# run them (here a loop), each merged with each tool's provenance record kept once. Skipped (77)
# without GNU parallel.
#   shard.sh BINDIR ROOT
set -euo pipefail
bin=$1; root=$2
command -v parallel > /dev/null || { echo "GNU parallel is not installed"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cb=$root/examples/asesoria/codebook.yaml
"$bin/qda-ingest" -q "$root/examples/asesoria/study.yaml" | "$bin/qda-segment" -q > "$work/units.jsonl"
once='/^\{"kind":"provenance","tool":"qda-(code|rewrite)"/ { if (seen[$0]++) next } 1'
for tool in "qda-code -q -c $cb" "qda-rewrite -q -j 1 -c $cb"; do
  name=${tool%% *}
  "$bin/"$tool < "$work/units.jsonl" > "$work/single.jsonl"
  # (1) GNU parallel: blocks of whole docs, outputs in input order
  parallel --will-cite --pipe --keep-order --block 40k --group-by 's/.*?"doc":"([^"]*)".*/$1/' -j 2 "$bin/$tool" \
    < "$work/units.jsonl" | awk "$once" > "$work/parallel.jsonl"
  cmp "$work/single.jsonl" "$work/parallel.jsonl"
  # (2) a job array over whole-doc shards
  rm -f "$work"/shard.* "$work"/out.*
  awk -v n=4 -v prefix="$work/shard." -f "$root/tools/recipes/split-by-doc.awk" "$work/units.jsonl" "$work/units.jsonl"
  for i in 0 1 2 3; do "$bin/"$tool < "$work/shard.$i" > "$work/out.$i"; done   # SLURM_ARRAY_TASK_ID=$i
  cat "$work"/out.0 "$work"/out.1 "$work"/out.2 "$work"/out.3 | awk "$once" > "$work/array.jsonl"
  cmp "$work/single.jsonl" "$work/array.jsonl"
  echo "$name: sharded by doc (parallel --group-by, and 4 whole-doc shards) = single run"
done
