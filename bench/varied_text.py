#!/usr/bin/env python3
"""Deterministic generator of varied Spanish unit records for the qda-rewrite bench: interview-like
first-person sentences ("yo llegué…", "me dijeron que…", "nos…"), mixed with third-person and
impersonal ones, over the real vocabulary of the system's Spanish message catalogues, whose words
the Apertium spa-cat analyser classifies and whose generator inflects (verbs in every person and
tense the rewrite meets, enclitics, plurals, agreeing adjectives). No sentence is written twice.
Records have the shape gen_rewrite_units.py writes.
Usage: varied_text.py MB [SEED] > units.jsonl    (or import: units(mb, seed) yields the records)"""
import glob, gettext, json, random, re, subprocess, sys

APERTIUM = "/usr/share/apertium/apertium-spa-cat"
CATALOGUES = "/usr/share/locale/es/LC_MESSAGES/*.mo"
WORD = re.compile(r"[a-záéíóúñü]+")
DANGLING = {"de", "del", "a", "al", "el", "la", "los", "las", "un", "una", "en", "con", "por", "para", "que", "y", "o", "como"}


def catalogue_messages(pattern=CATALOGUES):
    """Spanish sentences of the message catalogues, cleaned of format specifiers, markup and
    mnemonics, each once, in a fixed order."""
    seen, out = set(), []
    for path in sorted(glob.glob(pattern)):
        with open(path, "rb") as f:
            try:
                cat = gettext.GNUTranslations(f)._catalog
            except Exception:  # a catalogue Python cannot read is skipped, not fatal
                continue
        for key in sorted(cat, key=str):
            text = cat[key]
            if not isinstance(text, str):
                continue
            text = re.sub(r"<[^>]*>|%[-#0-9.$*lhzjt]*[a-zA-Z%]|\{[^}]*\}|\$\{[^}]*\}|[_&](?=\w)", " ", text)
            for s in re.split(r"(?<=[.!?:])\s+|\n+", text):
                s = " ".join(s.split()).strip(" .:;,")
                words = s.split()
                if not 3 <= len(words) <= 18 or not re.fullmatch(r"[A-Za-zÁÉÍÓÚÑÜáéíóúñü¿¡ ,()'-]+", s):
                    continue
                if sum(bool(WORD.fullmatch(w.lower().strip(",()¿¡'"))) for w in words) < len(words) * 0.8:
                    continue
                # Not option names, acronyms, stray letters or a message cut before its object.
                if any(w.startswith("-") or (len(w) > 1 and w.isupper()) or (len(w) == 1 and w not in "aeouy")
                       for w in words) or words[-1].lower() in DANGLING:
                    continue
                if s.lower() not in seen:
                    seen.add(s.lower())
                    out.append(s)
    return out


