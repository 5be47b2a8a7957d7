#!/usr/bin/env bash
# qda-report -f qdpx on each example study, and back: the project validates against Project.xsd
# (REFI-QDA 1.0, MIT; tests/refi/Project.xsd), the same stream gives the same bytes, and
#   qda-ingest study.qdpx | qda-segment | qda-code -c study.qdpx --codings study.qdpx --mode human
# gives back the same docs (text), participants (attributes) and codes (labels, descriptions,
# colours, hierarchy). Codings (doc, span, code, coder, memo; the rules' under the coder "qda"): on the
# study's own units, every one comes back exactly; segmented again (a project has no turns or
# episodes, so the units differ), the rules' come back exactly, and people's, clipped to other
# units, cover the same text but for at most 2 % of it.
# The studies are coded by their rules and by people: asesoria by its gold codings, salud by a
# coder "ana" made up here. Status 77 (skipped) without xmllint (Debian: libxml2-utils).
#   qdpx_roundtrip_test.sh BINDIR ROOT
set -euo pipefail
bin=$1 root=$2
command -v xmllint >/dev/null || { echo "xmllint not found (apt install libxml2-utils): skipped"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC
for ex in asesoria salud; do
  d="$root/examples/$ex" w="$work/$ex"
  mkdir -p "$w"
  "$bin/qda-ingest" -q "$d/study.yaml" -o "$w/corpus.jsonl"
  "$bin/qda-segment" -q "$w/corpus.jsonl" -o "$w/units.jsonl"
  if [ "$ex" = asesoria ]; then  # the gold codings by span (coder "gold": the file's name), units without a code left out
    python3 -c 'import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l); r.pop("quote", None)
    if r["codes"]: print(json.dumps(r, ensure_ascii=False))' "$d/gold/codes.jsonl" >"$w/gold.jsonl"
    codings=("$w/gold.jsonl")
  else  # a person's codings: every fifth participant unit, with a code of the codebook and a memo
    python3 - "$w/units.jsonl" "$w/ana.jsonl" <<'PY'
import json, sys
units = [json.loads(l) for l in open(sys.argv[1]) if '"kind":"unit"' in l]
units = [u for u in units if u["speaker"] == "participant"][::5]
with open(sys.argv[2], "w") as out:
    for i, u in enumerate(units):
        s, e = u["span"]
        out.write(json.dumps({"coder": "ana", "doc": u["doc"], "span": [s, min(e, s + 40 + i % 60)],
                              "code": None, "memo": f"nota {i}"}, ensure_ascii=False) + "\n")
PY
    code=$("$bin/qda-code" -c "$d/codebook.yaml" --print-codebook | python3 -c 'import json,sys; print([c["id"] for c in json.load(sys.stdin)["codes"]][-1])')
    sed -i "s/\"code\": null/\"code\": \"$code\"/" "$w/ana.jsonl"
    codings=("$w/ana.jsonl")
  fi
  "$bin/qda-code" -q -c "$d/codebook.yaml" --codings "${codings[@]}" "$w/units.jsonl" -o "$w/coded.jsonl"
  "$bin/qda-report" -q -f qdpx -c "$d/codebook.yaml" -o "$w/study.qdpx" "$w/corpus.jsonl" "$w/coded.jsonl"
  "$bin/qda-report" -q -f qdpx -c "$d/codebook.yaml" -o "$w/again.qdpx" "$w/corpus.jsonl" "$w/coded.jsonl"
  cmp "$w/study.qdpx" "$w/again.qdpx"
  python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("project.qde"))' \
    "$w/study.qdpx" "$w/project.qde"
  xmllint --noout --schema "$root/tests/refi/Project.xsd" "$w/project.qde"
  "$bin/qda-ingest" -q "$w/study.qdpx" -o "$w/back-corpus.jsonl"
  "$bin/qda-segment" -q "$w/back-corpus.jsonl" \
    | "$bin/qda-code" -q -c "$w/study.qdpx" --codings "$w/study.qdpx" --mode human -o "$w/back-coded.jsonl"
  # The same codings on the study's own units (doc and participant ids renamed to those of the
  # project read back): every application comes back exactly, span for span.
  python3 - "$w/units.jsonl" "$w/corpus.jsonl" "$w/back-corpus.jsonl" >"$w/same-units.jsonl" <<'PY'
import json, sys
rec = lambda f: [json.loads(l) for l in open(f) if l.strip()]
old = {r["id"]: r for r in rec(sys.argv[2]) if r["kind"] == "doc"}
new = {r["origin"]["name"]: r for r in rec(sys.argv[3]) if r["kind"] == "doc"}
for u in rec(sys.argv[1]):
    if u["kind"] != "unit":
        continue
    d = new[u["doc"]]
    u["doc"], u["participant"] = d["id"], d["participant"]
    u["id"] = d["id"] + "." + u["id"].rsplit(".", 1)[1]
    print(json.dumps(u, ensure_ascii=False))
PY
  "$bin/qda-code" -q -c "$w/study.qdpx" --codings "$w/study.qdpx" --mode human "$w/same-units.jsonl" -o "$w/same-coded.jsonl"
  # Back to the study's own codebook (the researcher's loop: export, recode in a GUI tool, code
  # again with the YAML and its rules): its codes have no GUIDs and get the ones the export gave
  # them, so every unit comes back with the same code ids.
  "$bin/qda-code" -q -c "$d/codebook.yaml" --codings "$w/study.qdpx" --mode human "$w/same-units.jsonl" -o "$w/same-yaml.jsonl"
  python3 - "$w/coded.jsonl" "$w/same-yaml.jsonl" <<'PY'
import json, sys
codes = lambda f: [sorted(c["code"] for c in r["codes"]) for r in map(json.loads, open(f)) if r["kind"] == "unit"]
a, b = codes(sys.argv[1]), codes(sys.argv[2])
assert len(a) == len(b) and a == b, f"{sum(x != y for x, y in zip(a, b))} of {len(a)} units come back with other codes"
PY
  "$bin/qda-code" -c "$d/codebook.yaml" --print-codebook >"$w/codebook.json"
  "$bin/qda-code" -c "$w/study.qdpx" --print-codebook >"$w/back-codebook.json"
  python3 "$root/tests/refi/qdpx_compare.py" "$ex" "$w"
done
