#!/usr/bin/env bash
# Convert a report's Markdown to Word with pandoc, as a user would, and check the document's text
# (word/document.xml) for Markdown that pandoc did not understand: a literal "> " (a blockquote
# that broke), "**", "##", a table rule "| :--". Exit 77 (skipped) when pandoc is not installed.
#   docx_check.sh REPORT.md OUTDIR
set -u
md=$1; out=$2
command -v pandoc >/dev/null || { echo "docx_check: pandoc not installed; skipped"; exit 77; }
command -v unzip >/dev/null || { echo "docx_check: unzip not installed; skipped"; exit 77; }
mkdir -p "$out"
pandoc "$md" -o "$out/report.docx" 2>"$out/pandoc.err" || { echo "docx_check: pandoc failed:"; cat "$out/pandoc.err"; exit 1; }
unzip -p "$out/report.docx" word/document.xml >"$out/document.xml" || { echo "docx_check: no word/document.xml"; exit 1; }
exec /usr/bin/python3 - "$out/document.xml" <<'PY'
import re, sys, xml.etree.ElementTree as ET
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
root = ET.parse(sys.argv[1]).getroot()
paras = []
for p in root.iter(W + "p"):
    style = p.find(W + "pPr/" + W + "pStyle")
    paras.append(("".join(t.text or "" for t in p.iter(W + "t")), style.get(W + "val") if style is not None else ""))
bad = []
for text, _ in paras:
    if re.match(r"\s*>", text) or "> >" in text or "**" in text or re.match(r"\s*#{1,6} ", text) or re.search(r"\|\s*:?--", text):
        bad.append("literal Markdown: " + text[:100])
# A quotation («…» (C3, q4)) is one block quote from its first paragraph to the one that cites it.
quotes, inside = 0, False
for text, style in paras:
    if not inside and style == "BlockText" and text.startswith("«"):
        inside, quotes = True, quotes + 1
    if inside:
        if style != "BlockText":
            bad.append("a quotation broke out of its block quote at: " + text[:100])
            inside = False
        elif re.search(r"» \([^()]*\)\s*$", text):
            inside = False
if bad:
    print("docx_check: %d problems:" % len(bad))
    for b in bad[:20]:
        print("  " + b)
    sys.exit(1)
print("docx_check: %d paragraphs, %d quotations each in one block quote, no literal Markdown" % (len(paras), quotes))
PY
