#!/bin/bash
# Scores a pair of blind sets once, at first contact (issue 21), with the tools of a change and,
# beside them, the tools before it: the figures a set's README records under "## First contact"
# before anyone reads its narratives, codes or misses.
#
# Usage: tests/quality/first_contact.sh NEWBIN OLDBIN OUTDIR SET_A SET_B
#   NEWBIN, OLDBIN  directories with the qda tools of the change and of the commit before it
#   SET_A, SET_B    held-out set names (heldout50 heldout51), their READMEs ending "Not yet scored."
#
# Writes to OUTDIR: the pair's learning curves (new, old, new with --lemmas), each set's alone
# (new, old), the rules' macro line per set and the narrative typing. It prints only those
# figures: code_quality.py's per-code table stays in OUTDIR/cq_*.full, unread, since a per-code
# line is a miss read. Run from the repository's root; takes a few minutes on two cores.
set -euo pipefail
[ $# -eq 5 ] || { sed -n '2,13p' "$0"; exit 2; }
N=$(realpath "$1"); O=$(realpath "$2"); S=$3; A=$4; B=$5
mkdir -p "$S"
for h in "$A" "$B"; do
  f=tests/quality/$h/units.jsonl
  [ -s "$f" ] || { echo "first_contact: no $f" >&2; exit 2; }
  tail -n 1 "tests/quality/$h/README.md" | grep -qx 'Not yet scored.' ||
    { echo "first_contact: $h was scored already (its README does not end \"Not yet scored.\")" >&2; exit 2; }
done
cat "tests/quality/$A/units.jsonl" "tests/quality/$B/units.jsonl" > "$S/pair.jsonl"
lc() { python3 tests/quality/learning_curve.py --root . --no-example --seeds 3 --veto auto "$@"; }
for h in "$A" "$B"; do
  python3 tests/quality/code_quality.py --bin "$N" --root . --units "tests/quality/$h/units.jsonl" > "$S/cq_$h.full" 2>&1
  grep '^macro' "$S/cq_$h.full" > "$S/cq_$h.txt"
done
lc --bin "$N" --units "$S/pair.jsonl" > "$S/lc_pair.txt" 2>&1 &
lc --bin "$O" --units "$S/pair.jsonl" > "$S/lc_pair_old.txt" 2>&1
wait
lc --bin "$N" --units "$S/pair.jsonl" --no-suggest --learn-arg=--lemmas > "$S/lc_pair_lemmas.txt" 2>&1 &
for h in "$A" "$B"; do lc --bin "$N" --units "tests/quality/$h/units.jsonl" > "$S/lc_$h.txt" 2>&1; done
wait
for h in "$A" "$B"; do lc --bin "$O" --units "tests/quality/$h/units.jsonl" > "$S/lc_${h}_old.txt" 2>&1 & done
U=(--units "tests/quality/$A/units.jsonl" --units "tests/quality/$B/units.jsonl")
python3 tests/quality/heldout_typing.py --bin "$N" --root . "${U[@]}" > "$S/typ_rules.txt" 2>&1
python3 tests/quality/heldout_typing.py --bin "$N" --root . --learn 0.25 "${U[@]}" > "$S/typ_learn.txt" 2>&1
python3 tests/quality/heldout_typing.py --bin "$N" --root . --learn 0.25 --veto auto "${U[@]}" > "$S/typ_veto.txt" 2>&1
wait
cd "$S"
for f in cq_"$A".txt cq_"$B".txt lc_pair.txt lc_pair_old.txt lc_pair_lemmas.txt lc_"$A".txt lc_"$B".txt \
         lc_"$A"_old.txt lc_"$B"_old.txt typ_rules.txt typ_learn.txt typ_veto.txt; do
  echo "== $f"; cat "$f"
done
