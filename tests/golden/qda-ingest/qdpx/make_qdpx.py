#!/usr/bin/env python3
"""Small REFI-QDA projects for the golden tests (stdlib only): make_qdpx.py VARIANT OUT.

Variants: basic (the standard as written), quirks (what vendors really write), passages (cases
made of selections: SelectionRef), turns (speaker labels in a source's text), and one per
refusal (notzip, noqde, twoqde, doctype, external, slip, bomb, deep, badxml, missing)."""
import os
import sys
import zipfile

NS = 'xmlns="urn:QDA-XML:project:1.0"'
U1, U2 = "1b0b1791-be46-4557-9957-7333544cfaf2", "39633935-3331-3962-6632-373436373264"
S1, S2, S3, S4, S5 = ("aa000000-0000-4000-8000-00000000000%d" % i for i in range(1, 6))
C_APOYO, C_EMO, C_PRAC, C_RES = ("cc000000-0000-4000-8000-00000000000%d" % i for i in range(1, 5))
V_GEN, V_AGE, V_RUR, V_SCO = ("dd000000-0000-4000-8000-00000000000%d" % i for i in range(1, 5))
K1, K2 = "ee000000-0000-4000-8000-000000000001", "ee000000-0000-4000-8000-000000000002"

T1 = "La maestra no quería asesoría.\nLuego vino el examen y me buscó.\n"
T2 = "\ufeffPrimera línea de Ana.\r\nSegunda línea: el apoyo llegó tarde.\r\n"  # BOM and CRLF
T3 = "Texto de la segunda maestra.\n"
T4 = "Una nota suelta, fuera de todo caso.\n"


class Zip(zipfile.ZipFile):
    """A zip whose entries carry a fixed date, so the same variant gives the same bytes."""

    def writestr(self, name, data, *args, **kw):
        info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = self.compression
        super().writestr(info, data)


def sel(guid, text, part, code, user, start=None):
    """A PlainTextSelection of `part` in `text` (code points), coded with `code` by `user`."""
    s = text.lstrip("\ufeff").index(part) if start is None else start
    return ('<PlainTextSelection guid="%s" name="%s" startPosition="%d" endPosition="%d" creatingUser="%s">'
            '<Coding guid="%s" creatingUser="%s"><CodeRef targetGUID="%s"/></Coding></PlainTextSelection>'
            % (guid, part[:20], s, s + len(part), user, guid[:-1] + "f", user, code))


def basic(out):
    d = os.path.dirname(os.path.abspath(out))
    with open(os.path.join(d, "nota.txt"), "w", encoding="utf-8") as f:
        f.write(T4)
    qde = ('<?xml version="1.0" encoding="utf-8"?>\n<Project %s name="Estudio" origin="make_qdpx basic" basePath="%s">'
           '<Users><User guid="%s" name="ana"/><User guid="%s" name="luis"/></Users>'
           '<CodeBook><Codes>'
           '<Code guid="%s" name="Apoyo" isCodable="true" color="#FF0000"><Description>Ayuda que se ofrece</Description>'
           '<Code guid="%s" name="Apoyo emocional" isCodable="true"/><Code guid="%s" name="Apoyo práctico" isCodable="true"/></Code>'
           '<Code guid="%s" name="Resistencia" isCodable="true"/></Codes></CodeBook>'
           '<Variables><Variable guid="%s" name="Gender" typeOfVariable="Text"/><Variable guid="%s" name="Edad" typeOfVariable="Integer"/>'
           '<Variable guid="%s" name="rural" typeOfVariable="Boolean"/><Variable guid="%s" name="puntaje" typeOfVariable="Float"/></Variables>'
           '<Cases><Case guid="%s" name="Ana">'
           '<VariableValue><VariableRef targetGUID="%s"/><TextValue>Mujer</TextValue></VariableValue>'
           '<VariableValue><VariableRef targetGUID="%s"/><IntegerValue>41</IntegerValue></VariableValue>'
           '<VariableValue><VariableRef targetGUID="%s"/><BooleanValue>true</BooleanValue></VariableValue>'
           '<VariableValue><VariableRef targetGUID="%s"/><FloatValue>7.5</FloatValue></VariableValue>'
           '<SourceRef targetGUID="%s"/><SourceRef targetGUID="%s"/></Case>'
           '<Case guid="%s" name="Berta"><SourceRef targetGUID="%s"/><SourceRef targetGUID="%s"/>'
           '<SourceRef targetGUID="ab000000-0000-4000-8000-000000000000"/></Case></Cases>'
           '<Sources>'
           '<TextSource guid="%s" name="Ana 1" plainTextPath="internal://%s.txt">%s%s</TextSource>'
           '<TextSource guid="%s" name="Ana 2" plainTextPath="internal://%s.txt">%s</TextSource>'
           '<PDFSource guid="%s" name="Consentimiento" path="internal://consent.pdf">'
           '<PDFSelection guid="bb000000-0000-4000-8000-000000000009" page="1" firstX="0" firstY="0" secondX="9" secondY="9">'
           '<Coding guid="bb000000-0000-4000-8000-00000000000a" creatingUser="%s"><CodeRef targetGUID="%s"/></Coding>'
           '</PDFSelection></PDFSource>'
           '<TextSource guid="%s" name="Berta" plainTextPath="internal://%s.txt">'
           '<Coding guid="bb000000-0000-4000-8000-00000000000b" creatingUser="%s"><CodeRef targetGUID="%s"/></Coding></TextSource>'
           '<TextSource guid="%s" name="Nota" plainTextPath="relative://nota.txt"/>'
           '</Sources><Sets/></Project>'
           % (NS, d, U1, U2, C_APOYO, C_EMO, C_PRAC, C_RES, V_GEN, V_AGE, V_RUR, V_SCO, K1, V_GEN, V_AGE, V_RUR, V_SCO,
              S1, S2, K2, S3, S1,
              S1, S1, sel("bb000000-0000-4000-8000-000000000001", T1, "no quería asesoría", C_RES, U1),
              sel("bb000000-0000-4000-8000-000000000002", T1, "me buscó", C_PRAC, U2),
              S2, S2, sel("bb000000-0000-4000-8000-000000000003", T2, "el apoyo llegó tarde", C_EMO, U1),
              S5, U1, C_RES, S3, S3, U2, C_APOYO, S4))
    with Zip(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde)
        z.writestr("sources/%s.txt" % S1, T1)
        z.writestr("sources/%s.txt" % S2, T2.encode("utf-8"))
        z.writestr("sources/%s.txt" % S3, T3)
        z.writestr("sources/consent.pdf", b"%PDF-1.4")


