#!/usr/bin/env python3
"""events and top over several hosts (issue 22), on the fleet bed:

  tests/fleet/events_top.py BEDDIR VMCTL

Hosts 1 and 2 of the bed churn (their test:///default guests change state
every 50 ms: bed.sh churn), host 3 is stopped with SIGSTOP (bed.sh hang: TCP
accepts, nothing answers) where a test needs a hung host, and started again
(unhang) whatever happens.  Asserted as a user sees it (exit code, stdout,
stderr) and against virsh:

- events: one merged stream, every line with its host, both hosts' lines,
  each guest one of its host's names (DIR/K/names); JSON Lines with host;
  host 1's (guest, event) pairs as `virsh event --all` saw them meanwhile;
- a hung host at the start, and one hung while streaming: one stderr line
  naming it within --host-timeout + 10 s, the other hosts' events go on
  after it, exit 6;
- SIGINT while a hung host's open is still running: exit 0 at once;
- top --once over two hosts: hosts in the order given, each host's guests
  those `virsh list` shows running or paused, in their states, a totals
  line each; JSON with host; a hung host: reported, exit 6, the other's
  report printed.

Root only (the bed is); exit 77 when the bed is missing, a failure with CI set."""
import json
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import Pty, Tap, is_ci  # noqa: E402

BED_SH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "beds", "fleet", "bed.sh")
HOST_TIMEOUT = 5           # --host-timeout given to vmctl
MARGIN = 10                # the contract's margin on it
EVENTS = {"defined", "undefined", "started", "suspended", "resumed", "stopped", "shutdown", "crashed",
          "pmsuspended", "renamed"}
STATES = {"running", "paused", "shutoff", "crashed", "suspended", "starting", "stopping", "unknown"}


