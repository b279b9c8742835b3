#!/usr/bin/env python3
"""Golden files of the second wave's vocabularies (qm, pct, xe, vagrant,
openstack, incus): every case of cases.py x every name variant (and a
numeric one, 100, as Proxmox's VMIDs are), text and JSON, run once with
--explain=qm,pct,xe,vagrant,openstack,incus and split by vocabulary into
tests/explain/golden-<vocab>/CASE.VARIANT.txt|json, compared byte for byte.
The text part of a vocabulary is its lines after its `# VOCAB` header; the
JSON part is the envelope with only that vocabulary's commands.
Usage: golden_stacks.py [--update] [--only VOCAB]  (--update rewrites them:
read the diff before committing)."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from cases import CASES, NAMES, expand, variants  # noqa: E402
from vmtest import Tap, run  # noqa: E402

STACKS = ["qm", "pct", "xe", "vagrant", "openstack", "incus"]


def stack_variants(case_id):
    """The name variants, and a VMID where the case has a guest name."""
    v = variants(case_id)
    return v + [("vmid", "100")] if len(v) == len(NAMES) else v


def split_text(out):
    """{vocab: its lines after its header}, headers taken in STACKS order."""
    parts, cur = {}, None
    want = list(STACKS)
    for line in out.decode(errors="surrogateescape").splitlines(keepends=True):
        if want and line == "# %s\n" % want[0]:
            cur = want.pop(0)
            parts[cur] = ""
            continue
        if cur is None:
            return None
        parts[cur] += line
    return parts if not want else None


def split_json(out):
    doc = json.loads(out)
    parts = {}
    for v in STACKS:
        d = dict(doc)
        d["commands"] = [c for c in doc["commands"] if c["vocabulary"] == v]
        parts[v] = (json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
    return parts


def main():
    update = "--update" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    vocabs = [only] if only else STACKS
    t = Tap()
    seen = {v: set() for v in vocabs}
    for v in vocabs:
        os.makedirs(os.path.join(HERE, "golden-" + v), exist_ok=True)
    for case_id in CASES:
        glob, _ = CASES[case_id]
        if any(a.startswith("--explain") for a in glob):
            continue  # a case that chooses its own vocabularies
        for variant, name in stack_variants(case_id):
            for fmt in ("txt", "json"):
                argv = ["--explain=" + ",".join(STACKS)] + expand(case_id, name)[1:]
                if fmt == "json":
                    argv = ["-o", "json"] + argv
                rc, out, err = run(argv)
                try:
                    parts = split_json(out) if fmt == "json" else split_text(out)
                except ValueError:
                    parts = None
                if rc != 0 or err or parts is None:
                    t.ok(False, "%s.%s.%s %s" % (case_id, variant, fmt, " ".join(argv)),
                         "exit %d, stderr %r, stdout:\n%s" % (rc, err, out.decode(errors="replace")))
                    continue
                for v in vocabs:
                    fname = "%s.%s.%s" % (case_id, variant, fmt)
                    seen[v].add(fname)
                    path = os.path.join(HERE, "golden-" + v, fname)
                    record = parts[v].encode(errors="surrogateescape")
                    if update:
                        with open(path, "wb") as f:
                            f.write(record)
                    try:
                        want = open(path, "rb").read()
                    except FileNotFoundError:
                        want = None
                    t.ok(want == record, "%s %s" % (v, fname),
                         "got:\n%s\nwant:\n%s" % (record.decode(errors="replace"),
                                                  (want or b"(missing)").decode(errors="replace")))
    for v in vocabs:
        stale = sorted(set(os.listdir(os.path.join(HERE, "golden-" + v))) - seen[v])
        t.ok(not stale, "no stale golden files in golden-%s" % v, stale)
    t.done()


if __name__ == "__main__":
    main()
