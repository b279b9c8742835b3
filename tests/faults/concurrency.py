#!/usr/bin/env python3
"""Concurrency: 16 vmctl processes, each doing 100 pause/resume/info
cycles (one batch of 300 lines over one connection, --keep-going) on the
same two guests, at once:

  qemu   qemu:///system, two guests made by guest.sh (started paused: pause
         and resume need no booted kernel), the fixture's libvirtd;
  lxc    two busybox containers through liblxc (-b lxc -P DIR), made by the
         fixture of tests/lxc/real.py.

Zero crashes (each process exits 0 or 1, no sanitizer report), every
non-zero exit explained (each error line names its batch line and matches a
known race), and consistent final states: what vmctl says is what virsh /
lxc-info say, each guest is running or paused, and a last resume leaves it
running.  Select one part with argv[1] (qemu|lxc)."""
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "lxc"))
from faults import (ASSETS, QEMU, VMCTL, Tap, crashed, domstate, guest_sh, have, is_root,  # noqa: E402
                    require, virsh)

PROCS = int(os.environ.get("VMCTL_FAULT_PROCS", "16"))
CYCLES = int(os.environ.get("VMCTL_FAULT_CYCLES", "100"))
# errors a concurrent pause/resume may meet, and why (anything else fails)
RACES = [
    (rb"already (?:running|paused)", "the other processes changed the state between vmctl's read and its call"),
    (rb"not paused|is not paused", "resumed by another process meanwhile"),
    (rb"cannot acquire state change lock", "libvirt's job lock held too long by the other clients"),
    (rb"[Ff]reez|[Tt]haw", "liblxc: a freeze or thaw of the other processes in flight"),
]


def note(msg):
    print("# " + msg)
    sys.stdout.flush()