def bed(*args):
    p = subprocess.run([BED_SH] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    return p.returncode, p.stdout.decode()


class Run:
    """vmctl running in the background; each line of stdout and stderr with
    the monotonic time it arrived."""

    def __init__(self, vmctl, args):
        self.t0 = time.monotonic()
        self.p = subprocess.Popen([vmctl] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out, self.err = [], []
        self.readers = [threading.Thread(target=self._read, args=(self.p.stdout, self.out)),
                        threading.Thread(target=self._read, args=(self.p.stderr, self.err))]
        for r in self.readers:
            r.start()

    def _read(self, f, into):
        for line in iter(f.readline, b""):
            into.append((time.monotonic() - self.t0, line.decode(errors="replace").rstrip("\n")))

    def wait(self, timeout):
        try:
            rc = self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = None
        for r in self.readers:
            r.join()
        self.seconds = time.monotonic() - self.t0
        return rc

    def detail(self):
        return "\n".join(["stderr:"] + [f"{t:.1f} {s}" for t, s in self.err] +
                         ["stdout (last 5):"] + [f"{t:.1f} {s}" for t, s in self.out[-5:]])


def names(d, k):
    with open(os.path.join(d, str(k), "names")) as f:
        return {line.strip() for line in f if line.strip()}


def event_lines(r, hosts):
    """[(time, host, guest, event, state)] of r's stdout, and the lines that are not events of hosts."""
    got, bad = [], []
    for t, line in r.out:
        f = line.split(" ")
        if len(f) == 5 and f[1] in hosts and f[3] in EVENTS and f[4] in STATES:
            got.append((t, f[1], f[2].strip("'"), f[3], f[4]))
        else:
            bad.append(line)
    return got, bad


def virsh_events(uri, seconds, into):
    p = subprocess.run(["virsh", "-c", uri, "event", "--all", "--loop", "--timeout", str(seconds)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=seconds + 60)
    for line in p.stdout.decode().splitlines():
        # event 'lifecycle' for domain 'h001-g32': Undefined Removed
        if line.startswith("event 'lifecycle' for domain '"):
            guest, rest = line[len("event 'lifecycle' for domain '"):].split("': ", 1)
            into.append((guest, rest.split(" ")[0].lower()))


def virsh_active(uri):
    """{name: state} of the running and paused guests, as virsh lists them."""
    p = subprocess.run(["virsh", "-q", "-c", uri, "list"], stdout=subprocess.PIPE, timeout=120, check=True)
    out = {}
    for line in p.stdout.decode().splitlines():
        f = line.split()
        if len(f) >= 3:
            out[f[1]] = "paused" if f[2] == "paused" else "running"
    return out


def check_events(t, d, vmctl, u1, u2):
    hosts = {u1: names(d, 1), u2: names(d, 2)}
    r = Run(vmctl, ["-c", u1, "-c", u2, "events", "--count", "60", "--timeout", "120"])
    rc = r.wait(180)
    got, bad = event_lines(r, hosts)
    t.ok(rc == 0 and not r.err, "events over 2 churning hosts --count 60: exit 0, nothing on stderr", r.detail())
    t.ok(len(got) == 60 and not bad, "60 lines, each TIME HOST GUEST EVENT STATE with its host", "\n".join(bad[:5]))
    seen = {h for _, h, _, _, _ in got}
    t.ok(seen == set(hosts), "both hosts' events in the one stream", str(seen))
    wrong = [g for _, h, g, _, _ in got if g not in hosts[h]]
    t.ok(not wrong, "each guest is one of its line's host's guests", str(wrong[:5]))

    r = Run(vmctl, ["-o", "json", "-c", u1, "-c", u2, "events", "--count", "30", "--timeout", "120"])
    rc = r.wait(180)
    docs, bad = [], []
    for _, line in r.out:
        try:
            docs.append(json.loads(line))
        except ValueError:
            bad.append(line)
    ok = rc == 0 and len(docs) == 30 and not bad and all(
        x.get("host") in hosts and x.get("backend") == "libvirt" and x.get("guest") in hosts[x["host"]] and
        x.get("event") in EVENTS and x.get("state") in STATES for x in docs)
    t.ok(ok, "events -o json: 30 JSON lines, host, backend, the host's guest", r.detail())
    t.ok({x.get("host") for x in docs} == set(hosts), "JSON: both hosts' events")

    # host 1's events as virsh saw them in the same seconds
    seconds = 10
    theirs = []
    v = threading.Thread(target=virsh_events, args=(u1, seconds, theirs))
    v.start()
    time.sleep(2)  # virsh registered: its window covers vmctl's
    r = Run(vmctl, ["-c", u1, "-c", u2, "events", "--timeout", str(seconds - 5)])
    rc = r.wait(120)
    v.join()
    got, _ = event_lines(r, hosts)
    ours = [(g, e) for _, h, g, e, _ in got if h == u1]
    missing = [p for p in ours if p not in theirs]
    t.ok(rc == 0 and len(ours) > 10 and len(theirs) >= len(ours) and not missing,
         f"host 1: each of vmctl's {len(ours)} (guest, event) pairs is among virsh event's {len(theirs)}",
         str(missing[:5]) + "\n" + r.detail())


def check_hung(t, d, vmctl, u1, u2, u3):
    hosts = {u1: names(d, 1), u2: names(d, 2), u3: names(d, 3)}
    rc_h, out = bed("hang", d, "3")
    t.ok(rc_h == 0, "bed.sh hang 3", out)
    try:
        r = Run(vmctl, ["--host-timeout", str(HOST_TIMEOUT), "-c", u1, "-c", u3, "-c", u2, "events", "--timeout",
                        str(HOST_TIMEOUT + MARGIN + 6)])
        rc = r.wait(120)
        got, bad = event_lines(r, hosts)
        t.ok(rc == 6, "events with host 3 hung from the start: exit 6", f"rc {rc}\n" + r.detail())
        t.ok(len(r.err) == 1 and u3 in r.err[0][1] and u1 not in r.err[0][1] and "host-timeout" in r.err[0][1],
             "one stderr line, naming host 3 and --host-timeout", r.detail())
        when = r.err[0][0] if r.err else 1e9
        t.ok(when <= HOST_TIMEOUT + MARGIN, f"host 3 reported within --host-timeout + {MARGIN} s ({when:.1f} s)")
        after = {h for tm, h, _, _, _ in got if tm > when}
        t.ok(after == {u1, u2} and not bad, "hosts 1 and 2's events go on after the report", str(after))

        # SIGINT while host 3's open hangs: vmctl ends at once, exit 0
        r = Run(vmctl, ["-c", u1, "-c", u3, "events"])
        time.sleep(2)
        sent = time.monotonic()
        r.p.send_signal(signal.SIGINT)
        rc = r.wait(60)
        took = time.monotonic() - sent
        t.ok(rc == 0 and took < 5 and not r.err, f"SIGINT while host 3's open hangs: exit 0 after {took:.1f} s",
             f"rc {rc}\n" + r.detail())

        # top --once with host 3 hung
        r = Run(vmctl, ["--host-timeout", str(HOST_TIMEOUT), "-c", u1, "-c", u3, "top", "--once"])
        rc = r.wait(120)
        lines = [s for _, s in r.out]
        t.ok(rc == 6 and len(r.err) == 1 and u3 in r.err[0][1] and r.err[0][0] <= HOST_TIMEOUT + MARGIN,
             "top --once with host 3 hung: one stderr line naming it in time, exit 6", r.detail())
        t.ok(len(lines) > 2 and all(s.split(" ")[1] == u1 for s in lines[1:]),
             "top --once with host 3 hung: host 1's report printed", "\n".join(lines[:3]))
    finally:
        bed("unhang", d, "3")

    # hung while streaming: keepalive within --host-timeout
    try:
        r = Run(vmctl, ["--host-timeout", str(HOST_TIMEOUT), "-c", u1, "-c", u3, "events", "--timeout",
                        str(HOST_TIMEOUT + MARGIN + 10)])
        time.sleep(3)
        rc_h, out = bed("hang", d, "3")
        hung = time.monotonic() - r.t0
        rc = r.wait(120)
        got, bad = event_lines(r, hosts)
        when = r.err[0][0] if r.err else 1e9
        t.ok(rc == 6 and len(r.err) == 1 and u3 in r.err[0][1], "events, host 3 hung while streaming: one stderr "
             "line naming it, exit 6", f"rc {rc}\n" + r.detail())
        t.ok(when - hung <= HOST_TIMEOUT + MARGIN,
             f"reported {when - hung:.1f} s after the hang (within --host-timeout + {MARGIN} s)")
        t.ok(any(h == u1 and tm > when for tm, h, _, _, _ in got) and not bad,
             "host 1's events go on after the report")
    finally:
        bed("unhang", d, "3")


def check_top(t, d, vmctl, n1, n2):
    want = {n1: virsh_active(n1), n2: virsh_active(n2)}
    for order in ([n1, n2], [n2, n1]):
        args = []
        for u in order:
            args += ["-c", u]
        r = Run(vmctl, args + ["top", "--once"])
        rc = r.wait(120)
        lines = [s for _, s in r.out]
        t.ok(rc == 0 and not r.err and lines and lines[0].startswith("TIME HOST GUEST STATE"),
             f"top --once over hosts {'1, 2' if order[0] == n1 else '2, 1'}: exit 0, one heading", r.detail())
        hosts_in_order = []
        rows = {n1: {}, n2: {}}
        totals = {n1: 0, n2: 0}
        for s in lines[1:]:
            f = s.split(" ")
            if len(f) != 12 or f[1] not in rows:
                continue
            if not hosts_in_order or hosts_in_order[-1] != f[1]:
                hosts_in_order.append(f[1])
            if f[2] == "*":
                totals[f[1]] += 1
            else:
                rows[f[1]][f[2].strip("'")] = f[3]
        t.ok(hosts_in_order == order, "hosts in the order given, each host's lines together", str(hosts_in_order))
        t.ok(totals == {n1: 1, n2: 1}, "a totals line per host", str(totals))
        t.ok(rows == want, "each host's guests and states as virsh list shows them",
             str({u: set(rows[u]) ^ set(want[u]) for u in rows}))
    r = Run(vmctl, ["-o", "json", "-c", n1, "-c", n2, "top", "--once"])
    rc = r.wait(120)
    try:
        docs = [json.loads(s) for _, s in r.out]
    except ValueError:
        docs = []
    t.ok(rc == 0 and [x.get("host") for x in docs] == [n1, n2] and
         all({g["name"]: g["state"] for g in x["guests"]} == want[x["host"]] for x in docs),
         "top --once -o json: one object per host in order, host field, virsh's guests", r.detail())


def check_screen(t, d, vmctl, n1, n2, u3):
    """top on a terminal over hosts 1, 2 and a hung 3: a screen with HOST
    first, both hosts' guests; q ends it, then host 3 is reported, exit 6."""
    rc_h, out = bed("hang", d, "3")
    try:
        p = Pty([vmctl, "--host-timeout", str(HOST_TIMEOUT), "-c", n1, "-c", n2, "-c", u3, "top", "--interval", "1",
                 "--sort", "name"], {"TERM": "xterm"}, rows=50, cols=220)
        guests = sorted(virsh_active(n2))
        shown = p.read_until(lambda b: b"HOST" in b and b"(1 left" in b and n1.encode() in b and
                             n2.encode() in b and guests[0].encode() in b, HOST_TIMEOUT + MARGIN + 5)
        t.ok(rc_h == 0 and shown, "top on a terminal: a screen with HOST, hosts 1 and 2, host 3 left in the title",
             p.buf[-2000:].decode(errors="replace"))
        os.write(p.fd, b"q")
        rc = p.wait(30)
        tail = p.buf.decode(errors="replace").split("\n")[-4:]
        t.ok(rc == 6 and any(u3 in x and "host-timeout" in x for x in tail),
             "q: the screen closed, then host 3's report, exit 6", f"rc {rc}\n" + "\n".join(tail))
    finally:
        bed("unhang", d, "3")


def main():
    t = Tap()
    if len(sys.argv) != 3:
        print("usage: events_top.py BEDDIR VMCTL", file=sys.stderr)
        sys.exit(2)
    d, vmctl = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if not os.path.isfile(os.path.join(d, "hosts.tcp")) or os.geteuid() != 0:
        if is_ci():
            t.ok(False, f"a fleet bed in {d} (root)")
            t.done()
        print(f"# SKIP no fleet bed in {d}, or not root")
        sys.exit(77)
    with open(os.path.join(d, "hosts.tcp")) as f:
        if len([x for x in f if x.strip()]) < 3:
            t.ok(False, "the bed has 3 hosts or more")
            t.done()
    churn, uris = [], {}
    try:
        for k in (1, 2):  # prints the URI of the churning state, test+tcp://NET.1.K:PORT/default
            rc, out = bed("churn", d, str(k))
            if t.ok(rc == 0 and out.strip().endswith("/default"), f"bed.sh churn {k}", out):
                churn.append(k)
                uris[k] = out.strip().splitlines()[-1]
        if len(churn) < 2:
            t.done()
        u1, u2 = uris[1], uris[2]
        u3 = open(os.path.join(d, "3", "uri.tcp")).read().strip()
        n1, n2 = (open(os.path.join(d, str(k), "uri.tcp")).read().strip() for k in (1, 2))
        check_events(t, d, vmctl, u1, u2)
        check_hung(t, d, vmctl, u1, u2, u3)
        check_top(t, d, vmctl, n1, n2)
        check_screen(t, d, vmctl, n1, n2, u3)
    finally:
        for k in churn:
            bed("unchurn", d, str(k))
        bed("unhang", d, "3")
    t.done()


if __name__ == "__main__":
    main()
