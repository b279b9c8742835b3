#!/usr/bin/env python3
"""Prints the README's verb x vocabulary table from the binary's own
--explain -o json (so the README cannot drift from the code); --update
writes it into README.md between its explain-table markers.

The rows are not listed here: each verb and sub-verb of the table
(tools/dump-table.c) that --explain applies to has the row of its first
case in tests/explain/cases.py without global options, with the guest
web1, followed by the rows of the VARIANTS of that verb.  A new verb's case
in cases.py is its row."""
import json
import os
import re
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from cases import CASES, expand  # noqa: E402
from vmtest import SRCDIR, run, table  # noqa: E402

# Cases shown besides each verb's first: an option that changes what a
# vocabulary says.
VARIANTS = ["stop-t0", "vcpu-set-live", "mem-set-live"]
VOCABS = ["xl", "virsh", "lxc", "vzctl", "qemu"]
SHORT = {"exact": "exact", "approximate": "approx.", "none": "none"}


def row_words(verb, argv):
    """The row's label: the verb, its sub-verb, and the options given (with
    their values), up to `--` or the first operand."""
    words = argv[:2] if verb["subs"] else argv[:1]
    takes = {"--" + o["name"] for o in verb["options"] if o["arg"]}
    rest = argv[len(words):]
    i = 0
    while i < len(rest) and rest[i].startswith("--") and rest[i] != "--":
        words.append(rest[i])
        if rest[i] in takes and i + 1 < len(rest):
            words.append(rest[i + 1])
            i += 1
        i += 1
    return words


STACKS = ("qm", "pct", "xe", "vagrant", "openstack", "incus")


def rows():
    """(label, case id) in the verb table's order."""
    out = []
    for verb in table()["verbs"]:
        if not verb["explains"]:
            continue
        keys = [[verb["name"], s["name"]] for s in verb["subs"]] or [[verb["name"]]]
        for key in keys:
            # the shared cases, not a management stack's own (cases_<stack>.py: "qm-...", VMIDs)
            ids = [i for i, (glob, argv) in CASES.items() if not glob and argv[:len(key)] == key
                   and i.split("-")[0] not in STACKS]
            if not ids:
                continue  # tests/cli/docs.py names the verb that has no case
            for case_id in ids[:1] + [i for i in VARIANTS if i in ids and i != ids[0]]:
                out.append((" ".join(row_words(verb, CASES[case_id][1])), case_id))
    return out


def render():
    lines = ["| vmctl | " + " | ".join(VOCABS) + " |", "|---|" + "---|" * len(VOCABS)]
    for label, case_id in rows():
        rc, out, err = run(["-o", "json"] + expand(case_id, "web1"))
        if rc != 0:
            sys.exit("explain failed for %s: %s" % (label, err.decode()))
        cells = {}
        for c in json.loads(out)["commands"]:
            if c["vocabulary"] in cells:
                continue  # the first command line of a vocabulary stands for it
            argv = c["argv"]
            if c["vocabulary"] == "qemu" and argv and argv[0] == "virsh":
                cells["qemu"] = (c["equivalence"], argv[-1])  # the monitor command itself
                continue
            cells[c["vocabulary"]] = (c["equivalence"], " ".join(shlex.quote(a) for a in argv))
        row = []
        for v in VOCABS:
            eq, cmd = cells[v]
            row.append("%s%s" % (SHORT[eq], (": `%s`" % cmd) if cmd else ""))
        lines.append("| `%s` | %s |" % (label, " | ".join(row)))
    return "".join(line + "\n" for line in lines)


def main():
    gen = render()
    if sys.argv[1:] != ["--update"]:
        sys.stdout.write(gen)
        return
    path = os.path.join(SRCDIR, "README.md")
    readme = open(path).read()
    new = re.sub(r"(<!-- explain-table -->\n).*?(<!-- /explain-table -->)", lambda m: m.group(1) + gen + m.group(2),
                 readme, count=1, flags=re.S)
    if new != readme:
        open(path, "w").write(new)


if __name__ == "__main__":
    main()
