#!/usr/bin/env python3
"""The lxc backend on real containers, through the vmctl binary.

A fixture (tests/lxc/fixture.c, compiled here against liblxc) makes busybox
containers with an empty network namespace (no lxcbr0 on the test hosts; one
container has a veth attached nowhere and a TEST-NET-1 address, only for
get_ips to find) in a private lxcpath under a temporary directory, and
destroys them at the end, also when a test fails (try/finally, atexit, and
SIGTERM/SIGINT from ctest become an exit).

Every action is checked with a reader that is not vmctl: lxc-info -s/-p,
lxc-cgroup, lxc-ls -f, lxc-snapshot -L and the container's files.  The
explained lxc-* line of each verb (vmctl -o json --explain=lxc, run as argv,
never through a shell) is run against a container too, so explain and act are
checked against each other.

As root with lxc, liblxc's headers and busybox; elsewhere it skips with a TAP
SKIP line, unless CI=true, where a missing test bed is a failure."""
import atexit
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import VMCTL, Tap, is_ci, one_line_error  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
IPV4 = "192.0.2.2"  # TEST-NET-1 (RFC 5737): documentation only, routed nowhere
MiB = 1024 * 1024


class Bed:
    """The temporary lxcpath, the fixture binary and the containers in it."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="vmctl-lxc-")
        os.chmod(self.tmp, 0o755)
        self.path = os.path.join(self.tmp, "lxc")
        os.mkdir(self.path)
        self.fixture = os.path.join(self.tmp, "fixture")
        # liblxc names cgroups lxc.payload.NAME on the whole host: names unique per run
        tag = "vt%d" % (os.getpid() % 100000)
        self.c1, self.ip, self.dash = tag + "c1", tag + "ip", "-" + tag + "d"
        self.cleaned = False

    def build_fixture(self):
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "lxc"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, check=True).stdout.decode().split()
        subprocess.run(["cc", "-O1", "-o", self.fixture, os.path.join(HERE, "fixture.c")] + flags, check=True)

    def fx(self, *args):
        p = subprocess.run([self.fixture] + list(args[:1]) + [self.path] + list(args[1:]),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if p.returncode != 0:
            raise RuntimeError("fixture %s: %s" % (" ".join(args), p.stderr.decode(errors="replace")))

    def cleanup(self):
        if self.cleaned:
            return
        self.cleaned = True
        if os.path.exists(self.fixture):
            subprocess.run([self.fixture, "clean", self.path], timeout=120)
        shutil.rmtree(self.tmp, ignore_errors=True)


def sh(argv, timeout=60, stdin=None):
    """A native tool, as argv (never a shell); returns (rc, stdout str, stderr str)."""
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=stdin, timeout=timeout)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def vm(bed, *args, timeout=120):
    """vmctl -b lxc -P LXCPATH ARGS; returns (rc, stdout str, stderr str)."""
    p = subprocess.run([VMCTL, "-b", "lxc", "-P", bed.path] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=timeout)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def info(bed, name):
    rc, out, err = vm(bed, "-o", "json", "info", "--", name)
    return json.loads(out) if rc == 0 else {"rc": rc, "err": err}


def explained(bed, *args):
    """The lxc-* argv that --explain=lxc prints for a verb (its first command)."""
    p = subprocess.run([VMCTL, "-o", "json", "--explain=lxc", "-P", bed.path] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    doc = json.loads(p.stdout)
    cmd = doc["commands"][0]
    assert cmd["equivalence"] != "none", cmd
    return cmd["argv"]


def lxc_state(bed, name):
    rc, out, _ = sh(["lxc-info", "-P", bed.path, "-n", name, "-s"])
    m = re.search(r"State:\s+(\S+)", out)
    return m.group(1) if rc == 0 and m else "?"


def lxc_pid(bed, name):
    rc, out, _ = sh(["lxc-info", "-P", bed.path, "-n", name, "-p"])
    m = re.search(r"PID:\s+(\d+)", out)
    return int(m.group(1)) if m else None


def lxc_cgroup(bed, name, item):
    rc, out, _ = sh(["lxc-cgroup", "-P", bed.path, "-n", name, item])
    return out.strip() if rc == 0 else None


def lxc_ls(bed):
    """lxc-ls -f as {name: state}."""
    rc, out, _ = sh(["lxc-ls", "-P", bed.path, "-f"])
    lines = out.splitlines()
    got = {}
    for line in lines[1:]:
        w = line.split()
        if len(w) >= 2:
            got[w[0]] = w[1]
    return got


def wait_state(bed, name, want, timeout=15):
    end = time.monotonic() + timeout
    while True:
        s = lxc_state(bed, name)
        if s == want or time.monotonic() > end:
            return s
        time.sleep(0.1)


def in_pty(argv, keys, timeout=20):
    """Runs argv on a pseudo-terminal, types keys (a list of (delay s, bytes)),
    returns (exit code, everything it printed)."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    out = b""

    def drain(secs):
        nonlocal out
        end = time.monotonic() + secs
        while time.monotonic() < end:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    return
                if not data:
                    return
                out += data
    for delay, data in keys:
        drain(delay)
        os.write(fd, data)
    end = time.monotonic() + timeout
    while True:
        drain(0.2)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > end:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return -1, out
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out


