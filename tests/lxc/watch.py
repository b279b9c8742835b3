#!/usr/bin/env python3
"""The lxc backend's wait, events, top and exec on real busybox containers.

Same bed as tests/lxc/real.py (run_suite: a private lxcpath under a
temporary directory, containers made by its liblxc fixture with an empty
network namespace, every container destroyed at the end, also when a test
fails).  Every change that wait and events must see is made by the native
tools (lxc-freeze, lxc-unfreeze, lxc-stop, lxc-start, lxc-create,
lxc-destroy) from another process while vmctl watches; exec's effects are
read back with lxc-attach; top's figures are held against the cgroup files
read just before and just after the sample.

No timed assertions: a watcher is checked to be still waiting before the
change it waits for (it must not return early), and every wait for a line
or an exit has a generous bound (liblxc looks at a stopped container only
once a second).

As root with lxc, liblxc's headers and busybox; elsewhere it skips with a
TAP SKIP line, unless CI=true, where a missing test bed is a failure."""
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vmtest import VMCTL, one_line_error  # noqa: E402
from real import run_suite, sh, vm, lxc_state, lxc_pid, wait_state, in_pty  # noqa: E402

BOUND = 20  # seconds: the most any change may take to be seen (a generous bound, not a measure)


class Watcher:
    """vmctl ARGS in the background, its stdout lines in a queue."""

    def __init__(self, bed, *args):
        self.p = subprocess.Popen([VMCTL, "-b", "lxc", "-P", bed.path] + list(args), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        self.lines = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            self.lines.put(line.decode(errors="replace").rstrip("\n"))

    def until(self, pred, timeout=BOUND):
        """The first line (from now on, the earlier ones kept in seen) for
        which pred holds, or None after timeout."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                return None
            self.seen.append(line)
            if pred(line):
                return line

    def running(self, settle=1.5):
        """Still running after settle seconds (registered and waiting)."""
        try:
            self.p.wait(timeout=settle)
            return False
        except subprocess.TimeoutExpired:
            return True

    def finish(self, timeout=BOUND):
        try:
            rc = self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = self.p.wait()
            rc = "hung (killed)"
        err = self.p.stderr.read().decode(errors="replace")
        return rc, err

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


def native(bed, tool, name, *args):
    rc, out, err = sh([tool, "-P", bed.path, "-n", name] + list(args), timeout=120)
    return rc == 0, err


def wait_tests(t, bed, c, d):
    rc, _, err = vm(bed, "wait", c, "--state", "running")
    t.ok(rc == 0, "wait --state running on a running container: exit 0 at once", err)

    steps = [("paused", "lxc-freeze", [], "FROZEN"), ("running", "lxc-unfreeze", [], "RUNNING"),
             ("shutoff", "lxc-stop", ["-k"], "STOPPED"), ("running", "lxc-start", ["-d"], "RUNNING")]
    for state, tool, args, lxc in steps:
        w = Watcher(bed, "wait", c, "--state", state)
        try:
            waiting = w.running()
            ok, nerr = native(bed, tool, c, *args)
            rc, err = w.finish()
        finally:
            w.kill()
        t.ok(waiting and ok and rc == 0 and wait_state(bed, c, lxc) == lxc,
             "wait --state %s: waits, then exit 0 after %s from another process" % (state, tool),
             "waiting=%s %s: %s rc=%s err=%s lxc-info=%s" % (waiting, tool, nerr, rc, err, lxc_state(bed, c)))

    rc, _, err = vm(bed, "wait", c, "--state", "paused", "--timeout", "2")
    t.ok(rc == 1 and "not paused within 2 s" in err and lxc_state(bed, c) == "RUNNING",
         "wait --timeout 2 on a state that does not come: exit 1", err)
    rc, _, err = vm(bed, "wait", c, "--state", "paused", "--timeout", "0")
    t.ok(rc == 1, "wait --timeout 0 looks once: exit 1", err)

    rc, _, err = vm(bed, "wait", "w20nosuch", "--state", "running")
    t.ok(rc == 3 and one_line_error(err.encode()), "wait on no such container: exit 3", err)

    # d is stopped; destroyed while waited for
    w = Watcher(bed, "wait", d, "--state", "running")
    try:
        waiting = w.running()
        ok, nerr = native(bed, "lxc-destroy", d)
        rc, err = w.finish()
    finally:
        w.kill()
    t.ok(waiting and ok and rc == 3 and "disappeared" in err and not os.path.exists(os.path.join(bed.path, d)),
         "wait on a container destroyed by lxc-destroy meanwhile: exit 3", "rc=%s %s %s" % (rc, err, nerr))


def events_tests(t, bed, c, e):
    text = Watcher(bed, "events")
    js = Watcher(bed, "-o", "json", "events")
    one = Watcher(bed, "events", c)
    try:
        settled = text.running() and js.running() and one.running()
        t.ok(settled, "events, events -o json and events GUEST keep running")
        expect = []

        def step(what, action, guest, event, state):
            ok, nerr = action()
            expect.append((guest, event, state))
            got = text.until(lambda ln: ln.split()[2:5] == [guest, event, state])
            t.ok(ok and got is not None, "events: '%s %s %s' after %s" % (guest, event, state, what),
                 "%s; lines: %s" % (nerr, text.seen))

        step("lxc-freeze", lambda: native(bed, "lxc-freeze", c), c, "suspended", "paused")
        step("lxc-unfreeze", lambda: native(bed, "lxc-unfreeze", c), c, "resumed", "running")
        step("lxc-stop -k", lambda: native(bed, "lxc-stop", c, "-k"), c, "stopped", "shutoff")
        step("lxc-start -d", lambda: native(bed, "lxc-start", c, "-d"), c, "started", "running")
        conf = os.path.join(bed.tmp, "net.conf")
        with open(conf, "w") as f:
            f.write("lxc.net.0.type = empty\n")
        step("lxc-create", lambda: native(bed, "lxc-create", e, "-t", "busybox", "-f", conf), e, "defined",
             "shutoff")
        step("lxc-destroy", lambda: native(bed, "lxc-destroy", e), e, "undefined", "shutoff")

        lines = text.seen
        t.ok(all(len(ln.split()) == 5 and ln.split()[1] == "-" for ln in lines),
             "events: every line is TIME HOST GUEST EVENT STATE, HOST '-'", lines)
        # the JSON stream saw the same changes, in the same order per guest
        want = [(g, ev, st) for g, ev, st in expect]
        docs = []
        for _ in want:
            ln = js.until(lambda ln: True)
            if ln is None:
                break
            try:
                docs.append(json.loads(ln))
            except ValueError:
                docs.append({"bad": ln})
        got = [(d.get("guest"), d.get("event"), d.get("state")) for d in docs]
        t.ok(got == want and all(d.get("schema_version") == 1 and d.get("backend") == "lxc" and
                                 d.get("host") is None and "T" in d.get("time", "") for d in docs),
             "events -o json: one JSON object a line, the same changes", "got %s want %s" % (docs, want))
        mine = [ln for ln in [one.until(lambda ln: True, timeout=2) for _ in range(5)] if ln]  # 4, and none more
        t.ok([ln.split()[2:5] for ln in mine] == [[g, ev, st] for g, ev, st in want if g == c],
             "events GUEST: that container's changes only", mine)

        for w, what in ((text, "events"), (js, "events -o json"), (one, "events GUEST")):
            w.p.send_signal(signal.SIGINT)
            rc, err = w.finish()
            t.ok(rc == 0 and err == "", "%s: SIGINT ends it with exit 0, nothing on stderr" % what,
                 "rc=%s %s" % (rc, err))
    finally:
        for w in (text, js, one):
            w.kill()


def cgroup_dir(pid, controller):
    """The cgroup directory of pid: v1's for controller, or (controller
    None) the unified hierarchy's."""
    with open("/proc/%d/cgroup" % pid) as f:
        for line in f:
            hid, ctrls, path = line.rstrip("\n").split(":", 2)
            if controller is None and hid == "0":
                return "/sys/fs/cgroup" + path
            if controller and controller in ctrls.split(","):
                return "/sys/fs/cgroup/%s%s" % (controller, path)
    return None


