#!/usr/bin/env python3
"""Writes plan_cuestionario.tsv: the fixed demographics and the narrative type each
questionnaire anecdote was written to show. Deterministic (fixed seed), so the
marginals of STUDY.md (54 = 37 f + 17 m; ages 26..65; 18/12/6/5/13 by service) hold."""
import random
rng = random.Random(2021)
n = 54
genders = ["f"] * 37 + ["m"] * 17
rng.shuffle(genders)
fem = ["Mujer", "Femenino", "F", "mujer ", "MUJER", "Femenino"]
mas = ["Hombre", "Masculino", "M", "hombre", "Masculino "]
levels = (["Preescolar general"] * 10 + ["Preescolar"] * 5 + ["Jardín de niños"] * 3
          + ["Primaria general"] * 8 + ["primaria"] * 4
          + ["Secundaria general"] * 4 + ["Secundaria"] * 2
          + ["Telesecundaria"] * 4 + ["Tele secundaria"] * 1
          + ["Educación física"] * 3 + ["Educacion Fisica"] * 2
          + ["Educación especial"] * 2 + ["USAER"] * 2 + ["CAM"] * 1
          + ["Primaria indígena"] * 2 + ["Educación inicial"] * 1)
assert len(levels) == n
rng.shuffle(levels)
ages = [26, 65] + [rng.randint(27, 64) for _ in range(n - 2)]
rng.shuffle(ages)
types = (["busqueda"] * 11 + ["resignificacion"] * 11 + ["innovacion"] * 11 + ["redencion"] * 7
         + ["busqueda+innovacion", "resignificacion+redencion", "innovacion+resignificacion",
            "busqueda+resignificacion", "redencion+innovacion"]
         + ["-"] * 9)
assert len(types) == n
rng.shuffle(types)
with open("plan_cuestionario.tsv", "w", encoding="utf-8") as f:
    f.write("id\tSexo\tEdad\tNivel\tAnos_ATP\ttipo_anecdota\n")
    for i in range(n):
        g = genders[i]
        sexo = rng.choice(fem) if g == "f" else rng.choice(mas)
        years = rng.randint(1, 3)
        age_txt = str(ages[i]) if i % 11 else f"{ages[i]} años"
        f.write(f"C{i+1}\t{sexo}\t{age_txt}\t{levels[i]}\t{years}\t{types[i]}\n")
