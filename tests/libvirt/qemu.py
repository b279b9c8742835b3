#!/usr/bin/env python3
"""The libvirt backend on a real libvirtd serving qemu:///system with a tiny
TCG guest (fixture: tests/libvirt/bed.sh).  Every action is read back with
virsh, never with vmctl; the explained virsh and QEMU-monitor lines are run
against the real guest too."""
import json
import os
import pty
import select
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from bed import have, is_root, require, sh, wait_for  # noqa: E402
from vmtest import VMCTL, Tap, one_line_error, run  # noqa: E402

URI = "qemu:///system"
BEDDIR = os.environ.get("VMCTL_BEDDIR", "")
ASSETS = os.path.join(BEDDIR, "assets")
STATE = os.path.join(BEDDIR, "libvirtd")
BEDS = os.path.join(os.path.dirname(__file__), "..", "beds", "libvirt")
G = "vmt-q1"
LOG = os.path.join(ASSETS, G + ".log")
# > 1 when vmctl runs under valgrind (tests/valgrind/run.sh): widens the slack
# allowed on top of vmctl's own timeouts, never the timeouts themselves
SCALE = float(os.environ.get("VMCTL_TEST_TIMEOUT_SCALE") or 1)


def virsh(*args, uri=URI, timeout=120):
    return sh(["virsh", "-q", "-c", uri] + list(args), timeout=timeout)


def domstate(name=G, uri=URI):
    return virsh("domstate", name, uri=uri)[1].strip()


def vm(*args, **kw):
    rc, out, err = run(["-c", URI] + list(args), timeout=kw.pop("timeout", 180), **kw)
    return rc, out.decode(errors="replace"), err.decode(errors="replace")