def read_counters(pid):
    """CPU time (ns) and memory in use (bytes), straight from the cgroup files."""
    v2 = os.path.exists("/sys/fs/cgroup/cgroup.controllers")
    if v2:
        d = cgroup_dir(pid, None)
        with open(d + "/cpu.stat") as f:
            usec = int(next(ln for ln in f if ln.startswith("usage_usec")).split()[1])
        with open(d + "/memory.current") as f:
            return usec * 1000, int(f.read())
    with open(cgroup_dir(pid, "cpuacct") + "/cpuacct.usage") as f:
        ns = int(f.read())
    with open(cgroup_dir(pid, "memory") + "/memory.usage_in_bytes") as f:
        return ns, int(f.read())


def top_tests(t, bed, names):
    for n in names:
        if lxc_state(bed, n) != "RUNNING":
            native(bed, "lxc-start", n, "-d")
            wait_state(bed, n, "RUNNING")
    # some CPU time to compare: a short busy loop in each
    for n in names:
        sh(["lxc-attach", "-P", bed.path, "-n", n, "--", "sh", "-c",
            "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done"], timeout=120)
    pids = {n: lxc_pid(bed, n) for n in names}
    before = {n: read_counters(pids[n]) for n in names}
    rc, out, err = vm(bed, "-o", "json", "top", "--once")
    after = {n: read_counters(pids[n]) for n in names}
    recs = {}
    try:
        recs = {g["name"]: g for g in json.loads(out)["guests"]}
    except (ValueError, KeyError, TypeError):
        pass
    t.ok(rc == 0 and all(n in recs for n in names), "top --once -o json: one record per container", err + out)
    for n in names:
        r = recs.get(n, {})
        (c0, m0), (c1, m1) = before[n], after[n]
        cpu = r.get("cpu_time")  # seconds in vmctl's JSON, ns in the cgroup's counters
        cpu = round(cpu * 1e9) if isinstance(cpu, (int, float)) else None
        t.ok(r.get("state") == "running" and isinstance(cpu, int) and c0 * 0.95 <= cpu <= c1 * 1.05 and c0 > 0,
             "top %s: cpu_time %s ns within 5%% of the cgroup's (%d..%d)" % (n, cpu, c0, c1), r)
        mem = r.get("mem")
        lo, hi = min(m0, m1), max(m0, m1)
        t.ok(isinstance(mem, int) and lo * 0.95 <= mem <= hi * 1.05,
             "top %s: mem %s within 5%% of the cgroup's (%d..%d)" % (n, mem, lo, hi), r)
        t.ok(r.get("net_rx") == 0 and r.get("net_tx") == 0 and isinstance(r.get("disk_rd"), (int, float)) and
             r.get("vcpus", 0) >= 1 and r.get("mem_max", 0) >= mem if isinstance(mem, int) else False,
             "top %s: empty network namespace: no traffic; disk and CPUs known" % n, r)


