"""Shared helpers of the fault and concurrency suites (tests/faults
items 4 and 5).  Everything about the beds themselves stays in
tests/beds/libvirt (daemon.sh, guest.sh) and tests/lxc (the liblxc fixture):
this module only calls them."""
import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from bed import have, is_root, require, sh, wait_for  # noqa: E402,F401
from vmtest import VMCTL, Tap, is_ci, one_line_error  # noqa: E402,F401

BEDDIR = os.environ.get("VMCTL_BEDDIR", "")
ASSETS = os.path.join(BEDDIR, "assets")
BEDS = os.path.abspath(os.path.join(HERE, "..", "beds", "libvirt"))
DAEMON = os.path.join(BEDS, "daemon.sh")
GUEST_SH = os.path.join(BEDS, "guest.sh")
QEMU = "qemu:///system"
LXC = "lxc:///system"

SANITIZER_MARKS = (b"AddressSanitizer", b"LeakSanitizer", b"UndefinedBehaviorSanitizer", b"runtime error:",
                   b"Segmentation fault", b"core dumped")


def crashed(rc, err):
    """A crash: killed by a signal other than the one the test sent, or a sanitizer report."""
    if isinstance(err, str):
        err = err.encode()
    return rc < 0 or rc >= 128 or any(m in err for m in SANITIZER_MARKS)


def virsh(uri, *args, timeout=60):
    return sh(["timeout", str(timeout), "virsh", "-q", "-c", uri] + list(args), timeout=timeout + 5)


def domstate(uri, name):
    rc, out, err = virsh(uri, "domstate", name)
    return out.strip() if rc == 0 else "absent" if "failed to get domain" in err or "not found" in err else "?"


class Run:
    """One vmctl process: rc, out, err (bytes), secs."""

    def __init__(self, rc, out, err, secs):
        self.rc, self.out, self.err, self.secs = rc, out, err, secs

    def __repr__(self):
        return "rc=%s %.2fs stderr=%r stdout=%r" % (self.rc, self.secs, self.err[-600:], self.out[-300:])


def start(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE):
    return subprocess.Popen([VMCTL] + list(args), stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)


def vm(args, timeout=120, stdin=None):
    t0 = time.monotonic()
    p = subprocess.Popen([VMCTL] + list(args), stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = p.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        return Run(-999, out, err + b"\n[test: killed after %ds: HANG]" % timeout, time.monotonic() - t0)
    return Run(p.returncode, out, err, time.monotonic() - t0)


def finish(p, t0, timeout):
    """Waits for a started vmctl at most timeout s (then kills it: a hang); returns a Run."""
    try:
        out, err = p.communicate(timeout=max(0.1, timeout - (time.monotonic() - t0)))
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        return Run(-999, out, err + b"\n[test: killed: HANG]", time.monotonic() - t0)
    return Run(p.returncode, out, err, time.monotonic() - t0)


def guest_sh(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([GUEST_SH] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180, env=e)
    return p.returncode, p.stdout.decode(errors="replace")


def bare_qemu_xml(name):
    """A QEMU guest with no disk and no kernel: SeaBIOS finds nothing to boot
    and waits, so nothing ever answers the ACPI power button.  That is the
    guest a `stop --timeout 30` really waits for (guest.sh's guest runs acpid
    and powers off in 1-3 s), and it starts in well under a second under TCG."""
    return ("<domain type='qemu'><name>%s</name><memory unit='MiB'>32</memory><vcpu>1</vcpu>"
            "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os><features><acpi/></features>"
            "<on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash>"
            "<devices><memballoon model='none'/></devices></domain>" % name)


def define_bare(uri, name, workdir):
    path = os.path.join(workdir, name + ".xml")
    with open(path, "w") as f:
        f.write(bare_qemu_xml(name))
    return virsh(uri, "define", path)


def node_xml(path, n, prefix="d"):
    """A test-driver node file with n running domains named PREFIX00001..."""
    if os.path.exists(path):
        return path
    with open(path + ".tmp", "w") as f:
        f.write("<node>\n")
        for i in range(1, n + 1):
            f.write("<domain type='test'><name>%s%05d</name><memory>8192</memory><vcpu>1</vcpu>"
                    "<os><type>hvm</type></os></domain>\n" % (prefix, i))
        f.write("</node>\n")
    os.rename(path + ".tmp", path)
    return path


class PrivateDaemon:
    """A libvirtd of our own: daemon.sh start-b in STATE (its own mount
    namespace, /run/libvirt of its own), so killing and restarting it never
    disturbs the fixture's daemon that other suites use."""

    def __init__(self, state):
        self.state = os.path.abspath(state)
        self.sock = os.path.join(self.state, "b", "run", "libvirt-sock")
        self.uri = None

    def start(self):
        t0 = time.monotonic()
        p = subprocess.run([DAEMON, "start-b", self.state], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
        self.uri = p.stdout.decode().strip() if p.returncode == 0 else None
        self.log = p.stderr.decode(errors="replace")
        self.start_secs = time.monotonic() - t0
        return self.uri is not None

    def test_uri(self, node):
        return "test+unix://%s?socket=%s" % (node, self.sock)

    def pid(self):
        try:
            with open(os.path.join(self.state, "b", "libvirtd.id")) as f:
                return int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def kill(self, sig=signal.SIGKILL):
        pid = self.pid()
        if pid:
            os.kill(pid, sig)
        return pid

    def stop(self):
        subprocess.run([DAEMON, "stop-b", self.state], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=120)


def json_ok(data):
    try:
        json.loads(data)
        return True
    except ValueError:
        return False
