#!/usr/bin/env python3
"""Deterministic generator of a large realistic corpus of doc records for `make bench`:
Spanish questionnaire answers and interview turns of 200-2000 characters, with accents,
quotes, incisos, ellipses and abbreviations. Usage: gen_corpus.py MB [SEED] > corpus.jsonl"""
import json, random, sys

mb = float(sys.argv[1]); rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2021)
openers = ["Un día", "Una vez", "Resulta que", "Después", "Luego", "Pero", "Al final", "Entonces", "Sin embargo",
           "Por eso", "Al principio", "Finalmente", "Me di cuenta de que", "La maestra", "El director", "Los niños"]
clauses = ["la Dra. Pérez llegó a la escuela de San Isidro", "revisamos la p. 30 del programa con la Mtra. Sosa",
           "la maestra no quería –porque ya le había informado la directora– que yo entrara",
           "me dijo: «maestra, ¿puede venir? Porque mis niños no están hablando»", "trabajábamos con aprox. veinte alumnos",
           "el Sr. Gómez, de EE. UU., nos mandó materiales, libros, etc. para el grupo", "pues... no sabíamos qué hacer",
           "planeamos juntas una secuencia didáctica de lectura", "los padres de familia participaron en la feria de ciencias",
           "en pandemia todo era por WhatsApp y la señal fallaba", "el Consejo Técnico Escolar analizó los resultados […] del diagnóstico",
           "la Profra. Ana habló con Ud. y con el supervisor", "organizamos un taller sobre evaluación formativa"]
ends = [".", ".", ".", "?", "!", "…"]

def sentence():
    s = rng.choice(openers) + " " + rng.choice(clauses)
    if rng.random() < 0.4: s += ", y " + rng.choice(clauses)
    return s + rng.choice(ends)

def body(lo, hi):
    target = rng.randint(lo, hi); out = ""
    while len(out) < target: out += (" " if out else "") + sentence()
    return out

written, n = 0, 0
limit = int(mb * 1024 * 1024)
while written < limit:
    n += 1
    turns, text = [], ""
    if n % 3 == 0:  # an interview fragment: alternating turns
        for i in range(rng.randint(2, 6)):
            t = "¿Y qué pasó después? Cuénteme una experiencia." if i % 2 == 0 else body(150, 600)
            if text: text += "\n\n"
            turns.append({"speaker": "interviewer" if i % 2 == 0 else "participant", "span": [len(text), len(text) + len(t)]})
            text += t
        pid, did, src = f"E{n}", f"E{n}", "E"
    else:
        text = body(200, 2000); turns = [{"speaker": "participant", "span": [0, len(text)]}]
        pid, did, src = f"C{n}", f"C{n}.q4", "C"
    rec = {"kind": "doc", "id": did, "participant": pid, "source": src, "attrs": {"gender": rng.choice("fm"), "age": rng.randint(26, 65)},
           "category": "anecdota", "text": text, "turns": turns, "origin": {"file": "bench"}}
    line = json.dumps(rec, ensure_ascii=False) + "\n"
    sys.stdout.write(line); written += len(line.encode("utf-8"))
