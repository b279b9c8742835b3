#!/usr/bin/env python3
"""Golden files: every case of cases.py, text and JSON, compared byte for
byte with tests/translate/golden/ (standard output, then the exit code and
standard error when there are any).  JSON output must parse, carry
schema_version 1 and show the vmctl vocabulary first.  Run with --update to
rewrite the files (then read the diff before committing).

The second wave's vocabularies (cases_{qm,pct,xe,vagrant,openstack,incus}.py:
802 files) run batched where they can: one `vmctl [OPTIONS] translate -` per
format and global options, one case a line (its words as sh(1) reads them; a
quoted command line as it is), for each case whose golden answer is a success
with nothing on stderr (672 files; the failures keep their own exit code and
message, so they run alone).  Its entry in the batch, less what `translate -`
adds (the "# line N:" header and the blank line between entries in text, the
"line" member in JSON), must be its golden file byte for byte: the same files
compared, through translate's runbook path (a process costs some 0.15 s under
ASan; a batch of 300 lines well under a second).  A case whose line does not
match runs alone too, and its own command decides, as before (its TAP line
says so: the runbook path answering otherwise than the command line shows
there).  The other cases, and every case with --update, run one process each
as before."""
import importlib.util
import json
import os
import re
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from cases import CASES  # noqa: E402
from vmtest import Tap, run  # noqa: E402

GOLDEN = os.path.join(HERE, "golden")
BATCHED_MODULES = ("qm", "pct", "xe", "vagrant", "openstack", "incus")


def batched_ids():
    ids = set()
    for m in BATCHED_MODULES:
        path = os.path.join(HERE, "cases_%s.py" % m)
        spec = importlib.util.spec_from_file_location("golden_cases_" + m, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        ids.update(mod.CASES)
    return ids


def record_of(rc, out, err):
    record = out
    if rc != 0:
        record += b"[exit %d]\n" % rc
    if err:
        record += b"[stderr]\n" + err
    return record


def batchable(argv, stdin, want):
    """(global options, line) when the case can run as a line of `translate -`, else None."""
    if stdin is not None or want is None or "translate" not in argv:
        return None
    i = argv.index("translate")
    prefix, words = argv[:i], argv[i + 1:]
    if any(o in ("-q", "--quiet", "-o", "--output") or o.startswith("-o") for o in prefix):
        return None
    if any("\n" in w or "\0" in w for w in words) or b"[exit " in want or b"[stderr]\n" in want:
        return None
    if len(words) == 1 and re.search(r"[ \t]", words[0]) and not words[0].lstrip().startswith("$"):
        return tuple(prefix), words[0]     # one quoted command line: split as a line of translate - is
    if len(words) < 2 or words[0] in ("$", "-"):
        return None
    return tuple(prefix), shlex.join(words)


def run_batch(prefix, fmt, cases):
    """cases: [(case_id, line)].  Returns {case_id: record or None (that line failed)}."""
    text = "".join(line + "\n" for _, line in cases)
    args = (["-o", "json"] if fmt == "json" else []) + list(prefix) + ["translate", "-"]
    rc, out, err = run(args, stdin=text.encode(), timeout=600)
    got = {}
    if fmt == "json":
        for line in out.splitlines(keepends=True):
            m = re.search(rb',"line":(\d+),"commands":', line)
            if m and len(re.findall(rb',"line":\d+,"commands":', line)) == 1:
                got[int(m.group(1))] = line[:m.start()] + b',"commands":' + line[m.end():]
    else:
        parts = re.split(rb"(?m)^# line (\d+): [^\n]*\n", out)
        if parts[0] == b"":
            entries = list(zip(parts[1::2], parts[2::2]))
            for k, (n, body) in enumerate(entries):
                if k + 1 < len(entries):    # the blank line before the next entry
                    body = body[:-1] if body.endswith(b"\n") else None
                got[int(n)] = body
    bad = set()
    for line in err.decode(errors="replace").splitlines():
        m = re.match(r"^vmctl: line (\d+): ", line)
        if not m:
            return {case_id: None for case_id, _ in cases}
        bad.add(int(m.group(1)))
    return {case_id: (None if n in bad else got.get(n)) for n, (case_id, _) in enumerate(cases, 1)}


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

    def golden(fname):
        try:
            return open(os.path.join(GOLDEN, fname), "rb").read()
        except FileNotFoundError:
            return None

    # the batches: {(global options, fmt): [(case_id, line)]}
    batches = {}
    if not update:
        stack = batched_ids()
        for case_id, (argv, stdin) in CASES.items():
            for fmt in ("txt", "json"):
                b = case_id in stack and batchable(argv, stdin, golden("%s.%s" % (case_id, fmt)))
                if b:
                    batches.setdefault((b[0], fmt), []).append((case_id, b[1]))
    batched = {}
    for (prefix, fmt), cases in batches.items():
        for case_id, record in run_batch(prefix, fmt, cases).items():
            batched[(case_id, fmt)] = record
    for case_id, (argv, stdin) in CASES.items():
        for fmt in ("txt", "json"):
            args = (["-o", "json"] if fmt == "json" else []) + argv
            fname = "%s.%s" % (case_id, fmt)
            seen.add(fname)
            want = golden(fname)
            how = ""
            if (case_id, fmt) in batched and batched[(case_id, fmt)] == want:
                record = out = want
                how = " (batched: translate -)"
            else:  # alone; also a batched case that did not match: its own command decides, as before
                if (case_id, fmt) in batched:
                    how = " (alone: its line in translate - gave %s)" % (
                        "no entry" if batched[(case_id, fmt)] is None else "another answer")
                rc, out, err = run(args, stdin=stdin)
                record = record_of(rc, out, err)
                if update:
                    with open(os.path.join(GOLDEN, fname), "wb") as f:
                        f.write(record)
                    want = record
            good = want == record
            if good and fmt == "json":
                try:
                    good = json_ok(out)
                except ValueError:
                    good = False
            t.ok(good, "%s vmctl %s%s" % (fname, " ".join(args), how),
                 "got:\n%s\nwant:\n%s" % (record.decode(errors="replace"),
                                          (want or b"(missing)").decode(errors="replace")))
    stale = sorted(set(os.listdir(GOLDEN)) - seen)
    t.ok(not stale, "no stale golden files", stale)
    t.done()


if __name__ == "__main__":
    main()
