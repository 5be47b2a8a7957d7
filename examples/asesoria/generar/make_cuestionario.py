#!/usr/bin/env python3
"""Builds ../cuestionario.csv, the questionnaire as Spanish Excel exports a Google Forms sheet:
Windows-1252, ';'-delimited, CRLF rows, line breaks inside quoted cells, empty cells.
Inputs: plan_cuestionario.tsv (demographics) and respuestas_C*.yaml (the answers, written by
hand). Deterministic: the same inputs give the same bytes."""
import csv, glob, os, sys
import yaml

here = os.path.dirname(os.path.abspath(__file__))
HEADERS = [
    "Marca temporal", "Sexo", "Edad", "Nivel o servicio educativo", "Años como ATP",
    "1. ¿Cómo ha sido su experiencia como asesor(a) técnico pedagógico(a) a partir de las reformas educativas de 2013 y 2019?",
    "2. Para usted, ¿qué es la asesoría técnico pedagógica?",
    "3. Describa cómo lleva a cabo el proceso de asesoría con los docentes.",
    "4. Relate una experiencia o anécdota significativa de asesoría.",
    "5. ¿De qué manera la asesoría contribuye a la mejora de la práctica docente?",
    "6. ¿Cuáles son los retos de la asesoría para la mejora de la práctica docente?",
]

def cell(v):
    v = "" if v is None else str(v)
    if any(c in v for c in ';"\n\r'):
        return '"' + v.replace('"', '""') + '"'
    return v

def main():
    answers = {}
    for f in sorted(glob.glob(os.path.join(here, "respuestas_C*.yaml"))):
        with open(f, encoding="utf-8") as fh:
            answers.update(yaml.safe_load(fh))
    rows = []
    with open(os.path.join(here, "plan_cuestionario.tsv"), encoding="utf-8") as fh:
        plan = list(csv.DictReader(fh, delimiter="\t"))
    for i, p in enumerate(plan):
        a = answers.get(p["id"], {})
        day, minute = 10 + i // 6, (7 * i) % 60
        hour = 8 + (i * 5) % 11
        ampm = "a. m." if hour < 12 else "p. m."
        stamp = f"2021/05/{day:02d} {hour if hour <= 12 else hour - 12}:{minute:02d}:{(13 * i) % 60:02d} {ampm} GMT-5"
        vals = [stamp, p["Sexo"], p["Edad"], p["Nivel"], p["Anos_ATP"]]
        for q in range(1, 7):
            v = a.get(f"q{q}") or ""
            vals.append(v.rstrip("\n"))
        rows.append(vals)
    out = ";".join(cell(h) for h in HEADERS) + "\r\n"
    for r in rows:
        out += ";".join(cell(v) for v in r) + "\r\n"
    data = out.encode("cp1252")
    with open(os.path.join(here, "..", "cuestionario.csv"), "wb") as fh:
        fh.write(data)
    print(f"cuestionario.csv: {len(rows)} rows, {len(data)} bytes", file=sys.stderr)

if __name__ == "__main__":
    main()
