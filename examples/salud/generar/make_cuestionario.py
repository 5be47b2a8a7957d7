#!/usr/bin/env python3
"""Genera ../cuestionario.csv a partir de las respuestas escritas a mano.

Entrada: respuestas_C01-C15.yaml y respuestas_C16-C30.yaml (una entrada por respondente,
en el orden de las filas). Salida: la tabla tal como la exporta Excel en una computadora en
español: separador ';', codificación Windows-1252, filas terminadas en CRLF, celdas con
saltos de línea (LF) o con ';' o comillas entre comillas dobles, comillas dobladas.

Uso: python3 make_cuestionario.py   (desde cualquier directorio; requiere python3-yaml)
"""
import csv
import io
import os
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("make_cuestionario.py: hace falta python3-yaml (apt-get install python3-yaml)")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "cuestionario.csv")
INPUTS = ["respuestas_C01-C15.yaml", "respuestas_C16-C30.yaml"]

# Columnas en el orden del formulario; los encabezados de las preguntas son el texto completo.
COLUMNS = [
    ("marca", "Marca temporal"),
    ("sexo", "Sexo"),
    ("edad", "Edad"),
    ("municipio", "Municipio"),
    ("comunidad", "Tipo de comunidad"),
    ("anos", "Años como promotor(a)"),
    ("q1", "1. Para usted, ¿qué significa ser promotora o promotor de salud en su comunidad?"),
    ("q2", "2. Describa cómo hace su trabajo con las familias (visitas, seguimiento, registros, a quién acude)."),
    ("q3", "3. Relate una vez en que acompañó a una familia durante un problema de salud: qué pasó, qué hizo usted y cómo terminó."),
    ("q4", "4. ¿Cómo es su relación con la clínica o centro de salud, con el personal y con las autoridades de su localidad?"),
    ("q5", "5. ¿Qué dificultades enfrenta en su labor y qué necesitaría para hacerla mejor?"),
]


def load():
    rows = []
    for name in INPUTS:
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            rows.extend(yaml.safe_load(f))
    ids = [r["id"] for r in rows]
    expected = [f"C{i}" for i in range(1, len(rows) + 1)]
    if ids != expected:
        sys.exit(f"make_cuestionario.py: los ids no van en orden de fila: {ids}")
    return rows


def main():
    rows = load()
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL,
                   lineterminator="\r\n")
    w.writerow([header for _, header in COLUMNS])
    for r in rows:
        cells = []
        for key, _ in COLUMNS:
            v = r.get(key)
            v = "" if v is None else str(v)
            cells.append(v.replace("\r\n", "\n"))  # dentro de una celda Excel escribe LF
        w.writerow(cells)
    data = buf.getvalue().encode("cp1252")  # falla si algún carácter no cabe en Windows-1252
    with open(OUT, "wb") as f:
        f.write(data)
    print(f"{os.path.normpath(OUT)}: {len(rows)} filas, {len(data)} bytes (cp1252, ';', CRLF)")


if __name__ == "__main__":
    main()
