"""Shared helpers for vmctl's Python test scripts: run the binary, TAP output."""
import os
import re
import subprocess
import sys

VMCTL = os.environ.get("VMCTL") or os.path.join(os.path.dirname(__file__), "..", "..", "build", "vmctl")
SRCDIR = os.environ.get("SRCDIR") or os.path.join(os.path.dirname(__file__), "..", "..")


def run(args, stdin=None, env=None, timeout=60, **kw):
    """Runs vmctl with args (a list of str or bytes); returns (rc, stdout, stderr) as bytes."""
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([VMCTL] + list(args), input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=e, timeout=timeout, **kw)
    return p.returncode, p.stdout, p.stderr


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what, detail=""):
        self.n += 1
        if not cond:
            self.failed += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, what))
        if not cond and detail:
            for line in str(detail).splitlines():
                print("#   " + line)
        sys.stdout.flush()
        return cond

    def done(self):
        print("1..%d" % self.n)
        print("%d passed, %d failed" % (self.n - self.failed, self.failed))
        sys.exit(1 if self.failed or self.n == 0 else 0)


def one_line_error(err):
    """stderr is exactly one line starting with 'vmctl: '."""
    return err.count(b"\n") == 1 and err.startswith(b"vmctl: ") and err.endswith(b"\n")


def is_ci():
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")
