#!/usr/bin/env python3
"""The neutral form of each case of cases_define.py: `vmctl -o json
--explain=vmctl translate ...` gives the vmctl command line, equivalence
and notes NEUTRAL says (or the exit code and message), whatever the other
vocabularies' --explain says: so these cases pin what translate reads,
apart from how explain writes it in each vocabulary (golden.py checks the
whole answer)."""
import json
import os
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from cases_define import CASES, NEUTRAL  # noqa: E402
from vmtest import Tap, run  # noqa: E402


def main():
    t = Tap()
    for case_id, (argv, stdin) in CASES.items():
        code, line, equiv, words = NEUTRAL[case_id]
        rc, out, err = run(["-o", "json", "--explain=vmctl"] + argv, stdin=stdin)
        what = "%s: %s" % (case_id, " ".join(argv[1:]))
        if code:
            msg = err.decode(errors="replace")
            t.ok(rc == code and msg.startswith(line) and msg.count("\n") == 1 and out == b"",
                 "%s refused (exit %d)" % (what, code), "exit %d, stderr %r" % (rc, msg))
            continue
        try:
            cmd = json.loads(out)["commands"][0]
        except (ValueError, KeyError, IndexError):
            t.ok(False, what, "exit %d, stdout %r, stderr %r" % (rc, out, err))
            continue
        got = shlex.join(cmd["argv"])
        notes = " | ".join(cmd.get("notes", []))
        missing = [w for w in words if w not in notes]
        t.ok(rc == 0 and err == b"" and cmd["vocabulary"] == "vmctl" and got == line and cmd["equivalence"] == equiv
             and not missing, "%s is %s (%s)" % (what, line, equiv),
             "exit %d: %s (%s)\nnotes: %s\nmissing in the notes: %s\nstderr %r"
             % (rc, got, cmd["equivalence"], notes, missing, err))
    t.done()


if __name__ == "__main__":
    main()
