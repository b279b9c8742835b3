#!/usr/bin/env python3
"""Run `$VMCTL translate` on every example line (lines.txt, reported-lines.txt)
and compare with expected.tsv: exit code, the vmctl line (the first command
line under `# vmctl`), its equivalence (JSON), and the constraints on the
other vocabularies.  Prints the counts: understood (exit 0 as expected),
refused with a reason (exit 2 or 4 as expected, one line on stderr), wrong
(anything else), and each wrong line with what was expected and what came
back.  JSON output (-o json) must be valid, and its exit code that of text.

--known-wrong FILE: the ids listed there (first word of a line; `#` starts a
comment) are today's known wrong answers.  The check fails when a line not
listed is wrong, and when a listed line is now right (remove it: the list
only shrinks).  Without --known-wrong, any wrong line fails the check.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VMCTL = os.environ.get("VMCTL") or os.path.join(HERE, "..", "..", "..", "build", "vmctl")
SOURCES = ("lines.txt", "reported-lines.txt")


def read_lines():
    cmds = {}
    for name in SOURCES:
        with open(os.path.join(HERE, name)) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                fields = line.rstrip("\n").split("\t")
                cmds[fields[0]] = fields[1]
    return cmds


def read_expected():
    exp = {}
    header = None
    with open(os.path.join(HERE, "expected.tsv")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if header is None:
                header = fields
                continue
            row = dict(zip(header, fields))
            exp[row["id"]] = row
    return exp


def run(args):
    p = subprocess.run([VMCTL] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def vmctl_line(text):
    lines = text.splitlines()
    if not lines or lines[0] != "# vmctl":
        return None
    for line in lines[1:]:
        if line.startswith("# "):
            if line in ("# xl", "# virsh", "# lxc", "# vzctl", "# qemu"):
                return ""
            continue
        return line
    return ""


def check_constraints(cons, doc):
    """Return the list of constraints `doc` (the JSON envelope) breaks."""
    broken = []
    by_vocab = {c["vocabulary"]: c for c in doc.get("commands", [])}
    for c in filter(None, (x.strip() for x in cons.split(";"))):
        m = re.match(r"^(\w+)\.config(!?~)(.*)$", c)
        if m:
            vocab, op, rx = m.groups()
            text = ((by_vocab.get(vocab) or {}).get("config") or {}).get("text", "")
            found = re.search(rx, text) is not None
            if found != (op == "~"):
                broken.append(c)
            continue
        m = re.match(r"^(\w+)=([\w|]+)$", c)
        if m:
            vocab, eqs = m.groups()
            got = (by_vocab.get(vocab) or {}).get("equivalence")
            if got not in eqs.split("|"):
                broken.append("%s (got %s)" % (c, got))
            continue
        m = re.match(r"^(\w+)!(.*)$", c)
        if m:
            vocab, argv = m.groups()
            got = (by_vocab.get(vocab) or {}).get("argv") or []
            if got and shlex.join(got) == argv:
                broken.append(c)
            continue
        raise SystemExit("expected.tsv: bad constraint %r" % c)
    return broken


def judge(cmd, row):
    """Return (kind, problems, got): kind understood/refused/wrong."""
    argv = shlex.split(cmd)
    rc, out, err = run(["translate"] + argv)
    jrc, jout, jerr = run(["-o", "json", "translate"] + argv)
    problems = []
    doc = None
    if jrc != rc:
        problems.append("-o json exits %d, text %d" % (jrc, rc))
    if jout.strip():
        try:
            doc = json.loads(jout)
        except ValueError as e:
            problems.append("-o json output is not JSON: %s" % e)
    if jrc == 0 and doc is None:
        problems.append("-o json printed nothing on exit 0")
    want_rc = int(row["exit"])
    if rc == 0:
        got_line = vmctl_line(out)
        got_eq = None
        if doc is not None:
            if doc.get("schema_version") != 1 or not doc.get("commands") \
                    or doc["commands"][0].get("vocabulary") != "vmctl":
                problems.append("-o json: no schema_version 1 envelope with vmctl first")
            else:
                got_eq = doc["commands"][0].get("equivalence")
                if shlex.join(doc["commands"][0].get("argv") or []) != (got_line or ""):
                    problems.append("-o json vmctl argv differs from the text line")
        got = "exit 0: %s [%s]" % (got_line, got_eq)
    else:
        errlines = err.splitlines()
        got = "exit %d: %s" % (rc, errlines[0] if errlines else "(nothing on stderr)")
        if len(errlines) != 1:
            problems.append("stderr has %d lines, not one" % len(errlines))
        if out:
            problems.append("text output on stdout with exit %d" % rc)
    if rc != want_rc:
        problems.append("exit %d, expected %d" % (rc, want_rc))
    elif rc == 0:
        if got_line != row["vmctl"]:
            problems.append("vmctl line %r, expected %r" % (got_line, row["vmctl"]))
        if got_eq != row["equivalence"]:
            problems.append("equivalence %s, expected %s" % (got_eq, row["equivalence"]))
        if doc is not None and row.get("constraints"):
            problems += ["constraint broken: " + b for b in check_constraints(row["constraints"], doc)]
    if problems:
        return "wrong", problems, got
    return ("understood" if rc == 0 else "refused"), [], got


def main():
    ap = argparse.ArgumentParser(description="vmctl translate on the man pages' example lines")
    ap.add_argument("--known-wrong", help="ids expected to be wrong today")
    ap.add_argument("--only", help="check this id alone")
    args = ap.parse_args()
    if not os.access(VMCTL, os.X_OK):
        print("no vmctl binary at %s (set VMCTL)" % VMCTL, file=sys.stderr)
        return 2
    cmds = read_lines()
    exp = read_expected()
    fail = False
    for id_ in cmds:
        if id_ not in exp:
            print("FAIL %s: no expected answer (add it to expected.tsv)" % id_)
            fail = True
        elif exp[id_]["command"] != cmds[id_]:
            print("FAIL %s: expected.tsv is about %r, the line is now %r" % (id_, exp[id_]["command"], cmds[id_]))
            fail = True
    for id_ in exp:
        if id_ not in cmds:
            print("FAIL %s: in expected.tsv but no longer extracted" % id_)
            fail = True
    known = set()
    if args.known_wrong:
        with open(args.known_wrong) as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    known.add(line.split()[0])
    counts = {"understood": 0, "refused": 0, "wrong": 0}
    per_page = {}
    wrong = []
    for id_, cmd in cmds.items():
        if id_ not in exp or (args.only and id_ != args.only):
            continue
        kind, problems, got = judge(cmd, exp[id_])
        counts[kind] += 1
        page = id_.rsplit("-", 1)[0]
        per_page.setdefault(page, {"understood": 0, "refused": 0, "wrong": 0})[kind] += 1
        if kind == "wrong":
            wrong.append(id_)
            row = exp[id_]
            want = ("exit 0: %s [%s]" % (row["vmctl"], row["equivalence"]) if row["exit"] == "0"
                    else "exit %s" % row["exit"])
            if row.get("constraints"):
                want += " {%s}" % row["constraints"]
            mark = "known" if id_ in known else "NEW"
            print("wrong (%s) %s: %s" % (mark, id_, cmd))
            print("    expected: %s" % want)
            print("    got:      %s" % got)
            for p in problems:
                print("    - %s" % p)
            if row.get("justification"):
                print("    why: %s" % row["justification"])
    print()
    for page in sorted(per_page):
        c = per_page[page]
        print("%-22s understood %3d  refused %3d  wrong %3d" % (page, c["understood"], c["refused"], c["wrong"]))
    total = sum(counts.values())
    print("%d lines: understood %d, refused with a reason %d, wrong %d"
          % (total, counts["understood"], counts["refused"], counts["wrong"]))
    if not args.only:
        new = [i for i in wrong if i not in known]
        fixed = sorted(known - set(wrong))
        if args.known_wrong:
            for i in new:
                print("FAIL %s is wrong and not in %s" % (i, os.path.basename(args.known_wrong)))
            for i in fixed:
                print("FAIL %s is right now: remove it from %s" % (i, os.path.basename(args.known_wrong)))
            fail = fail or bool(new) or bool(fixed)
        else:
            fail = fail or bool(wrong)
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