def storm(base, guests):
    """PROCS batches of CYCLES x (pause, resume, info) at once; returns (results, seconds)."""
    lines = []
    for i in range(CYCLES):
        g = guests[i % len(guests)]
        lines += ["pause -- %s" % g, "resume -- %s" % g, "info -- %s" % g]
    batch = ("\n".join(lines) + "\n").encode()
    t0 = time.monotonic()
    procs = [subprocess.Popen([VMCTL] + base + ["-o", "json", "-f", "-", "--keep-going"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(PROCS)]
    for p in procs:
        p.stdin.write(batch)
        p.stdin.close()
        p.stdin = None
    res = []
    for p in procs:
        try:
            out, err = p.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            err += b"\n[test: killed after 600 s: HANG]"
            p.returncode = -999
        res.append((p.returncode, out, err))
    return res, time.monotonic() - t0


def judge(t, what, res, secs):
    crashes = [(rc, err[-800:]) for rc, _, err in res if crashed(rc, err) or rc not in (0, 1)]
    unexplained, why = [], {}
    infos, info_failed = 0, 0
    for rc, out, err in res:
        infos += out.count(b'"schema_version"')
        for line in err.splitlines():
            m = re.match(rb"vmctl: line (\d+): (.*)$", line)
            if not m:
                if not re.match(rb"vmctl: '[^']*' is already (running|paused) \(nothing to do\)$", line):
                    unexplained.append(line)  # notes are fine; anything else is not
                continue
            if (int(m.group(1)) - 1) % 3 == 2:
                info_failed += 1
            for pat, reason in RACES:
                if re.search(pat, m.group(2)):
                    key = re.sub(rb"'[^']*'", b"G", m.group(2))[:140].decode(errors="replace")
                    why[key] = why.get(key, 0) + 1
                    break
            else:
                unexplained.append(line)
        if rc == 1 and not re.search(rb"vmctl: line \d+: ", err):
            unexplained.append(b"exit 1 without an error line")
    rcs = {}
    for rc, _, _ in res:
        rcs[rc] = rcs.get(rc, 0) + 1
    note("%s: %d processes x %d cycles in %.1f s; exits %r; %d info answers" % (what, PROCS, CYCLES, secs, rcs,
                                                                                 infos))
    for k, n in sorted(why.items()):
        note("  %s: %d x %s" % (what, n, k))
    t.ok(not crashes, "%s: zero crashes, every process exits 0 or 1" % what, crashes[:5])
    t.ok(not unexplained, "%s: every error line names its batch line and a known race" % what,
         b"\n".join(unexplained[:20]).decode(errors="replace"))
    t.ok(infos + info_failed == PROCS * CYCLES, "%s: every info line answered or its failure reported (%d + %d)"
         % (what, infos, info_failed))


def part_qemu(t):
    require(t, is_root() and have("virsh") and os.path.isdir(ASSETS), "root, virsh and the fixture's assets")
    require(t, virsh(QEMU, "version")[0] == 0, "libvirtd answering on qemu:///system (fixture libvirt.bed.setup)")
    guests = ["vmt-fc1", "vmt-fc2"]
    try:
        for g in guests:
            rc, log = guest_sh("define-qemu", ASSETS, g)
            rc2, _, err = virsh(QEMU, "start", "--paused", g)
            t.ok(rc == 0 and rc2 == 0 and domstate(QEMU, g) == "paused", "qemu: %s defined and started paused" % g,
                 log + err)
        res, secs = storm(["-c", QEMU], guests)
        judge(t, "qemu", res, secs)
        for g in guests:
            st = domstate(QEMU, g)
            p = subprocess.run([VMCTL, "-c", QEMU, "-o", "json", "info", g], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=60)
            mine = re.search(rb'"state":"(\w+)"', p.stdout.replace(b" ", b""))
            t.ok(st in ("running", "paused") and mine and mine.group(1).decode() == st,
                 "qemu: %s final state consistent: virsh %s, vmctl %s" % (g, st, mine and mine.group(1)), p.stderr)
            hmp = virsh(QEMU, "qemu-monitor-command", g, "--hmp", "info status")[1]
            t.ok(("paused" in hmp) == (st == "paused"), "qemu: %s QEMU's own status agrees (%s)" % (g, hmp.strip()))
            p = subprocess.run([VMCTL, "-c", QEMU, "resume", g], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=60)
            t.ok(p.returncode == 0 and domstate(QEMU, g) == "running", "qemu: %s resumes: running" % g, p.stderr)
    finally:
        for g in guests:
            guest_sh("undefine", g)


def part_lxc(t):
    from real import Bed, check_bed, lxc_state  # tests/lxc/real.py: the liblxc fixture
    missing = check_bed()
    require(t, not missing, "the lxc test bed: %s" % missing)
    bed = Bed()
    try:
        bed.build_fixture()
        guests = [bed.c1, bed.ip]  # two names unique to this run
        bed.fx("create", guests[0])
        bed.fx("create", guests[1])
        bed.fx("start", *guests)
        t.ok(all(lxc_state(bed, g) == "RUNNING" for g in guests), "lxc: two busybox containers running")
        res, secs = storm(["-b", "lxc", "-P", bed.path], guests)
        judge(t, "lxc", res, secs)
        for g in guests:
            st = lxc_state(bed, g)
            p = subprocess.run([VMCTL, "-b", "lxc", "-P", bed.path, "-o", "json", "info", g],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
            mine = re.search(rb'"state":"(\w+)"', p.stdout.replace(b" ", b""))
            want = {"RUNNING": "running", "FROZEN": "paused"}.get(st)
            t.ok(want and mine and mine.group(1).decode() == want,
                 "lxc: %s final state consistent: lxc-info %s, vmctl %s" % (g, st, mine and mine.group(1)), p.stderr)
            p = subprocess.run([VMCTL, "-b", "lxc", "-P", bed.path, "resume", g], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=60)
            t.ok(p.returncode == 0 and lxc_state(bed, g) == "RUNNING", "lxc: %s resumes: RUNNING" % g, p.stderr)
    finally:
        bed.cleanup()


def main():
    t = Tap()
    parts = sys.argv[1:] or ["qemu", "lxc"]
    t0 = time.monotonic()
    for part in parts:
        {"qemu": part_qemu, "lxc": part_lxc}[part](t)
    note("concurrency %s: %.1f s" % (" ".join(parts), time.monotonic() - t0))
    t.done()


if __name__ == "__main__":
    main()
