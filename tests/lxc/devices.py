#!/usr/bin/env python3
"""The lxc backend's device verbs on a real busybox container made by plain
lxc-create (its network "empty": the test hosts have no lxcbr0): disk-list,
disk-attach, disk-detach, nic-list, nic-attach, nic-detach, vcpu-list, and
the exit 4 of vcpu-pin and display.

Same bed as tests/lxc/real.py (run_suite: a private lxcpath under a
temporary directory, every container in it destroyed at the end, also when a
test fails).  Each step is read back by something that is not vmctl: inside
the container with lxc-attach (a marker file read through the bind mount, a
write refused on a read-only one, /sys/class/net), the container's
/proc/PID/mountinfo, its config file, lxc-cgroup, and `ip` for the bridge,
which the suite makes itself (no uplink, no address, IPv6 off) and removes.

As root with lxc, liblxc's headers and busybox; elsewhere it skips with a
TAP SKIP line, unless CI=true, where a missing test bed is a failure."""
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vmtest import one_line_error  # noqa: E402
from real import run_suite, sh, vm, lxc_pid, lxc_cgroup, wait_state  # noqa: E402


def inside(bed, name, *cmd):
    """A command run in the container by lxc-attach: (rc, stdout, stderr)."""
    return sh(["lxc-attach", "-P", bed.path, "-n", name, "--"] + list(cmd))


def mounts(pid):
    """The mount points of the container's mountinfo (escapes undone)."""
    with open("/proc/%d/mountinfo" % pid) as f:
        return [line.split()[4].replace("\\040", " ") for line in f]


def cpus(text):
    out = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def records(bed, verb, name, key):
    rc, out, err = vm(bed, "-o", "json", verb, name)
    return json.loads(out)[key] if rc == 0 else [{"rc": rc, "err": err}]


def config_text(bed, name):
    with open(os.path.join(bed.path, name, "config")) as f:
        return f.read()


def bridge_ports(br):
    rc, out, _ = sh(["ip", "-o", "link", "show", "master", br])
    return [line.split(":")[1].strip().split("@")[0] for line in out.splitlines()] if rc == 0 else None


def main():
    def body(t, bed):
        for tool in ("lxc-create", "lxc-attach", "ip", "losetup"):
            if not shutil.which(tool):
                t.ok(False, "lxc devices bed: %s is missing (tests/lxc/deps.sh)" % tool)
                return
        tag = "vmtlx%d" % (os.getpid() % 100000)
        name, br = tag, tag + "b"
        conf = os.path.join(bed.tmp, "net.conf")
        with open(conf, "w") as f:
            f.write("lxc.net.0.type = empty\n")
        rc, _, err = sh(["lxc-create", "-P", bed.path, "-n", name, "-t", "busybox", "-f", conf], timeout=120)
        if rc != 0:
            t.ok(False, "lxc-create -t busybox", err)
            return
        rc, _, err = sh(["lxc-start", "-P", bed.path, "-n", name, "-d"])
        if rc != 0 or wait_state(bed, name, "RUNNING") != "RUNNING":
            t.ok(False, "lxc-start -d", err)
            return
        try:
            disks(t, bed, name)
            nodes(t, bed, name)
            nics(t, bed, name, br)
            vcpus(t, bed, name)
            stopped(t, bed, name)
        finally:
            sh(["ip", "link", "del", br])
    run_suite("lxc devices suite", body)


