"""Validators for the JSON Schemas of corpus-schema/, with their $refs resolved among each
other (Debian 12's python3-jsonschema: RefResolver), and the failure list of a check. Shared by
the example checks."""
import json, os
from jsonschema import Draft202012Validator, RefResolver

def validator(root, name):
    """A draft 2020-12 validator for corpus-schema/NAME; every schema there is checked too."""
    store, wanted = {}, None
    folder = os.path.join(root, "corpus-schema")
    for f in sorted(os.listdir(folder)):
        if f.endswith(".schema.json"):
            with open(os.path.join(folder, f)) as fh:
                s = json.load(fh)
            Draft202012Validator.check_schema(s)
            store[s["$id"]] = s
            if f == name:
                wanted = s
    if wanted is None:
        raise SystemExit(f"no schema corpus-schema/{name}")
    return Draft202012Validator(wanted, resolver=RefResolver(wanted["$id"], wanted, store=store))


class Checks:
    """check(cond, msg) notes a failure; report(ok) prints the first 40 and their count, or ok."""
    def __init__(self):
        self.failures = []

    def __call__(self, cond, msg):
        if not cond:
            self.failures.append(msg)

    def report(self, ok):
        if self.failures:
            print("\n".join(self.failures[:40]))
            print(f"{len(self.failures)} failure(s)")
            return 1
        print(ok)
        return 0


def split_provenance(records):
    """(the stream's provenance records, its other records), each in order."""
    return ([r for r in records if r.get("kind") == "provenance"],
            [r for r in records if r.get("kind") != "provenance"])


def check_provenance(check, root, records_in, records_out, tool):
    """The output's provenance records are the input's, in order, then one of `tool`'s own,
    valid against provenance.schema.json."""
    v = validator(root, "provenance.schema.json")
    before, _ = split_provenance(records_in)
    after, _ = split_provenance(records_out)
    check(after[:-1] == before, f"{tool}: the input's provenance records did not pass through in order")
    check(after and after[-1]["tool"] == tool, f"{tool}: no provenance record of its own after the input's")
    for p in after:
        for err in v.iter_errors(p):
            check(False, f"provenance of {p.get('tool')}: {err.message}")
