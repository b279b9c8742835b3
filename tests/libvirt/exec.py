#!/usr/bin/env python3
"""vmctl exec on libvirt (fixture: tests/libvirt/bed.sh): in the bed's QEMU
guest through its guest agent (qemu-ga in the initramfs, on the virtio-serial
channel org.qemu.guest_agent.0) and in a libvirt-LXC container through its
namespaces.  What a command did is read back with virsh (qemu-agent-command
guest-exec, lxc-enter-namespace), never with vmctl."""
import base64
import json
import os
import pty
import select
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from bed import have, is_root, require, sh, wait_for  # noqa: E402
from vmtest import VMCTL, Tap, run  # noqa: E402

QURI = "qemu:///system"
LURI = "lxc:///system"
BEDDIR = os.environ.get("VMCTL_BEDDIR", "")
ASSETS = os.path.join(BEDDIR, "assets")
BEDS = os.path.join(os.path.dirname(__file__), "..", "beds", "libvirt")
GQ = "vmt-xq1"
GL = "vmt-xl1"
LOG = os.path.join(ASSETS, GQ + ".log")


def virsh(uri, *args, timeout=60):
    return sh(["virsh", "-q", "-c", uri] + list(args), timeout=timeout)


def vm(uri, *args, stdin=b"", timeout=120):
    """vmctl -c URI ARGS with stdin (bytes; never a terminal here)."""
    rc, out, err = run(["-c", uri] + list(args), stdin=stdin, timeout=timeout)
    return rc, out, err.decode(errors="replace")


def agent(cmd, timeout=30):
    """One guest agent command through virsh; the "return" member or None."""
    rc, out, _ = virsh(QURI, "qemu-agent-command", GQ, json.dumps(cmd), "--timeout", "10", timeout=timeout)
    return json.loads(out)["return"] if rc == 0 and out.strip() else None


def agent_run(argv):
    """argv run in the QEMU guest by virsh (guest-exec): (exit code, stdout bytes)."""
    r = agent({"execute": "guest-exec", "arguments": {"path": argv[0], "arg": argv[1:], "capture-output": True}})
    if not r:
        return None, b""
    end = time.monotonic() + 30
    while time.monotonic() < end:
        s = agent({"execute": "guest-exec-status", "arguments": {"pid": r["pid"]}})
        if s and s.get("exited"):
            return s.get("exitcode"), base64.b64decode(s.get("out-data", ""))
        time.sleep(0.1)
    return None, b""


def lxc_run(argv):
    """argv run in the container by virsh lxc-enter-namespace (which does not
    search PATH: a bare name is taken from /bin): (exit code, stdout str)."""
    path = argv[0] if "/" in argv[0] else "/bin/" + argv[0]
    rc, out, _ = virsh(LURI, "lxc-enter-namespace", GL, "--noseclabel", path, *argv[1:])
    return rc, out


