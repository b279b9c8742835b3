#!/usr/bin/env python3
"""A guest destroyed and undefined by virsh in a loop while
vmctl acts on it (qemu:///system, the fixture's libvirtd).

A thread runs `virsh define; start; destroy; undefine` of the victim
vmt-fvic (a QEMU guest with no OS: it starts in well under a second) over
and over, while the test runs ITER vmctl commands on it: pause, resume,
info, kill, stop --timeout 0/1, start, cycling through the three ways of
naming it (name, UUID, the current domain id).  Every run must end with 0
or a clear one-line error (3: gone, 1: not in a state for it), no crash,
and never touch the bystanders: vmt-fby1 (guest.sh's guest, paused) and
vmt-fby2 (running); their state and domain id are read with virsh after
every run.
"""
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults import (ASSETS, BEDDIR, QEMU, Tap, bare_qemu_xml, crashed, define_bare, guest_sh, have,  # noqa: E402
                    is_root, one_line_error, require, virsh, vm)

ITER = int(os.environ.get("VMCTL_FAULT_ITER", "200"))
VICTIM, BY1, BY2 = "vmt-fvic", "vmt-fby1", "vmt-fby2"
VERBS = [["pause"], ["resume"], ["info"], ["kill"], ["stop", "--timeout", "0"], ["start"], ["info"],
         ["stop", "--timeout", "1"]]
# what a clear error may say here, by exit code
EXPLAINED = {
    3: [rb"no guest", rb"no such guest", rb"cannot find", rb"[Dd]omain not found", rb"no domain with matching"],
    1: [rb"not running", rb"is not active", rb"domain is already", rb"not (?:be )?paused", rb"did not stop",
        rb"shut ?off", rb"is already (?:running|active)", rb"cannot acquire state change lock",
        rb"domain has been undefined", rb"operation failed", rb"Requested operation is not valid",
        rb"[Dd]omain not found", rb"no domain with matching", rb"monitor", rb"QEMU", rb"still (?:running|stopping)",
        rb"qemu unexpectedly closed", rb"process exited while connecting"],
}


def note(msg):
    print("# " + msg)
    sys.stdout.flush()


def bystanders():
    rc, out, _ = virsh(QEMU, "list", "--all")
    got = {}
    for line in out.splitlines():
        w = line.split()
        if len(w) >= 3 and w[1] in (BY1, BY2):
            got[w[1]] = (w[0], " ".join(w[2:]))
    return got


class Churn(threading.Thread):
    def __init__(self, work):
        super().__init__(daemon=True)
        self.xml = os.path.join(work, VICTIM + ".xml")
        with open(self.xml, "w") as f:
            f.write(bare_qemu_xml(VICTIM))
        self.stop = threading.Event()
        self.cycles = 0
        self.lock = threading.Lock()
        self.cur = {}  # the victim's current uuid and id, for the operands

    def run(self):
        while not self.stop.is_set():
            virsh(QEMU, "define", self.xml)
            rc, out, _ = virsh(QEMU, "domuuid", VICTIM)
            with self.lock:
                self.cur = {"uuid": out.strip()} if rc == 0 else {}
            virsh(QEMU, "start", VICTIM)
            rc, out, _ = virsh(QEMU, "domid", VICTIM)
            with self.lock:
                if rc == 0 and out.strip().isdigit():
                    self.cur["id"] = out.strip()
            time.sleep(0.2)
            virsh(QEMU, "destroy", VICTIM)
            virsh(QEMU, "undefine", VICTIM)
            self.cycles += 1


def main():
    t = Tap()
    require(t, is_root() and have("virsh") and os.path.isdir(ASSETS), "root, virsh and the fixture's assets")
    require(t, virsh(QEMU, "version")[0] == 0, "libvirtd answering on qemu:///system (fixture libvirt.bed.setup)")
    work = os.path.join(BEDDIR, "faults-destroy")
    os.makedirs(work, exist_ok=True)
    t0 = time.monotonic()
    rc1, log1 = guest_sh("define-qemu", ASSETS, BY1)
    rc2, _, e2 = virsh(QEMU, "start", "--paused", BY1)
    rc3, _, e3 = define_bare(QEMU, BY2, work)
    rc4, _, e4 = virsh(QEMU, "start", BY2)
    before = bystanders()
    t.ok(rc1 == rc2 == rc3 == rc4 == 0 and before.get(BY1, ("", ""))[1] == "paused"
         and before.get(BY2, ("", ""))[1] == "running", "bystanders: %s paused, %s running" % (BY1, BY2),
         log1 + e2 + e3 + e4 + repr(before))
    churn = Churn(work)
    churn.start()
    counts, bad, touched, seen = {}, [], [], {}
    try:
        for i in range(ITER):
            verb = VERBS[i % len(VERBS)]
            with churn.lock:
                ident = dict(churn.cur)
            how = ("name", "uuid", "id")[(i // len(VERBS)) % 3]
            operand = ident.get(how, VICTIM) if how != "name" else VICTIM
            r = vm(["-c", QEMU] + verb + ["--", operand], timeout=60)
            key = (" ".join(verb), r.rc)
            counts[key] = counts.get(key, 0) + 1
            clear = (r.rc == 0 and (r.err == b"" or one_line_error(r.err))) or (
                r.rc in EXPLAINED and one_line_error(r.err) and any(re.search(p, r.err) for p in EXPLAINED[r.rc]))
            if not clear or crashed(r.rc, r.err):
                bad.append("run %d: %s %s (%s): %r" % (i, " ".join(verb), operand, how, r))
            elif r.rc:
                seen.setdefault(re.sub(rb"'[^']*'|\d+", b"X", r.err.strip())[:160], r.rc)
            now = bystanders()
            if now != before:
                touched.append("run %d: %s %s: bystanders %r -> %r" % (i, " ".join(verb), operand, before, now))
                before = now
    finally:
        churn.stop.set()
        churn.join(60)
        for g in (VICTIM, BY1, BY2):
            guest_sh("undefine", g)
    secs = time.monotonic() - t0
    note("%d vmctl runs against %d define/start/destroy/undefine cycles in %.1f s" % (ITER, churn.cycles, secs))
    for (verb, rc), n in sorted(counts.items()):
        note("  %-18s exit %d: %d" % (verb, rc, n))
    for msg, rc in sorted(seen.items()):
        note("  seen (exit %d): %s" % (rc, msg.decode(errors="replace")))
    t.ok(churn.cycles >= 5, "the victim was destroyed and undefined %d times meanwhile" % churn.cycles)
    t.ok(not bad, "every run ended with 0 or a clear one-line error, no crash (%d runs)" % ITER, "\n".join(bad[:20]))
    t.ok(not touched, "the bystanders were never touched (state and id read after every run)",
         "\n".join(touched[:20]))
    t.done()


if __name__ == "__main__":
    main()
