#!/usr/bin/env python3
"""Golden files: every case of cases.py x every name variant, text and JSON,
in every vocabulary, compared byte for byte with tests/explain/golden/.
Run with --update to rewrite them (then read the diff before committing)."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from cases import CASES, expand, variants  # noqa: E402
from vmtest import Tap, run  # noqa: E402

GOLDEN = os.path.join(HERE, "golden")


def main():
    update = "--update" in sys.argv
    t = Tap()
    seen = set()
    os.makedirs(GOLDEN, exist_ok=True)
    for case_id in CASES:
        for variant, name in variants(case_id):
            for fmt in ("txt", "json"):
                argv = expand(case_id, name)
                if fmt == "json":
                    argv = ["-o", "json"] + argv
                rc, out, err = run(argv)
                fname = "%s.%s.%s" % (case_id, variant, fmt)
                seen.add(fname)
                path = os.path.join(GOLDEN, fname)
                # what the user sees: the exit code is part of the golden file's name space
                record = out + (b"" if rc == 0 else b"[exit %d]\n" % rc)
                if update:
                    with open(path, "wb") as f:
                        f.write(record)
                try:
                    want = open(path, "rb").read()
                except FileNotFoundError:
                    want = None
                good = want == record and err == b""
                if fmt == "json" and good:
                    doc = json.loads(out)
                    good = doc.get("schema_version") == 1 and isinstance(doc.get("commands"), list)
                t.ok(good, "%s %s" % (fname, " ".join(argv)),
                     "got:\n%s\nwant:\n%s\nstderr: %r" % (record.decode(errors="replace"),
                                                           (want or b"(missing)").decode(errors="replace"), err))
    stale = sorted(set(os.listdir(GOLDEN)) - seen)
    t.ok(not stale, "no stale golden files", stale)
    t.done()


if __name__ == "__main__":
    main()
