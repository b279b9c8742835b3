#!/usr/bin/env python3
"""Every verb of the table (read from the code by tools/dump-table.c, never
copied here) is documented and tested: a man page entry, a --help line, a
README table row, an explain golden case (every vocabulary) and a
completion entry (tests/completion/bash.py checks the rest); bad-input
cases are derived from each row (tests/cli/bad_input.py).  A failing check
names the verb.  The man page is mandoc-lint clean; the README's verb x
vocabulary table matches the code."""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import SRCDIR, Tap, is_ci, run, table, verb_names  # noqa: E402

sys.path.insert(0, os.path.join(SRCDIR, "tests", "explain"))
import cases as explain_cases  # noqa: E402


def verb_words(argv):
    """The verb (and sub-verb) of a vmctl argv: the first two words that are
    not options (a global option's value skipped)."""
    takes = {"-" + g["short"] for g in table()["globals"] if g["short"] and g["arg"] == "required"}
    takes |= {"--" + g["name"] for g in table()["globals"] if g["arg"] == "required"}
    words, skip = [], False
    for a in argv:
        a = a.decode(errors="replace") if isinstance(a, bytes) else a
        if skip:
            skip = False
        elif a in takes:
            skip = True
        elif a == "--" or not a.startswith("-"):
            words.append(a)
    return words[:2]


def coverage(t, verbs):
    """Each verb and sub-verb: an explain case, a README row."""
    readme = open(os.path.join(SRCDIR, "README.md")).read()
    explained = set()
    for glob, argv in explain_cases.CASES.values():
        w = verb_words(glob + argv)
        explained.add(tuple(w[:1]))
        explained.add(tuple(w))
    for v in table()["verbs"]:
        name = v["name"]
        if not v["explains"]:
            continue
        subs = [s["name"] for s in v["subs"]] or [None]
        for sub in subs:
            full = name if sub is None else "%s %s" % (name, sub)
            key = (name,) if sub is None else (name, sub)
            t.ok(key in explained, "%s: an explain golden case in every vocabulary (tests/explain/cases.py)" % full)
            t.ok(re.search(r"^\| `%s[ `]" % re.escape(full), readme, re.M) is not None,
                 "%s: a row of README's verb x vocabulary table (tests/explain/table.py)" % full)


def main():
    t = Tap()
    verbs = verb_names()
    t.ok(len(verbs) >= 19, "the verb table has its verbs", verbs)
    man = open(os.path.join(SRCDIR, "man", "vmctl.1")).read()
    _, helptext, _ = run(["--help"])
    for v in verbs:
        t.ok(re.search(r"^\.It Cm %s\b" % re.escape(v), man, re.M) is not None, "%s: the man page documents it" % v)
        t.ok(("\n  %s " % v).encode() in helptext, "%s: --help lists it" % v)
    for v in table()["verbs"]:
        for sub in v["subs"]:
            t.ok(re.search(r"^\.It Cm %s Cm %s\b" % (re.escape(v["name"]), re.escape(sub["name"])), man, re.M)
                 is not None, "%s %s: the man page documents it" % (v["name"], sub["name"]))
    coverage(t, verbs)
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
        t.ok(m.group(1) == gen, "README's explain table matches the code (regenerate: tests/explain/table.py --update)",
             "expected:\n" + gen)
    t.done()


if __name__ == "__main__":
    main()