def quirks(out):
    # NVivo for Windows: UTF-16 code units over CRLF text (an emoji is two), BOM excluded;
    # no XML declaration, GUIDs upper case in braces, Sources/ capitalised, a bare file name,
    # the .qde named after the project, an empty <Sets/>, an ATLAS.ti 8 "A::B" hierarchy.
    text = "\ufeffHola 😀 dijo.\r\nEl apoyo 😀 llegó.\r\n"
    body = text.lstrip("\ufeff")
    u16 = lambda s: len(s.encode("utf-16-le")) // 2
    part = "apoyo 😀 llegó"
    start = u16(body[:body.index(part)])
    g = lambda x: "{%s}" % x.upper()
    qde = ('<Project %s name="Trial" origin="make_qdpx quirks"><Users><User guid="%s" name="Eva"/></Users>'
           '<CodeBook><Codes><Code guid="%s" name="Apoyo::Emocional" isCodable="true"/>'
           '<Code guid="%s" name="Apoyo" isCodable="true"><Description>padre</Description></Code>'
           '<Code guid="%s" name="Otro::Más::Hondo" isCodable="true"/></Codes></CodeBook>'
           '<Sources><TextSource guid="%s" name="Entrevista" plainTextPath="%s.txt">'
           '<PlainTextSelection guid="%s" startPosition="%d" endPosition="%d" creatingUser="%s">'
           '<Coding guid="%s" creatingUser="%s"><CodeRef targetGUID="%s"/></Coding></PlainTextSelection>'
           '</TextSource></Sources><Sets></Sets></Project>'
           % (NS, g(U1), g(C_EMO), g(C_APOYO), g(C_RES), g(S1), S1, g(K1), start, start + u16(part), g(U1),
              g(K2), g(U1), g(C_EMO)))
    with Zip(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Trial.qde", qde)
        z.writestr("Sources/%s.txt" % S1, text.encode("utf-8"))


def passages(out):
    # A group interview in one source that no case names whole: each case names its passages
    # (SelectionRef), as a tool does for speakers of one transcript; one names a selection that
    # is not there.
    text = "Ana: yo pedí ayuda.\nBerta: a mí nadie me buscó.\n"
    qde = ('<?xml version="1.0" encoding="utf-8"?>\n<Project %s name="Grupo" origin="make_qdpx passages">'
           '<Users><User guid="%s" name="ana"/></Users>'
           '<CodeBook><Codes><Code guid="%s" name="Apoyo" isCodable="true"/></Codes></CodeBook>'
           '<Cases><Case guid="%s" name="Ana"><SelectionRef targetGUID="bb000000-0000-4000-8000-000000000001"/></Case>'
           '<Case guid="%s" name="Berta"><SelectionRef targetGUID="bb000000-0000-4000-8000-000000000002"/>'
           '<SelectionRef targetGUID="bb000000-0000-4000-8000-0000000000ff"/></Case></Cases>'
           '<Sources><TextSource guid="%s" name="Grupo focal" plainTextPath="internal://%s.txt">%s%s</TextSource>'
           '<TextSource guid="%s" name="Suelta" plainTextPath="internal://%s.txt"/></Sources></Project>'
           % (NS, U1, C_APOYO, K1, K2, S1, S1, sel("bb000000-0000-4000-8000-000000000001", text, "yo pedí ayuda", C_APOYO, U1),
              sel("bb000000-0000-4000-8000-000000000002", text, "nadie me buscó", C_APOYO, U1), S2, S2))
    with Zip(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde)
        z.writestr("sources/%s.txt" % S1, text)
        z.writestr("sources/%s.txt" % S2, T3)


def turns(out):
    # An interview whose text labels its turns ("Entrevistadora: …", "ANA: …"), with a title line
    # before the first, and a source whose only labels are a participant's (no turns made).
    text = ("Entrevista 3, mayo\nEntrevistadora: ¿Cómo empezó?\nANA: Pues la maestra me buscó.\nDespués planeamos juntas.\n\n"
            "Entrevistadora:\n¿Y luego?\nANA:  Luego aprendieron a leer.\n")
    other = "NOTA: sin entrevistador.\nTexto suelto.\n"
    qde = ('<?xml version="1.0" encoding="utf-8"?>\n<Project %s name="Turnos" origin="make_qdpx turns">'
           '<Users><User guid="%s" name="ana"/></Users>'
           '<CodeBook><Codes><Code guid="%s" name="Apoyo" isCodable="true"/></Codes></CodeBook>'
           '<Sources><TextSource guid="%s" name="E3" plainTextPath="internal://%s.txt">%s%s</TextSource>'
           '<TextSource guid="%s" name="Suelta" plainTextPath="internal://%s.txt"/></Sources></Project>'
           % (NS, U1, C_APOYO, S1, S1, sel("bb000000-0000-4000-8000-000000000001", text, "la maestra me buscó", C_APOYO, U1),
              sel("bb000000-0000-4000-8000-000000000002", text, "ANA:  Luego aprendieron", C_APOYO, U1), S2, S2))
    with Zip(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde)
        z.writestr("sources/%s.txt" % S1, text)
        z.writestr("sources/%s.txt" % S2, other)


def minimal(qde, extra=()):
    def write(out):
        with Zip(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in extra:
                z.writestr(name, data)
            if qde is not None:
                z.writestr("project.qde", qde)
    return write


def bomb(out):
    # An entry that unpacks to 600 MiB of zeros (600 KiB packed).
    with Zip(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", '<Project %s name="x"><Sources><TextSource guid="%s" name="big" '
                   'plainTextPath="internal://big.txt"/></Sources></Project>' % (NS, S1))
        info = zipfile.ZipInfo("sources/big.txt", date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(600):
                f.write(chunk)


def twoqde(out):
    with Zip(out, "w") as z:
        z.writestr("a.qde", "<Project %s name='a'/>" % NS)
        z.writestr("b.qde", "<Project %s name='b'/>" % NS)


def notzip(out):
    with open(out, "w") as f:
        f.write("<Project/>\n")


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Project %s name="&c;"/>' % NS)
EXTERNAL = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<Project %s name="&x;"/>' % NS)
SLIP = ('<Project %s name="x"><Sources><TextSource guid="%s" name="fuera" plainTextPath="internal://../../etc/passwd"/>'
        '</Sources></Project>' % (NS, S1))
DEEP = '<Project %s name="x"><CodeBook><Codes>%s%s</Codes></CodeBook></Project>' % (
    NS, "".join('<Code guid="%s" name="c%d" isCodable="true">' % (C_EMO, i) for i in range(600)), "</Code>" * 600)
MISSING = ('<Project %s name="x"><Sources><TextSource guid="%s" name="perdida" plainTextPath="internal://no.txt"/>'
           '</Sources></Project>' % (NS, S1))
BADXML = '<Project %s name="x"><Sources>\n<TextSource guid="%s" name="a"></Sources></Project>' % (NS, S1)

VARIANTS = {
    "basic": basic, "quirks": quirks, "passages": passages, "turns": turns, "bomb": bomb, "twoqde": twoqde, "notzip": notzip,
    "noqde": minimal(None, [("sources/a.txt", "hola")]),
    "doctype": minimal(LAUGHS), "external": minimal(EXTERNAL), "slip": minimal(SLIP),
    "deep": minimal(DEEP), "missing": minimal(MISSING), "badxml": minimal(BADXML),
}

if __name__ == "__main__":
    VARIANTS[sys.argv[1]](sys.argv[2])
