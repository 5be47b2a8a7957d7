#!/usr/bin/env bash
# An example study's report, end to end (examples/EXAMPLE/pipeline.sh with the tools built):
#   example_report.sh check   BINDIR ROOT WORKDIR [EXAMPLE]   the committed report equals what the pipeline makes now
#   example_report.sh browser BINDIR ROOT WORKDIR [EXAMPLE]   headless Chromium renders the HTML cleanly
#   example_report.sh latex   BINDIR ROOT WORKDIR [EXAMPLE]   pdflatex compiles the LaTeX in one pass, nothing overfull
#   example_report.sh docx    BINDIR ROOT WORKDIR [EXAMPLE]   pandoc's Word document has no literal Markdown
# EXAMPLE: asesoria (default) or salud.
set -u
mode=$1; bin=$2; root=$3; work=$4; example=${5:-asesoria}
rm -rf "$work"; mkdir -p "$work"
bash "$root/examples/$example/pipeline.sh" "$bin" "$work/report" || { echo "pipeline failed"; exit 1; }
case $mode in
  check)
    committed="$root/examples/$example/report"
    if diff -r -u "$committed" "$work/report" >"$work/diff.txt"; then echo "committed report is up to date"; exit 0; fi
    head -60 "$work/diff.txt"
    echo "examples/$example/report differs from what the pipeline produces now: run 'make tables' and review the diff"
    exit 1 ;;
  browser)
    exec /usr/bin/python3 "$root/tests/report/browser_check.py" "$work/report/report.html" "$work/report.png" \
      participants notes typology structures giorgi codes agreement changes \
      table-participants chart-types-by-source chart-types-by-level ;;
  latex)
    exec bash "$root/tests/report/latex_check.sh" "$work/report/report.tex" "$work/pdf" ;;
  docx)
    exec bash "$root/tests/report/docx_check.sh" "$work/report/report.md" "$work/docx" ;;
esac
echo "unknown mode $mode"; exit 2