def check_bed():
    """What the test bed lacks, as one comma list, or None when it is complete."""
    missing = []
    if os.geteuid() != 0:
        missing.append("root")
    for tool in ("lxc-info", "lxc-ls", "lxc-cgroup", "lxc-start", "lxc-stop", "lxc-freeze", "lxc-snapshot",
                 "busybox", "cc", "pkg-config"):
        if not shutil.which(tool):
            missing.append(tool)
    if shutil.which("pkg-config") and subprocess.run(["pkg-config", "--exists", "lxc"]).returncode != 0:
        missing.append("liblxc headers (lxc-dev)")
    if not os.path.exists(os.path.join(os.path.dirname(VMCTL), "modules", "vmctl-lxc.so")):
        missing.append("the vmctl-lxc.so module (built only when pkg-config finds lxc)")
    if not os.path.exists("/usr/share/lxc/templates/lxc-busybox"):
        missing.append("the busybox template")
    return ", ".join(missing) or None


def run_suite(title, body):
    """The frame of an lxc suite: skip (or fail under CI) without the bed,
    build the fixture (its "clean" destroys whatever a failed test leaves),
    run body(t, bed), and clean up even when killed."""
    t = Tap()
    missing = check_bed()
    if missing:
        if is_ci():
            t.ok(False, "lxc test bed: missing " + missing)
            t.done()
        print("1..0 # SKIP lxc test bed missing: " + missing)
        return
    bed = Bed()
    atexit.register(bed.cleanup)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda s, f: sys.exit(128 + s))
    t0 = time.monotonic()
    try:
        bed.build_fixture()
        body(t, bed)
    finally:
        bed.cleanup()
    print("# %s: %.1f s" % (title, time.monotonic() - t0))
    t.done()


def main():
    def body(t, bed):
        bed.fx("create", bed.c1)
        bed.fx("create", bed.ip, IPV4 + "/24")
        bed.fx("create", bed.dash)
        run_tests(t, bed)
    run_suite("lxc suite", body)


