#!/usr/bin/env bash
# Compile a report's LaTeX with pdflatex ONCE, as a user would, and fail on any error, on any
# table or line that runs into the margin (each "Overfull \hbox" of the log is reported) and on
# any request for a second pass (longtable's "Table widths have changed", "Rerun"), and on a page
# that ends with a heading (latex_headings.py). Exit 77 (skipped) when pdflatex is not installed,
# or pdftotext when all else passed.
#   latex_check.sh REPORT.tex OUTDIR
set -u
tex=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); out=$2
command -v pdflatex >/dev/null || { echo "latex_check: pdflatex not installed; skipped"; exit 77; }
mkdir -p "$out"
rm -f "$out"/*.aux
if ! pdflatex -interaction=nonstopmode -halt-on-error -output-directory "$out" "$tex" >"$out/pdflatex.out" 2>&1; then
  echo "latex_check: pdflatex failed on $tex:"; grep -A5 '^!' "$out/pdflatex.out" | head -40; exit 1
fi
pdf="$out/$(basename "${tex%.tex}").pdf"
log="${pdf%.pdf}.log"
[ -s "$pdf" ] || { echo "latex_check: no PDF written"; exit 1; }
rc=0
if grep -q 'Overfull \\hbox' "$log"; then
  echo "latex_check: $(grep -c 'Overfull \\hbox' "$log") overfull boxes (text into the margin) in $tex:"
  grep -A1 'Overfull \\hbox' "$log" | head -60
  rc=1
fi
if grep -Eq 'Rerun|Table widths have changed' "$log"; then
  echo "latex_check: one pdflatex pass is not enough:"; grep -E 'Rerun|Table widths have changed' "$log" | head; rc=1
fi
[ $rc = 0 ] && echo "latex_check: $pdf in one pass, no overfull box ($(grep -o 'Output written on .*' "$out/pdflatex.out"))"
# No heading at the foot of a page (skipped, 77, without pdftotext when all else passed).
/usr/bin/python3 "$(dirname "$0")/latex_headings.py" "$tex" "$pdf"
case $? in
  0) ;;
  77) [ $rc = 0 ] && rc=77 ;;
  *) rc=1 ;;
esac
exit $rc
