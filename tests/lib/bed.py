"""Helpers for the suites that use a real test bed (libvirtd, LXC, Xen)."""
import os
import shutil
import subprocess
import sys
import time

from vmtest import is_ci

SKIP = 77  # CTest SKIP_RETURN_CODE


def require(t, cond, what):
    """A missing test bed fails in CI and skips elsewhere."""
    if cond:
        return
    if is_ci():
        t.ok(False, "test bed available: " + what)
        t.done()
    print("# SKIP test bed not available: " + what)
    sys.exit(SKIP)


def sh(argv, timeout=120, check=False, **kw):
    """Runs a native tool (never through a shell); returns (rc, stdout str, stderr str)."""
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, **kw)
    if check and p.returncode != 0:
        raise RuntimeError("%s failed: %s" % (argv, p.stderr.decode(errors="replace")))
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def wait_for(pred, timeout, step=0.2):
    """Polls pred() until true or timeout seconds; returns the last value."""
    end = time.monotonic() + timeout
    while True:
        v = pred()
        if v or time.monotonic() >= end:
            return v
        time.sleep(step)


def have(tool):
    return shutil.which(tool) is not None


def is_root():
    return os.geteuid() == 0
