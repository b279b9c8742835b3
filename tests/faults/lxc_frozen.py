#!/usr/bin/env python3
"""An LXC container destroyed while frozen.

liblxc (-b lxc -P DIR, the fixture of tests/lxc/real.py), ROUNDS times: a
busybox container is started and frozen with `vmctl pause`, then
`lxc-destroy -f` (stop and destroy) runs while vmctl keeps asking info,
resume and kill of it.  Every vmctl run ends with 0 or a clear one-line
error, no crash; once it is gone, info/resume/kill/stop exit 3 with one line,
lxc-ls no longer lists it, its init process is gone and no frozen cgroup is
left behind.

libvirt-LXC (lxc:///system, guest.sh's container): paused with vmctl, then
`virsh destroy` while frozen: vmctl sees shutoff and resume exits 1; after
`virsh undefine`, exit 3."""
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "lxc"))
from faults import (ASSETS, LXC, Tap, crashed, domstate, guest_sh, have, is_root, one_line_error,  # noqa: E402
                    require, virsh, vm, wait_for)

ROUNDS = int(os.environ.get("VMCTL_FAULT_ROUNDS", "3"))


def note(msg):
    print("# " + msg)
    sys.stdout.flush()


def cgroup_dirs(name):
    """Every cgroup directory liblxc made for NAME (v1 controllers and the unified tree)."""
    found = []
    for root, dirs, _ in os.walk("/sys/fs/cgroup"):
        for d in dirs:
            if d.endswith("." + name) or d == name:
                found.append(os.path.join(root, d))
        if root.count("/") > 5:
            dirs[:] = []
    return found


def part_liblxc(t):
    from real import Bed, check_bed, lxc_pid, lxc_state, sh
    missing = check_bed()
    require(t, not missing, "the lxc test bed: %s" % missing)
    bed = Bed()
    base = ["-b", "lxc", "-P", bed.path]
    try:
        bed.build_fixture()
        for n in range(ROUNDS):
            c = "%sz%d" % (bed.c1, n)
            bed.fx("create", c)
            bed.fx("start", c)
            pid = lxc_pid(bed, c)
            r = vm(base + ["pause", c])
            t.ok(r.rc == 0 and lxc_state(bed, c) == "FROZEN" and pid, "round %d: %s frozen by vmctl pause" % (n, c),
                 r)
            runs, stop = [], threading.Event()

            def poke():
                verbs = (["info"], ["resume"], ["kill"], ["info"])
                i = 0
                while not stop.is_set():
                    runs.append(vm(base + verbs[i % len(verbs)] + ["--", c], timeout=60))
                    i += 1

            frozen = lxc_state(bed, c) == "FROZEN"
            t0 = time.monotonic()
            d = subprocess.Popen(["lxc-destroy", "-P", bed.path, "-n", c, "-f"], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            th = threading.Thread(target=poke)
            th.start()
            out, err = d.communicate(timeout=60)
            rc, out, err = d.returncode, out.decode(errors="replace"), err.decode(errors="replace")
            dsecs = time.monotonic() - t0
            time.sleep(0.5)
            stop.set()
            th.join(120)
            t.ok(frozen and rc == 0, "round %d: lxc-destroy -f of the container while FROZEN (%.1f s)" % (n, dsecs),
                 out + err)
            bad = [r for r in runs if crashed(r.rc, r.err) or not (
                (r.rc == 0 and (r.err == b"" or one_line_error(r.err))) or (r.rc in (1, 3) and one_line_error(r.err)))]
            rcs = {}
            for r in runs:
                rcs[r.rc] = rcs.get(r.rc, 0) + 1
            note("round %d: %d vmctl runs during the destroy, exits %r; errors seen: %r" % (
                n, len(runs), rcs, sorted({re.sub(rb"'[^']*'", b"C", r.err.strip()) for r in runs if r.rc})[:6]))
            t.ok(not bad, "round %d: each of %d runs meanwhile ended with 0 or one clear line" % (n, len(runs)),
                 bad[:5])
            for verb in (["info"], ["resume"], ["kill"], ["stop"]):
                r = vm(base + verb + ["--", c])
                t.ok(r.rc == 3 and one_line_error(r.err), "round %d: %s after the destroy: exit 3, one line"
                     % (n, verb[0]), r)
            t.ok(c not in sh(["lxc-ls", "-P", bed.path])[1].split(), "round %d: lxc-ls no longer lists it" % n)
            t.ok(wait_for(lambda: not os.path.exists("/proc/%d" % pid) or
                          open("/proc/%d/stat" % pid).read().split(") ")[1][0] == "Z", 10),
                 "round %d: its init (pid %s) is gone" % (n, pid))
            left = wait_for(lambda: not cgroup_dirs(c), 10) or cgroup_dirs(c)
            t.ok(left is True, "round %d: no cgroup of it left (frozen or not)" % n, left)
    finally:
        bed.cleanup()


def part_libvirt_lxc(t):
    require(t, is_root() and have("virsh") and os.path.isdir(os.path.join(ASSETS, "lxcroot")),
            "root, virsh and the fixture's LXC root")
    require(t, virsh(LXC, "version")[0] == 0, "libvirtd answering on lxc:///system (fixture libvirt.bed.setup)")
    g = "vmt-ffz"
    try:
        rc, log = guest_sh("define-lxc", ASSETS, g)
        rc2, _, err = virsh(LXC, "start", g)
        t.ok(rc == 0 and rc2 == 0, "libvirt-LXC %s started" % g, log + err)
        wait_for(lambda: virsh(LXC, "lxc-enter-namespace", g, "--noseclabel", "/bin/true")[0] == 0, 20, 0.1)
        r = vm(["-c", LXC, "pause", g])
        t.ok(r.rc == 0 and domstate(LXC, g) == "paused", "libvirt-LXC: vmctl pause: virsh says paused", r)
        rc, _, err = virsh(LXC, "destroy", g)
        t.ok(rc == 0 and domstate(LXC, g) == "shut off", "libvirt-LXC: virsh destroy of the frozen container", err)
        r = vm(["-c", LXC, "-o", "json", "info", g])
        t.ok(r.rc == 0 and b'"state":"shutoff"' in r.out.replace(b" ", b""), "libvirt-LXC: vmctl info: shutoff", r)
        r = vm(["-c", LXC, "resume", g])
        t.ok(r.rc == 1 and one_line_error(r.err), "libvirt-LXC: resume of the destroyed container: exit 1, one line",
             r)
        rc, _, err = virsh(LXC, "undefine", g)
        r = vm(["-c", LXC, "info", g])
        t.ok(rc == 0 and r.rc == 3 and one_line_error(r.err), "libvirt-LXC: after undefine, info exits 3", r)
    finally:
        guest_sh("undefine", g)


def main():
    t = Tap()
    t0 = time.monotonic()
    parts = sys.argv[1:] or ["liblxc", "libvirt"]
    for part in parts:
        {"liblxc": part_liblxc, "libvirt": part_libvirt_lxc}[part](t)
    note("lxc frozen: %.1f s" % (time.monotonic() - t0))
    t.done()


if __name__ == "__main__":
    main()
