#!/usr/bin/env python3
"""Replays the golden cases added since a parent commit on that commit's
vmctl, to show that each new case fails there (the fault it pins was
real) and passes now.

    tools/replay-on-parent.py [PARENT]      (default: 3ef42b5)

PARENT is checked out in a temporary worktree and its vmctl built there
(cmake, plain build, the vmctl target only).  The new cases are the ids of
tests/translate/cases*.py and tests/explain/cases*.py that PARENT does not
have, or has with other arguments.  Each is run by today's golden harness
(golden.py, with VMCTL set to PARENT's binary) against today's golden
files: a case "fails on PARENT" when any of its files differs.  Then the
examples corpus (tests/translate/examples/check.py) is counted with
PARENT's binary.  Prints one line a case and the totals.  A new case that
passes on PARENT is a control (behaviour PARENT already had right, which a
fix must keep: virsh setvcpus --live --config beside --config alone); each
is listed so that it can be checked to be one.
"""
import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cases(tree, sub):
    path = os.path.join(tree, "tests", sub, "cases.py")
    cwd = os.getcwd()
    sys.path.insert(0, os.path.dirname(path))
    try:
        return runpy.run_path(path)["CASES"]
    finally:
        sys.path.pop(0)
        os.chdir(cwd)


def failing(sub, vmctl):
    """The case ids with a failing golden file when golden.py runs vmctl."""
    env = dict(os.environ, VMCTL=vmctl, ASAN_OPTIONS="detect_leaks=0")
    p = subprocess.run([sys.executable, os.path.join(ROOT, "tests", sub, "golden.py")], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env)
    ids = set()
    for line in p.stdout.decode(errors="replace").splitlines():
        m = re.match(r"^not ok \d+ - (\S+)\.(txt|json) ", line)
        if m:
            ids.add(m.group(1) if sub == "translate" else m.group(1).rsplit(".", 1)[0])
    return ids


def main():
    parent = sys.argv[1] if len(sys.argv) > 1 else "3ef42b5"
    tmp = tempfile.mkdtemp(prefix="vmctl-replay-")
    src, build = os.path.join(tmp, "src"), os.path.join(tmp, "build")
    try:
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "-q", "--detach", src, parent], check=True)
        subprocess.run(["cmake", "-S", src, "-B", build], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["cmake", "--build", build, "--target", "vmctl", "-j", str(os.cpu_count() or 2)], check=True,
                       stdout=subprocess.DEVNULL)
        old_vmctl = os.path.join(build, "vmctl")
        could_not_fail = 0  # the controls
        total = 0
        for sub in ("translate", "explain"):
            now, then = cases(ROOT, sub), cases(src, sub)
            new = [k for k in now if k not in then or then[k] != now[k]]
            fails = failing(sub, old_vmctl)
            for k in new:
                total += 1
                bad = k in fails
                could_not_fail += not bad
                print("%-7s %s %s" % ("fails" if bad else "control", sub, k))
        print("%d new cases: %d fail on %s, %d pass there (controls)" % (total, total - could_not_fail, parent,
                                                                          could_not_fail))
        p = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "translate", "examples", "check.py")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=dict(os.environ, VMCTL=old_vmctl, ASAN_OPTIONS="detect_leaks=0"))
        tail = [line for line in p.stdout.decode(errors="replace").splitlines() if " lines: " in line]
        print("examples corpus on %s: %s" % (parent, tail[-1] if tail else "(no count)"))
        return 0
    finally:
        subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", src], stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
