#!/usr/bin/env python3
"""The man page and --help cover every verb of the table; the man page is
mandoc-lint clean; the README's verb x vocabulary table matches the code."""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import SRCDIR, Tap, is_ci, run, verb_names  # noqa: E402


def main():
    t = Tap()
    verbs = verb_names()
    t.ok(len(verbs) >= 19, "the verb table has its verbs", verbs)
    man = open(os.path.join(SRCDIR, "man", "vmctl.1")).read()
    _, helptext, _ = run(["--help"])
    for v in verbs:
        t.ok(re.search(r"^\.It Cm %s\b" % re.escape(v), man, re.M) is not None, "man page documents %s" % v)
        t.ok(("\n  %s " % v).encode() in helptext, "--help lists %s" % v)
    for code in range(7):
        t.ok(re.search(r"^\.It %d\b" % code, man, re.M) is not None, "man page EXIT STATUS has %d" % code)
    mandoc = shutil.which("mandoc")
    if mandoc:
        p = subprocess.run([mandoc, "-T", "lint", "-W", "warning", os.path.join(SRCDIR, "man", "vmctl.1")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        t.ok(p.returncode == 0 and p.stdout == b"", "mandoc -T lint -W warning is clean", p.stdout.decode())
    else:
        t.ok(not is_ci(), "mandoc is installed (required in CI)")
    # README: the verb x vocabulary table is generated from the code
    readme = open(os.path.join(SRCDIR, "README.md")).read()
    m = re.search(r"<!-- explain-table -->\n(.*?)<!-- /explain-table -->", readme, re.S)
    t.ok(m is not None, "README has the explain table")
    if m:
        gen = subprocess.run([sys.executable, os.path.join(SRCDIR, "tests", "explain", "table.py")],
                             stdout=subprocess.PIPE, check=True).stdout.decode()
        t.ok(m.group(1) == gen, "README's explain table matches the code (regenerate: tests/explain/table.py)",
             "expected:\n" + gen)
    t.done()


if __name__ == "__main__":
    main()
