#!/usr/bin/env python3
"""Genera ../entrevistas/E4.vtt y E5.vtt a partir de vtt/E4.txt y vtt/E5.txt.

Cada archivo de entrada tiene un turno por párrafo ("Nombre: texto"; líneas con # son
comentarios). El turno se parte en cues de WebVTT de hasta ~16 palabras, cortando en fin de
oración o de coma cuando se puede, con tiempos calculados a ~2.6 palabras por segundo más
pausas entre turnos (deterministas: la misma entrada da los mismos bytes).

- E4 imita la exportación de Microsoft Teams: identificador de cue tipo GUID/n-0 y etiqueta
  de voz <v Nombre>…</v> en cada cue.
- E5 imita la de Zoom: cues numerados y el texto como "Nombre: texto".

Solo biblioteca estándar. Uso: python3 make_vtt.py
"""
import hashlib
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
OUTDIR = os.path.join(HERE, "..", "entrevistas")
JOBS = [("E4", "teams"), ("E5", "zoom")]
MAX_WORDS = 16
WPS = 2.6


def turns(path):
    out = []
    with open(path, encoding="utf-8") as f:
        paras = [p.strip() for p in f.read().split("\n\n")]
    for p in paras:
        lines = [l for l in p.splitlines() if not l.startswith("#")]
        if not lines:
            continue
        text = " ".join(l.strip() for l in lines)
        name, _, said = text.partition(": ")
        out.append((name.strip(), said.strip()))
    return out


def chunks(text):
    """Cortes como los de un subtitulador: en oraciones, y las largas en comas o a las 16 palabras."""
    sentences = re.findall(r"[^.?!…]+[.?!…]+[»\"]?|[^.?!…]+$", text)
    pieces = []
    for s in sentences:
        words = s.split()
        while len(words) > MAX_WORDS:
            cut = MAX_WORDS
            for i in range(MAX_WORDS - 1, 5, -1):
                if words[i - 1].endswith(","):
                    cut = i
                    break
            pieces.append(" ".join(words[:cut]))
            words = words[cut:]
        if words:
            pieces.append(" ".join(words))
    # une trozos muy cortos con el anterior
    merged = []
    for p in pieces:
        if merged and len(p.split()) <= 3 and len(merged[-1].split()) + len(p.split()) <= MAX_WORDS + 3:
            merged[-1] += " " + p
        else:
            merged.append(p)
    return merged


def ts(sec):
    ms = int(round(sec * 1000))
    h, ms = divmod(ms, 3600000)
    m, ms = divmod(ms, 60000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def build(doc, style):
    t = 1.84
    lines = ["WEBVTT", ""]
    n = 0
    for k, (name, said) in enumerate(turns(os.path.join(HERE, "vtt", doc + ".txt"))):
        t += 0.6 + (k * 37 % 11) / 10.0  # pausa entre turnos
        for piece in chunks(said):
            n += 1
            dur = max(1.2, len(piece.split()) / WPS)
            start, end = t, t + dur
            t = end + 0.08
            if style == "teams":
                guid = hashlib.sha1(f"{doc}/{name}".encode()).hexdigest()
                guid = f"{guid[:8]}-{guid[8:12]}-{guid[12:16]}-{guid[16:20]}-{guid[20:32]}"
                lines.append(f"{guid}/{n + 11}-0")
                lines.append(f"{ts(start)} --> {ts(end)}")
                lines.append(f"<v {name}>{piece}</v>")
            else:
                lines.append(str(n))
                lines.append(f"{ts(start)} --> {ts(end)}")
                lines.append(f"{name}: {piece}")
            lines.append("")
    return "\n".join(lines), n


def main():
    for doc, style in JOBS:
        text, n = build(doc, style)
        out = os.path.join(OUTDIR, doc + ".vtt")
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print(f"{os.path.normpath(out)}: {n} cues ({style})")


if __name__ == "__main__":
    main()
