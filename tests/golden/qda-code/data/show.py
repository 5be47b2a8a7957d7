# Golden helper: one line per unit with its codes (code, by, span, evidence); other records as kind only.
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    if r.get("kind") == "unit":
        codes = "; ".join(f'{c["code"]} {c["by"]} {c["span"]} «{c["evidence"]}»' + (f' memo={c["memo"]}' if "memo" in c else "") for c in r["codes"])
        print(f'{r["id"]}: {codes}')
    elif r.get("kind") == "change":
        print(line, end="")
    else:
        print(f'({r.get("kind")})')
