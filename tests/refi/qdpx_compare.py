#!/usr/bin/env python3
"""Compare a study's stream with what came back from its REFI-QDA export (qdpx_roundtrip_test.sh).

  qdpx_compare.py EXAMPLE WORKDIR

WORKDIR holds corpus.jsonl and coded.jsonl (the study), back-corpus.jsonl and back-coded.jsonl
(read back from study.qdpx), codebook.json and back-codebook.json (qda-code --print-codebook).
A doc comes back under a new id (qda-ingest numbers a project's cases) with its id as its
source's name (origin.name); a code under an id derived from its label.
"""
import json
import sys

example, work = sys.argv[1], sys.argv[2]


def records(name):
    with open(f"{work}/{name}", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fail(msg):
    sys.exit(f"{example}: {msg}")


before, back = records("corpus.jsonl"), records("back-corpus.jsonl")
docs = {r["id"]: r for r in before if r["kind"] == "doc"}
back_docs = {r["origin"]["name"]: r for r in back if r["kind"] == "doc"}
if set(docs) != set(back_docs):
    fail(f"docs differ: lost {sorted(set(docs) - set(back_docs))[:5]}, new {sorted(set(back_docs) - set(docs))[:5]}")
for i, d in docs.items():
    if d["text"] != back_docs[i]["text"]:
        fail(f"doc {i}: text differs")
new_id = {i: d["id"] for i, d in back_docs.items()}

# Participants: the same attributes, each doc under its participant's case.
people = {r["id"]: r for r in before if r["kind"] == "participant"}
back_people = {r["id"]: r for r in back if r["kind"] == "participant"}
case_of = {}
for i, d in docs.items():
    p = back_docs[i]["participant"]
    if case_of.setdefault(d["participant"], p) != p:
        fail(f"the docs of {d['participant']} came back under several participants")
for pid, p in people.items():
    if pid in case_of and p["attrs"] != back_people[case_of[pid]]["attrs"]:
        fail(f"participant {pid}: attrs {p['attrs']} came back as {back_people[case_of[pid]]['attrs']}")

# Codes: the same labels, descriptions, colours and hierarchy.
cb = json.load(open(f"{work}/codebook.json"))["codes"]
bcb = json.load(open(f"{work}/back-codebook.json"))["codes"]
label = {c["id"]: c.get("label") or c["id"] for c in cb}
blabel = {c["id"]: c["label"] for c in bcb}
if len(cb) != len(bcb):
    fail(f"{len(cb)} codes went out, {len(bcb)} came back")
for a, b in zip(cb, bcb):
    if label[a["id"]] != b["label"] or a.get("description", "") != b.get("description", "") or \
       label.get(a.get("parent"), "") != blabel.get(b.get("parent"), "") or a.get("color", "") not in ("", b.get("color")):
        fail(f"code {a['id']} came back as {b}")
back_code = {label[a["id"]]: b["id"] for a, b in zip(cb, bcb)}


def codings(units, doc_name, code_name):
    out = set()
    for u in units:
        for a in u.get("codes", []):
            coder = a["by"][6:] if a["by"].startswith("coder:") else "qda"
            memo = a.get("memo", "") if coder != "qda" else ""  # the rules' come back with a description
            out.add((doc_name(u["doc"]), a["span"][0], a["span"][1], code_name(a["code"]), coder, memo))
    return out


old_name = {d["id"]: i for i, d in back_docs.items()}
units = [r for r in records("coded.jsonl") if r["kind"] == "unit"]
went = codings(units, lambda d: d, lambda c: back_code[label[c]])
same = codings([r for r in records("same-coded.jsonl") if r["kind"] == "unit"], lambda d: old_name[d], lambda c: c)
if went != same:
    lost, new = sorted(went - same), sorted(same - went)
    fail(f"on the study's units, {len(went)} codings went out and {len(same)} came back: {len(lost)} lost "
         f"(e.g. {lost[:3]}), {len(new)} new (e.g. {new[:3]})")

# Segmented again: the rules' exactly; people's over the same text but for at most 2 %. (A
# person's coding with a memo keeps it: the tuples above hold it.)
came = codings([r for r in records("back-coded.jsonl") if r["kind"] == "unit"], lambda d: old_name[d], lambda c: c)
lost, new = went - came, came - went
if any(c[4] == "qda" for c in lost | new):
    fail(f"rule codings differ: lost {sorted(c for c in lost if c[4] == 'qda')[:3]}, "
         f"new {sorted(c for c in new if c[4] == 'qda')[:3]}")


def covered(cs):  # (doc, code, coder) -> the code points its codings cover, white space left out
    out = {}
    for doc, s, e, code, coder, _ in cs:
        text = docs[doc]["text"]
        out.setdefault((doc, code, coder), set()).update(i for i in range(s, e) if not text[i].isspace())
    return out


went_cover, came_cover = covered(went), covered(came)
total = sum(len(v) for v in went_cover.values())
differ = sum(len(went_cover.get(k, set()) ^ came_cover.get(k, set())) for k in went_cover.keys() | came_cover.keys())
if differ > total / 50:
    fail(f"segmented again, people's codings cover other text: {differ} of {total} code points")
coders = sorted({c[4] for c in went})
print(f"{example}: {len(docs)} docs, {len(people)} participants, {len(cb)} codes and {len(went)} codings "
      f"({', '.join(f'{sum(1 for c in went if c[4] == k)} by {k}' for k in coders)}) came back the same; "
      f"segmented again, {len(went & came)} codings came back span for span, and people's cover the same text "
      f"but for {differ} of {total} code points")
