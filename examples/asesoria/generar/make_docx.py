#!/usr/bin/env python3
"""Builds the Word transcripts entrevistas/E10.docx and entrevistas/E11.docx from
generar/docx/E10.txt and E11.txt.

Standard library only. The output is byte-for-byte reproducible: fixed entry order,
fixed ZipInfo date_time (2021, 6, 14, 0, 0, 0), fixed attributes, and entries are
STORED (not deflated), so the bytes do not depend on the zlib build either.

Source format (UTF-8, one paragraph per non-empty line):
    Entrevistadora: texto      -> bold run "Entrevistadora:" + normal run(s) with the text
    Asesora: texto             -> same, with the participant label of that interview
    [Episodio 1]               -> a paragraph of its own (episode marker)
    any other line             -> a paragraph without label (continues the previous speaker)
As Word does, the text of some paragraphs is split into 2 or 3 runs; a run that
starts or ends with a space carries xml:space="preserve".

Usage: python3 make_docx.py            (writes both files next to the other transcripts)
"""
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
SRC = HERE / "docx"
OUT = HERE.parent / "entrevistas"
DATE_TIME = (2021, 6, 14, 0, 0, 0)

# doc id -> (title paragraph, participant label)
DOCS = {
    "E10": ("Entrevista E10 – 14 de junio de 2021", "Asesora"),
    "E11": ("Entrevista E11 – 17 de junio de 2021", "Asesor"),
}

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '</Types>'
)

ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    '</Relationships>'
)

DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>'
    '</Relationships>'
)

STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{W_NS}">'
    '<w:docDefaults>'
    '<w:rPrDefault><w:rPr>'
    '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>'
    '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="es-MX"/>'
    '</w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
    '</w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>'
    '<w:next w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:spacing w:after="240"/></w:pPr>'
    '<w:rPr><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>'
    '</w:styles>'
)

LABEL_RE = re.compile(r"^(Entrevistadora|Asesora|Asesor):\s+(.*)$")


def run(text, bold=False):
    """One <w:r>; xml:space="preserve" when the text starts or ends with a space."""
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:r>{rpr}<w:t{space}>{escape(text)}</w:t></w:r>"


def split_runs(text, index):
    """Split a text into 1-3 pieces at word boundaries, deterministically, the way Word
    leaves runs behind after edits. The pieces concatenate back to the exact text."""
    words = text.split(" ")
    if len(words) < 8:
        return [text]
    if index % 5 == 2:
        n = 3
    elif index % 3 == 1:
        n = 2
    else:
        return [text]
    cuts = [len(words) * k // n for k in range(1, n)]
    pieces, start = [], 0
    for c in cuts + [len(words)]:
        piece = " ".join(words[start:c])
        if c < len(words):
            piece += " "          # the space stays at the end of the run
        pieces.append(piece)
        start = c
    return pieces


def paragraph(line, index, labels):
    m = LABEL_RE.match(line)
    if m and m.group(1) in labels:
        label, text = m.group(1), m.group(2)
        runs = [run(label + ":", bold=True)]
        pieces = split_runs(text, index)
        pieces[0] = " " + pieces[0]   # the space after the label opens the first text run
        runs += [run(p) for p in pieces]
    else:
        runs = [run(p) for p in split_runs(line, index)]
    return "<w:p>" + "".join(runs) + "</w:p>"


def document_xml(title, lines, labels):
    body = [f'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>{run(title)}</w:p>']
    for i, line in enumerate(lines):
        body.append(paragraph(line, i, labels))
    body.append(
        '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/>'
        '<w:pgMar w:top="1417" w:right="1701" w:bottom="1417" w:left="1701" '
        'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
        + "".join(body)
        + "</w:body></w:document>"
    )


def write_docx(path, parts):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts:          # fixed order
            zi = zipfile.ZipInfo(name, date_time=DATE_TIME)
            zi.compress_type = zipfile.ZIP_STORED
            zi.create_system = 0
            zi.external_attr = 0
            z.writestr(zi, data.encode("utf-8"))


def build(doc_id):
    title, participant = DOCS[doc_id]
    raw = (SRC / f"{doc_id}.txt").read_text(encoding="utf-8")
    lines = [l.strip() for l in raw.splitlines() if l.strip()]
    labels = {"Entrevistadora", participant}
    for l in lines:                       # a label of the other interview is a typo in the source
        m = LABEL_RE.match(l)
        if m and m.group(1) not in labels:
            raise SystemExit(f"{doc_id}: unexpected label {m.group(1)!r} in: {l[:60]}")
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document_xml(title, lines, labels)),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", STYLES),
    ]
    out = OUT / f"{doc_id}.docx"
    write_docx(out, parts)
    print(f"{out}: {len(lines) + 1} paragraphs")


if __name__ == "__main__":
    for d in DOCS:
        build(d)
