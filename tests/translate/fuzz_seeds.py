#!/usr/bin/env python3
"""Writes a seed corpus for each translate fuzz harness from the command
lines of cases.py and malformed.py: DIR/<parser>/<n>, one word a line, in
the form each harness reads (tests/fuzz/fuzz_translate_common.c).
Usage: fuzz_seeds.py DIR"""
import os
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from cases import CASES  # noqa: E402
from malformed import CASES as MALFORMED  # noqa: E402


def native(argv):
    """The native command of a vmctl translate argv, as a word list."""
    words = argv[argv.index("translate") + 1:]
    if len(words) == 1 and " " in words[0]:
        try:
            words = shlex.split(words[0])
        except ValueError:  # an unterminated quote, on purpose
            words = words[0].split()
    return words


def harness(words):
    """(parser, the words the harness reads), or None."""
    tool = os.path.basename(words[0]) if words else ""
    if tool in ("xl", "virsh", "hmp", "qmp", "vmctl", "qm", "pct", "xe", "vagrant", "openstack", "incus"):
        return tool, words[1:]
    if tool.startswith("lxc-"):
        return "lxc", [tool[4:]] + words[1:]
    if tool in ("vzctl", "vzlist", "vzmigrate"):
        return "vzctl", [tool[2:]] + words[1:]
    if tool in ("qemu-system-x86_64", "qemu-kvm"):
        return "qemu_cmdline", words[1:]
    return None


def main():
    out = sys.argv[1]
    count = {}
    sources = [argv for argv, stdin in CASES.values() if stdin is None]
    sources += [argv for argv, stdin, _, _ in MALFORMED if stdin is None and "translate" in argv]
    for argv in sources:
        h = harness(native(argv))
        if not h:
            continue
        parser, words = h
        os.makedirs(os.path.join(out, parser), exist_ok=True)
        n = count.get(parser, 0)
        count[parser] = n + 1
        with open(os.path.join(out, parser, "%03d" % n), "w") as f:
            f.write("\n".join(words))
    for parser, n in sorted(count.items()):
        print("%s: %d seeds" % (parser, n))


if __name__ == "__main__":
    main()
