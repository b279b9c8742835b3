#!/usr/bin/env python3
"""The dispatcher as a user meets it: help, version, option placement, `--`,
exit codes of verbs that cannot act in this build, stdout errors."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import Tap, one_line_error, run  # noqa: E402

VERBS = ["list", "info", "start", "stop", "kill", "reboot", "pause", "resume", "vcpu-set", "mem-set",
         "cd-change", "console", "save", "restore", "snapshot", "migrate", "host", "translate", "help"]


def main():
    t = Tap()
    rc, out, err = run(["--help"])
    t.ok(rc == 0 and out.startswith(b"usage: vmctl") and err == b"", "--help prints usage on stdout")
    for v in VERBS:
        t.ok(re.search(rb"^  %s " % re.escape(v.encode()), out, re.M) is not None, "--help lists %s" % v)
    rc2, out2, _ = run(["help"])
    t.ok(rc2 == 0 and out2 == out, "help = --help")
    rc, out, err = run(["-h"])
    t.ok(rc == 0 and out == out2, "-h = --help")
    rc, out, err = run(["--version"])
    t.ok(rc == 0 and re.fullmatch(rb"vmctl \d+\.\d+\.\d+\n", out) is not None, "--version", out)
    rc, out2, _ = run(["-V"])
    t.ok(out2 == out, "-V = --version")
    for v in VERBS:
        rc, out, err = run(["help", v])
        t.ok(rc == 0 and out.startswith(b"usage: vmctl " + v.encode()), "help %s" % v, out + err)
        if v not in ("translate", "help"):
            rc2, out2, _ = run([v, "--help"])
            t.ok(rc2 == 0 and out2 == out, "%s --help = help %s" % (v, v), out2)

    # options and operands in any order; -- ends options
    a = run(["--explain=virsh", "vcpu-set", "--live", "web1", "2"])
    b = run(["--explain=virsh", "vcpu-set", "web1", "2", "--live"])
    c = run(["--explain=virsh", "vcpu-set", "web1", "--live", "2"])
    t.ok(a == b == c and a[0] == 0 and a[1] == b"virsh setvcpus web1 2 --live\n# virsh setvcpus is xl vcpu-set; virsh vcpucount reads it back\n",
         "verb options in any order", a)
    rc, out, err = run(["--explain=virsh", "pause", "--", "-x"])
    t.ok(rc == 0 and out.splitlines()[0] == b"virsh suspend --domain=-x", "-- lets a guest named -x through", out + err)
    rc, out, err = run(["--explain=virsh", "stop", "--timeout", "0", "--", "--timeout"])
    t.ok(rc == 0 and out.splitlines()[0] == b"virsh shutdown --domain=--timeout", "a guest named --timeout after --", out + err)

    # global options only before the verb
    rc, out, err = run(["pause", "-b", "xen", "web1"])
    t.ok(rc == 2 and one_line_error(err), "a global option after the verb is refused", err)

    # a vocabulary with no equivalent: exit 4 alone, 0 among others
    rc, out, err = run(["--explain=xl", "snapshot", "list", "web1"])
    t.ok(rc == 4 and out == b"# no equivalent: xl has no snapshots; closest: xl save (memory only) or a snapshot of the disk images\n",
         "only vocabulary with no equivalent exits 4", out + err)
    rc, out, err = run(["--explain=xl,virsh", "snapshot", "list", "web1"])
    t.ok(rc == 0 and b"# xl\n" in out and b"virsh snapshot-list web1\n" in out, "several vocabularies exit 0", out + err)
    rc, out, err = run(["-q", "--explain=xl", "snapshot", "list", "web1"])
    t.ok(rc == 4 and out == b"", "-q drops the # lines", out)
    rc, out, err = run(["-q", "--explain", "pause", "web1"])
    t.ok(rc == 0 and b"#" not in out and out.splitlines()[0] == b"xl pause web1", "-q with several vocabularies", out)
    rc, out, err = run(["-b", "lxc", "--explain", "pause", "web1"])
    t.ok(rc == 0 and out == b"lxc-freeze -n web1\n", "-b picks the vocabulary", out)
    rc, out, err = run(["-b", "xen", "--explain=virsh", "pause", "web1"])
    t.ok(rc == 0 and out.startswith(b"virsh suspend web1\n"), "--explain=VOCAB wins over -b", out)

    # acting: the backend module is needed; without -c, LIBVIRT_DEFAULT_URI is honoured as virsh does
    rc, out, err = run(["pause", "web1"], env={"VMCTL_MODULE_DIR": "/nonexistent"})
    t.ok(rc == 5 and out == b"" and one_line_error(err) and b"not installed" in err, "pause without its module: exit 5", err)
    rc, out, err = run(["-b", "libvirt", "list"], env={"LIBVIRT_DEFAULT_URI": "qemu+unix:///system?socket=/nonexistent/sock"})
    t.ok(rc == 5 and one_line_error(err) and b"/nonexistent/sock" in err, "no -c: LIBVIRT_DEFAULT_URI is used", err)
    rc, out, err = run(["-b", "libvirt", "-o", "json", "list"], env={"LIBVIRT_DEFAULT_URI": "test:///default"})
    t.ok(rc == 0 and b'"name":"test"' in out and b'"host":null' in out, "no -c: the default URI's guests, host null", out + err)
    rc, out, err = run(["translate", "virsh", "suspend", "web1"])
    t.ok(rc == 0 and out.startswith(b"# vmctl\nvmctl pause web1\n") and err == b"", "translate: the vmctl form first", out + err)
    rc, out, err = run(["-r", "--explain", "info", "web1"])
    t.ok(rc == 0, "-r allows a read-only verb", err)

    # stdout errors are errors
    with open("/dev/full", "wb") as full:
        import subprocess
        from vmtest import VMCTL
        p = subprocess.run([VMCTL, "--explain", "pause", "web1"], stdout=full, stderr=subprocess.PIPE)
        t.ok(p.returncode == 1 and b"cannot write to standard output" in p.stderr, "--explain > /dev/full fails", p.stderr)
        p = subprocess.run([VMCTL, "--help"], stdout=full, stderr=subprocess.PIPE)
        t.ok(p.returncode == 1 and one_line_error(p.stderr), "--help > /dev/full fails", p.stderr)
    t.done()


if __name__ == "__main__":
    main()
