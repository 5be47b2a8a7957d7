#!/usr/bin/env python3
"""Writes a small Word document (argv[1]) with the shapes Word produces: a title paragraph,
bold label runs, text split across runs, a tab, a line break, a table cell, deleted text."""
import sys, zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def p(*runs):
    return "<w:p>" + "".join(runs) + "</w:p>"
def r(text, bold=False):
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'
body = "".join([
    p(r("Entrevista E11 – 14 de junio de 2021")),
    p(r("[Episodio 1]")),
    p(r("Entrevistadora:", True), r(" Cuénteme una experiencia &amp; lo que pasó.")),
    p(r("Asesor:", True), r(" La maestra no quería"), r(" asesoría"), '<w:r><w:tab/></w:r>', r("al principio."),
      '<w:del><w:r><w:delText>texto borrado</w:delText></w:r></w:del>'),
    p(r("Luego vino el examen"), '<w:r><w:br/></w:r>', r("y me buscó.")),
    '<w:tbl><w:tr><w:tc>' + p(r("Entrevistadora:", True), r(" ¿Y después?")) + '</w:tc></w:tr></w:tbl>',
    p(r("Asesor:", True), r(" Seguimos platicando.")),
])
doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>'
ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in (("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/document.xml", doc)):
        z.writestr(zipfile.ZipInfo(name, date_time=(2021, 6, 14, 0, 0, 0)), data)
