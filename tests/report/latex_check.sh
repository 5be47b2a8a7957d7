#!/usr/bin/env bash
# Compile a report's LaTeX with pdflatex (twice: longtable settles its widths on the second
# run) and fail on any error. Exit 77 (skipped) when pdflatex is not installed.
#   latex_check.sh REPORT.tex OUTDIR
set -u
tex=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); out=$2
command -v pdflatex >/dev/null || { echo "latex_check: pdflatex not installed; skipped"; exit 77; }
mkdir -p "$out"
for pass in 1 2; do
  if ! pdflatex -interaction=nonstopmode -halt-on-error -output-directory "$out" "$tex" >"$out/pdflatex.out" 2>&1; then
    echo "latex_check: pdflatex failed on $tex (pass $pass):"; grep -A5 '^!' "$out/pdflatex.out" | head -40; exit 1
  fi
done
pdf="$out/$(basename "${tex%.tex}").pdf"
[ -s "$pdf" ] || { echo "latex_check: no PDF written"; exit 1; }
echo "latex_check: $pdf ($(grep -o 'Output written on .*' "$out/pdflatex.out"))"