def _lt(mode, binary, lines):
    """lt-proc over one line per item; one output line per input line."""
    out = subprocess.run(["lt-proc", mode, f"{APERTIUM}/{binary}"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True).stdout
    return out.split("\n")[: len(lines)]


def lexicon(messages):
    """Nouns (with gender), adjectives, adverbs and verb lemmas of the catalogues' words, and the
    inflected forms the sentences need, from the analyser and the generator."""
    words = sorted({w for m in messages for w in WORD.findall(m.lower()) if len(w) > 2})
    nouns, adjs, verbs, advs = {}, set(), set(), set()
    for w, line in zip(words, _lt("-a", "spa-cat.automorf.bin", words)):
        for lf in line.strip("^$").split("/")[1:]:
            m = re.fullmatch(r"([a-záéíóúñü]+)<(\w+)>(.*)", lf)
            if not m:
                continue
            lemma, pos, rest = m.groups()
            if pos == "n" and lemma == w and rest in ("<m><sg>", "<f><sg>"):
                nouns[w] = rest[1]
            elif pos == "adj" and lemma == w and rest == "<m><sg>":
                adjs.add(w)
            elif pos == "adv" and lemma == w and w.endswith("mente"):
                advs.add(w)
            elif pos == "vblex" and lemma.endswith(("ar", "er", "ir", "ír")):
                verbs.add(lemma)
    want = []
    for n, g in sorted(nouns.items()):
        want.append(f"{n}<n><{g}><pl>")
    for a in sorted(adjs):
        want += [f"{a}<adj><f><sg>", f"{a}<adj><m><pl>", f"{a}<adj><f><pl>"]
    verb_forms = {
        "ifi1": "<ifi><p1><sg>", "pri1": "<pri><p1><sg>", "pii1": "<pii><p1><sg>", "fti1": "<fti><p1><sg>",
        "ifi1p": "<ifi><p1><pl>", "pri1p": "<pri><p1><pl>", "pii1p": "<pii><p1><pl>",
        "ifi3": "<ifi><p3><sg>", "pri3": "<pri><p3><sg>", "pii3": "<pii><p3><sg>", "ifi3p": "<ifi><p3><pl>",
        "pri3p": "<pri><p3><pl>", "inf": "<inf>", "ger": "<ger>", "pp": "<pp><m><sg>", "ppfp": "<pp><f><pl>",
        "infme": "<inf>+me<prn><enc><p1><mf><sg>", "infnos": "<inf>+nos<prn><enc><p1><mf><pl>",
        "germe": "<ger>+me<prn><enc><p1><mf><sg>", "prs3": "<prs><p3><sg>", "cni1": "<cni><p1><sg>",
        "pis1": "<pis><p1><sg>", "prs1": "<prs><p1><sg>", "fti1p": "<fti><p1><pl>", "pii3p": "<pii><p3><pl>",
        "cni1p": "<cni><p1><pl>", "ifi2": "<ifi><p2><sg>", "infla": "<inf>+lo<prn><enc><p3><f><sg>",
    }
    for v in sorted(verbs):
        want += [f"{v}<vblex>{t}" for t in verb_forms.values()]
    got = {}
    for lf, line in zip(want, _lt("-g", "cat-spa.autogen.bin", [f"^{x}$" for x in want])):
        form = line.strip()
        if form and form[0] not in "#@~" and WORD.fullmatch(form):
            got[lf] = form
    lex = {"nouns": [], "adjs": [], "advs": sorted(advs), "verbs": []}
    for n, g in sorted(nouns.items()):
        if f"{n}<n><{g}><pl>" in got:
            lex["nouns"].append((n, g, got[f"{n}<n><{g}><pl>"]))
    for a in sorted(adjs):
        forms = [got.get(f"{a}<adj><{x}>") for x in ("f><sg", "m><pl", "f><pl")]
        if all(forms):
            lex["adjs"].append({"m": a, "f": forms[0], "mp": forms[1], "fp": forms[2]})
    for v in sorted(verbs):
        forms = {k: got.get(f"{v}<vblex>{t}") for k, t in verb_forms.items()}
        if all(forms.values()):
            lex["verbs"].append(forms)
    return lex


ROLES = ["la directora", "el supervisor", "mi compañera", "el maestro", "la coordinadora", "un colega", "la asesora",
         "el jefe de sector", "una madre de familia", "el director", "la doctora", "mi hermano", "la inspectora"]
ROLES_PL = ["los padres", "las maestras", "mis compañeros", "los alumnos", "las autoridades", "los vecinos",
            "las enfermeras", "los técnicos"]
PREPS = ["en", "con", "para", "sobre", "desde", "sin", "por", "hasta", "entre", "hacia", "contra", "tras"]
OPENERS = ["", "", "", "", "Pues ", "Bueno, ", "O sea, ", "Eh, ", "Entonces ", "Y ", "Luego ", "Ese día "]
TIMES = ["ayer", "la semana pasada", "el año pasado", "hoy", "ahora", "cada semana", "siempre", "a veces",
         "todos los días", "al principio", "después", "esa mañana", "el lunes"]


class Sentences:
    def __init__(self, lex, messages, rng):
        self.lex, self.messages, self.r = lex, messages, rng

    def np(self, plural=None):
        r = self.r
        n, g, pl = r.choice(self.lex["nouns"])
        plural = r.random() < 0.3 if plural is None else plural
        det = r.choice({("m", False): ["el", "un", "este", "ese", "mi", "nuestro", "otro", "cada"],
                        ("f", False): ["la", "una", "esta", "esa", "mi", "nuestra", "otra", "cada"],
                        ("m", True): ["los", "unos", "estos", "mis", "nuestros", "algunos", "varios"],
                        ("f", True): ["las", "unas", "estas", "mis", "nuestras", "algunas", "varias"]}[(g, plural)])
        s = f"{det} {pl if plural else n}"
        if r.random() < 0.5:
            a = r.choice(self.lex["adjs"])
            s += " " + a[{("m", False): "m", ("f", False): "f", ("m", True): "mp", ("f", True): "fp"}[(g, plural)]]
        return s

    def pp(self):
        return f"{self.r.choice(PREPS)} {self.np()}"

    def v(self, form):
        return self.r.choice(self.lex["verbs"])[form]

    def msg(self):
        m = self.r.choice(self.messages)
        return m[0].lower() + m[1:] if len(m) > 1 and not m[1].isupper() else m

    def first_person(self):
        r, np, pp, v = self.r, self.np, self.pp, self.v
        t = r.randrange(21)
        if t == 0: return f"yo {v('ifi1')} {np()} {pp()}"
        if t == 1: return f"me dijeron que {self.msg()}"
        if t == 2: return f"cuando {v('ifi1')} {np()}, {r.choice(ROLES)} me {v('ifi3')} {pp()}"
        if t == 3: return f"{r.choice(TIMES)} {v('pii1')} {np()} y {v('pii1')} {np()}"
        if t == 4: return f"tuve que {v('infme')} {pp()}"
        if t == 5: return f"nosotros {v('ifi1p')} {np()} {pp()}"
        if t == 6: return f"nos {v('ifi3p')} {np()} {pp()}"
        if t == 7: return f"{r.choice(TIMES)} {v('pri1p')} {np(True)} {r.choice(self.lex['advs'])}"
        if t == 8: return f"estaba {v('ger')} {np()} cuando {r.choice(ROLES)} me {v('ifi3')}"
        if t == 9: return f"para mí, {self.msg()}"
        if t == 10: return f"{v('fti1')} {np()}, pensé: «{self.msg()}»"
        if t == 11: return f"no {v('pri1')} {np()} {pp()} porque {r.choice(ROLES)} no me {v('pri3')}"
        if t == 12: return f"{r.choice(ROLES_PL)} {v('ifi3p')} {np()} y nosotras {v('ifi1p')} {v('ppfp')}"
        if t == 13: return f"a mí me {v('pii3')} {np()} {pp()}"
        if t == 14: return f"{v('ifi1p')} {pp()} para {v('infnos')} conmigo"
        if t == 16: return f"si {v('pis1')} {np()}, {v('cni1')} {np()} {pp()}"
        if t == 17: return f"{r.choice(ROLES)} quería que yo {v('prs1')} {np()}"
        if t == 18: return f"{r.choice(TIMES)} {v('fti1p')} {np()} o {v('cni1p')} {np(True)}"
        if t == 19: return f"{r.choice(ROLES_PL)} {v('pii3p')} {np()} y me preguntaron si ya {v('ifi2')} {np()}"
        if t == 20: return f"me tocó {v('infla')} {pp()}"
        return f"seguí {v('germe')} {pp()} y {v('ifi1')} {np()} {r.choice(self.lex['advs'])}"

    def third_person(self):
        r, np, pp, v = self.r, self.np, self.pp, self.v
        t = r.randrange(5)
        if t == 0: return f"{r.choice(ROLES)} {v('ifi3')} {np()} {pp()}"
        if t == 1: return f"{r.choice(ROLES_PL)} {v('pri3p')} {np()} {r.choice(self.lex['advs'])}"
        if t == 2: return f"{r.choice(ROLES)} {v('pii3')} que {self.msg()}"
        if t == 3: return f"{np()} {v('ifi3')} {pp()} {r.choice(TIMES)}"
        return f"{r.choice(ROLES_PL)} {v('ifi3p')} {v('inf')} {np()}"

    def impersonal(self):
        r, np, pp, v = self.r, self.np, self.pp, self.v
        t = r.randrange(4)
        if t < 2: return self.msg()
        if t == 2: return f"se {v('pri3')} {np()} {pp()}"
        return f"es necesario que se {v('prs3')} {np()}"

    def sentence(self):
        x = self.r.random()
        s = self.first_person() if x < 0.55 else self.third_person() if x < 0.8 else self.impersonal()
        opener = self.r.choice(OPENERS)
        s = opener + s if opener else s
        return s[0].upper() + s[1:] + self.r.choice([".", ".", ".", ".", "...", "?", "!"])


def units(mb, seed=2024):
    """Yields unit records (dicts) of about `mb` MB of JSON Lines in all; no sentence twice."""
    messages = catalogue_messages()
    if not messages:
        sys.exit("varied_text: no Spanish message catalogues found (" + CATALOGUES + ")")
    rng = random.Random(seed)
    gen, seen = Sentences(lexicon(messages), messages, rng), set()
    limit, written, n = int(mb * 1024 * 1024), 0, 0
    while written < limit:
        n += 1
        parts, k = [], rng.randint(1, 4)
        while len(parts) < k:
            s = gen.sentence()
            if s not in seen:
                seen.add(s)
                parts.append(s)
        text = " ".join(parts)
        rec = {"kind": "unit", "id": f"E{n // 50 + 1}.u{n % 50 + 1:03d}", "doc": f"E{n // 50 + 1}",
               "participant": f"E{n // 50 + 1}", "source": "E", "attrs": {"gender": "fmx"[n % 3]},
               "category": "anecdota", "episode": n // 10, "seq": n % 50 + 1, "speaker": "participant",
               "span": [0, len(text)], "text": text}
        written += len(json.dumps(rec, ensure_ascii=False).encode("utf-8")) + 1
        yield rec


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out = sys.stdout
    for rec in units(float(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2024):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