def disks(t, bed, name):
    pid = lxc_pid(bed, name)
    share = os.path.join(bed.tmp, "share dir")  # a space: fstab's \040 in the config
    os.mkdir(share)
    mark = "vmctl-marker-%d" % os.getpid()
    with open(os.path.join(share, "marker"), "w") as f:
        f.write(mark + "\n")
    with open(os.path.join(bed.tmp, "one file"), "w") as f:
        f.write("single " + mark + "\n")

    # --- disk-list: the rootfs from the config, live
    got = records(bed, "disk-list", name, "disks")
    root = [d for d in got if d.get("target") == "/"]
    t.ok(len(root) == 1 and root[0]["type"] == "rootfs" and root[0]["source"] == os.path.join(bed.path, name, "rootfs")
         and root[0]["format"] == "dir" and root[0]["bus"] == "config,live", "disk-list: the rootfs, from config and live",
         got)

    # --- a directory bind-mounted live, TARGET created, read inside
    rc, out, err = vm(bed, "disk-attach", name, share, "/mnt/in side")
    rc2, out2, _ = inside(bed, name, "cat", "/mnt/in side/marker")
    t.ok(rc == 0 and err == "" and rc2 == 0 and out2.strip() == mark, "disk-attach: the marker is read inside",
         err + out2)
    got = [d for d in records(bed, "disk-list", name, "disks") if d.get("target") == "/mnt/in side"]
    t.ok(got == [{"target": "/mnt/in side", "type": "mount", "source": share, "format": "bind", "bus": "live",
                  "mode": "readwrite"}], "disk-list shows it live, with its host path", got)

    # --- refused, nothing changed
    before = mounts(pid)
    rc, out, err = vm(bed, "disk-attach", name, share, "/mnt/in side")
    t.ok(rc == 1 and one_line_error(err.encode()) and "already a mount point" in err and mounts(pid) == before,
         "disk-attach onto a mount point: exit 1, nothing changed", err)
    rc, out, err = vm(bed, "disk-attach", name, os.path.join(bed.tmp, "nosuch"), "/mnt/nosuch")
    t.ok(rc == 2 and one_line_error(err.encode()) and "No such file" in err and mounts(pid) == before
         and inside(bed, name, "test", "-e", "/mnt/nosuch")[0] != 0, "a missing SOURCE: exit 2, no TARGET made", err)
    for args, words in ((["--format", "qcow2"], "--format"), (["--device", "cdrom"], "--device cdrom")):
        rc, out, err = vm(bed, "disk-attach", *args, name, share, "/mnt/opt")
        t.ok(rc == 4 and one_line_error(err.encode()) and words in err and mounts(pid) == before
             and inside(bed, name, "test", "-e", "/mnt/opt")[0] != 0, "disk-attach %s: exit 4 naming it" % words, err)
    rc, out, err = vm(bed, "disk-attach", name, share, "data")
    t.ok(rc == 2 and "a path inside the container" in err, "a relative TARGET: exit 2", err)
    rc, out, err = vm(bed, "-r", "disk-attach", name, share, "/mnt/ro-flag")
    t.ok(rc == 2 and "refused by --readonly" in err and mounts(pid) == before, "-r: refused, exit 2", err)

    # --- read-only: readable, a write fails inside and reaches nothing
    rc, out, err = vm(bed, "disk-attach", "--mode", "readonly", name, share, "/ro")
    rc2, out2, _ = inside(bed, name, "cat", "/ro/marker")
    rc3, _, err3 = inside(bed, name, "touch", "/ro/written")
    t.ok(rc == 0 and rc2 == 0 and out2.strip() == mark and rc3 != 0 and "Read-only" in err3
         and not os.path.exists(os.path.join(share, "written")), "--mode readonly: read inside, a write refused", err + err3)
    got = [d["mode"] for d in records(bed, "disk-list", name, "disks") if d.get("target") == "/ro"]
    t.ok(got == ["readonly"], "disk-list: mode readonly", got)

    # --- a file, TARGET created as a file
    rc, out, err = vm(bed, "disk-attach", name, os.path.join(bed.tmp, "one file"), "/etc/vmtlx-file")
    rc2, out2, _ = inside(bed, name, "cat", "/etc/vmtlx-file")
    t.ok(rc == 0 and out2.strip() == "single " + mark, "disk-attach of a file: read inside", err + out2)

    # --- detach, checked inside; not attached: exit 1 naming what is
    rc, out, err = vm(bed, "disk-detach", name, "/mnt/in side")
    rc2, out2, _ = inside(bed, name, "cat", "/mnt/in side/marker")
    t.ok(rc == 0 and rc2 != 0 and "/mnt/in side" not in mounts(pid), "disk-detach: gone inside", err)
    rc, out, err = vm(bed, "disk-detach", name, "/mnt/in side")
    t.ok(rc == 1 and one_line_error(err.encode()) and "nothing is attached at /mnt/in side" in err and "/ro" in err
         and "/etc/vmtlx-file" in err, "disk-detach of what is not attached: exit 1 naming what is", err)
    for target in ("/ro", "/etc/vmtlx-file"):
        rc, out, err = vm(bed, "disk-detach", name, target)
        t.ok(rc == 0 and target not in mounts(pid), "disk-detach %s" % target, err)

    # --- --config: the lxc.mount.entry, read back from the config file
    rc, out, err = vm(bed, "disk-attach", "--config", "--mode", "readonly", name, share, "/srv/data")
    entry = "lxc.mount.entry = %s srv/data none ro,rbind,create=dir 0 0" % share.replace(" ", "\\040")
    t.ok(rc == 0 and entry in config_text(bed, name).splitlines() and "/srv/data" not in mounts(pid),
         "disk-attach --config: the entry in the config, nothing mounted", err + config_text(bed, name))
    got = [d for d in records(bed, "disk-list", name, "disks") if d.get("target") == "/srv/data"]
    t.ok(len(got) == 1 and got[0]["bus"] == "config" and got[0]["source"] == share and got[0]["mode"] == "readonly",
         "disk-list: the config entry, not live", got)
    rc, out, err = vm(bed, "disk-attach", "--config", name, share, "/srv/data/")
    t.ok(rc == 1 and "already has an lxc.mount.entry for /srv/data" in err, "a second entry for it: exit 1", err)
    lib = [line for line in config_text(bed, name).splitlines() if line.startswith("lxc.mount.entry")]
    rc, out, err = vm(bed, "disk-detach", "--config", name, "/srv/data")
    now = [line for line in config_text(bed, name).splitlines() if line.startswith("lxc.mount.entry")]
    t.ok(rc == 0 and now == [x for x in lib if x != entry], "disk-detach --config: that entry gone, the rest kept",
         err + "\n".join(now))
    rc, out, err = vm(bed, "disk-detach", "--config", name, "/srv/data")
    t.ok(rc == 1 and "no lxc.mount.entry for /srv/data" in err and "/lib" in err,
         "disk-detach --config again: exit 1 naming the entries", err)


