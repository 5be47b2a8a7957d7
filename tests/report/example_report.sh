#!/usr/bin/env bash
# The example study's report, end to end (examples/asesoria/pipeline.sh with the tools built):
#   example_report.sh check   BINDIR ROOT WORKDIR   the committed report equals what the pipeline makes now
#   example_report.sh browser BINDIR ROOT WORKDIR   headless Chromium renders the HTML cleanly
#   example_report.sh latex   BINDIR ROOT WORKDIR   pdflatex compiles the LaTeX
set -u
mode=$1; bin=$2; root=$3; work=$4
rm -rf "$work"; mkdir -p "$work"
bash "$root/examples/asesoria/pipeline.sh" "$bin" "$work/report" || { echo "pipeline failed"; exit 1; }
case $mode in
  check)
    committed="$root/examples/asesoria/report"
    if diff -r -u "$committed" "$work/report" >"$work/diff.txt"; then echo "committed report is up to date"; exit 0; fi
    head -60 "$work/diff.txt"
    echo "examples/asesoria/report differs from what the pipeline produces now: run 'make tables' and review the diff"
    exit 1 ;;
  browser)
    exec /usr/bin/python3 "$root/tests/report/browser_check.py" "$work/report/report.html" "$work/report.png" \
      participants typology structures giorgi codes agreement changes \
      table-participants chart-types-by-source chart-types-by-level ;;
  latex)
    exec bash "$root/tests/report/latex_check.sh" "$work/report/report.tex" "$work/pdf" ;;
esac
echo "unknown mode $mode"; exit 2
