#!/usr/bin/env python3
"""The lxc backend's definition verbs on real containers: create, delete,
config, autostart and rename, and the crash safety of create and delete.

Same bed as tests/lxc/real.py (its Bed: a private lxcpath under a temporary
directory, cleaned by the liblxc fixture at the end, also when a test fails),
but the containers here are made by vmctl itself.  Each check is read back by
something that is not vmctl: lxc-ls -P DIR (-1, --fancy for AUTOSTART),
lxc-info, the container's config file and directories.

Crash safety: in a test build (Debug, VMCTL_SANITIZE or VMCTL_TEST_HOOKS),
VMCTL_TEST_KILL_AT=STEP makes vmctl kill itself with SIGKILL at STEP; after
each step the container counts as absent (list lacks it, info is exit 3 with
the half-created message) and the next create or delete succeeds.

As root with lxc, liblxc's headers and busybox; elsewhere it skips with a TAP
SKIP line, unless CI=true, where a missing test bed is a failure."""
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vmtest import VMCTL, one_line_error  # noqa: E402
from real import run_suite, sh, vm, lxc_state, online_cpus, cgroup_v2  # noqa: E402

MiB = 1024 * 1024


def ls1(bed):
    """lxc-ls -P DIR -1: the names liblxc sees, sorted."""
    rc, out, _ = sh(["lxc-ls", "-P", bed.path, "-1"])
    return sorted(out.split()) if rc == 0 else None


def autostart_of(bed, name):
    """The AUTOSTART column of lxc-ls --fancy for name (what lxc-autostart reads)."""
    rc, out, _ = sh(["lxc-ls", "-P", bed.path, "--fancy", "-F", "NAME,AUTOSTART"])
    for line in out.splitlines()[1:]:
        w = line.split()
        if len(w) == 2 and w[0] == name:
            return w[1]
    return None


def names(bed):
    rc, out, err = vm(bed, "-o", "json", "list")
    return [g["name"] for g in json.loads(out)["guests"]] if rc == 0 else ("rc %d" % rc, err)


def config_text(bed, name):
    with open(os.path.join(bed.path, name, "config")) as f:
        return f.read()


def marker(bed, name):
    return os.path.join(bed.path, ".vmctl-creating-" + name)


def hooks_built():
    """Whether the binary under test has the crash hooks (its CMakeCache says so)."""
    try:
        cache = open(os.path.join(os.path.dirname(VMCTL), "CMakeCache.txt")).read()
    except OSError:
        return False
    return any(s in cache for s in ("VMCTL_TEST_HOOKS:BOOL=ON", "VMCTL_SANITIZE:BOOL=ON",
                                    "CMAKE_BUILD_TYPE:STRING=Debug"))


def killed_at(bed, step, *args):
    """vmctl ARGS with VMCTL_TEST_KILL_AT=step; its exit code (-9: SIGKILL)."""
    p = subprocess.run([VMCTL, "-b", "lxc", "-P", bed.path] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120,
                       env=dict(os.environ, VMCTL_TEST_KILL_AT=step))
    return p.returncode


def main():
    run_suite("lxc define suite", run_tests)


def nothing_made(bed, name):
    return ls1(bed) == [] and not os.path.exists(os.path.join(bed.path, name)) and not os.path.exists(marker(bed, name))


