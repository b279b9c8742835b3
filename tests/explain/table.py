#!/usr/bin/env python3
"""Prints the README's verb x vocabulary table from the binary's own
--explain -o json (so the README cannot drift from the code)."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import run  # noqa: E402

ROWS = [
    ("list", ["list"]),
    ("info", ["info", "web1"]),
    ("start", ["start", "web1"]),
    ("stop", ["stop", "web1"]),
    ("stop --timeout 0", ["stop", "--timeout", "0", "web1"]),
    ("kill", ["kill", "web1"]),
    ("reboot", ["reboot", "web1"]),
    ("pause", ["pause", "web1"]),
    ("resume", ["resume", "web1"]),
    ("vcpu-set --live", ["vcpu-set", "--live", "web1", "2"]),
    ("mem-set --live", ["mem-set", "--live", "web1", "512M"]),
    ("cd-change", ["cd-change", "web1", "hdc", "/iso/d.iso"]),
    ("console", ["console", "web1"]),
    ("save", ["save", "web1", "/var/tmp/web1.save"]),
    ("restore", ["restore", "/var/tmp/web1.save", "web1"]),
    ("snapshot create", ["snapshot", "create", "web1", "s1"]),
    ("snapshot list", ["snapshot", "list", "web1"]),
    ("snapshot revert", ["snapshot", "revert", "web1", "s1"]),
    ("snapshot delete", ["snapshot", "delete", "web1", "s1"]),
    ("migrate --live", ["migrate", "--live", "web1", "qemu+ssh://h2/system"]),
    ("host", ["host"]),
]
VOCABS = ["xl", "virsh", "lxc", "vzctl", "qemu"]
SHORT = {"exact": "exact", "approximate": "approx.", "none": "none"}


def main():
    print("| vmctl | " + " | ".join(VOCABS) + " |")
    print("|---|" + "---|" * len(VOCABS))
    for label, argv in ROWS:
        rc, out, err = run(["-o", "json", "--explain"] + argv)
        if rc != 0:
            sys.exit("explain failed for %s: %s" % (label, err.decode()))
        cells = {}
        for c in json.loads(out)["commands"]:
            if c["vocabulary"] in cells:
                continue  # the first command line of a vocabulary stands for it
            argv = c["argv"]
            if c["vocabulary"] == "qemu" and argv:
                argv = [argv[-1]]  # the monitor command itself
            cells[c["vocabulary"]] = (c["equivalence"], " ".join(argv))
        row = []
        for v in VOCABS:
            eq, cmd = cells[v]
            row.append("%s%s" % (SHORT[eq], (": `%s`" % cmd) if cmd else ""))
        print("| `%s` | %s |" % (label, " | ".join(row)))


if __name__ == "__main__":
    main()
