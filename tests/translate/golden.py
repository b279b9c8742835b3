#!/usr/bin/env python3
"""Golden files: every case of cases.py, text and JSON, compared byte for
byte with tests/translate/golden/ (standard output, then the exit code and
standard error when there are any).  JSON output must parse, carry
schema_version 1 and show the vmctl vocabulary first.  Run with --update to
rewrite the files (then read the diff before committing)."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from cases import CASES  # noqa: E402
from vmtest import Tap, run  # noqa: E402

GOLDEN = os.path.join(HERE, "golden")


def json_ok(out):
    """Each line is one envelope (a runbook gives one a command)."""
    for line in out.splitlines():
        doc = json.loads(line)
        if doc.get("schema_version") != 1 or not doc.get("commands"):
            return False
        if doc["commands"][0]["vocabulary"] != "vmctl":
            return False
    return True


def main():
    update = "--update" in sys.argv
    t = Tap()
    seen = set()
    os.makedirs(GOLDEN, exist_ok=True)
    for case_id, (argv, stdin) in CASES.items():
        for fmt in ("txt", "json"):
            args = (["-o", "json"] if fmt == "json" else []) + argv
            rc, out, err = run(args, stdin=stdin)
            record = out
            if rc != 0:
                record += b"[exit %d]\n" % rc
            if err:
                record += b"[stderr]\n" + err
            fname = "%s.%s" % (case_id, fmt)
            seen.add(fname)
            path = os.path.join(GOLDEN, fname)
            if update:
                with open(path, "wb") as f:
                    f.write(record)
            try:
                want = open(path, "rb").read()
            except FileNotFoundError:
                want = None
            good = want == record
            if good and fmt == "json":
                try:
                    good = json_ok(out)
                except ValueError:
                    good = False
            t.ok(good, "%s vmctl %s" % (fname, " ".join(args)),
                 "got:\n%s\nwant:\n%s" % (record.decode(errors="replace"),
                                          (want or b"(missing)").decode(errors="replace")))
    stale = sorted(set(os.listdir(GOLDEN)) - seen)
    t.ok(not stale, "no stale golden files", stale)
    t.done()


if __name__ == "__main__":
    main()
