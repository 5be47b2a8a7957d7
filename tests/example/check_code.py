#!/usr/bin/env python3
"""End-to-end check of qda-ingest | qda-segment | qda-code on the example study with its
codebook: every unit validates against corpus-schema/unit.schema.json (its `codes` and
`set_aside` items against code_application.schema.json); the unit records are those qda-segment
wrote plus `codes` (and `set_aside` where a rule's code fell outside its dimension's passage
or beside a code that sets its dimension aside: the code kept, and no kept code of those dimensions);
every told episode of an anecdote (not the introductions, episode 0) has a code;
each `evidence` is the text at its span; a unit never keeps two codes of an exclusive
dimension; a dimension told in one passage keeps its codes in one run of the episode's
participant units, the set-aside ones outside it; the output is the same when run twice and
when run again on its own output.
Usage: check_code.py BINDIR ROOT"""
import json, os, subprocess, sys
from schemas import Checks, check_provenance, split_provenance, validator
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "quality"))
from code_quality import codebook_dimensions

bindir, root = sys.argv[1], sys.argv[2]
ex = os.path.join(root, "examples", "asesoria")
check = Checks()

def main():
    unit_v = validator(root, "unit.schema.json")
    cb, dim_of, _ = codebook_dimensions(bindir, os.path.join(ex, "codebook.yaml"))
    exclusive = {d["id"] for d in cb["dimensions"] if d["exclusive"]}
    passage = {d["id"]: d["passage"] for d in cb["dimensions"] if d["passage"] != "any"}
    check(passage, "the example codebook tells no dimension in one passage")
    # code -> the dimensions a unit does not keep beside it
    sets_aside = {c["id"]: set(c["sets_aside"]) for c in cb["codes"] if c["sets_aside"]}
    check(sets_aside, "the example codebook sets no dimension aside")
    ingest = subprocess.run([os.path.join(bindir, "qda-ingest"), os.path.join(ex, "study.yaml")], capture_output=True, check=True)
    seg = subprocess.run([os.path.join(bindir, "qda-segment")], input=ingest.stdout, capture_output=True, check=True)
    code = [os.path.join(bindir, "qda-code"), "-q", "-c", os.path.join(ex, "codebook.yaml")]
    run1 = subprocess.run(code, input=seg.stdout, capture_output=True)
    run2 = subprocess.run(code, input=seg.stdout, capture_output=True)
    again = subprocess.run(code, input=run1.stdout, capture_output=True)
    check(run1.returncode == 0, f"qda-code exit {run1.returncode}: {run1.stderr.decode()[:500]}")
    check(run1.stderr == b"", f"unexpected stderr: {run1.stderr.decode()[:500]}")
    check(run1.stdout == run2.stdout, "output differs between two runs")
    before = [json.loads(l) for l in seg.stdout.decode("utf-8").splitlines()]
    after = [json.loads(l) for l in run1.stdout.decode("utf-8").splitlines()]
    recoded = [json.loads(l) for l in again.stdout.decode("utf-8").splitlines()]
    check_provenance(check, root, before, after, "qda-code")
    check_provenance(check, root, after, recoded, "qda-code")
    check(split_provenance(recoded)[1] == split_provenance(after)[1], "coding the output again changes it")
    before, after = split_provenance(before)[1], split_provenance(after)[1]
    check(len(before) == len(after), f"{len(before)} records in, {len(after)} out")
    episodes = {}
    aside_n = beside_n = 0
    for b, a in zip(before, after):
        if b["kind"] != "unit":
            check(a == b, f"a {b['kind']} record changed")
            continue
        for err in unit_v.iter_errors(a):
            check(False, f"{a.get('id')}: {err.message} at {list(err.absolute_path)}")
        check({k: v for k, v in a.items() if k not in ("codes", "set_aside")} == b, f"{b['id']}: fields other than codes changed")
        for item in a.get("codes", []) + a.get("set_aside", []):
            s, e = item["span"]
            off = a["span"][0]
            check(a["text"][s - off:e - off] == item["evidence"], f"{b['id']}: evidence {item['evidence']!r} is not the text at {item['span']}")
        kept = [i["code"] for i in a.get("codes", [])]
        for d in exclusive:
            check(len({c for c in kept if dim_of.get(c) == d}) <= 1, f"{b['id']}: two codes of exclusive {d}: {kept}")
        for c in kept:
            for d in sets_aside.get(c, ()):
                check(not any(dim_of.get(k) == d for k in kept), f"{b['id']}: keeps a code of {d} beside {c}: {kept}")
        for item in a.get("set_aside", []):
            if "beside" in item:
                beside_n += 1
                check("passage" not in item and item["beside"] in kept and dim_of.get(item["code"]) in sets_aside.get(item["beside"], ()),
                      f"{b['id']}: {item['code']} set aside beside {item['beside']}")
                continue
            aside_n += 1
            check(passage.get(dim_of.get(item["code"])) == item["passage"], f"{b['id']}: {item['code']} set aside for passage {item['passage']}")
        if a.get("speaker", "participant") == "participant":
            episodes.setdefault((a["doc"], a.get("episode")), []).append(a)
    check(aside_n > 0, "no code was set aside outside a passage")
    check(beside_n > 0, "no code was set aside beside a code that sets its dimension aside")
    uncoded = [k for k, us in episodes.items() if k[1] != 0 and us[0].get("category") == "anecdota" and not any(u["codes"] for u in us)]
    check(not uncoded, f"anecdote episodes without any code: {uncoded[:10]}")
    for (doc, ep), us in episodes.items():
        for d, which in passage.items():
            at = [i for i, u in enumerate(us) if any(dim_of.get(c["code"]) == d for c in u["codes"])]
            check(all(y - x == 1 for x, y in zip(at, at[1:])), f"{doc} episode {ep}: {d} kept in more than one run: {at}")
            for i, u in enumerate(us):
                for item in u.get("set_aside", []):
                    if dim_of.get(item["code"]) != d or not at or "beside" in item:
                        continue
                    outside = i > at[-1] if which == "first" else i < at[0]
                    check(outside, f"{u['id']}: {item['code']} set aside on the {which} passage's side")
    units = sum(1 for r in after if r["kind"] == "unit")
    return check.report(f"ok: {units} units coded and validated; {aside_n} rule applications set aside outside a passage, "
                        f"{beside_n} beside a code that sets their dimension aside")

sys.exit(main())
