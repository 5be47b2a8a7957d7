#!/usr/bin/env python3
"""End-to-end check of qda-ingest on the example study: every record validates against
corpus-schema/, every turn's text[span] is exactly the turn, the study's counts hold, the
output is byte-identical across runs, and the pseudonym key leaves no real name behind.
Usage: check_ingest.py BINDIR ROOT"""
import json, os, subprocess, sys, unicodedata
import yaml
from schemas import Checks, validator

bindir, root = sys.argv[1], sys.argv[2]
ex = os.path.join(root, "examples", "asesoria")
check = Checks()

def main():
    validators = {k: validator(root, f"{k}.schema.json") for k in ("participant", "doc")}
    study_v = validator(root, "study.schema.json")
    with open(os.path.join(ex, "study.yaml"), encoding="utf-8") as fh:
        study = yaml.safe_load(fh)
    for err in study_v.iter_errors(study):
        check(False, f"study.yaml: {err.message}")

    cmd = [os.path.join(bindir, "qda-ingest"), os.path.join(ex, "study.yaml")]
    run1 = subprocess.run(cmd, capture_output=True)
    run2 = subprocess.run(cmd, capture_output=True)
    check(run1.returncode == 0, f"qda-ingest exit {run1.returncode}: {run1.stderr.decode()}")
    check(run1.stdout == run2.stdout, "output differs between two runs")
    check(run1.stderr == b"", f"unexpected stderr: {run1.stderr.decode()[:500]}")
    lines = run1.stdout.decode("utf-8").splitlines()
    recs = [json.loads(l) for l in lines]
    check(recs and recs[0]["kind"] == "provenance" and recs[0]["tool"] == "qda-ingest",
          "the first record must be qda-ingest's provenance record")
    check(recs and [c["role"] for c in recs[0]["config"]] == ["study"], "the provenance record names the study file alone")
    for err in validator(root, "provenance.schema.json").iter_errors(recs[0] if recs else {}):
        check(False, f"provenance: {err.message}")
    recs = recs[1:]
    check(recs and recs[0]["kind"] == "study", "the second record must be the study record")
    if recs and recs[0]["kind"] == "study":
        for err in validator(root, "study_record.schema.json").iter_errors(recs[0]):
            check(False, f"study record: {err.message} at {list(err.absolute_path)}")
        check(recs[0]["labels"] == study.get("labels", {}), "the study record carries the study file's labels")
        check(recs[0]["sources"] == [s["source"] for s in study["sources"]], "the study record lists the sources in order")
        recs = recs[1:]
    kinds = [r["kind"] for r in recs]
    check(kinds == sorted(kinds, key=lambda k: k != "participant"), "participants must come before docs")
    parts = [r for r in recs if r["kind"] == "participant"]
    docs = [r for r in recs if r["kind"] == "doc"]
    for r in recs:
        for err in validators[r["kind"]].iter_errors(r):
            check(False, f"{r.get('id')}: {err.message} at {list(err.absolute_path)}")
    by_source = {}
    for p in parts:
        by_source.setdefault(p["source"], []).append(p)
    check(len(parts) == 66, f"expected 66 participants, got {len(parts)}")
    check(len(by_source.get("C", [])) == 54 and len(by_source.get("E", [])) == 12, "expected 54 C and 12 E participants")
    c = by_source.get("C", [])
    genders = [p["attrs"].get("gender") for p in c]
    check(genders.count("f") == 37 and genders.count("m") == 17, f"gender marginals {genders.count('f')}/{genders.count('m')}")
    ages = [p["attrs"]["age"] for p in c]
    check(min(ages) == 26 and max(ages) == 65, f"age range {min(ages)}-{max(ages)}")
    levels = {}
    for p in c:
        levels[p["attrs"]["level"]] = levels.get(p["attrs"]["level"], 0) + 1
    groups = {"preescolar": 0, "primaria": 0, "secundaria": 0, "telesecundaria": 0}
    other = 0
    for k, n in levels.items():
        if k in groups:
            groups[k] += n
        else:
            other += n
    check(list(groups.values()) + [other] == [18, 12, 6, 5, 13], f"level marginals {groups} other={other}")
    # natural order of ids
    def nat(i):
        import re
        return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", i)]
    check([p["id"] for p in c] == sorted([p["id"] for p in c], key=nat), "participants not in natural order")
    # spans
    for d in docs:
        text = d["text"]
        check(unicodedata.is_normalized("NFC", text), f"{d['id']}: text not NFC")
        prev_end = 0
        for t in d["turns"]:
            s, e = t["span"]
            check(0 <= s < e <= len(text) and s >= prev_end, f"{d['id']}: bad span {t['span']}")
            seg = text[s:e]
            check(seg == seg.strip() and seg, f"{d['id']}: turn {t['span']} has surrounding space or is empty")
            prev_end = e
        for ep in d.get("episodes", []):
            check(d["turns"][ep["turn"]]["span"][0] == ep["at"], f"{d['id']}: episode offset mismatch")
    e_docs = [d for d in docs if d["source"] == "E"]
    check(len(e_docs) == 12, "expected 12 transcripts")
    for d in e_docs:
        roles = {t["speaker"] for t in d["turns"]}
        check(roles == {"interviewer", "participant"}, f"{d['id']}: roles {roles}")
    anecdotes = [d for d in docs if d.get("question") == "q4"]
    check(len(anecdotes) >= 40, f"only {len(anecdotes)} anecdotes")
    # pseudonymisation: no name of the key survives in any text
    with open(os.path.join(ex, "pseudonimos.yaml"), encoding="utf-8") as fh:
        key = yaml.safe_load(fh)
    import re
    blob = "\n".join(d["text"] + "\n" + d.get("preamble", "") + "\n" + "\n".join(t.get("label", "") for t in d["turns"]) for d in docs)
    for name in key:
        if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", blob):
            check(False, f"name '{name}' survived pseudonymisation")
    return check.report(f"ok: {len(parts)} participants, {len(docs)} docs validated")

sys.exit(main())