def log_text():
    try:
        with open(LOG, "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def wait_log(needle, timeout=120, after=0):
    return wait_for(lambda: needle in log_text()[after:], timeout)


def explained(vocab, argv):
    rc, out, err = run(["-o", "json", "-c", URI, "--explain=" + vocab] + argv)
    return [c["argv"] for c in json.loads(out)["commands"] if c["argv"]]


def console_session(argv, keys, timeout=30, ready=b"Escape character"):
    """Runs argv in a pseudo-terminal, types keys (a list of (delay s, bytes);
    the first delay counts from when it printed ready: keys typed before it
    switches the terminal to raw mode would be flushed), returns (exit code or
    -1 if it had to be killed, everything it printed)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    out = b""
    end = time.monotonic() + timeout
    pending = list(keys)
    next_at = None
    eof = False
    while time.monotonic() < end and not eof:
        if next_at is None and ready in out:
            next_at = time.monotonic() + (pending[0][0] if pending else 0)
        if pending and next_at is not None and time.monotonic() >= next_at:
            os.write(fd, pending.pop(0)[1])
            next_at = time.monotonic() + (pending[0][0] if pending else 0)
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:  # EIO: the child closed its terminal
                data = b""
            out += data
            eof = not data
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), out
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), out
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return -1, out


def main():
    t = Tap()
    require(t, is_root() and have("virsh") and os.path.isdir(ASSETS), "root, virsh and the fixture's assets (%s)" % ASSETS)
    require(t, virsh("version")[0] == 0, "libvirtd answering on qemu:///system (fixture libvirt.bed.setup)")
    defined = subprocess.run([os.path.join(BEDS, "guest.sh"), "define-qemu", ASSETS, G],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    t.ok(defined.returncode == 0, "guest %s defined" % G, defined.stdout.decode())
    try:
        body(t)
    finally:
        subprocess.run([os.path.join(BEDS, "guest.sh"), "undefine", G], timeout=120)
        subprocess.run([os.path.join(BEDS, "guest.sh"), "undefine", "vmt-q2"], timeout=120)
    t.done()


def body(t):
    # list and info against virsh
    rc, out, err = vm("-o", "json", "list")
    names = {g["name"]: g for g in json.loads(out)["guests"]} if rc == 0 else {}
    t.ok(rc == 0 and G in names and names[G]["state"] == "shutoff", "list shows the shut-off guest", out + err)

    # start --paused, resume
    t0 = time.monotonic()
    rc, out, err = vm("start", "--paused", G)
    t.ok(rc == 0 and domstate() == "paused", "start --paused: virsh says paused", err)
    rc, out, err = vm("resume", G)
    t.ok(rc == 0 and domstate() == "running", "resume: virsh says running", err)
    booted = wait_log("GUEST-BOOTED", 180)
    t.ok(booted, "the guest boots to userspace (%.1f s after start)" % (time.monotonic() - t0), log_text()[-2000:])
    rc, out, err = vm("start", G)
    t.ok(rc == 0 and "already running" in err, "start of a running guest: exit 0 with a note", err)

    # info against virsh dominfo
    rc, out, err = vm("-o", "json", "info", G)
    info = json.loads(out) if rc == 0 else {}
    _, dom, _ = virsh("dominfo", G)
    d = dict((k.strip(), v.strip()) for k, _, v in (l.partition(":") for l in dom.splitlines()))
    t.ok(info.get("state") == "running" and str(info.get("id")) == d.get("Id") and info.get("uuid") == d.get("UUID")
         and info["vcpus"]["current"] == int(d.get("CPU(s)", -1))
         and info["memory"]["max"] == int(d.get("Max memory", "0").split()[0]) * 1024,
         "info agrees with virsh dominfo", json.dumps(info) + "\n" + dom)

    # pause/resume, and the explained virsh and monitor lines on the real guest
    rc, out, err = vm("pause", G)
    t.ok(rc == 0 and domstate() == "paused", "pause: virsh says paused", err)
    rc, out, err = vm("pause", G)
    t.ok(rc == 0 and "already paused" in err, "pause twice: exit 0 with a note", err)
    for argv in explained("virsh", ["resume", G]):
        rc2 = sh(argv)[0]
    t.ok(rc2 == 0 and domstate() == "running", "the explained 'virsh resume' line works on the real guest")
    for argv in explained("qemu", ["pause", G]):
        rc2, o2, e2 = sh(argv)
    t.ok(rc2 == 0 and domstate() == "paused", "the explained monitor 'stop' line pauses the real guest", e2)
    for argv in explained("qemu", ["info", G]):
        rc2, o2, e2 = sh(argv)
    t.ok(rc2 == 0 and "paused" in o2, "the explained monitor 'info status' line reads it", o2 + e2)
    for argv in explained("qemu", ["resume", G]):
        rc2, o2, e2 = sh(argv)
    t.ok(rc2 == 0 and domstate() == "running", "the explained monitor 'cont' line resumes it", e2)

    # mem-set: --config, and --live through the balloon
    rc, out, err = vm("mem-set", "--config", G, "200M")
    _, xml, _ = virsh("dumpxml", G, "--inactive")
    t.ok(rc == 0 and "<currentMemory unit='KiB'>204800</currentMemory>" in xml, "mem-set --config 200M: dumpxml --inactive", err)
    rc, out, err = vm("mem-set", "--live", G, "192M")
    ok = wait_for(lambda: "actual 196608" in virsh("dommemstat", G)[1], 60)
    t.ok(rc == 0 and ok, "mem-set --live 192M: the balloon's actual size", err + virsh("dommemstat", G)[1])
    rc, out, err = vm("mem-set", "--live", G, "256M")
    t.ok(rc == 0, "mem-set --live back to 256M", err)

    # cd-change: eject, insert, swap; DEVICE as the target or as the current path
    cd1, cd2 = os.path.join(ASSETS, "cd1.iso"), os.path.join(ASSETS, "cd2.iso")

    def cdsrc():
        for line in virsh("domblklist", G)[1].splitlines():
            if line.split()[:1] == ["hdc"]:
                return line.split(None, 1)[1].strip() if len(line.split()) > 1 else "-"
        return "?"
    rc, out, err = vm("cd-change", "--eject", G, "hdc")
    t.ok(rc == 0 and cdsrc() == "-", "cd-change --eject hdc: domblklist shows no medium", err + cdsrc())
    rc, out, err = vm("cd-change", "--eject", G, "hdc")
    t.ok(rc == 0 and "holds no medium" in err, "eject an empty drive: exit 0 with a note", err)
    rc, out, err = vm("cd-change", G, "hdc", cd2)
    t.ok(rc == 0 and cdsrc() == cd2, "cd-change insert cd2", err + cdsrc())
    rc, out, err = vm("cd-change", G, cd2, cd1)
    t.ok(rc == 0 and cdsrc() == cd1, "cd-change swap, DEVICE given as the current path", err + cdsrc())
    rc, out, err = vm("cd-change", G, "hdc", ASSETS)
    t.ok(rc == 2 and "is a directory" in err, "cd-change with a directory: exit 2", err)
    for argv in explained("qemu", ["cd-change", "--eject", G, "hdc"]):
        rc2, o2, e2 = sh(argv)
    t.ok(rc2 == 0 and "error" not in (o2 + e2).lower(), "the explained monitor 'eject ide0-1-0' line works", o2 + e2)
    for argv in explained("qemu", ["cd-change", G, "hdc", cd2]):
        rc2, o2, e2 = sh(argv)
    t.ok(rc2 == 0 and "error" not in (o2 + e2).lower(), "the explained monitor 'change ide0-1-0 FILE' line works", o2 + e2)
    for argv in explained("virsh", ["cd-change", G, "hdc", cd1]):
        rc2, o2, e2 = sh(argv)
    t.ok(rc2 == 0 and cdsrc() == cd1, "the explained virsh change-media line works", e2)

    # console, in a pseudo-terminal: type a command, read its answer, leave with Ctrl+]
    rc, out = console_session([VMCTL, "-c", URI, "console", G],
                              [(2, b"\r"), (1, b"echo CONSOLE-OK-$((6*7))\r"), (3, b"\x1d")], timeout=30 * SCALE)
    t.ok(rc == 0 and b"CONSOLE-OK-42" in out, "console: a command typed in the pty answers; Ctrl+] leaves with 0",
         out[-1500:].decode(errors="replace"))

    # snapshots, running
    rc, out, err = vm("snapshot", "create", G, "s1")
    t.ok(rc == 0 and "s1" in virsh("snapshot-list", G, "--name")[1].split(), "snapshot create s1 (running): virsh snapshot-list", err)
    rc, out, err = vm("snapshot", "list", G)
    t.ok(rc == 0 and out.split() == ["s1"], "snapshot list", out + err)
    rc, out, err = vm("snapshot", "revert", G, "s1")
    t.ok(rc == 0 and domstate() == "running", "snapshot revert s1: running again", err)
    rc, out, err = vm("snapshot", "delete", G, "s1")
    t.ok(rc == 0 and virsh("snapshot-list", G, "--name")[1].split() == [], "snapshot delete s1", err)

    # save / restore
    save = os.path.join(ASSETS, G + ".save")
    if os.path.exists(save):
        os.unlink(save)
    rc, out, err = vm("save", G, save)
    t.ok(rc == 0 and domstate() == "shut off" and os.path.getsize(save) > 0, "save: shut off, file written", err)
    rc, out, err = vm("restore", save)
    t.ok(rc == 0 and domstate() == "running", "restore: running", err)
    os.unlink(save)

    # migrate to a second libvirtd and back
    rc_b, uri_b, e_b = sh([os.path.join(BEDS, "daemon.sh"), "start-b", STATE], timeout=120)
    uri_b = uri_b.strip().splitlines()[-1] if uri_b.strip() else ""
    t.ok(rc_b == 0 and uri_b.startswith("qemu+unix://"), "second libvirtd (B) started", e_b)
    if rc_b == 0:
        rc, out, err = vm("migrate", "--live", G, uri_b)
        t.ok(rc == 1 and one_line_error(err.encode()) and "unsafe" in err.lower(),
             "migrate without --unsafe: libvirt's refusal passed on (exit 1)", err)
        t0 = time.monotonic()
        rc, out, err = vm("migrate", "--live", "--unsafe", G, uri_b, timeout=300)
        t.ok(rc == 0 and domstate(uri=uri_b) == "running", "migrate --live --unsafe to B (%.1f s): virsh on B says running"
             % (time.monotonic() - t0), err)
        rc, out, err = run(["-c", uri_b, "migrate", "--live", "--unsafe", G, URI], timeout=300)
        t.ok(rc == 0 and domstate() == "running", "and back to A", err.decode())
        # two real libvirtd instances at once, then one of them stopped
        rc, out, err = run(["-c", URI, "-c", uri_b, "-o", "json", "list"])
        hosts = sorted({g["host"] for g in json.loads(out)["guests"]}) if rc == 0 else []
        t.ok(rc == 0 and G in [g["name"] for g in json.loads(out)["guests"] if g["host"] == URI],
             "list on two libvirtd instances (hosts seen: %s)" % hosts, out + err)
        sh([os.path.join(BEDS, "daemon.sh"), "stop-b", STATE], timeout=120)
        rc, out, err = run(["-c", URI, "-c", uri_b, "-o", "json", "list"])
        t.ok(rc == 6 and G in [g["name"] for g in json.loads(out)["guests"]] and b"host qemu+unix" in err,
             "B stopped: exit 6, A's guests still listed, B reported", out + err)

    # vcpu-set, after snapshots, save and migration (a snapshot taken after a live
    # vCPU hot-plug cannot be loaded back): --live 1 -> 2, --config; live unplug refused here
    mark = len(log_text())
    rc, out, err = vm("vcpu-set", "--live", G, "2")
    t.ok(rc == 0 and virsh("vcpucount", G, "--live", "--current")[1].strip() == "2", "vcpu-set --live 2: virsh vcpucount", err)
    t.ok(wait_log("GUEST-CPUS-ONLINE=0-1", 60, mark), "the guest sees 2 CPUs online")
    rc, out, err = vm("vcpu-set", "--config", G, "2")
    t.ok(rc == 0 and virsh("vcpucount", G, "--config", "--current")[1].strip() == "2", "vcpu-set --config 2", err)
    t0 = time.monotonic()
    rc, out, err = vm("vcpu-set", "--live", G, "1", timeout=120)
    t.ok(rc == 1 and one_line_error(err.encode()) and "cannot set the vCPUs" in err,
         "live unplug: exit 1 with libvirt's reason (%.1f s)" % (time.monotonic() - t0), err)

    # stop (ACPI) and report
    t0 = time.monotonic()
    rc, out, err = vm("stop", G)
    t.ok(rc == 0 and domstate() == "shut off", "stop: ACPI shutdown, virsh says shut off (%.1f s)" % (time.monotonic() - t0), err)
    rc, out, err = vm("stop", G)
    t.ok(rc == 0 and "already" in err, "stop of a shut-off guest: exit 0 with a note", err)
    rc, out, err = vm("pause", G)
    t.ok(rc == 1 and one_line_error(err.encode()) and "not running" in err, "pause of a shut-off guest: exit 1 with libvirt's reason", err)

    # snapshots, shut off (qemu-img on the qcow2)
    rc, out, err = vm("snapshot", "create", G, "s2")
    t.ok(rc == 0 and "s2" in virsh("snapshot-list", G, "--name")[1].split(), "snapshot create s2 (shut off)", err)
    rc, out, err = vm("snapshot", "revert", G, "s2")
    t.ok(rc == 0 and domstate() == "shut off", "snapshot revert s2 (shut off)", err)
    rc, out, err = vm("snapshot", "delete", G, "s2")
    t.ok(rc == 0, "snapshot delete s2 (shut off)", err)

    # kill; reboot; a guest that ignores ACPI: stop times out (exit 1, left running), --force kills
    vm("start", G)
    wait_log("GUEST-BOOTED", 180)
    rc, out, err = vm("reboot", G)
    t.ok(rc == 0 and domstate() == "running", "reboot: running", err)
    rc, out, err = vm("kill", G)
    t.ok(rc == 0 and domstate() == "shut off", "kill: shut off", err)
    _, xml, _ = virsh("dumpxml", G, "--inactive")
    import re
    xml2 = re.sub(r"<uuid>.*?</uuid>", "", xml).replace("<name>%s</name>" % G, "<name>vmt-q2</name>")
    xml2 = re.sub(r"<disk type='file' device='disk'>.*?</disk>", "", xml2, flags=re.S)
    xml2 = re.sub(r"<log file='[^']*'", "<log file='%s'" % os.path.join(ASSETS, "vmt-q2.log"), xml2)
    xml2 = xml2.replace("console=ttyS0", "console=ttyS0 acpi=off")
    x2 = os.path.join(ASSETS, "vmt-q2.xml")
    with open(x2, "w") as f:
        f.write(xml2)
    rc, out, err = vm("start", "--from", x2)
    t.ok(rc == 0 and domstate("vmt-q2") == "running", "start --from XML: a transient guest (acpi=off)", err)
    t0 = time.monotonic()
    rc, out, err = vm("stop", "--timeout", "3", "vmt-q2")
    el = time.monotonic() - t0
    t.ok(rc == 1 and "did not stop within 3 s" in err and domstate("vmt-q2") == "running" and el < 3 + 5 * SCALE,
         "stop of a guest that ignores ACPI: exit 1 after %.1f s, left running" % el, err)
    t0 = time.monotonic()
    rc, out, err = vm("stop", "--timeout", "2", "--force", "vmt-q2")
    el = time.monotonic() - t0
    t.ok(rc == 0 and "killed" in err and virsh("domstate", "vmt-q2")[0] != 0 and el < 2 + 5 * SCALE,
         "stop --force: killed after %.1f s (a transient guest is gone)" % el, err)

    # errors
    rc, out, err = vm("pause", "vmt-nosuch")
    t.ok(rc == 3 and "no guest 'vmt-nosuch' on qemu:///system" in err, "no such guest: exit 3", err)
    rc, out, err = run(["-c", URI, "list"], env={"HOME": "/nonexistent", "XDG_CONFIG_HOME": ""},
                       preexec_fn=lambda: (os.setgid(65534), os.setuid(65534)))
    t.ok(rc == 1 and one_line_error(err) and b"ermission denied" in err, "a non-root user on qemu:///system: exit 1", err)
    rc, out, err = run(["-o", "json", "host"])
    lv = json.loads(out).get("libvirt", {}) if rc == 0 else {}
    t.ok(lv.get("available") is True and lv.get("qemu:///system", "").startswith("reachable: QEMU"),
         "vmctl host sees the libvirtd this fixture started", out + err)


if __name__ == "__main__":
    main()
