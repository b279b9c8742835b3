#!/usr/bin/env python3
"""Signals, on the fixture's libvirtd:

  - SIGPIPE during `list | head -1` (2,000 test-driver domains through
    test+unix:///ABS/node.xml, so the listing is larger than a pipe buffer):
    vmctl dies of SIGPIPE (the default behaviour), says nothing on stderr;
    read in full, the JSON is whole;
  - SIGINT during `stop --timeout 30` of a QEMU guest that ignores the power
    button (qemu:///system): vmctl ends at once (killed by SIGINT, or exit 1
    with one line), the guest is neither killed nor left paused, and the
    daemon answers the next vmctl.
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults import (BEDDIR, QEMU, VMCTL, Tap, crashed, define_bare, domstate, finish, have, is_root,  # noqa: E402
                    json_ok, node_xml, one_line_error, require, start, virsh, vm)


def note(msg):
    print("# " + msg)
    sys.stdout.flush()


def pipe_to(args, reader):
    """vmctl ARGS | READER; returns (vmctl's status, its stderr, the reader's output, seconds)."""
    t0 = time.monotonic()
    p1 = subprocess.Popen([VMCTL] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p2 = subprocess.Popen(reader, stdin=p1.stdout, stdout=subprocess.PIPE)
    p1.stdout.close()
    out, _ = p2.communicate(timeout=120)
    err = p1.stderr.read()
    p1.wait(timeout=120)
    return p1.returncode, err, out, time.monotonic() - t0


def main():
    t = Tap()
    require(t, is_root() and have("virsh") and BEDDIR, "root, virsh and VMCTL_BEDDIR")
    require(t, virsh(QEMU, "version")[0] == 0, "libvirtd answering on qemu:///system (fixture libvirt.bed.setup)")
    work = os.path.join(BEDDIR, "faults-signals")
    os.makedirs(work, exist_ok=True)
    t0 = time.monotonic()
    sigpipe(t, work)
    sigint(t, work)
    note("signals: %.1f s" % (time.monotonic() - t0))
    t.done()


def sigpipe(t, work):
    n = 2000
    uri = "test+unix://" + node_xml(os.path.join(work, "node2k.xml"), n)
    full = vm(["-c", uri, "-o", "json", "list"], timeout=120)
    ok = full.rc == 0 and full.err == b"" and json_ok(full.out) and full.out.endswith(b"}\n")
    t.ok(ok and len(json.loads(full.out)["guests"]) == n,
         "list -o json read in full: exit 0, whole JSON, %d guests, %d bytes (%.1f s)" % (n, len(full.out),
                                                                                           full.secs), full)
    for args, reader, what in ((["list"], ["head", "-1"], "list | head -1"),
                               (["-o", "json", "list"], ["head", "-c", "100"], "-o json list | head -c 100")):
        rc, err, out, secs = pipe_to(["-c", uri] + args, reader)
        note("%s: vmctl status %s, %d bytes read, stderr %r, %.1f s" % (what, rc, len(out), err, secs))
        t.ok(rc == -signal.SIGPIPE, "%s: vmctl killed by SIGPIPE (status %s)" % (what, rc), err)
        t.ok(err == b"", "%s: nothing on stderr" % what, err)
        t.ok(0 < len(out) <= 100 and (out.count(b"\n") == 1 or reader[1] == "-c"), "%s: the reader got its part"
             % what, out)
    # an inherited SIG_IGN is kept: EPIPE, no message, exit 0 (git's habit)
    t0 = time.monotonic()
    p1 = subprocess.Popen([VMCTL, "-c", uri, "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          restore_signals=False)  # Python ignores SIGPIPE: the child inherits it
    p1.stdout.readline()
    p1.stdout.close()
    err = p1.stderr.read()
    p1.wait(timeout=120)
    t.ok(p1.returncode == 0 and err == b"", "SIGPIPE ignored by the parent: exit 0, nothing on stderr (%.1f s)"
         % (time.monotonic() - t0), "rc=%s %r" % (p1.returncode, err))


def sigint(t, work):
    g = "vmt-fsig"
    rc, _, err = define_bare(QEMU, g, work)
    rc2, _, err2 = virsh(QEMU, "start", g)
    t.ok(rc == 0 and rc2 == 0 and domstate(QEMU, g) == "running", "bare QEMU guest %s running" % g, err + err2)
    try:
        for extra in ([], ["--force"]):
            what = "stop --timeout 30 %s" % " ".join(extra)
            t0 = time.monotonic()
            p = start(["-c", QEMU, "stop", "--timeout", "30"] + extra + [g])
            time.sleep(2.5)
            alive = p.poll() is None
            ts = time.monotonic()
            p.send_signal(signal.SIGINT)
            r = finish(p, t0, 40)
            after = r.secs - (ts - t0)
            note("SIGINT during %s: status %s %.2f s after the signal, stderr %r" % (what, r.rc, after, r.err))
            t.ok(alive, "%s: still waiting when SIGINT comes" % what)
            t.ok((r.rc == -signal.SIGINT and r.err == b"") or
                 (r.rc in (1, 130) and one_line_error(r.err) and not crashed(r.rc, r.err)),
                 "%s: killed by SIGINT, or exit 1/130 with one line (status %s)" % (what, r.rc), r)
            t.ok(after <= 2.0, "%s: ends within 2 s of SIGINT (%.2f s)" % (what, after), r)
            t.ok(domstate(QEMU, g) == "running", "%s: the guest is neither killed nor paused" % what,
                 domstate(QEMU, g))
            r2 = vm(["-c", QEMU, "-o", "json", "info", g])
            t.ok(r2.rc == 0 and json.loads(r2.out)["state"] == "running", "%s: the next vmctl info works" % what, r2)
    finally:
        virsh(QEMU, "destroy", g)
        virsh(QEMU, "undefine", g)


if __name__ == "__main__":
    main()
