#!/usr/bin/env python3
"""Every native option translate accepts changes the answer or is named in a
note: none is dropped without a word.

The option tables are the readers' own: translate-options (options.c) runs
a command through translate and prints each table the reader scanned it
with.  The bases are the commands of cases.py that translate understands
(exit 0), and the understood lines of the examples corpus; for each table,
each option not already in the base is added where the reader scans
options (last, or after the subcommand where the first operand ends the
options, as in xl), with a value when it
takes one (the first of a few plausible values that translate accepts), and
the answer (text, every vocabulary) must differ from the base's (another
command, or a note), or name the option in a note.  An option refused with every value is not dropped
either (it is refused, which the user sees).

Each option is tried on each base of its table, and passes when the answer
changes on at least one of them; an option that changes nothing on every
base fails, naming the bases.  All the variants go through one `translate -`
run (JSON lines), so the test costs two processes, not thousands.

The qemu-system reader has no such table: its options are listed in
qemu_cmdline.c and each is translated or named ("is not translated") by
construction; its cases are checked by golden.py.
"""
import json
import os
import re
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import Tap, run, translate_batch  # noqa: E402
from cases import CASES  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OPTIONS = os.environ.get("TRANSLATE_OPTIONS") or os.path.join(HERE, "..", "..", "build", "tests",
                                                               "translate-options")
# Values tried, in order, for an option that takes one.
VALUES = ["2", "web2", "/tmp/x.img", "1G", "5", "h2", "qemu+ssh://h2/system", "tcp:h2", "KILL", "web2.xml"]


def tables(commands):
    """For each command (a list of words): {who: (at, at_end, [(short, long, takes_value)])}, names with dashes."""
    text = "".join("\t".join(words) + "\n" for words in commands)
    p = subprocess.run([OPTIONS], input=text.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    found = [{} for _ in commands]
    for line in p.stdout.decode().splitlines():
        n, who, at, end, s, lng, kind = line.split("\t")
        entry = found[int(n) - 1].setdefault(who, (int(at), end == "1", []))
        entry[2].append((None if s == "-" else s, None if lng == "-" else lng, kind == "value"))
    return found


def answers(commands):
    """Translates the commands in one run (`translate -`, JSON): for each, (ok, what an answer says, stderr)."""
    return [(doc is not None, json.dumps(doc["commands"], sort_keys=True) if doc else None, msg)
            for doc, msg in translate_batch(commands)[0]]


def named(answer, names):
    """One of the option's names is in a note of the answer."""
    notes = [n for c in json.loads(answer) for n in c.get("notes", [])]
    return any(re.search(r"(^|[\s'(])%s($|[\s',)=])" % re.escape(n), note) for n in names for note in notes)


def bases():
    """The understood native commands: (label, words)."""
    out = []
    for cid, (argv, stdin) in sorted(CASES.items()):
        if stdin is not None or len(argv) < 2 or argv[0] != "translate" or argv[1].startswith("-"):
            continue
        if argv[1] in ("-", "vmctl") or argv[1].startswith("qemu"):
            continue
        out.append(("case " + cid, argv[1:]))
    with open(os.path.join(HERE, "examples", "lines.txt")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            ident, cmd = line.rstrip("\n").split("\t")[:2]
            try:
                words = shlex.split(cmd)
            except ValueError:
                continue
            if words and not words[0].startswith("qemu") and all("\t" not in w and "\n" not in w for w in words):
                out.append(("example " + ident, words))
    return out


def main():
    t = Tap()
    everything = bases()
    base_answers = answers([w for _, w in everything])
    understood = [(label, words, a[1]) for (label, words), a in zip(everything, base_answers) if a[0]]
    # every variant of every understood base, translated in one run
    variants = []  # (key, label, names, [indexes of its commands, one per value tried])
    commands = []
    for (label, words, base), found in zip(understood, tables([w for _, w, _ in understood])):
        for who, (at, at_end, opts) in found.items():
            if at < 0:
                continue
            for s, lng, takes in opts:
                names = [x for x in (lng, s) if x]
                if any(w == n or w.startswith(n + "=") for w in words for n in names):
                    continue  # written in the base already
                # last, where the reader takes options after the operands: a later option wins
                pos = len(words) if at_end and "--" not in words[at:] else at
                idx = []
                for value in (VALUES if takes else [None]):
                    idx.append(len(commands))
                    commands.append(words[:pos] + [names[0]] + ([value] if takes else []) + words[pos:])
                variants.append(((who, names[0]), label, names, base, idx))
    got = answers(commands)
    verdict = {}  # (who, spelling) -> [passed, [bases tried]]
    for key, label, names, base, idx in variants:
        v = verdict.setdefault(key, [False, []])
        v[1].append(label)
        for i in idx:
            ok, answer, err = got[i]
            if not ok:
                # refused for what it is; an unknown option means the table and the reader disagree
                if "unknown option" in err or "did you mean" in err:
                    break
                if i == idx[-1]:
                    v[0] = True  # refused with every value: not dropped without a word
                continue
            v[0] |= answer != base or named(answer, names)
            break
    for (who, spelling), (ok, tried) in sorted(verdict.items()):
        t.ok(ok, "%s %s changes the answer or is named" % (who, spelling),
             "the answer did not change on: " + ", ".join(tried[:6]))
    t.done()


if __name__ == "__main__":
    main()