def in_pty(argv, timeout=60):
    """argv with a pseudo-terminal as its stdin, stdout and stderr: (exit
    code, or -1 when it had to be killed after timeout s; what it printed)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    out = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                out += os.read(fd, 4096)
            except OSError:  # EIO: the child closed its terminal
                pass
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), out
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return -1, out


def log_text():
    try:
        with open(LOG, "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def common_cases(t, uri, g, what, not_exec, readback, blob_size):
    """The cases both kinds of guest share.  not_exec: a file in the guest
    that exists and cannot be executed; readback(argv) runs argv with virsh."""
    t0 = time.monotonic()
    rc, out, err = vm(uri, "exec", g, "--", "sh", "-c", "exit 7")
    t.ok(rc == 7 and out == b"" and err == "", "%s: sh -c 'exit 7' gives exit 7, nothing printed (%.2f s)" % (what, time.monotonic() - t0),
         "%d %r %s" % (rc, out, err))
    rc, out, err = vm(uri, "exec", g, "--", "cat", stdin=b"hello\n")
    t.ok(rc == 0 and out == b"hello\n" and err == "", "%s: echo hello | exec -- cat: hello on stdout" % what, "%d %r %s" % (rc, out, err))
    blob = os.urandom(blob_size)
    rc, out, err = vm(uri, "exec", g, "--", "cat", stdin=blob)
    t.ok(rc == 0 and out == blob, "%s: %d random bytes through cat come back unchanged" % (what, blob_size),
         "%d len %d %s" % (rc, len(out), err))
    rc, out, err = vm(uri, "exec", g, "--", "sh", "-c", "echo to-out; echo to-err >&2; exit 3")
    t.ok(rc == 3 and out == b"to-out\n" and err == "to-err\n", "%s: stdout and stderr kept apart" % what, "%d %r %r" % (rc, out, err))
    # 127 and 126 are the command's, not vmctl's failures: one note says why, as env(1) does; -q drops it
    rc, out, err = vm(uri, "exec", g, "--", "vmt-no-such-command")
    t.ok(rc == 127 and err == "vmctl: 'vmt-no-such-command': No such file or directory\n",
         "%s: a command that does not exist: 127, a note saying why, no failure line" % what, "%d %s" % (rc, err))
    rc, out, err = vm(uri, "-q", "exec", g, "--", "vmt-no-such-command")
    t.ok(rc == 127 and err == "", "%s: the same with -q: 127, nothing printed" % what, "%d %s" % (rc, err))
    rc, out, err = vm(uri, "exec", g, "--", not_exec)
    t.ok(rc == 126 and err == "vmctl: '%s': Permission denied\n" % not_exec, "%s: %s (not executable): 126 with a note" % (what, not_exec),
         "%d %s" % (rc, err))
    rc, out, err = vm(uri, "exec", g, "--", "sh", "-c", "kill -TERM $$")
    t.ok(rc == 128 + 15, "%s: a command killed by SIGTERM: 143" % what, "%d %s" % (rc, err))
    # arguments reach the command word for word
    rc, out, err = vm(uri, "exec", g, "--", "sh", "-c", 'printf "[%s]" "$@"', "sh", "a b", "'", '"', "$HOME", "")
    t.ok(rc == 0 and out == b'[a b][\'][\"][$HOME][]', "%s: arguments with spaces and quotes arrive unchanged" % what, "%d %r %s" % (rc, out, err))
    # a change made by exec, read back with virsh
    mark = "vmt-x-%d" % os.getpid()
    rc, out, err = vm(uri, "exec", g, "--", "sh", "-c", "echo %s > /tmp/lvx-mark" % mark)
    got = readback(["cat", "/tmp/lvx-mark"])
    t.ok(rc == 0 and got[0] == 0 and mark in (got[1].decode() if isinstance(got[1], bytes) else got[1]),
         "%s: a file written by exec is there for virsh" % what, "%d %s %r" % (rc, err, got))
    # refused: -r and -o json, and nothing ran (cat, through virsh, finds no file: exit 1)
    rc, out, err = vm(uri, "-r", "exec", g, "--", "sh", "-c", "echo no > /tmp/lvx-ro")
    got = readback(["cat", "/tmp/lvx-ro"])
    t.ok(rc == 2 and "refused by --readonly" in err and got[0] == 1, "%s: -r exec: exit 2, nothing ran" % what, "%d %s %r" % (rc, err, got))
    rc, out, err = vm(uri, "-o", "json", "exec", g, "--", "sh", "-c", "echo no > /tmp/lvx-json")
    got = readback(["cat", "/tmp/lvx-json"])
    t.ok(rc == 2 and out == b"" and got[0] == 1, "%s: -o json exec: exit 2, nothing ran" % what, "%d %s %r" % (rc, err, got))
    rc, out, err = vm(uri, "exec", "vmt-x-nosuch", "--", "true")
    t.ok(rc == 125 and "no such guest (3)" in err and err.count("\n") == 1, "%s: no such guest: 125 naming code 3" % what, "%d %s" % (rc, err))


def lxc_part(t):
    p = subprocess.run([os.path.join(BEDS, "guest.sh"), "define-lxc", ASSETS, GL], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=120)
    t.ok(p.returncode == 0, "container %s defined" % GL, p.stdout.decode())
    rc, out, err = vm(LURI, "exec", GL, "--", "true")
    t.ok(rc == 125 and "failed (1)" in err and "shutoff" in err, "LXC: exec in a shut-off container: 125 naming code 1", "%d %s" % (rc, err))
    virsh(LURI, "start", GL)
    t.ok(wait_for(lambda: lxc_run(["/bin/true"])[0] == 0, 20, 0.1), "LXC: container started (virsh lxc-enter-namespace answers)")
    # it is the container's PID namespace: PID 1 is its init, as virsh sees it
    rc, out, err = vm(LURI, "exec", GL, "--", "cat", "/proc/1/cmdline")
    _, want = lxc_run(["/bin/cat", "/proc/1/cmdline"])
    t.ok(rc == 0 and b"/sbin/init" in out and out.decode(errors="replace") == want,
         "LXC: exec runs in the container (PID 1 is its /sbin/init, as virsh lxc-enter-namespace says)", "%r %r" % (out, want))
    rc, out, err = vm(LURI, "exec", GL, "--", "cat", "/proc/self/cgroup")
    _, want = lxc_run(["/bin/cat", "/proc/self/cgroup"])
    t.ok(rc == 0 and "vmt-xl1" in out.decode() and out.decode() == want, "LXC: exec enters the container's cgroups as virsh does",
         "%r %r" % (out, want))
    common_cases(t, LURI, GL, "LXC", "/etc/passwd", lxc_run, 300000)
    rc, out = in_pty([VMCTL, "-c", LURI, "exec", GL, "--", "sh", "-c", "test -t 0 && test -t 1 && echo ON-A-TERMINAL"])
    t.ok(rc == 0 and b"ON-A-TERMINAL" in out, "LXC: on a terminal the command's stdin and stdout are that terminal", "%d %r" % (rc, out))
    virsh(LURI, "destroy", GL)
    rc, out, err = vm(LURI, "exec", GL, "--", "true")
    t.ok(rc == 125 and "failed (1)" in err and "shutoff" in err, "LXC: exec after destroy: 125 naming code 1", "%d %s" % (rc, err))


def qemu_part(t, t0):
    booted = wait_for(lambda: "GUEST-AGENT" in log_text(), 300, 0.1)
    t_log = time.monotonic() - t0
    t.ok(booted and "GUEST-AGENT port=/dev/vport" in log_text(), "QEMU: the guest prints GUEST-AGENT (%.1f s after start)" % t_log,
         log_text()[-2000:])
    answered = wait_for(lambda: agent({"execute": "guest-ping"}) is not None, 60, 0.2)
    t.ok(answered, "QEMU: virsh qemu-agent-command guest-ping answers (%.1f s after start)" % (time.monotonic() - t0))
    # it is that guest: its kernel's boot id, as the agent gives it to virsh
    rc, out, err = vm(QURI, "exec", GQ, "--", "cat", "/proc/sys/kernel/random/boot_id")
    want = agent_run(["cat", "/proc/sys/kernel/random/boot_id"])
    with open("/proc/sys/kernel/random/boot_id", "rb") as f:
        host = f.read()
    t.ok(rc == 0 and len(out) == 37 and out == want[1] and out != host, "QEMU: exec runs in the guest (its boot_id, as virsh sees it)",
         "%r %r %s" % (out, want, err))
    common_cases(t, QURI, GQ, "QEMU", "/proc/uptime", agent_run, 65536)
    # stdin a terminal: nothing is read from it (the agent has no interactive input), exec does not wait for it
    rc, out = in_pty([VMCTL, "-c", QURI, "exec", GQ, "--", "sh", "-c", "echo FROM-GUEST; exit 5"])
    t.ok(rc == 5 and b"FROM-GUEST" in out, "QEMU: with a terminal on stdin, exec does not read it and returns", "%d %r" % (rc, out))
    # more standard input than the agent takes in its one message: refused, nothing ran
    rc, out, err = vm(QURI, "exec", GQ, "--", "sh", "-c", "cat > /tmp/lvx-big", stdin=os.urandom(65537))
    got = agent_run(["cat", "/tmp/lvx-big"])
    t.ok(rc == 125 and "failed (1)" in err and "64 KiB" in err and got[0] == 1, "QEMU: stdin over 64 KiB: 125, nothing ran",
         "%d %s %r" % (rc, err, got))
    # output is not limited that way: 3 MB come back
    rc, out, err = vm(QURI, "exec", GQ, "--", "head", "-c", "3000000", "/dev/zero")
    t.ok(rc == 0 and out == bytes(3000000), "QEMU: 3 MB of output come back whole", "%d %d %s" % (rc, len(out), err))
    # a guest agent that stops answering: kill qemu-ga (through virsh)
    pid = log_text().split("GUEST-AGENT port=")[1].split("pid=")[1].split()[0]
    agent({"execute": "guest-exec", "arguments": {"path": "kill", "arg": [pid]}})
    gone = wait_for(lambda: agent({"execute": "guest-ping"}) is None, 60, 0.5)
    rc, out, err = vm(QURI, "exec", GQ, "--", "true")
    t.ok(gone and rc == 125 and "not supported (4)" in err and "agent" in err and err.count("\n") == 1,
         "QEMU: a guest agent that does not answer: 125 'not supported (4)'", "%s %d %s" % (gone, rc, err))
    virsh(QURI, "destroy", GQ)
    rc, out, err = vm(QURI, "exec", GQ, "--", "true")
    t.ok(rc == 125 and "failed (1)" in err and "shutoff" in err and err.count("\n") == 1,
         "QEMU: exec in a shut-off guest: 125 naming code 1", "%d %s" % (rc, err))


def main():
    t = Tap()
    require(t, is_root() and have("virsh") and os.path.isdir(ASSETS), "root, virsh and the fixture's assets (%s)" % ASSETS)
    require(t, virsh(QURI, "version")[0] == 0, "libvirtd answering on qemu:///system (fixture libvirt.bed.setup)")
    rc, out, err = vm("test:///default", "exec", "test", "--", "true")
    t.ok(rc == 125 and err.startswith("vmctl: not supported (4): ") and "test" in err.lower() and err.count("\n") == 1,
         "test:///default: 125 'not supported (4)' with the reason", "%d %s" % (rc, err))
    p = subprocess.run([os.path.join(BEDS, "guest.sh"), "define-qemu", ASSETS, GQ], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=120)
    t.ok(p.returncode == 0, "guest %s defined" % GQ, p.stdout.decode())
    try:
        # the QEMU guest boots (tens of seconds under TCG) while the container is tested
        t0 = time.monotonic()
        t.ok(virsh(QURI, "start", GQ)[0] == 0, "QEMU: guest started with virsh")
        lxc_part(t)
        qemu_part(t, t0)
    finally:
        subprocess.run([os.path.join(BEDS, "guest.sh"), "undefine", GQ], timeout=120)
        subprocess.run([os.path.join(BEDS, "guest.sh"), "undefine", GL], timeout=120)
    t.done()


if __name__ == "__main__":
    main()
