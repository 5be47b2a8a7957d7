#!/usr/bin/env python3
"""No page of a compiled report ends with a heading: for each page of the PDF (pdftotext -layout,
pages split at form feeds), the last lines of text (the page number of the plain page style left
aside) must not be a \\section* or \\subsection* title of the LaTeX source, alone or wrapped over
two or three lines.

usage: latex_headings.py REPORT.tex REPORT.pdf
Exit 0 when no page ends with a heading, 1 when one does (each named, with its page), 77 when
pdftotext (poppler-utils) is not installed.
"""
import re
import shutil
import subprocess
import sys
import unicodedata


def key(text):
    """Letters and digits only, without accents, lower case: the same for a heading written in
    LaTeX and as pdftotext extracts it (ligatures, dashes and spacing differ)."""
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", text.lower())


def headings(tex):
    """The titles of \\section*{…} and \\subsection*{…}, LaTeX commands removed."""
    out = []
    for m in re.finditer(r"^\\(?:sub)?section\*\{(.*)\}$", tex, re.M):
        title = re.sub(r"\\[A-Za-z]+(\{\})?", "", m.group(1))  # \guillemotleft{}, \kappa, \textbar{}…
        if key(title):
            out.append((m.group(1), key(title)))
    return out


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    tex_path, pdf = sys.argv[1], sys.argv[2]
    if not shutil.which("pdftotext"):
        print("latex_headings: pdftotext (poppler-utils) not installed; skipped")
        return 77
    with open(tex_path, encoding="utf-8") as f:
        heads = headings(f.read())
    if not heads:
        print("latex_headings: no \\section* or \\subsection* in %s" % tex_path)
        return 1
    run = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True)
    if run.returncode != 0:
        print("latex_headings: pdftotext failed on %s: %s" % (pdf, run.stderr.strip()))
        return 1
    pages = run.stdout.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    keys = {k: title for title, k in heads}
    problems = []
    for number, page in enumerate(pages, 1):
        lines = [l.strip() for l in page.splitlines() if l.strip()]
        if lines and re.fullmatch(r"\d+", lines[-1]):  # the page number in the foot
            lines.pop()
        for n in (1, 2, 3):  # a long heading wraps
            if len(lines) >= n and key(" ".join(lines[-n:])) in keys:
                problems.append("page %d of %d ends with the heading '%s'" % (number, len(pages), keys[key(" ".join(lines[-n:]))]))
                break
    if problems:
        print("latex_headings: a heading ends a page in %s:\n  %s" % (pdf, "\n  ".join(problems)))
        return 1
    print("latex_headings: %d pages, %d headings, none ends a page" % (len(pages), len(heads)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