def nodes(t, bed, name):
    """A block device (a loop device over a 1 MiB file) as a node inside."""
    img = os.path.join(bed.tmp, "disk.img")
    with open(img, "wb") as f:
        f.write(b"vmctl-node-marker".ljust(1024 * 1024, b"\0"))
    rc, out, err = sh(["losetup", "-f", "--show", img])
    if rc != 0:
        t.ok(False, "losetup", err)
        return
    loop = out.strip()
    try:
        rc, out, err = vm(bed, "disk-attach", name, loop, loop)
        rc2, out2, _ = inside(bed, name, "head", "-c", "17", loop)
        t.ok(rc == 0 and rc2 == 0 and out2 == "vmctl-node-marker", "disk-attach of a block device: read inside",
             err + out2)
        got = [d for d in records(bed, "disk-list", name, "disks") if d.get("target") == loop]
        t.ok(len(got) == 1 and got[0]["type"] == "block" and got[0]["source"] == loop, "disk-list: the node", got)
        rc, out, err = vm(bed, "disk-attach", "--mode", "readonly", name, loop, "/dev/vmtlx-ro")
        t.ok(rc == 4 and "--mode readonly of a device node" in err, "a read-only node: exit 4", err)
        rc, out, err = vm(bed, "disk-detach", name, loop)
        t.ok(rc == 0 and inside(bed, name, "test", "-e", loop)[0] != 0, "disk-detach of the node: gone inside", err)
    finally:
        sh(["losetup", "-d", loop])