def exec_tests(t, bed, c, stopped):
    rc, out, err = vm(bed, "exec", c, "--", "sh", "-c", "echo w20-out; echo w20-err >&2; exit 7")
    t.ok(rc == 7 and out == "w20-out\n" and err == "w20-err\n", "exec: the command's exit status and output",
         "rc=%s out=%r err=%r" % (rc, out, err))
    p = subprocess.run([VMCTL, "-b", "lxc", "-P", bed.path, "exec", c, "--", "cat"], input=b"hi\n",
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    t.ok(p.returncode == 0 and p.stdout == b"hi\n", "echo hi | vmctl exec C -- cat: stdin passed through", p)
    rc, out, err = vm(bed, "exec", c, "--", "sh", "-c", "echo w20mark > /tmp/w20mark")
    rc2, out2, _ = sh(["lxc-attach", "-P", bed.path, "-n", c, "--", "cat", "/tmp/w20mark"])
    t.ok(rc == 0 and out2 == "w20mark\n", "exec ran inside the container (lxc-attach reads its file)", err)
    rc, out, err = vm(bed, "exec", c, "--", "w20-no-such-command")
    t.ok(rc == 127, "exec of a command that does not exist: 127", "rc=%s %s" % (rc, err))
    rc, out, err = vm(bed, "exec", c, "--", "/etc/passwd")
    t.ok(rc == 126, "exec of a file that is not executable: 126", "rc=%s %s" % (rc, err))
    rc, out, err = vm(bed, "exec", c, "--", "sh", "-c", "kill -TERM $$")
    t.ok(rc == 128 + signal.SIGTERM, "exec of a command killed by SIGTERM: 143", "rc=%s %s" % (rc, err))
    # stdin a terminal: the command gets one too (liblxc's LXC_ATTACH_TERMINAL), typed keys reach it
    rc, out = in_pty([VMCTL, "-b", "lxc", "-P", bed.path, "exec", c, "--", "sh", "-c",
                      "[ -t 0 ] && [ -t 1 ] && echo w20-tty; read x; echo got-$x; exit 5"], [(2.0, b"abc\r")])
    t.ok(rc == 5 and b"w20-tty" in out and b"got-abc" in out, "exec on a terminal: a terminal inside, keys typed "
         "reach the command, its exit status", "rc=%s out=%r" % (rc, out))
    rc, out, err = vm(bed, "-r", "exec", c, "--", "true")
    t.ok(rc == 2 and "readonly" in err, "exec under -r: exit 2", err)
    rc, out, err = vm(bed, "exec", stopped, "--", "true")
    t.ok(rc == 125 and "failed (1)" in err and "not running" in err, "exec in a stopped container: 125", err)


def main():
    def body(t, bed):
        for tool in ("lxc-create", "lxc-destroy", "lxc-attach", "lxc-freeze", "lxc-unfreeze"):
            if not shutil.which(tool):
                t.ok(False, "lxc watch bed: %s is missing (tests/lxc/deps.sh)" % tool)
                return
        tag = "w20%d" % (os.getpid() % 100000)
        c, d, e, f, g = (tag + s for s in "cdefg")
        for n in (c, d, f, g):
            bed.fx("create", n)
        bed.fx("start", c, f, g)
        wait_tests(t, bed, c, d)
        events_tests(t, bed, c, e)
        top_tests(t, bed, [c, f, g])
        native(bed, "lxc-stop", g, "-k")
        exec_tests(t, bed, c, g)
    run_suite("lxc watch suite", body)


if __name__ == "__main__":
    main()