def run_tests(t, bed):
    c1, ip, dash = bed.c1, bed.ip, bed.dash
    ncpu = len(online_cpus())

    # --- list before anything runs: every container, sorted, as lxc-ls -f sees it
    rc, out, err = vm(bed, "-o", "json", "list")
    doc = json.loads(out)
    names = [g["name"] for g in doc["guests"]]
    t.ok(rc == 0 and names == sorted([c1, ip, dash]) and all(g["state"] == "shutoff" for g in doc["guests"]),
         "list: every container, names sorted, all shutoff", out + err)
    t.ok(lxc_ls(bed) == {n: "STOPPED" for n in names}, "lxc-ls -f agrees", lxc_ls(bed))
    rc, out, err = vm(bed, "list", "--name")
    t.ok(rc == 0 and out.split("\n")[:3] == sorted([c1, ip, dash]), "list --name", out + err)

    # --- start: the explained lxc-start line, then vmctl's own
    argv = explained(bed, "start", c1)
    t.ok(argv == ["lxc-start", "-P", bed.path, "-n", c1], "explain start is lxc-start -P DIR -n NAME", argv)
    rc, out, err = sh(argv)
    t.ok(rc == 0 and wait_state(bed, c1, "RUNNING") == "RUNNING", "explained lxc-start starts it", err)
    rc, out, err = vm(bed, "start", c1)
    t.ok(rc == 0 and "is already running (nothing to do)" in err, "start on a running container: 0 with a note", err)
    rc, out, err = vm(bed, "-q", "start", c1)
    t.ok(rc == 0 and err == "", "-q drops the note", err)
    rc, out, err = vm(bed, "kill", c1)
    t.ok(rc == 0 and lxc_state(bed, c1) == "STOPPED", "kill: lxc-info says STOPPED at once", err)
    rc, out, err = vm(bed, "kill", c1)
    t.ok(rc == 0 and "already shutoff (nothing to do)" in err, "kill on a stopped container: 0 with a note", err)
    rc, out, err = vm(bed, "stop", c1)
    t.ok(rc == 0 and "already shutoff (nothing to do)" in err, "stop on a stopped container: 0 with a note", err)
    rc, out, err = vm(bed, "start", c1)
    t.ok(rc == 0 and err == "" and lxc_state(bed, c1) == "RUNNING", "vmctl start: RUNNING at once", err)
    rc, out, err = vm(bed, "start", ip)
    t.ok(rc == 0 and lxc_state(bed, ip) == "RUNNING", "start the veth container", err)

    # --- info: JSON fields against lxc-info and lxc-cgroup
    g = info(bed, c1)
    pid = lxc_pid(bed, c1)
    cpus = lxc_cgroup(bed, c1, "cpuset.cpus")
    t.ok(g.get("state") == "running" and g.get("init_pid") == pid and pid and g.get("cpuset") == cpus
         and g["vcpus"]["current"] == g["vcpus"]["max"] == ncpu and g["id"] is None and g["uuid"] is None
         and g["backend"] == "lxc" and g["persistent"] is True and g["autostart"] is False
         and g["memory"]["current"] > 0 and "ips" not in g and g["schema_version"] == 1,
         "info JSON: state, init_pid = lxc-info -p, cpuset = lxc-cgroup cpuset.cpus, id/uuid null", g)
    argv = explained(bed, "info", c1)
    rc, out, err = sh(argv)
    m = re.search(r"PID:\s+(\d+)", out)
    t.ok(argv[0] == "lxc-info" and rc == 0 and "RUNNING" in out and m and int(m.group(1)) == g["init_pid"],
         "explained lxc-info shows the same state and init PID", out + err)
    gi = info(bed, ip)
    t.ok(gi.get("ips") == [IPV4] and gi.get("init_pid") == lxc_pid(bed, ip), "info JSON: ips from get_ips", gi)
    rc, out, err = vm(bed, "info", c1)
    t.ok(rc == 0 and re.search(r"^State:\s+running$", out, re.M) and ("Init PID:    %d" % pid) in out
         and "CPU set:" in out, "info text", out + err)

    # --- pause/resume: explained lines and vmctl, each read back by lxc-info
    argv = explained(bed, "pause", c1)
    rc, _, err = sh(argv)
    t.ok(argv[0] == "lxc-freeze" and rc == 0 and lxc_state(bed, c1) == "FROZEN", "explained lxc-freeze freezes", err)
    g = info(bed, c1)
    t.ok(g.get("state") == "paused", "info maps FROZEN to paused", g)
    rc, out, err = vm(bed, "pause", c1)
    t.ok(rc == 0 and "is already paused (nothing to do)" in err, "pause on a frozen container: 0 with a note", err)
    rc, out, err = vm(bed, "resume", c1)
    t.ok(rc == 0 and err == "" and lxc_state(bed, c1) == "RUNNING", "resume thaws: RUNNING", err)
    rc, out, err = vm(bed, "resume", c1)
    t.ok(rc == 0 and "is already running (nothing to do)" in err, "resume on a running container: 0 with a note", err)
    rc, out, err = vm(bed, "pause", c1)
    t.ok(rc == 0 and lxc_state(bed, c1) == "FROZEN", "pause freezes: FROZEN", err)
    argv = explained(bed, "resume", c1)
    rc, _, err = sh(argv)
    t.ok(argv[0] == "lxc-unfreeze" and rc == 0 and lxc_state(bed, c1) == "RUNNING", "explained lxc-unfreeze thaws", err)

    # --- mem-set and vcpu-set, live: lxc-cgroup reads them back; explained lines set them too
    v2 = cgroup_v2()
    item = "memory.max" if v2 else "memory.limit_in_bytes"
    rc, out, err = vm(bed, "mem-set", c1, "64M")
    t.ok(rc == 0 and lxc_cgroup(bed, c1, item) == str(64 * MiB), "mem-set 64M (running: live): lxc-cgroup %s" % item, err)
    g = info(bed, c1)
    t.ok(g["memory"]["max"] == 64 * MiB, "info memory.max is the limit", g)
    if not v2:  # the explained line names the v1 item (its caveat says so)
        argv = explained(bed, "mem-set", "--live", c1, "96M")
        rc, _, err = sh(argv)
        t.ok(argv[:5] == ["lxc-cgroup", "-P", bed.path, "-n", c1] and rc == 0
             and info(bed, c1)["memory"]["max"] == 96 * MiB, "explained lxc-cgroup mem line: vmctl info sees 96 MiB", err)
    rc, out, err = vm(bed, "vcpu-set", "--live", c1, "1")
    t.ok(rc == 0 and lxc_cgroup(bed, c1, "cpuset.cpus") == str(online_cpus()[0]), "vcpu-set 1: cpuset.cpus is the first online CPU", err)
    g = info(bed, c1)
    t.ok(g["vcpus"] == {"current": 1, "max": 1} and g["cpuset"] == str(online_cpus()[0]), "info: 1 vCPU, cpuset", g)
    argv = explained(bed, "vcpu-set", "--live", c1, str(ncpu))
    rc, _, err = sh(argv)
    g = info(bed, c1)
    t.ok(argv[:5] == ["lxc-cgroup", "-P", bed.path, "-n", c1] and rc == 0 and g["vcpus"]["current"] == ncpu,
         "explained lxc-cgroup cpuset line: vmctl info sees %d CPUs" % ncpu, err + json.dumps(g))
    rc, out, err = vm(bed, "vcpu-set", c1, str(ncpu + 1))
    t.ok(rc == 1 and one_line_error(err.encode()) and ("has %d online" % ncpu) in err,
         "vcpu-set beyond the online CPUs: exit 1 says how many", err)

    # --- stop: the explained graceful line, vmctl's, a frozen container, --timeout 0, expiry and --force
    argv = explained(bed, "stop", "--timeout", "20", c1)
    t.ok(argv == ["lxc-stop", "-P", bed.path, "-n", c1, "-t", "20", "--nokill"], "explain stop", argv)
    rc, _, err = sh(argv)
    t.ok(rc == 0 and lxc_state(bed, c1) == "STOPPED", "explained lxc-stop -t 20 --nokill stops it", err)
    vm(bed, "start", c1)
    vm(bed, "pause", c1)
    t.ok(lxc_state(bed, c1) == "FROZEN", "frozen before stop")
    rc, out, err = vm(bed, "stop", "--timeout", "20", c1)
    t.ok(rc == 0 and err == "" and lxc_state(bed, c1) == "STOPPED", "stop on a frozen container thaws it first: STOPPED", err)
    vm(bed, "start", c1)
    s = time.monotonic()
    rc, out, err = vm(bed, "stop", "--timeout", "0", c1)
    took = time.monotonic() - s
    t.ok(rc == 0 and took < 1.5 and wait_state(bed, c1, "STOPPED") == "STOPPED",
         "stop --timeout 0 returns at once (%.2f s), the container stops by itself" % took, err)
    bed.fx("set", c1, "lxc.signal.halt", "SIGURG")  # a signal busybox init ignores
    vm(bed, "start", c1)
    rc, out, err = vm(bed, "stop", "--timeout", "1", c1)
    t.ok(rc == 1 and one_line_error(err.encode()) and "did not stop within 1 s" in err and "--force" in err
         and lxc_state(bed, c1) == "RUNNING", "stop that times out: exit 1, still RUNNING", err)
    rc, out, err = vm(bed, "stop", "--timeout", "1", "--force", c1)
    t.ok(rc == 0 and "did not stop within 1 s: killed" in err and lxc_state(bed, c1) == "STOPPED",
         "stop --force kills when the timeout expires", err)
    vm(bed, "start", c1)
    s = time.monotonic()
    rc, out, err = vm(bed, "stop", "--force", "--timeout", "0", c1)
    t.ok(rc == 0 and time.monotonic() - s < 3 and lxc_state(bed, c1) == "STOPPED", "stop --force --timeout 0 kills at once", err)
    bed.fx("set", c1, "lxc.signal.halt", "SIGUSR1")
    vm(bed, "start", c1)
    argv = explained(bed, "kill", c1)
    rc, _, err = sh(argv)
    t.ok(argv[-1] == "-k" and rc == 0 and wait_state(bed, c1, "STOPPED") == "STOPPED", "explained lxc-stop -k kills", err)

    # --- reboot: vmctl's and the explained lxc-stop -r, each with a new init PID
    vm(bed, "start", c1)
    pid = lxc_pid(bed, c1)
    rc, out, err = vm(bed, "reboot", c1)
    pid2 = lxc_pid(bed, c1)
    t.ok(rc == 0 and lxc_state(bed, c1) == "RUNNING" and pid2 and pid2 != pid, "reboot: RUNNING with a new init PID", err)
    argv = explained(bed, "reboot", c1)
    rc, _, err = sh(argv)
    ok = wait_for(lambda: lxc_state(bed, c1) == "RUNNING" and lxc_pid(bed, c1) not in (None, pid2), 20)
    t.ok(argv[-1] == "-r" and rc == 0 and ok, "explained lxc-stop -r reboots too", err)

    # --- errors
    rc, out, err = vm(bed, "pause", "nosuch")
    t.ok(rc == 3 and one_line_error(err.encode()) and "no container 'nosuch' in %s" % bed.path in err,
         "no such container: exit 3, says where it looked", err)
    rc, out, err = vm(bed, "info", "nosuch")
    t.ok(rc == 3 and out == "", "info of no such container: exit 3", err)
    vm(bed, "kill", c1)
    rc, out, err = vm(bed, "pause", c1)
    t.ok(rc == 1 and one_line_error(err.encode()) and "cannot pause '%s': it is not running" % c1 in err
         and lxc_state(bed, c1) == "STOPPED", "pause of a stopped container: exit 1, nothing changes", err)
    for verb in (["resume", c1], ["reboot", c1], ["mem-set", "--live", c1, "64M"]):
        rc, out, err = vm(bed, *verb)
        t.ok(rc == 1 and one_line_error(err.encode()), "%s of a stopped container: exit 1" % " ".join(verb[:-1]), err)
    before = sorted(os.listdir(bed.tmp))
    for name in ("..", "."):
        rc, out, err = vm(bed, "start", name)
        t.ok(rc == 2 and one_line_error(err.encode()) and "invalid container name '%s'" % name in err,
             "a name liblxc would take for a directory (%s): exit 2" % name, err)
    rc, out, err = vm(bed, "snapshot", "create", "..")
    t.ok(rc == 2 and sorted(os.listdir(bed.tmp)) == before, "nothing done for '..'", err)
    for verb in (["cd-change", c1, "hdc", "/tmp/x.iso"], ["migrate", c1, "otherhost"]):
        rc, out, err = vm(bed, *verb)
        t.ok(rc == 4 and one_line_error(err.encode()) and "not supported by backend lxc" in err,
             "%s: exit 4" % verb[0], err)
    bad = c1 + "bad"  # a config liblxc cannot parse: info says so in one line, list goes on
    bed.fx("create", bad)
    with open(os.path.join(bed.path, bad, "config"), "a") as f:
        f.write("lxc.no.such.key = 1\n")
    rc, out, err = vm(bed, "info", bad)
    t.ok(rc == 1 and one_line_error(err.encode()) and "cannot load container '%s'" % bad in err
         and "Failed to load config" in err, "a config liblxc cannot load: exit 1 with liblxc's line only", err)
    rc, out, err = vm(bed, "-o", "json", "list")
    states = {g["name"]: g["state"] for g in json.loads(out)["guests"]} if rc == 0 else {}
    t.ok(rc == 0 and err == "" and states.get(bad) == "unknown" and len(states) == 4,
         "list goes on: that container is listed as unknown", out + err)
    shutil.rmtree(os.path.join(bed.path, bad))
    rc, out, err = vm(bed, "start", "--from", "/tmp/none.conf")
    t.ok(rc == 4 and one_line_error(err.encode()), "start --from: exit 4 (a container starts by name)", err)

    # --- the config when stopped (default), read by the next start
    rc, out, err = vm(bed, "mem-set", c1, "80M")
    rc2, out2, err2 = vm(bed, "vcpu-set", c1, "1")
    conf = open(os.path.join(bed.path, c1, "config")).read()
    mkey = "lxc.cgroup2.memory.max" if v2 else "lxc.cgroup.memory.limit_in_bytes"
    ckey = "lxc.cgroup2.cpuset.cpus" if v2 else "lxc.cgroup.cpuset.cpus"
    t.ok(rc == 0 and rc2 == 0 and conf.count(mkey) == 1 and ("%s = %d" % (mkey, 80 * MiB)) in conf
         and ("%s = %d" % (ckey, online_cpus()[0])) in conf, "stopped: mem-set/vcpu-set write the config", err + err2 + conf)
    g = info(bed, c1)
    t.ok(g["state"] == "shutoff" and g["memory"] == {"current": 0, "max": 80 * MiB} and g["vcpus"]["current"] == 1
         and "init_pid" not in g, "info of a stopped container reads the config", g)
    vm(bed, "start", c1)
    t.ok(lxc_cgroup(bed, c1, item) == str(80 * MiB) and lxc_cgroup(bed, c1, "cpuset.cpus") == str(online_cpus()[0]),
         "the next start applies them (lxc-cgroup)", lxc_cgroup(bed, c1, item))
    rc, out, err = vm(bed, "mem-set", "--live", "--config", c1, "90M")
    conf = open(os.path.join(bed.path, c1, "config")).read()
    t.ok(rc == 0 and lxc_cgroup(bed, c1, item) == str(90 * MiB) and ("%s = %d" % (mkey, 90 * MiB)) in conf
         and conf.count(mkey) == 1, "mem-set --live --config: both", err)
    vm(bed, "vcpu-set", "--live", "--config", c1, str(ncpu))

    # --- console: a terminal is needed; in a pty it shows the container's tty, Ctrl+a q leaves
    rc, out, err = vm(bed, "console", c1)
    t.ok(rc == 2 and one_line_error(err.encode()) and "terminal" in err, "console without a terminal: exit 2", err)
    code, text = in_pty([VMCTL, "-b", "lxc", "-P", bed.path, "console", c1], [(0.8, b"\r"), (1.0, b"\x01q")])
    t.ok(code == 0 and b"login:" in text and b"Ctrl+a q" in text, "console in a pty: login prompt, Ctrl+a q leaves", text)
    argv = explained(bed, "console", c1)
    code, text = in_pty([shutil.which(argv[0])] + argv[1:], [(0.8, b"\r"), (1.0, b"\x01q")])
    t.ok(code == 0 and b"login:" in text, "explained lxc-console in a pty", text)

    # --- a name beginning with '-': vmctl and the explained line pass it as -n's value
    rc, out, err = vm(bed, "start", "--", dash)
    t.ok(rc == 0 and lxc_state(bed, dash) == "RUNNING", "start -- -NAME", err)
    argv = explained(bed, "pause", "--", dash)
    rc, _, err = sh(argv)
    t.ok(argv[-2:] == ["-n", dash] and rc == 0 and info(bed, dash).get("state") == "paused",
         "explained lxc-freeze -n -NAME, read back by vmctl info", err)
    rc, out, err = vm(bed, "kill", "--", dash)
    t.ok(rc == 0 and lxc_state(bed, dash) == "STOPPED", "kill -- -NAME (frozen)", err)

    # --- two vmctl processes on one container at once
    vm(bed, "kill", c1)
    for verbs, want in ((["start"], "RUNNING"), (["stop", "--timeout", "20"], "STOPPED"), (["start"], "RUNNING"),
                        (["kill"], "STOPPED")):
        procs = [subprocess.Popen([VMCTL, "-b", "lxc", "-P", bed.path] + verbs + [c1], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in range(2)]
        res = [(p.wait(timeout=60), p.stderr.read().decode()) for p in procs]
        t.ok(all(r == 0 for r, _ in res) and lxc_state(bed, c1) == want,
             "two '%s' at once: both exit 0, %s" % (verbs[0], want), res)
    vm(bed, "start", c1)
    procs = [subprocess.Popen([VMCTL, "-b", "lxc", "-P", bed.path] + v + [c1], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for v in (["stop", "--timeout", "20"], ["kill"])]
    res = [(p.wait(timeout=60), p.stderr.read().decode()) for p in procs]
    t.ok(all(r == 0 or (r == 1 and one_line_error(e.encode())) for r, e in res)
         and wait_state(bed, c1, "STOPPED") == "STOPPED", "stop and kill at once: 0 or one clear error, STOPPED", res)

    # --- snapshots: vmctl and lxc-snapshot read each other's; revert restores the rootfs
    if shutil.which("rsync"):
        snapshot_tests(t, bed)
    else:  # an optional tool missing, as CRIU: exit 4 naming it
        vm(bed, "kill", c1)
        rc, out, err = vm(bed, "snapshot", "create", c1)
        rc2, out2, err2 = vm(bed, "snapshot", "list", c1)
        t.ok(rc == 4 and one_line_error(err.encode()) and "rsync, which is not installed" in err
             and rc2 == 0 and out2 == "", "snapshot without rsync: exit 4 naming it, no snapshot made", err + err2)
        print("# rsync is not installed: snapshots were not taken (install rsync to test them)")

    # --- save/restore: CRIU
    checkpoint_tests(t, bed)

    # --- list again: states as lxc-ls -f sees them; the default lxcpath is liblxc's
    vm(bed, "start", c1)
    vm(bed, "pause", c1)
    rc, out, err = vm(bed, "-o", "json", "list")
    states = {g["name"]: g["state"] for g in json.loads(out)["guests"]}
    want = {"RUNNING": "running", "FROZEN": "paused", "STOPPED": "shutoff"}
    ls = lxc_ls(bed)
    t.ok(rc == 0 and states == {n: want.get(s, "?") for n, s in ls.items()} and len(states) == 3,
         "list JSON states = lxc-ls -f states", (states, ls))
    argv = explained(bed, "list")
    rc, out, err = sh(argv)
    t.ok(argv == ["lxc-ls", "-P", bed.path, "-f"] and rc == 0 and all(n in out for n in states), "explained lxc-ls -f", out)
    p = subprocess.run([VMCTL, "-b", "lxc", "list", "--name"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rc2, out2, _ = sh(["lxc-ls", "-1"])
    t.ok(p.returncode == 0 and p.stdout.decode().split() == sorted(out2.split()),
         "no -P: liblxc's default lxcpath (as lxc-ls without -P)", p.stdout + p.stderr)
    home = os.path.join(bed.tmp, "home")
    os.mkdir(home)
    os.chmod(home, 0o777)
    p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", VMCTL, "-b", "lxc", "info", "x"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, HOME=home))
    t.ok(p.returncode == 3 and (home + "/.local/share/lxc").encode() in p.stderr,
         "a normal user's default lxcpath is ~/.local/share/lxc", p.stderr)


def snapshot_tests(t, bed):
    c1 = bed.c1
    vm(bed, "kill", c1)
    marker = os.path.join(bed.path, c1, "rootfs", "etc", "vmctl-marker")
    rc, out, err = vm(bed, "snapshot", "create", c1)
    t.ok(rc == 0 and out == "snap0\n", "snapshot create prints liblxc's name snap0", out + err)
    rc, out, err = sh(explained(bed, "snapshot", "list", c1))
    t.ok(rc == 0 and "snap0" in out, "explained lxc-snapshot -L lists it", out + err)
    rc, out, err = vm(bed, "snapshot", "create", c1, "mine")
    t.ok(rc == 4 and one_line_error(err.encode()) and "names snapshots itself" in err, "snapshot create NAME: exit 4", err)
    argv = explained(bed, "snapshot", "create", c1)
    rc, _, err = sh(argv)
    rc2, out, err2 = vm(bed, "snapshot", "list", c1)
    t.ok(argv[0] == "lxc-snapshot" and rc == 0 and rc2 == 0 and out == "snap0\nsnap1\n",
         "explained lxc-snapshot makes snap1; vmctl lists both", out + err + err2)
    rc, out, err = vm(bed, "-o", "json", "snapshot", "list", c1)
    t.ok(rc == 0 and json.loads(out)["snapshots"] == ["snap0", "snap1"], "snapshot list JSON", out)
    with open(marker, "w") as f:
        f.write("after the snapshots\n")
    vm(bed, "start", c1)
    rc, out, err = vm(bed, "snapshot", "revert", c1, "snap0")
    t.ok(rc == 1 and "stop it first" in err and os.path.exists(marker) and lxc_state(bed, c1) == "RUNNING",
         "revert of a running container: exit 1, nothing changed", err)
    vm(bed, "kill", c1)
    rc, out, err = vm(bed, "snapshot", "revert", c1, "snap0")
    t.ok(rc == 0 and not os.path.exists(marker) and lxc_state(bed, c1) == "STOPPED", "revert restores the rootfs", err)
    rc, out, err = vm(bed, "snapshot", "revert", c1, "nosnap")
    t.ok(rc == 1 and "has no snapshot 'nosnap'" in err, "revert to a missing snapshot: exit 1", err)
    with open(marker, "w") as f:
        f.write("again\n")
    rc, _, err = sh(explained(bed, "snapshot", "revert", c1, "snap1"))
    t.ok(rc == 0 and not os.path.exists(marker), "explained lxc-snapshot -r reverts too", err)
    rc, _, err = sh(explained(bed, "snapshot", "delete", c1, "snap1"))
    rc2, out, err2 = vm(bed, "snapshot", "list", c1)
    t.ok(rc == 0 and out == "snap0\n", "explained lxc-snapshot -d deletes snap1; vmctl sees it", err + out + err2)
    rc, out, err = vm(bed, "snapshot", "delete", c1, "snap0")
    rc2, out2, err2 = sh(["lxc-snapshot", "-P", bed.path, "-n", c1, "-L"])
    t.ok(rc == 0 and "snap0" not in out2, "snapshot delete: lxc-snapshot -L no longer lists it", err + out2)
    rc, out, err = vm(bed, "snapshot", "delete", c1, "..")
    t.ok(rc == 1 and os.path.isdir(os.path.join(bed.path, c1)), "delete of snapshot '..': exit 1, the container stays", err)


def checkpoint_tests(t, bed):
    c1 = bed.c1
    vm(bed, "start", c1)
    d = os.path.join(bed.tmp, "ckpt")
    rc, out, err = vm(bed, "save", c1, d)
    if shutil.which("criu") is None:
        t.ok(rc == 4 and one_line_error(err.encode()) and "criu is not installed" in err
             and lxc_state(bed, c1) == "RUNNING", "save without CRIU: exit 4 saying so, still RUNNING", err)
    elif rc == 4:
        t.ok(one_line_error(err.encode()) and "CRIU" in err and lxc_state(bed, c1) == "RUNNING",
             "save where CRIU cannot work: exit 4 with CRIU's reason, still RUNNING", err)
        print("# CRIU on this host: " + err.strip())
    else:
        t.ok(rc == 0 and lxc_state(bed, c1) == "STOPPED", "save: checkpointed and stopped", err)
    saved = rc == 0
    # the explained lxc-checkpoint line agrees: it succeeds exactly when vmctl did
    d2 = os.path.join(bed.tmp, "ckpt2")
    if saved:
        vm(bed, "start", c1)
    argv = explained(bed, "save", c1, d2)
    rc2, _, err2 = sh(argv)
    t.ok(argv[0] == "lxc-checkpoint" and (rc2 == 0) == saved
         and lxc_state(bed, c1) == ("STOPPED" if saved else "RUNNING"), "explained lxc-checkpoint agrees", err2)
    vm(bed, "kill", c1)
    rc, out, err = vm(bed, "restore", d, c1)
    if saved:
        t.ok(rc == 0 and lxc_state(bed, c1) == "RUNNING", "restore: RUNNING again", err)
        vm(bed, "kill", c1)
    else:
        os.makedirs(d, exist_ok=True)
        rc, out, err = vm(bed, "restore", d, c1)
        t.ok(rc == 4 and one_line_error(err.encode()) and lxc_state(bed, c1) == "STOPPED",
             "restore without a working CRIU: exit 4", err)
        rc2, _, err2 = sh(explained(bed, "restore", d, c1))
        t.ok(rc2 != 0 and lxc_state(bed, c1) == "STOPPED", "explained lxc-checkpoint -r fails as well", err2)
    rc, out, err = vm(bed, "restore", d)
    t.ok(rc == 2 and one_line_error(err.encode()) and "GUEST" in err, "restore without the container's name: exit 2", err)


def wait_for(pred, timeout, step=0.2):
    end = time.monotonic() + timeout
    while True:
        if pred():
            return True
        if time.monotonic() > end:
            return False
        time.sleep(step)


def online_cpus():
    text = open("/sys/devices/system/cpu/online").read().strip()
    cpus = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        cpus += range(int(a), int(b or a) + 1)
    return cpus


def cgroup_v2():
    return os.path.exists("/sys/fs/cgroup/cgroup.controllers")


if __name__ == "__main__":
    main()