def run_tests(t, bed):
    tag = bed.c1[:-2]  # unique per run: cgroups are named after containers host-wide
    a, b, f, k = tag + "a", tag + "b", tag + "f", tag + "k"
    real = os.path.realpath(bed.path)
    ncpu = len(online_cpus())

    # --- refused before anything is made
    for args, code, words in ((["--cdrom", "/tmp/x.iso"], 4, "lxc: --cdrom: a container has no CD drive"),
                              (["--kernel", "/boot/vmlinuz"], 4, "lxc: --kernel:"),
                              (["--disk", "/tmp/x.img", "--template", "busybox"], 4, "lxc: --disk:"),
                              (["--type", "pv", "--template", "busybox"], 4, "lxc: --type:"),
                              (["--network", "default", "--template", "busybox"], 4, "lxc: --network 'default'"),
                              (["--template", "nosuch"], 2, "no template 'nosuch'"),
                              ([], 2, "lxc: create needs --template T"),
                              (["--template", "busybox", "--vcpus", str(ncpu + 1)], 1, "has %d online" % ncpu)):
        rc, out, err = vm(bed, "create", *args, a)
        t.ok(rc == code and one_line_error(err.encode()) and words in err and nothing_made(bed, a),
             "create %s: exit %d, nothing made" % (" ".join(args) or "without --template", code), err)
    xml = os.path.join(bed.tmp, "dom.xml")
    with open(xml, "w") as fh:
        fh.write("<domain type='kvm'><name>x</name></domain>\n")
    rc, out, err = vm(bed, "create", "--from", xml, a)
    t.ok(rc == 2 and "is not an LXC config" in err and nothing_made(bed, a), "create --from domain XML: exit 2", err)

    # --- create from the busybox template, with memory, CPUs and no network
    # (while it runs: another vmctl sees it as absent, and cannot create or delete it)
    s = time.monotonic()
    p = subprocess.Popen([VMCTL, "-b", "lxc", "-P", bed.path, "create", "--template", "busybox", "--memory", "64M",
                          "--vcpus", "1", a], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    while not os.path.exists(marker(bed, a)) and p.poll() is None and time.monotonic() < s + 30:
        time.sleep(0.01)
    rc_i, _, err_i = vm(bed, "info", a)
    rc_c, _, err_c = vm(bed, "create", "--template", "busybox", a)
    rc_d, _, err_d = vm(bed, "delete", a)
    during = p.poll() is None
    out, err = (x.decode(errors="replace") for x in p.communicate(timeout=120))
    rc, took = p.returncode, time.monotonic() - s
    if during:
        t.ok(rc_i == 3 and "is being created by another vmctl" in err_i and rc_c == 1 and rc_d == 1
             and "another vmctl is creating or deleting it" in err_c + err_d,
             "during a create: info exit 3, a second create and a delete exit 1", err_i + err_c + err_d)
    else:
        t.ok(True, "during a create # SKIP the create ended before the checks")
    conf = config_text(bed, a) if rc == 0 else ""
    mkey = "lxc.cgroup2.memory.max" if cgroup_v2() else "lxc.cgroup.memory.limit_in_bytes"
    ckey = "lxc.cgroup2.cpuset.cpus" if cgroup_v2() else "lxc.cgroup.cpuset.cpus"
    t.ok(rc == 0 and err == "" and ls1(bed) == [a] and lxc_state(bed, a) == "STOPPED"
         and not os.path.exists(marker(bed, a)), "create --template busybox (%.1f s): lxc-ls sees it, STOPPED" % took,
         err)
    t.ok("%s = %d\n" % (mkey, 64 * MiB) in conf and "%s = %d\n" % (ckey, online_cpus()[0]) in conf
         and "lxc.net.0.type = empty\n" in conf and "lxc.net.0.link" not in conf,
         "its config: %s, %s, an empty network (no lxcbr0 here)" % (mkey, ckey), conf)
    rc, out, err = vm(bed, "start", a)
    t.ok(rc == 0 and lxc_state(bed, a) == "RUNNING", "vmctl start of the new container: lxc-info says RUNNING", err)
    rc, out, err = vm(bed, "create", "--template", "busybox", a)
    t.ok(rc == 1 and one_line_error(err.encode()) and "already exists" in err and config_text(bed, a) == conf
         and lxc_state(bed, a) == "RUNNING", "create of an existing name: exit 1, nothing changed", err)

    # --- config: the file liblxc saved, as text and JSON (--inactive: the same file)
    rc, out, err = vm(bed, "config", a)
    t.ok(rc == 0 and out == conf, "config prints LXCPATH/NAME/config", out[:200] + err)
    rc, out, err = vm(bed, "-o", "json", "config", "--inactive", a)
    doc = json.loads(out) if rc == 0 else {}
    t.ok(doc == {"schema_version": 1, "guest": a, "config": {"format": "lxc", "text": conf}},
         "config -o json --inactive: format lxc, the same text", out[:200] + err)

    # --- running: rename and delete refuse, nothing changes
    rc, out, err = vm(bed, "rename", a, b)
    t.ok(rc == 1 and one_line_error(err.encode()) and "rename needs a stopped container" in err and ls1(bed) == [a],
         "rename of a running container: exit 1, lxc-ls unchanged", err)
    rc, out, err = vm(bed, "delete", a)
    t.ok(rc == 1 and one_line_error(err.encode()) and "--force" in err and lxc_state(bed, a) == "RUNNING",
         "delete of a running container without --force: exit 1, still RUNNING", err)
    vm(bed, "kill", a)

    # --- autostart: lxc.start.auto, as lxc-ls --fancy (lxc-autostart's view) shows it
    rc, out, err = vm(bed, "autostart", a, "on")
    t.ok(rc == 0 and err == "" and autostart_of(bed, a) == "1" and config_text(bed, a).count("lxc.start.auto") == 1,
         "autostart on: lxc-ls --fancy AUTOSTART 1", err)
    rc, out, err = vm(bed, "autostart", a, "on")
    t.ok(rc == 0 and "(nothing to do)" in err and autostart_of(bed, a) == "1", "autostart on again: 0 with a note", err)
    rc, out, err = vm(bed, "-o", "json", "autostart", a, "off")
    t.ok(rc == 0 and json.loads(out)["result"] == "done" and autostart_of(bed, a) == "0"
         and "lxc.start.auto = 0\n" in config_text(bed, a), "autostart off: AUTOSTART 0", out + err)
    rc, out, err = vm(bed, "-o", "json", "autostart", a, "off")
    t.ok(rc == 0 and json.loads(out)["result"] == "already", "autostart off again: result already", out + err)

    # --- rename a stopped container
    rc, out, err = vm(bed, "rename", a, b)
    t.ok(rc == 0 and ls1(bed) == [b] and not os.path.exists(os.path.join(bed.path, a))
         and 'lxc.uts.name = %s\n' % b in config_text(bed, b) and "%s/%s/rootfs" % (bed.path, b) in config_text(bed, b),
         "rename: lxc-ls shows the new name only; its rootfs and host name follow", err)
    rc, out, err = vm(bed, "info", a)
    t.ok(rc == 3, "the old name is gone (info exit 3)", err)

    # --- delete: running, with a snapshot; --force; JSON lists what went
    snaps = []
    if shutil.which("rsync"):
        rc, out, err = vm(bed, "snapshot", "create", b)
        snaps = ["snapshot snap0"] if rc == 0 else ["?"]
    vm(bed, "start", b)
    rc, out, err = vm(bed, "-o", "json", "delete", "--force", b)
    rootfs = os.path.join(bed.path, b, "rootfs")
    want = {"schema_version": 1, "verb": "delete", "result": "done",
            "removed": ["container " + b] + snaps + ["rootfs " + os.path.join(real, b, "rootfs")]}
    t.ok(rc == 0 and json.loads(out) == want, "delete --force -o json: removed lists the container, snapshots, rootfs",
         out + err)
    t.ok(ls1(bed) == [] and not os.path.exists(rootfs) and not os.path.exists(os.path.join(bed.path, b)),
         "lxc-ls lacks it; its rootfs and directory are gone", os.listdir(bed.path))
    rc, out, err = vm(bed, "delete", b)
    t.ok(rc == 3 and one_line_error(err.encode()), "delete of a missing container: exit 3", err)

    # --- create --from an LXC config: no template; its rootfs used where it is
    rfs = os.path.join(bed.tmp, "rootfs-f")
    os.mkdir(rfs)
    cfg = os.path.join(bed.tmp, "f.conf")
    with open(cfg, "w") as fh:
        fh.write("# an LXC config\nlxc.rootfs.path = dir:%s\nlxc.net.0.type = empty\n" % rfs)
    rc, out, err = vm(bed, "create", "--from", cfg)
    t.ok(rc == 2 and one_line_error(err.encode()) and "NAME" in err, "create --from without NAME: exit 2", err)
    rc, out, err = vm(bed, "create", "--from", cfg, f)
    text = config_text(bed, f) if rc == 0 else ""
    t.ok(rc == 0 and ls1(bed) == [f] and ("lxc.rootfs.path = dir:%s\n" % rfs) in text and "lxc.uts.name = %s" % f in text
         and "stays where the config says" in err, "create --from CONFIG NAME: the config's items, a note on the rootfs",
         err + text)
    g = f + "g"  # a second one, its own rootfs: rename onto a taken name
    os.mkdir(rfs + "g")
    with open(cfg + "g", "w") as fh:
        fh.write("lxc.rootfs.path = dir:%sg\nlxc.net.0.type = empty\n" % rfs)
    rc0, _, err0 = vm(bed, "create", "--from", cfg + "g", g)
    before = (config_text(bed, f), config_text(bed, g)) if rc0 == 0 else None
    rc, out, err = vm(bed, "rename", f, g)
    t.ok(rc0 == 0 and rc == 1 and one_line_error(err.encode()) and "'%s' already exists" % g in err
         and ls1(bed) == sorted([f, g]) and (config_text(bed, f), config_text(bed, g)) == before,
         "rename onto a taken name: exit 1, both unchanged", err0 + err)
    rc, out, err = vm(bed, "-o", "json", "delete", "--storage", f)
    t.ok(rc == 0 and json.loads(out)["removed"] == ["container " + f, "rootfs " + rfs]
         and "--storage makes no difference" in err and ls1(bed) == [g] and not os.path.exists(rfs),
         "delete --storage: a note that it makes no difference; the config's rootfs goes too", out + err)
    vm(bed, "delete", g)

    kill_tests(t, bed, k)


def absent(t, bed, name, step, half="half-created"):
    """After a kill at step: list lacks name, info and start are exit 3 saying what is left."""
    rc, out, err = vm(bed, "info", name)
    rc2, out2, err2 = vm(bed, "start", name)
    t.ok(name not in names(bed) and rc == 3 and one_line_error(err.encode()) and ("is %s" % half) in err
         and ("delete %s removes it" % name) in err and rc2 == 3 and ("is %s" % half) in err2,
         "%s: list lacks it, info and start exit 3: %s" % (step, err.strip()), err + err2)


def kill_tests(t, bed, k):
    if not hooks_built():
        print("ok %d # SKIP this build has no test hooks (Debug, VMCTL_SANITIZE or VMCTL_TEST_HOOKS)" % (t.n + 1))
        t.n += 1
        return
    s = time.monotonic()
    create = ["create", "--template", "busybox", k]

    # create killed before create(): a marker only
    rc = killed_at(bed, "lxc-create-marked", *create)
    t.ok(rc == -9 and os.path.exists(marker(bed, k)) and ls1(bed) == [], "create killed at lxc-create-marked: SIGKILL", rc)
    absent(t, bed, k, "lxc-create-marked")
    rc, out, err = vm(bed, *create)
    t.ok(rc == 0 and ls1(bed) == [k] and k in names(bed) and not os.path.exists(marker(bed, k)),
         "the next create succeeds and removes the marker", err)

    # delete killed before destroy(): a whole container that counts as absent
    rc = killed_at(bed, "lxc-delete-marked", "delete", k)
    t.ok(rc == -9 and ls1(bed) == [k], "delete killed at lxc-delete-marked: SIGKILL, lxc-ls still sees it", rc)
    absent(t, bed, k, "lxc-delete-marked", "half-deleted")
    rc, out, err = vm(bed, *create)
    t.ok(rc == 0 and ls1(bed) == [k] and "removed what was left" in err and not os.path.exists(marker(bed, k)),
         "the next create removes the leftover, then creates", err)

    # delete killed after destroy(): only the marker is left
    rc = killed_at(bed, "lxc-delete-destroyed", "delete", k)
    t.ok(rc == -9 and ls1(bed) == [] and os.path.exists(marker(bed, k)), "delete killed at lxc-delete-destroyed: SIGKILL",
         rc)
    absent(t, bed, k, "lxc-delete-destroyed", "half-deleted")
    rc, out, err = vm(bed, "delete", k)
    t.ok(rc == 0 and not os.path.exists(marker(bed, k)), "the next delete succeeds and removes the marker", err)

    # create killed after create(), before the config items: a container with the template's network
    rc = killed_at(bed, "lxc-create-created", *create)
    t.ok(rc == -9 and ls1(bed) == [k] and "lxc.net.0.link = lxcbr0" in config_text(bed, k),
         "create killed at lxc-create-created: SIGKILL, the template's config left", rc)
    absent(t, bed, k, "lxc-create-created")
    rc, out, err = vm(bed, "-o", "json", "delete", k)
    t.ok(rc == 0 and ls1(bed) == [] and not os.path.exists(os.path.join(bed.path, k))
         and not os.path.exists(marker(bed, k)) and "container " + k in json.loads(out)["removed"],
         "the next delete removes the leftover and the marker", out + err)

    # create killed after save_config(), before the marker goes
    br = "vt%dbr" % (os.getpid() % 100000)  # a bridge that need not exist: only the config is read
    rc = killed_at(bed, "lxc-create-configured", "create", "--network", "bridge=" + br, "--cmdline", "/bin/sh -l",
                   "--template", "busybox", k)
    conf = config_text(bed, k) if ls1(bed) == [k] else ""
    t.ok(rc == -9 and ("lxc.net.0.type = veth\nlxc.net.0.link = %s\nlxc.net.0.flags = up\n" % br) in conf
         and "lxcbr0" not in conf and "lxc.init.cmd = /bin/sh -l\n" in conf,
         "create --network bridge=BR --cmdline killed at lxc-create-configured: SIGKILL, the veth on BR and "
         "lxc.init.cmd saved", rc)
    absent(t, bed, k, "lxc-create-configured")
    rc, out, err = vm(bed, "delete", k)
    t.ok(rc == 0 and ls1(bed) == [] and not os.path.exists(marker(bed, k)), "the next delete removes it", err)
    print("# kill steps: %.1f s" % (time.monotonic() - s))


if __name__ == "__main__":
    main()