def stopped(t, bed, name):
    """A stopped container: its config alone."""
    sh(["lxc-stop", "-P", bed.path, "-n", name, "-k"])
    got = records(bed, "disk-list", name, "disks")
    t.ok(got and got[0].get("target") == "/" and got[0]["bus"] == "config"
         and not any(d["bus"] != "config" for d in got), "disk-list of a stopped container: config only", got)
    got = records(bed, "vcpu-list", name, "vcpus")
    t.ok(got and all(v.get("state") == "shutoff" and v["cpu"] is None for v in got), "vcpu-list when stopped: no CPU",
         got)
    share = os.path.join(bed.tmp, "share dir")
    rc, out, err = vm(bed, "disk-attach", "--live", name, share, "/mnt/live")
    t.ok(rc == 1 and "--live needs a running container" in err, "disk-attach --live when stopped: exit 1", err)
    rc, out, err = vm(bed, "disk-attach", name, share, "/mnt/later")
    t.ok(rc == 0 and any(line.startswith("lxc.mount.entry = ") and " mnt/later " in line
                         for line in config_text(bed, name).splitlines()),
         "disk-attach when stopped: the config's entry", err)


def nics(t, bed, name, br):
    mac = "52:54:00:%02x:%02x:01" % (os.getpid() % 256, os.getpid() // 256 % 256)
    rc, _, err = sh(["ip", "link", "add", br, "type", "bridge"])
    if rc == 0:
        with open("/proc/sys/net/ipv6/conf/%s/disable_ipv6" % br, "w") as f:
            f.write("1\n")
        rc, _, err = sh(["ip", "link", "set", br, "up"])
    if rc != 0:
        t.ok(False, "a bridge of our own (ip link add/set)", err)
        return
    rc, out, _ = sh(["ip", "-o", "addr", "show", "dev", br])
    t.ok(rc == 0 and out.strip() == "", "the bridge has no address", out)

    rc, out, err = vm(bed, "nic-attach", "--mac", mac, name, "bridge=" + br)
    rc2, out2, _ = inside(bed, name, "cat", "/sys/class/net/eth1/address")
    ports = bridge_ports(br)
    t.ok(rc == 0 and rc2 == 0 and out2.strip() == mac and ports and len(ports) == 1,
         "nic-attach bridge=BR: eth1 inside with the MAC, its veth on the bridge", err + out2 + str(ports))
    got = [n for n in records(bed, "nic-list", name, "nics") if n.get("mac") == mac]
    t.ok(len(got) == 1 and got[0]["type"] == "bridge" and got[0]["source"] == br and got[0]["model"] == "veth" and ports
         and got[0]["device"] == ports[0], "nic-list: the MAC, the bridge, the host end", got)

    for args, code, words in ((["--mac", mac, name, "bridge=" + br], 1, "already has MAC"),
                              (["--mac", "01:00:5e:00:00:01", name, "bridge=" + br], 2, "multicast"),
                              (["--mac", "52:54:00:zz:00:01", name, "bridge=" + br], 2, "MAC address"),
                              ([name, "default"], 4, "'default' is a libvirt network"),
                              (["--model", "virtio", name, "bridge=" + br], 4, "--model"),
                              ([name, "bridge=vmtlxnosuch"], 2, "no bridge 'vmtlxnosuch'")):
        rc, out, err = vm(bed, "nic-attach", *args)
        t.ok(rc == code and one_line_error(err.encode()) and words in err and bridge_ports(br) == ports,
             "nic-attach %s: exit %d, nothing changed" % (" ".join(args[:-2] or args[-1:]), code), err)
    rc, out, err = vm(bed, "-r", "nic-attach", name, "bridge=" + br)
    t.ok(rc == 2 and "refused by --readonly" in err, "-r nic-attach: refused", err)

    rc, out, err = vm(bed, "nic-detach", name, mac)
    rc2, out2, _ = inside(bed, name, "ls", "/sys/class/net")
    t.ok(rc == 0 and out2.split() == ["lo"] and bridge_ports(br) == [], "nic-detach: gone inside and from the bridge",
         err + out2)
    rc, out, err = vm(bed, "nic-detach", name, mac)
    t.ok(rc == 1 and one_line_error(err.encode()) and "no interface inside has MAC " + mac in err,
         "nic-detach of what is not attached: exit 1", err)

    # --- dev=IFACE: a host interface (one end of a veth pair) moved in, and given back
    d0, d1 = br[:-1] + "d0", br[:-1] + "d1"
    rc, _, err = sh(["ip", "link", "add", d0, "type", "veth", "peer", "name", d1])
    if rc != 0:
        t.ok(False, "ip link add veth", err)
        return
    try:
        own = open("/sys/class/net/%s/address" % d0).read().strip()
        rc, out, err = vm(bed, "nic-attach", name, "dev=" + d0)
        rc2, out2, _ = inside(bed, name, "cat", "/sys/class/net/%s/address" % d0)
        t.ok(rc == 0 and rc2 == 0 and out2.strip() == own and not os.path.exists("/sys/class/net/" + d0),
             "nic-attach dev=IFACE: moved in, its MAC kept", err + out2)
        rc, out, err = vm(bed, "nic-detach", name, own)
        t.ok(rc == 0 and os.path.exists("/sys/class/net/" + d0) and os.path.exists("/sys/class/net/" + d1)
             and inside(bed, name, "ls", "/sys/class/net")[1].split() == ["lo"],
             "nic-detach of a host interface: given back, not deleted", err)
    finally:
        sh(["ip", "link", "del", d0])

    rc, out, err = vm(bed, "nic-attach", "--config", "--mac", mac, name, "bridge=" + br)
    lines = config_text(bed, name).splitlines()
    t.ok(rc == 0 and "lxc.net.1.type = veth" in lines and "lxc.net.1.link = %s" % br in lines
         and "lxc.net.1.hwaddr = %s" % mac in lines and inside(bed, name, "ls", "/sys/class/net")[1].split() == ["lo"],
         "nic-attach --config: lxc.net.1 in the config, nothing live", err + "\n".join(lines))
    got = [n for n in records(bed, "nic-list", name, "nics") if n.get("mac") == mac]
    t.ok(len(got) == 1 and got[0]["type"] == "bridge" and got[0]["source"] == br and got[0]["device"] is None,
         "nic-list: the config's entry, no host end", got)
    rc, out, err = vm(bed, "nic-detach", "--config", name, mac)
    t.ok(rc == 0 and "lxc.net.1" not in config_text(bed, name), "nic-detach --config: lxc.net.1 gone", err)


def vcpus(t, bed, name):
    eff = lxc_cgroup(bed, name, "cpuset.cpus.effective") or lxc_cgroup(bed, name, "cpuset.effective_cpus")
    got = records(bed, "vcpu-list", name, "vcpus")
    t.ok(eff and [v.get("cpu") for v in got] == cpus(eff) and all(v["affinity"] == eff for v in got)
         and [v["vcpu"] for v in got] == list(range(len(got))), "vcpu-list: the cgroup's effective CPUs", (eff, got))
    for verb, args, words in (("vcpu-pin", ["0", "0"], "a container has no vCPUs"),
                              ("display", [], "a container has no graphical console")):
        rc, out, err = vm(bed, verb, name, *args)
        t.ok(rc == 4 and one_line_error(err.encode()) and words in err, "%s: exit 4 with the reason" % verb, err)


if __name__ == "__main__":
    main()
