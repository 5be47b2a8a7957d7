#!/usr/bin/env python3
"""End-to-end check of qda-ingest | qda-segment on the example study: every unit validates
against corpus-schema/unit.schema.json, text == doc.text[span], units tile each doc's turns in
order, seq and ids are consecutive, non-doc records pass through in order, and the output is
byte-identical across runs.
Usage: check_segment.py BINDIR ROOT [EXAMPLE]   (EXAMPLE: asesoria, the default, or salud)"""
import json, os, subprocess, sys
from schemas import Checks, check_provenance, validator

bindir, root = sys.argv[1], sys.argv[2]
ex = os.path.join(root, "examples", sys.argv[3] if len(sys.argv) > 3 else "asesoria")
check = Checks()

def main():
    unit_v = validator(root, "unit.schema.json")
    ingest = subprocess.run([os.path.join(bindir, "qda-ingest"), os.path.join(ex, "study.yaml")], capture_output=True, check=True)
    seg = [os.path.join(bindir, "qda-segment")]
    run1 = subprocess.run(seg, input=ingest.stdout, capture_output=True)
    run2 = subprocess.run(seg, input=ingest.stdout, capture_output=True)
    check(run1.returncode == 0, f"qda-segment exit {run1.returncode}: {run1.stderr.decode()}")
    check(run1.stdout == run2.stdout, "output differs between two runs")
    check(run1.stderr == b"", f"unexpected stderr: {run1.stderr.decode()[:500]}")
    inputs = [json.loads(l) for l in ingest.stdout.decode("utf-8").splitlines()]
    outputs = [json.loads(l) for l in run1.stdout.decode("utf-8").splitlines()]
    docs = {r["id"]: r for r in inputs if r["kind"] == "doc"}
    check_provenance(check, root, inputs, outputs, "qda-segment")
    others_in = [r for r in inputs if r["kind"] not in ("doc", "provenance")]
    others_out = [r for r in outputs if r["kind"] not in ("unit", "provenance")]
    check(others_in == others_out, "non-doc records did not pass through unchanged and in order")
    units = [r for r in outputs if r["kind"] == "unit"]
    by_doc = {}
    for u in units:
        for err in unit_v.iter_errors(u):
            check(False, f"{u.get('id')}: {err.message} at {list(err.absolute_path)}")
        d = docs.get(u["doc"])
        check(d is not None, f"{u['id']}: unknown doc {u['doc']}")
        if d is None:
            continue
        s, e = u["span"]
        check(0 <= s < e <= len(d["text"]), f"{u['id']}: span {u['span']} outside the text")
        check(u["text"] == d["text"][s:e], f"{u['id']}: text != doc.text[span]")
        check(u["participant"] == d["participant"] and u["attrs"] == d["attrs"] and u["source"] == d["source"],
              f"{u['id']}: participant, source or attrs not copied from the doc")
        by_doc.setdefault(u["doc"], []).append(u)
    check(set(by_doc) == set(docs), f"docs without units: {sorted(set(docs) - set(by_doc))[:10]}")
    for doc_id, us in by_doc.items():
        d = docs[doc_id]
        check([u["seq"] for u in us] == list(range(1, len(us) + 1)), f"{doc_id}: seq not 1..n")
        check(all(u["id"] == f"{doc_id}.u{u['seq']:03d}" for u in us), f"{doc_id}: ids do not follow seq")
        check(all(a["span"][1] <= b["span"][0] for a, b in zip(us, us[1:])), f"{doc_id}: units overlap or are out of order")
        check(us[0]["boundary"]["reason"] in ("start", "episode"), f"{doc_id}: first unit is not a start")
        eps = [u["episode"] for u in us]
        check(eps == sorted(eps), f"{doc_id}: episodes go backwards")
        # every turn's text is covered by units of that turn's speaker
        for t in d["turns"]:
            s, e = t["span"]
            inside = [u for u in us if s <= u["span"][0] and u["span"][1] <= e]
            check(all(u["speaker"] == t["speaker"] for u in inside), f"{doc_id}: unit speaker differs from its turn")
            covered = "".join(d["text"][u["span"][0]:u["span"][1]] for u in inside)
            check("".join(covered.split()) == "".join(d["text"][s:e].split()), f"{doc_id}: turn {t['span']} not covered by its units")
        if d["source"] == "C":
            check(set(eps) == {1}, f"{doc_id}: a questionnaire answer is one episode")
        if d.get("episodes"):
            check(max(eps) == len(d["episodes"]), f"{doc_id}: explicit episodes not followed")
    return check.report(f"ok: {len(units)} units of {len(docs)} docs validated")

sys.exit(main())
