#!/usr/bin/env python3
"""vmctl's several-hosts contract (issue 22, CLI.md "Second wave") on the
fleet bed: tests/fleet/contract.py BEDDIR VMCTL (or FLEET_BED and VMCTL in
the environment), where tests/beds/fleet/bed.sh setup BEDDIR N already ran
(N >= 6; CI: 50).  One TAP line per check; exit 1 when one fails.

1. `--hosts hosts.tcp list --name` prints every host's names, hosts in file
   order, each host's block in virsh's order (BEDDIR/K/names); `-o json list`
   has each guest with the URI of its host in "host", in the same order.
2. Host 3 hung (bed.sh hang), host 4 down (bed.sh kill): `--host-timeout 5
   --hosts hosts.{tcp,ssh} list` exits 6 within 5 + 10 s; stderr has one line
   naming host 3 (silent) and one naming host 4 (refused), none naming another
   host; stdout has the other hosts' guests, complete and in order.  Over ssh
   the same on the first 10 hosts at once, with --host-timeout 30.  With
   host 3 alone (-c), list and info exit 5 within 5 + 10 s, one line.  Both
   restored after (unhang, revive).  Host 5 stopped right after `list
   --name` over it printed (2 s a round trip: its close still on the way):
   vmctl exits 0 within --host-timeout (15) + 10 s all the same.
3. A guest verb with several hosts finds the one host that has the guest:
   info shows it with its host; pause of a name on two hosts (twin-001) exits 2
   naming both; a name on none exits 3; a batch (-f: one process, one
   connection per host) pauses a running guest then shows it paused; a pause
   on a daemon's shared test:///default is read back with virsh.
4. --jobs 1 and 256 accepted, 0 and 257 refused (exit 2), --jobs 32 with
   stop --all --parallel 64 refused (jobs x parallel > 1024, exit 2).
5. `pause --all` over every host: exit 0, each line HOST first, every running
   guest of every host once, hosts in file order.  Ctrl-C during a slow
   `stop --all --parallel 1`: no new work started, exit 6 when something was
   done (else 1), within --host-timeout + 10 s; a second Ctrl-C exits at once
   with 130.

The test driver reads node.xml afresh for every connection, so what one
vmctl process changes is gone for the next one: every change here lasts one
process (a batch) or lives in a daemon's test:///default held open by virsh."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "beds", "fleet"))
from vmtest import Tap, is_ci  # noqa: E402
import gen  # noqa: E402  (the bed's guests: names and states, deterministic)

BED_SH = os.path.join(HERE, "..", "beds", "fleet", "bed.sh")
HOST_TIMEOUT = 5
# over ssh an open costs about 0.2 s of CPU (sshd, a key exchange, a shell and
# virt-ssh-helper), so 50 at once on this 2-core machine, shared with the rest
# of the suite, can leave a healthy host silent for 20 s and more; and in
# waves of --jobs the run lasts a wave's open times the number of waves, which
# a loaded CI machine stretched past 90 s.  So over ssh the check runs on the
# bed's first SSH_HOSTS hosts (the hung and the refused one among them) in one
# wave, with a longer --host-timeout: the run is bounded by it, however slow
# the opens.  bed_check lists every host over ssh.
HOST_TIMEOUT_SSH = 30
SSH_HOSTS = 10
MARGIN = 10                # contract: a hung host reported within --host-timeout + 10 s
KILL_AFTER = 120           # a vmctl run that has not exited by then is killed (and fails)
HUNG, DOWN = 3, 4


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("FLEET_BED")
    vmctl = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("VMCTL")
    if not d or not vmctl:
        sys.exit("usage: contract.py BEDDIR VMCTL (or FLEET_BED and VMCTL in the environment)")
    if not os.path.isfile(os.path.join(d, "env")):
        print(f"# no fleet bed in {d} (tests/beds/fleet/bed.sh setup DIR 50)")
        sys.exit(1 if is_ci() else 77)
    Contract(os.path.abspath(d), vmctl).run()


def lines(text):
    return [x for x in text.splitlines() if x.strip()]


class Contract:
    def __init__(self, d, vmctl):
        self.t = Tap()
        self.d = d
        self.vmctl = vmctl
        env = dict(x.strip().split("=", 1) for x in open(os.path.join(d, "env")) if "=" in x)
        self.n = int(env["N"])
        self.net, self.tcp_port = env["NET"], env["TCP_PORT"]
        self.hosts = list(range(1, self.n + 1))
        self.uri = {kind: lines(open(os.path.join(d, "hosts." + kind)).read()) for kind in ("tcp", "ssh", "direct")}
        self.names = {k: lines(open(os.path.join(d, str(k), "names")).read()) for k in self.hosts}
        self.state = {k: {g["name"]: g["state"] for g in gen.guests(k, self.n)} for k in self.hosts}

    def vm(self, args, stdin=None, timeout=KILL_AFTER):
        """(rc, stdout, stderr, seconds); rc None when killed at timeout."""
        t0 = time.monotonic()
        try:
            p = subprocess.run([self.vmctl] + args, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=timeout)
            return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"), \
                time.monotonic() - t0
        except subprocess.TimeoutExpired as e:
            return None, (e.stdout or b"").decode(errors="replace"), (e.stderr or b"").decode(errors="replace"), \
                time.monotonic() - t0

    def hf(self, kind):
        return os.path.join(self.d, "hosts." + kind)

    def bed(self, *args):
        p = subprocess.run([BED_SH, args[0], self.d] + [str(a) for a in args[1:]], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=300)
        return p.returncode, p.stdout.decode()

    def expected_pairs(self, kind, skip=(), hosts=None):
        return [(self.uri[kind][k - 1], name) for k in (hosts or self.hosts) if k not in skip for name in self.names[k]]

    def run(self):
        t = self.t
        t.ok(self.n >= 6 and all(len(self.uri[k]) == self.n for k in self.uri),
             f"the bed: {self.n} hosts (at least 6), a URI each in hosts.tcp, hosts.ssh, hosts.direct")
        if self.n < 6:
            t.done()
        self.tmp = tempfile.mkdtemp(prefix="vmctl-contract.")
        for part in (self.merged_list, self.hung_and_down, self.hung_at_close, self.guest_verbs, self.jobs, self.bulk,
                     self.ctrl_c):
            try:
                part()
            except Exception as e:  # noqa: BLE001: one part's crash fails it, the others still run
                t.ok(False, f"{part.__name__}: {type(e).__name__}: {e}")
        shutil.rmtree(self.tmp, ignore_errors=True)
        t.done()

    # ---- 1: one merged list, in a stable order ----
    def merged_list(self):
        t = self.t
        rc, out, err, s = self.vm(["--hosts", self.hf("tcp"), "list", "--name"])
        want = [name for k in self.hosts for name in self.names[k]]
        got = lines(out)
        first_bad = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        t.ok(rc == 0 and got == want,
             f"list --name over {self.n} hosts: exit 0, {len(want)} names, hosts in file order, each in virsh's "
             f"order ({s:.1f} s)",
             f"rc {rc}, {len(got)} lines; first difference at line {first_bad + 1}: "
             f"got {got[first_bad:first_bad + 3]} want {want[first_bad:first_bad + 3]}\n{err[-2000:]}")
        rc, out, err, s = self.vm(["-o", "json", "--hosts", self.hf("tcp"), "list"])
        try:
            gs = json.loads(out)["guests"]
            pairs = [(g.get("host"), g.get("name")) for g in gs]
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            pairs = [("not JSON", str(e))]
        want = self.expected_pairs("tcp")
        t.ok(rc == 0 and pairs == want,
             f"-o json list over {self.n} hosts: exit 0, every guest with its host's URI in \"host\", in order",
             f"rc {rc}, {len(pairs)} guests, first: {pairs[:2]}\n{err[-2000:]}")

    # ---- 2: a hung host and a host that is down ----
    def hung_and_down(self):
        t = self.t
        rc1, out1 = self.bed("hang", HUNG)
        rc2, out2 = self.bed("kill", DOWN)
        try:
            t.ok(rc1 == 0 and rc2 == 0, f"bed.sh hang {HUNG}, kill {DOWN}", out1 + out2)
            for kind in ("tcp", "ssh"):
                self.one_hung_list(kind)
            self.one_host_hung()
        finally:
            rc1, out1 = self.bed("unhang", HUNG)
            rc2, out2 = self.bed("revive", DOWN)
            t.ok(rc1 == 0 and rc2 == 0, f"bed.sh unhang {HUNG}, revive {DOWN}", out1 + out2)

    def one_hung_list(self, kind):
        t = self.t
        if kind == "ssh":
            host_timeout, hosts = HOST_TIMEOUT_SSH, self.hosts[:SSH_HOSTS]
            hf = os.path.join(self.tmp, "hosts.ssh.first")
            with open(hf, "w") as f:
                f.write("".join(self.uri[kind][k - 1] + "\n" for k in hosts))
            opts = ["--jobs", str(len(hosts))]
        else:
            host_timeout, hosts, hf, opts = HOST_TIMEOUT, self.hosts, self.hf(kind), []
        rc, out, err, s = self.vm(opts + ["--host-timeout", str(host_timeout), "--hosts", hf, "list"],
                                  timeout=host_timeout + MARGIN + 60)
        what = f"{kind}: host {HUNG} hung, host {DOWN} down, {len(hosts)} hosts, --host-timeout {host_timeout} list"
        t.ok(rc == 6, f"{what}: exit 6 (partial)", f"rc {rc}\n{err[-2000:]}")
        t.ok(rc is not None and s <= host_timeout + MARGIN, f"{what}: over within {host_timeout} + {MARGIN} s "
             f"({s:.1f} s)")
        errl = err.splitlines()
        hung = [x for x in errl if self.uri[kind][HUNG - 1] in x]
        down = [x for x in errl if self.uri[kind][DOWN - 1] in x]
        t.ok(len(hung) == 1 and re.search(r"silen|time|hung|no (reply|answer)", hung[0], re.I),
             f"{what}: one stderr line names host {HUNG}, as silent", err[-2000:])
        # over TCP the refusal itself; over ssh libvirt says what its ssh
        # helper did first: "Connection refused", or, when the helper died
        # before libvirt wrote, "Cannot write data: Broken pipe" (as virsh)
        refused = r"refused" if kind != "ssh" else r"cannot connect to .*(refused|broken pipe|end of file)"
        t.ok(len(down) == 1 and re.search(refused, down[0], re.I),
             f"{what}: one stderr line names host {DOWN}, as refused", err[-2000:])
        others = [k for k in hosts if k not in (HUNG, DOWN)
                  and any(self.uri[kind][k - 1] in x for x in errl)]
        t.ok(rc is not None and not others, f"{what}: no stderr line names another host", f"rc {rc}; {others[:5]}")
        rows = lines(out)
        pairs = [tuple(r.split()[0:3:2]) for r in rows[1:] if len(r.split()) >= 3]
        want = self.expected_pairs(kind, skip=(HUNG, DOWN), hosts=hosts)
        t.ok(rows[:1] and rows[0].split()[:1] == ["HOST"] and pairs == want,
             f"{what}: stdout has the other {len(hosts) - 2} hosts' {len(want)} guests, HOST first, complete and in "
             f"order", f"{len(pairs)} rows; first: {rows[:2]}")

    def one_host_hung(self):
        """One host, hung: its open is bounded by --host-timeout as with
        several (a stopped daemon accepts the connection and never answers,
        and libvirt's keepalive starts only once a connection is open)."""
        t = self.t
        u = self.uri["tcp"][HUNG - 1]
        for args in (["list"], ["info", f"h{HUNG:03d}-g01"]):
            rc, out, err, s = self.vm(["--host-timeout", str(HOST_TIMEOUT), "-c", u] + args,
                                      timeout=HOST_TIMEOUT + MARGIN + 60)
            t.ok(rc == 5 and s <= HOST_TIMEOUT + MARGIN and out == "" and err.count("\n") == 1 and u in err
                 and re.search(rf"no reply for {HOST_TIMEOUT} s \(--host-timeout\)", err),
                 f"one host, hung: {args[0]} exits 5 within --host-timeout {HOST_TIMEOUT} + {MARGIN} s ({s:.1f} s), "
                 f"one stderr line naming it", f"rc {rc}\n{out[-500:]}{err[-1000:]}")

    # ---- 3: a guest verb finds the one host that has the guest ----
    def guest_verbs(self):
        t = self.t
        hosts = self.hf("tcp")
        u5 = self.uri["tcp"][4]
        rc, out, err, _ = self.vm(["--hosts", hosts, "info", "h005-g01"])
        t.ok(rc == 0 and re.findall(r"^Name: +(.*)$", out, re.M) == ["h005-g01"]
             and re.findall(r"^Host: +(.*)$", out, re.M) == [u5],
             "--hosts: info h005-g01 shows that one guest with its host (host 5)", f"rc {rc}\n{out}{err}")
        rc, out, err, _ = self.vm(["--hosts", hosts, "pause", "twin-001"])
        u1, u2 = self.uri["tcp"][0], self.uri["tcp"][1]
        t.ok(rc == 2 and u1 in err and u2 in err, "--hosts: pause twin-001 (on hosts 1 and 2): exit 2 naming both",
             f"rc {rc}\n{err}")
        rc, out, err, _ = self.vm(["--hosts", hosts, "pause", "no-such-guest-anywhere"])
        t.ok(rc == 3 and err.strip(), "--hosts: pause of a name no host has: exit 3 with a message", f"rc {rc}\n{err}")
        # one process, one connection per host: pause, then info sees it paused
        g = next(n for n in sorted(self.state[5]) if n.startswith("h005-g") and self.state[5][n] == gen.RUNNING)
        rc, out, err, _ = self.vm(["--hosts", hosts, "-f", "-"], stdin=f"info {g}\npause {g}\ninfo {g}\n".encode())
        states = re.findall(r"^State: +(\S+)", out, re.M)
        t.ok(rc == 0 and states == ["running", "paused"] and re.findall(r"^Host: +(.*)$", out, re.M) == [u5, u5],
             f"--hosts -f: info, pause, info of {g} (running on host 5): running, then paused, on host 5",
             f"rc {rc}\n{out}{err}")
        # a daemon's test:///default lives while a connection holds it: virsh
        # holds host 5's, vmctl pauses its guest "test" there, virsh reads it back
        dflt = f"test+tcp://{self.net}.1.5:{self.tcp_port}/default"
        f = os.path.join(self.d, "contract-hosts")
        with open(f, "w") as fh:
            fh.write("\n".join([self.uri["tcp"][0], dflt, self.uri["tcp"][5]]) + "\n")
        holder = subprocess.Popen(["virsh", "-q", "-c", dflt], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            before = self.virsh_state(dflt)
            rc, out, err, _ = self.vm(["--hosts", f, "pause", "test"])
            after = self.virsh_state(dflt)
            t.ok(before == "running" and rc == 0 and after == "paused",
                 "--hosts (3 hosts): pause test finds host 5's test:///default; virsh reads it back paused",
                 f"before {before}, rc {rc}, after {after}\n{err}")
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)

    @staticmethod
    def virsh_state(uri):
        p = subprocess.run(["virsh", "-q", "-c", uri, "domstate", "test"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
        return p.stdout.decode().strip()

    # ---- 4: --jobs ----
    def jobs(self):
        t = self.t
        want = [name for k in self.hosts for name in self.names[k]]
        for j in (1, 256):
            rc, out, err, s = self.vm(["--jobs", str(j), "--hosts", self.hf("direct"), "list", "--name"])
            t.ok(rc == 0 and lines(out) == want, f"--jobs {j}: accepted, the same list ({s:.1f} s)",
                 f"rc {rc}\n{err[-1000:]}")
        for j in (0, 257):
            rc, out, err, _ = self.vm(["--jobs", str(j), "--hosts", self.hf("direct"), "list", "--name"])
            t.ok(rc == 2 and out == "" and len(err.splitlines()) == 1, f"--jobs {j}: exit 2, one line on stderr",
                 f"rc {rc}\n{err}")
        rc, out, err, _ = self.vm(["--jobs", "32", "--hosts", self.hf("tcp"), "stop", "--all", "--parallel", "64"])
        t.ok(rc == 2 and out == "" and len(err.splitlines()) == 1 and "1024" in err,
             "--jobs 32 stop --all --parallel 64: exit 2, one stderr line naming the bound (jobs x parallel <= 1024)",
             f"rc {rc}\n{out[:500]}{err}")

    # ---- 5: bulk verbs across hosts ----
    def bulk(self):
        t = self.t
        rc, out, err, s = self.vm(["--hosts", self.hf("tcp"), "pause", "--all"])
        order = {u: i for i, u in enumerate(self.uri["tcp"])}
        rows = lines(out)
        firsts = [r.split()[0] if r.split() else "" for r in rows]
        t.ok(rc == 0 and rows and all(h in order for h in firsts),
             f"pause --all over {self.n} hosts: exit 0, every line starts with its HOST ({s:.1f} s)",
             f"rc {rc}\n{rows[:3]}\n{err[-1000:]}")
        idx = [order.get(h, -1) for h in firsts]
        t.ok(idx == sorted(idx), "pause --all: hosts in file order")
        got = sorted((h, r.split()[2].rstrip(":")) for h, r in zip(firsts, rows) if len(r.split()) >= 3)
        want = sorted((self.uri["tcp"][k - 1], n) for k in self.hosts for n, st in self.state[k].items()
                      if st == gen.RUNNING)
        t.ok(got == want, f"pause --all: each of the {len(want)} running guests once, with its host",
             f"{len(got)} rows; missing {sorted(set(want) - set(got))[:3]}, extra {sorted(set(got) - set(want))[:3]}")

    def ctrl_c(self):
        t = self.t
        delay0 = open(os.path.join(self.d, "delay")).read().strip()
        total = sum(1 for k in self.hosts for st in self.state[k].values() if st != gen.SHUTOFF)
        try:
            # slow hosts (600 ms a round trip): stopping a host's guests one at a
            # time takes far longer than the run lasts
            self.bed("delay", 300)
            p, out, err = self.start(["--host-timeout", "10", "--hosts", self.hf("tcp"), "stop", "--all",
                                      "--parallel", "1"])
            time.sleep(12)
            p.send_signal(signal.SIGINT)
            rc, s = self.finish(p, 10 + MARGIN + 20)
            done = [r for r in lines("".join(out)) if re.search(r": (already )?done$", r)]
            t.ok(rc in (1, 6) and s <= 10 + MARGIN, f"Ctrl-C during stop --all --parallel 1: over within "
                 f"--host-timeout 10 + {MARGIN} s ({s:.1f} s)", f"rc {rc}")
            t.ok(rc == (6 if done else 1), f"Ctrl-C: exit {6 if done else 1} ({len(done)} stops reported done)",
                 f"rc {rc}\n{''.join(err)[-1500:]}")
            t.ok(rc in (1, 6) and len(done) < total / 2,
                 f"Ctrl-C: no new work started ({len(done)} of {total} guests stopped)", f"rc {rc}")
            # stops under way (as above), then very slow hosts (3 s a round
            # trip): the first Ctrl-C waits for the stops in flight, the
            # second exits at once
            p, out, err = self.start(["--host-timeout", "30", "--hosts", self.hf("tcp"), "stop", "--all",
                                      "--parallel", "1"])
            time.sleep(12)
            self.bed("delay", 1500)
            p.send_signal(signal.SIGINT)
            time.sleep(0.5)
            first = p.poll()
            if first is None:
                p.send_signal(signal.SIGINT)
            rc, s = self.finish(p, 30)
            t.ok(first is None and rc == 130 and s <= 3,
                 f"a second Ctrl-C: exit 130 at once ({s:.1f} s after it)",
                 f"after the first: {first}; rc {rc}\n{''.join(err)[-1500:]}")
        finally:
            self.bed("delay", delay0)

    def hung_at_close(self):
        """A host that hangs after its last reply, while vmctl closes the
        connection (one more round trip): the list is printed, and vmctl
        still exits within --host-timeout + margin."""
        t = self.t
        k = 5
        u = self.uri["tcp"][k - 1]
        delay0 = open(os.path.join(self.d, "delay")).read().strip()
        want = 2 * len(self.names[k])
        ht = 15  # the open alone is about 5 round trips with no reply in between: 10 s
        try:
            # 2 s a round trip: the close reaches the daemon 1 s after the
            # list is printed, and the daemon is stopped before that
            self.bed("delay", 1000)
            p, out, err = self.start(["--host-timeout", str(ht), "-c", u, "-c", u, "list", "--name"])
            end = time.monotonic() + 90
            while len(lines("".join(out))) < want and p.poll() is None and time.monotonic() < end:
                time.sleep(0.01)
            printed = len(lines("".join(out)))
            rc_h, _ = self.bed("hang", k)
            rc, s = self.finish(p, ht + MARGIN + 20)
            t.ok(printed == want and rc_h == 0, f"hung at close: the list printed ({printed} of {want} lines), "
                 f"then host {k} stopped", "".join(err)[-1500:])
            t.ok(rc == 0 and s <= ht + MARGIN,
                 f"hung at close: exit 0 within --host-timeout {ht} + {MARGIN} s of the list "
                 f"({s:.1f} s, exit {rc})", "".join(err)[-1500:])
        finally:
            self.bed("unhang", k)
            self.bed("delay", delay0)

    def start(self, args):
        # SIGINT as a terminal gives it: a shell's background job (and so
        # this script run with &) inherits it ignored, and vmctl may keep it so
        p = subprocess.Popen([self.vmctl] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        out, err = [], []
        for stream, acc in ((p.stdout, out), (p.stderr, err)):
            threading.Thread(target=lambda s=stream, a=acc: a.extend(x.decode(errors="replace") for x in s),
                             daemon=True).start()
        return p, out, err

    @staticmethod
    def finish(p, limit):
        t0 = time.monotonic()
        try:
            rc = p.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            rc = None
        s = time.monotonic() - t0
        time.sleep(0.2)    # the readers drain the pipes
        return rc, s


if __name__ == "__main__":
    main()
