#!/usr/bin/env bash
# qda-code -j N: the same bytes (records, warnings, model file, suggestions) as -j 1, on both
# example studies with rules alone, with a model learnt from codings (its veto, its lemmas) and
# with --suggest, and on 1.5 MB of varied docs (a dozen batches of groups, so every thread codes).
#   jobs_same_bytes.sh BINDIR REPO
set -euo pipefail
bin=$1; root=$2
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
learn="$root/tests/golden/qda-code/learn"
same() {  # name, then the qda-code arguments; runs with -j 1 and -j 3
  local name=$1; shift
  for j in 1 3; do
    "$bin/qda-code" -j $j "$@" > "$d/$name.$j.out" 2> "$d/$name.$j.err" || echo "status $?" >> "$d/$name.$j.err"
    [ -f "$d/model" ] && mv "$d/model" "$d/$name.$j.model"
  done
  cmp "$d/$name.1.out" "$d/$name.3.out"
  cmp "$d/$name.1.err" "$d/$name.3.err"
  [ ! -f "$d/$name.1.model" ] || cmp "$d/$name.1.model" "$d/$name.3.model"
  echo "$name: same bytes ($(wc -l < "$d/$name.1.out") lines)"
}
for ex in asesoria salud; do
  cb="$root/examples/$ex/codebook.yaml"
  "$bin/qda-ingest" -q "$root/examples/$ex/study.yaml" | "$bin/qda-segment" -q > "$d/$ex.jsonl"
  codings="$learn/$ex.jsonl"; [ -f "$codings" ] || codings="$learn/$ex.csv"
  same "$ex-rules" -c "$cb" "$d/$ex.jsonl"
  same "$ex-model" -c "$cb" --learn "$codings" --veto auto --save-model "$d/model" "$d/$ex.jsonl"
  same "$ex-lemmas" -c "$cb" --learn "$codings" --lemmas "$d/$ex.jsonl"
  same "$ex-suggest" -c "$cb" --learn "$codings" --suggest 10 "$d/$ex.jsonl"
done
/usr/bin/python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import chain; chain.study_docs(sys.argv[2], 1.5)' \
  "$root/bench" "$d/docs.jsonl"
"$bin/qda-segment" -q "$d/docs.jsonl" > "$d/varied.jsonl"
same varied-rules -c "$root/examples/asesoria/codebook.yaml" "$d/varied.jsonl"
