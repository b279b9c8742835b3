#!/usr/bin/env python3
"""The libvirtd faults, on a libvirtd of our own
(daemon.sh start-b: its own mount namespace and /run/libvirt, so the
fixture's daemon that the other suites share is never killed):

  - libvirtd SIGKILLed during `list` of 10,000 domains (test driver,
    test+unix:///ABS/node.xml: each connection parses the node file, then
    vmctl asks for the domains): exit 5 or 1 within 5 s of the kill, stdout
    valid JSON or empty (a kill that lands after vmctl has every guest
    gives exit 0 with the whole list; then an earlier kill is tried);
  - libvirtd SIGKILLed during `stop --timeout 30` of a QEMU guest that
    ignores the power button: exit 5 or 1 within 30 + 5 s;
  - libvirtd restarted (stop-b, start-b) between two lines of a batch read
    from a pipe: what the next line does is measured and asserted (see
    BATCH_AFTER_RESTART below);
  - a full disk where libvirtd writes the file: `save` into a 1 MiB tmpfs
    mounted in libvirtd's own mount namespace: libvirt's error, exit 1, the
    guest still running;
  - a full disk where vmctl itself writes: vmctl writes no file of its own
    on libvirt or lxc (save and snapshot files are written by libvirtd, QEMU,
    liblxc or CRIU), only its standard output: redirected to a full tmpfs,
    exit 1 with one line naming ENOSPC.
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults import (BEDDIR, DAEMON, VMCTL, PrivateDaemon, Tap, crashed, define_bare, domstate, finish, have,  # noqa: E402
                    is_root, json_ok, node_xml, one_line_error, require, start, virsh, vm, wait_for)

# What vmctl does with the line after a libvirtd restart: it keeps the one
# connection of the batch and does not reconnect, so that line fails with 5
# and its line number.
BATCH_AFTER_RESTART = "fails with 5"


def note(msg):
    print("# " + msg)
    sys.stdout.flush()


def kill_during(t, d, args, what, delay, budget, after_kill=None, complete=None):
    """Starts vmctl ARGS, SIGKILLs the private libvirtd after delay s, and
    checks the exit: 5 or 1, one clear line, within budget s of the start
    (and, when given, after_kill s of the kill); returns the Run.  When
    complete(Run) says the answer was whole (the daemon died only after
    vmctl had everything it asked for), exit 0 with an empty stderr is
    right too: the caller decides whether to try an earlier kill."""
    t0 = time.monotonic()
    p = start(args)
    time.sleep(delay)
    alive = p.poll() is None
    tk = time.monotonic()
    pid = d.kill()
    r = finish(p, t0, budget + 10)
    after = r.secs - (tk - t0)
    note("%s: libvirtd %s killed %.2f s after the start; vmctl exit %s after %.2f s (%.2f s after the kill); "
         "stderr %r" % (what, pid, tk - t0, r.rc, r.secs, after, r.err[:300]))
    t.ok(alive and pid, "%s: vmctl still running when libvirtd is killed" % what, r)
    if r.rc == 0 and complete is not None:
        t.ok(not r.err and complete(r), "%s: exit 0 only with the whole answer and an empty stderr" % what,
             r.err[:300])
    else:
        t.ok(r.rc in (1, 5) and not crashed(r.rc, r.err), "%s: exit 5 or 1 (got %s)" % (what, r.rc), r)
        t.ok(one_line_error(r.err), "%s: stderr is one clear line" % what, r)
    if after_kill is None:
        t.ok(r.secs <= budget, "%s: ends within %d s (%.2f s)" % (what, budget, r.secs), r)
    else:
        t.ok(r.secs <= budget and after <= after_kill, "%s: ends within %d s of the start and %d s of the kill "
             "(%.2f s, %.2f s)" % (what, budget, after_kill, r.secs, after), r)
    return r


def restart(t, d, what):
    t0 = time.monotonic()
    ok = d.start()
    t.ok(ok, "%s: private libvirtd (re)started in %.1f s" % (what, time.monotonic() - t0), d.log)
    return ok


def main():
    t = Tap()
    require(t, is_root() and have("virsh") and have("unshare") and have("nsenter") and os.access(DAEMON, os.X_OK)
            and BEDDIR, "root, virsh, unshare, nsenter and tests/beds/libvirt/daemon.sh")
    state = os.path.join(BEDDIR, "faults-daemon")
    os.makedirs(state, exist_ok=True)
    d = PrivateDaemon(state)
    t0 = time.monotonic()
    require(t, d.start(), "a private libvirtd (daemon.sh start-b %s): %s" % (state, getattr(d, "log", "")))
    note("private libvirtd up in %.1f s at %s" % (d.start_secs, d.uri))
    try:
        scenario_list(t, d, state)
        scenario_stop(t, d, state)
        scenario_batch(t, d, state)
        scenario_full_disk(t, d, state)
    finally:
        d.stop()
    note("daemon faults: %.1f s" % (time.monotonic() - t0))
    t.done()


def scenario_list(t, d, state):
    node = node_xml(os.path.join(state, "node10k.xml"), 10000)
    uri = d.test_uri(node)
    # where the time goes: connecting (the daemon parses the node file), then listing
    tc = time.monotonic()
    rc, out, err = virsh(uri, "version", timeout=120)
    t_conn = time.monotonic() - tc
    base = vm(["-c", uri, "list", "--name"], timeout=300)
    t.ok(base.rc == 0 and base.out.count(b"\n") == 10000, "list --name of 10,000 domains, undisturbed (%.1f s, "
         "%.1f s of it connecting)" % (base.secs, t_conn), base)
    # kill in the middle of what follows the connection: the listing itself.
    # How long connecting takes varies from run to run, so a kill meant for
    # the middle of the listing can land after vmctl already has every
    # guest: that run must be whole (exit 0, 10,000 guests, each fully
    # known) and the next try kills earlier; at least one of three tries
    # must be cut short and fail cleanly.
    def whole(r):
        if not json_ok(r.out):
            return False
        g = json.loads(r.out)["guests"]
        return len(g) == 10000 and all(x["vcpus"]["max"] for x in g)
    cut = False
    for i, frac in enumerate((0.5, 0.2, 0.0)):
        if i:
            restart(t, d, "before list kill try %d" % (i + 1))
        delay = t_conn * (1.0 - 0.15 * i) + (base.secs - t_conn) * frac
        r = kill_during(t, d, ["-c", uri, "-o", "json", "list"], "list of 10,000 (-o json), try %d" % (i + 1),
                        delay, base.secs + 10, after_kill=5, complete=whole)
        t.ok(r.out == b"" or json_ok(r.out), "list killed: stdout is valid JSON or empty", r.out[-300:])
        if r.rc != 0:
            cut = True
            break
        note("try %d: libvirtd died after vmctl had all 10,000 guests; killing earlier" % (i + 1))
    t.ok(cut, "a list of 10,000 cut short by the kill in one of the tries ends in exit 5 or 1")
    restart(t, d, "after the list kill")


def scenario_stop(t, d, state):
    g = "vmt-fstop"
    rc, out, err = define_bare(d.uri, g, state)
    rc2, _, err2 = virsh(d.uri, "start", g)
    t.ok(rc == 0 and rc2 == 0 and domstate(d.uri, g) == "running", "bare QEMU guest %s running on the private "
         "libvirtd" % g, err + err2)
    # the daemon gone, the wait ends at once with libvirt's reason, never "still running" after 30 s
    r = kill_during(t, d, ["-c", d.uri, "stop", "--timeout", "30", g], "stop --timeout 30", 3.0, 30 + 5,
                    after_kill=5)
    t.ok(r.rc == 5 and b"still running" not in r.err, "stop --timeout 30, daemon killed: exit 5 with the "
         "connection's error, not a claim about the guest", r)
    restart(t, d, "after the stop kill")  # stop-b inside kills the QEMU left by the dead daemon


def scenario_batch(t, d, state):
    uri = d.test_uri("/default")
    p = start(["-c", uri, "-o", "json", "-f", "-"], stdin=subprocess.PIPE)
    t0 = time.monotonic()
    p.stdin.write(b"info test\n")
    p.stdin.flush()
    # line 1's answer comes before line 2 is read (stdout is flushed per line)
    buf = b""
    os.set_blocking(p.stdout.fileno(), False)
    end = time.monotonic() + 60
    while time.monotonic() < end and not json_ok(buf):
        try:
            chunk = os.read(p.stdout.fileno(), 65536)
        except BlockingIOError:
            chunk = None
        if chunk:
            buf += chunk
        else:
            time.sleep(0.05)
    os.set_blocking(p.stdout.fileno(), True)
    t.ok(json_ok(buf) and json.loads(buf).get("name") == "test", "batch line 1 (info test) answered", buf)
    subprocess.run([DAEMON, "stop-b", d.state], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    ok = restart(t, d, "between batch lines")
    t.ok(ok and virsh(uri, "domstate", "test")[0] == 0, "the restarted libvirtd answers virsh on the same URI")
    r = finish_batch(p, t0, b"info test\ninfo test\n")
    rest = r.out
    if BATCH_AFTER_RESTART == "fails with 5":
        t.ok(r.rc == 5 and one_line_error(r.err) and r.err.startswith(b"vmctl: line 2: ") and rest == b"",
             "batch line 2 after the restart: exit 5, one line naming line 2, line 3 not run "
             "(no reconnect; %.1f s)" % r.secs, r)
    else:
        t.ok(r.rc == 0 and r.err == b"" and rest.count(b'"name"') == 2, "batch lines 2 and 3 after the restart "
             "succeed (reconnect)", r)
    note("batch after a libvirtd restart: exit %s, stderr %r" % (r.rc, r.err))
    # --keep-going: every later line fails the same way, each with its number, and nothing hangs
    p = start(["-c", uri, "-q", "-f", "-", "--keep-going"], stdin=subprocess.PIPE)
    t0 = time.monotonic()
    p.stdin.write(b"pause test\n")
    p.stdin.flush()
    ok = wait_for(lambda: virsh(uri, "domstate", "test")[1].strip() == "paused", 30)
    t.ok(ok, "--keep-going batch: line 1 paused the guest")
    # the test driver's state lives in the daemon: a restart brings 'test' back running
    subprocess.run([DAEMON, "stop-b", d.state], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    restart(t, d, "between --keep-going batch lines")
    r = finish_batch(p, t0, b"resume test\ninfo test\n")
    lines = r.err.splitlines()
    t.ok(r.rc == 5 and len(lines) == 2 and lines[0].startswith(b"vmctl: line 2: ")
         and lines[1].startswith(b"vmctl: line 3: ") and not crashed(r.rc, r.err),
         "--keep-going after the restart: exit 5, one error line for each of lines 2 and 3", r)


def finish_batch(p, t0, more):
    try:
        p.stdin.write(more)
        p.stdin.close()
    except BrokenPipeError:
        pass
    p.stdin = None  # closed: communicate() must not flush it
    return finish(p, t0, 120)


def ns_run(pid, argv):
    return subprocess.run(["nsenter", "-t", str(pid), "-m", "--"] + argv, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)


def scenario_full_disk(t, d, state):
    # 1. libvirtd writes the file: tmpfs of 1 MiB in the daemon's mount namespace
    g = "vmt-fsave"
    full = os.path.join(state, "full")
    os.makedirs(full, exist_ok=True)
    rc, _, err = define_bare(d.uri, g, state)
    rc2, _, err2 = virsh(d.uri, "start", g)
    t.ok(rc == 0 and rc2 == 0, "bare QEMU guest %s running for the save" % g, err + err2)
    pid = d.pid()
    m = ns_run(pid, ["mount", "-t", "tmpfs", "-o", "size=64k", "vmctl-faults-full", full])
    # filled up: the save file (a few hundred KiB for this guest) cannot even get its header in
    ns_run(pid, ["dd", "if=/dev/zero", "of=" + os.path.join(full, "fill"), "bs=4k"])
    t.ok(m.returncode == 0, "64 KiB tmpfs mounted at %s in libvirtd's mount namespace, filled" % full, m.stderr)
    try:
        target = os.path.join(full, "g.save")
        r = vm(["-c", d.uri, "save", g, target], timeout=120)
        t.ok(r.rc == 1 and one_line_error(r.err) and not crashed(r.rc, r.err),
             "save into a full tmpfs (libvirtd writes it): exit 1, one line (%.1f s)" % r.secs, r)
        t.ok(b"No space left on device" in r.err or b"ENOSPC" in r.err or b"space" in r.err,
             "the line carries libvirt's reason (ENOSPC)", r.err)
        t.ok(domstate(d.uri, g) == "running", "the guest is still running after the failed save",
             domstate(d.uri, g))
        left = sorted(set(os.listdir("/proc/%d/root%s" % (pid, full))) - {"fill"})
        note("save into a full tmpfs: exit %s, stderr %r; left in the tmpfs by libvirtd: %r"
             % (r.rc, r.err, left))
        t.ok(left == [], "libvirtd removed its partial save file", left)
    finally:
        ns_run(pid, ["umount", full])
        virsh(d.uri, "destroy", g)
        virsh(d.uri, "undefine", g)

    # 2. vmctl's own output on a full disk: a private mount namespace, a tmpfs
    # filled up, stdout redirected into it
    node = node_xml(os.path.join(state, "node3.xml"), 3, prefix="f")
    uri = d.test_uri(node)
    script = ('set -e; mount -t tmpfs -o size=64k vmctl-faults-out "$1"; '
              'dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null || true; shift; '
              'set +e; "$@" > "$0/out"; echo "rc=$?" >&2')
    out_dir = os.path.join(state, "out")
    os.makedirs(out_dir, exist_ok=True)
    for args, what in ((["-c", uri, "-o", "json", "list"], "list -o json"),
                       (["-c", uri, "info", "f00001"], "info")):
        p = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script, out_dir, out_dir,
                            VMCTL] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
        err = p.stderr.replace(b"\r", b"")
        lines = err.splitlines()
        rc = int(lines[-1][3:]) if lines and lines[-1].startswith(b"rc=") else None
        verr = b"".join(line + b"\n" for line in lines[:-1])
        t.ok(rc == 1 and one_line_error(verr) and b"cannot write to standard output: No space left on device" in verr,
             "%s with stdout on a full tmpfs: exit 1, one line naming ENOSPC" % what, err)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda s, f: sys.exit(128 + s))
    main()
