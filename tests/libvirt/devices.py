#!/usr/bin/env python3
"""A guest's devices through libvirt (issue 18) on the fixture's libvirtd
(tests/libvirt/bed.sh): a running TCG guest on qemu:///system sees a
hot-plugged virtio disk (its init prints /sys/block and the first bytes of
each new disk on the serial log) and a NIC on a bridge with no uplink and
no address, and sees them go on detach; vCPU pinning is read back with
virsh vcpupin; display's VNC URI answers an RFB handshake.  The test driver
(test+unix:///default) answers the lists and pinning.  Every change is
read back with virsh or in the guest, never with vmctl."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from bed import have, is_root, require, sh, wait_for  # noqa: E402
from vmtest import Tap, one_line_error, run  # noqa: E402

Q, T, L = "qemu:///system", "test+unix:///default", "lxc:///system"
BEDDIR = os.environ.get("VMCTL_BEDDIR", "")
ASSETS = os.path.join(BEDDIR, "assets")
BEDS = os.path.join(os.path.dirname(__file__), "..", "beds", "libvirt")
G = "vmt-dev1"  # the fixture's daemon.sh removes vmt-* leftovers
LOG = os.path.join(ASSETS, G + ".log")
BR = "vmtdevbr0"


def virsh(uri, *args):
    return sh(["virsh", "-q", "-c", uri] + list(args))


def vm(uri, *args):
    rc, out, err = run(["-c", uri] + list(args), timeout=180)
    return rc, out.decode(errors="replace"), err.decode(errors="replace")


def log_text():
    try:
        with open(LOG, "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def last(prefix):
    """The last line of the guest's log that starts with prefix (without it), or None."""
    # the guest's shell shares the serial line: its prompt can precede a line
    lines = [ln[ln.find(prefix) + len(prefix):].strip() for ln in log_text().splitlines() if prefix in ln]
    return lines[-1] if lines else None


def blklist(uri=Q, g=G, *flags):
    rc, out, _ = virsh(uri, "domblklist", g, "--details", *flags)
    return {ln.split()[2]: ln.split() for ln in out.splitlines() if len(ln.split()) >= 4} if rc == 0 else {}


def iflist(uri=Q, g=G):
    rc, out, _ = virsh(uri, "domiflist", g)
    return {ln.split()[4]: ln.split() for ln in out.splitlines() if len(ln.split()) >= 5} if rc == 0 else {}


def bridge(up):
    if up:
        sh(["ip", "link", "del", BR])
        ok = sh(["ip", "link", "add", BR, "type", "bridge"])[0] == 0
        # no address, no IPv6, no uplink: nothing leaves the bridge
        sh(["sysctl", "-q", "-w", "net.ipv6.conf.%s.disable_ipv6=1" % BR])
        return ok and sh(["ip", "link", "set", BR, "up"])[0] == 0
    sh(["ip", "link", "del", BR])
    return True


def disks(t, work):
    rc, out, err = vm(Q, "-o", "json", "disk-list", G)
    got = {d["target"]: d for d in json.loads(out)["disks"]} if rc == 0 else {}
    want = blklist()
    t.ok(rc == 0 and set(got) == set(want) == {"vda", "hdc"} and got["vda"]["format"] == "qcow2"
         and got["vda"]["bus"] == "virtio" and got["hdc"]["type"] == "cdrom" and got["hdc"]["mode"] == "readonly",
         "disk-list: the targets virsh domblklist shows, with format, bus and mode", out + err)

    marker = os.path.join(work, "marker.img")
    with open(marker, "wb") as f:
        f.write(b"VMT-MARKER-4711\n")
        f.truncate(1 << 20)
    rc, out, err = vm(Q, "disk-attach", G, marker, "vdb")
    t.ok(rc == 0 and "vdb" in blklist(), "disk-attach of a raw image, live: virsh domblklist shows vdb", err)
    t.ok("raw" in err and "no storage pool" in err, "its note says the format is raw, and why", err)
    seen = wait_for(lambda: last("GUEST-DISK-MARKER vdb="), 60)
    t.ok(seen == "'VMT-MARKER-4711'", "the guest sees /dev/vdb and reads the marker from it (%s)" % seen,
         log_text()[-1500:])

    # a raw image whose first bytes are a qcow2 header with a backing file:
    # attached as raw (never probed), so the guest reads the header itself
    evil = os.path.join(work, "evil.img")
    sh(["qemu-img", "create", "-q", "-f", "qcow2", "-b", marker, "-F", "raw", evil, "1M"], check=True)
    rc, out, err = vm(Q, "disk-attach", "--mode", "readonly", G, evil, "vdc")
    _, xml, _ = virsh(Q, "dumpxml", G)
    vdc = xml[xml.find(evil):] if evil in xml else ""
    t.ok(rc == 0 and "vdc" in blklist() and "type='raw'" in xml[xml.rfind("<disk", 0, xml.find(evil)):xml.find(evil)]
         and "<readonly/>" in vdc[:300], "an image with a qcow2 header is attached as raw, read-only", err + vdc[:300])
    seen = wait_for(lambda: last("GUEST-DISK-MARKER vdc="), 60)
    t.ok(seen is not None and seen.startswith("'QFI"), "the guest reads the qcow2 header bytes, not the backing "
         "file (%s)" % seen, log_text()[-800:])

    before = blklist()
    rc, out, err = vm(Q, "disk-attach", G, marker, "vdb")
    t.ok(rc == 1 and one_line_error(err.encode()) and "already has a disk vdb" in err and blklist() == before,
         "disk-attach to a target in use: exit 1, nothing changed", err)
    rc, out, err = vm(Q, "disk-attach", G, os.path.join(work, "missing.img"), "vdd")
    t.ok(rc == 2 and one_line_error(err.encode()) and blklist() == before, "disk-attach of a missing file (local): exit 2", err)
    rc, out, err = vm(Q, "disk-attach", G, work, "vdd")
    t.ok(rc == 2 and one_line_error(err.encode()) and "directory" in err, "disk-attach of a directory to a VM: exit 2", err)

    t0 = time.monotonic()
    rc, out, err = vm(Q, "disk-detach", G, "vdb")
    took = time.monotonic() - t0
    t.ok(rc == 0 and "vdb" not in blklist(), "disk-detach vdb, live: gone from virsh domblklist (%.1f s)" % took, err)
    gone = wait_for(lambda: (last("GUEST-BLOCK=") or "vdb").split().count("vdb") == 0, 30)
    t.ok(gone, "the guest no longer has /dev/vdb (%s)" % last("GUEST-BLOCK="), log_text()[-800:])
    rc, out, err = vm(Q, "disk-detach", G, "vdc")
    t.ok(rc == 0 and "vdc" not in blklist(), "disk-detach vdc", err)
    rc, out, err = vm(Q, "disk-detach", G, "vdq")
    t.ok(rc == 1 and one_line_error(err.encode()) and "vda" in err, "disk-detach of what is not attached: exit 1 naming "
         "what is", err)

    # --config only: the next boot's definition, the running guest untouched
    rc, out, err = vm(Q, "disk-attach", "--config", G, marker, "vde")
    t.ok(rc == 0 and "vde" in blklist(Q, G, "--inactive") and "vde" not in blklist(),
         "disk-attach --config: in the inactive definition only", err)
    rc, out, err = vm(Q, "disk-detach", "--config", G, "vde")
    t.ok(rc == 0 and "vde" not in blklist(Q, G, "--inactive"), "disk-detach --config", err)


def nics(t):
    mac = "52:54:00:76:6d:01"
    before = last("GUEST-NET=") or ""
    rc, out, err = vm(Q, "nic-attach", "--mac", mac, G, "bridge=" + BR)
    t.ok(rc == 0 and mac in iflist() and iflist()[mac][1] == "bridge" and iflist()[mac][2] == BR,
         "nic-attach bridge=%s --mac: virsh domiflist shows it on the bridge" % BR, err)
    seen = wait_for(lambda: len((last("GUEST-NET=") or "").split()) > len(before.split()), 60)
    t.ok(seen, "the guest sees a new interface (%s -> %s)" % (before, last("GUEST-NET=")), log_text()[-800:])
    rc, out, err = vm(Q, "-o", "json", "nic-list", G)
    got = {n["mac"]: n for n in json.loads(out)["nics"]} if rc == 0 else {}
    t.ok(rc == 0 and mac in got and got[mac]["source"] == BR and got[mac]["model"] == "virtio"
         and got[mac]["device"] == iflist()[mac][0], "nic-list: MAC, bridge, model and host device as virsh shows",
         out + err)
    rc, out, err = vm(Q, "nic-attach", "--mac", mac, G, "bridge=" + BR)
    t.ok(rc == 1 and one_line_error(err.encode()) and len(iflist()) == 1, "nic-attach with a MAC in use: exit 1", err)
    rc, out, err = vm(Q, "nic-attach", "--mac", "01:00:5e:00:00:01", G, "bridge=" + BR)
    t.ok(rc == 2 and one_line_error(err.encode()) and "multicast" in err, "nic-attach with a multicast MAC: exit 2", err)
    rc, out, err = vm(Q, "nic-detach", G, mac)
    t.ok(rc == 0 and mac not in iflist(), "nic-detach: gone from virsh domiflist", err)
    gone = wait_for(lambda: (last("GUEST-NET=") or "").split() == before.split(), 30)
    t.ok(gone, "the guest's interfaces are as before (%s)" % last("GUEST-NET="), log_text()[-800:])
    rc, out, err = vm(Q, "nic-detach", G, mac)
    t.ok(rc == 1 and one_line_error(err.encode()) and "no NIC" in err, "nic-detach of a MAC not attached: exit 1", err)
    rc, out, err = vm(Q, "nic-attach", G, "vmt-no-such-net")
    t.ok(rc == 1 and one_line_error(err.encode()), "nic-attach on a network that does not exist: exit 1, libvirt's reason",
         err)


def vcpus(t):
    rc, out, err = vm(Q, "-o", "json", "vcpu-list", G)
    v = json.loads(out)["vcpus"] if rc == 0 else []
    t.ok(rc == 0 and len(v) == 1 and v[0]["vcpu"] == 0 and v[0]["state"] == "running" and v[0]["affinity"],
         "vcpu-list: one running vCPU with its affinity", out + err)
    rc, out, err = vm(Q, "vcpu-pin", G, "0", "0")
    _, pin, _ = virsh(Q, "vcpupin", G, "0")
    t.ok(rc == 0 and pin.split()[-1:] == ["0"], "vcpu-pin 0 0: virsh vcpupin says 0 (%s)" % pin.strip(), err)
    rc, out, err = vm(Q, "vcpu-pin", "--config", G, "1", "0")
    _, pin, _ = virsh(Q, "vcpupin", G, "--config")
    t.ok(rc == 0 and any(ln.split() == ["1", "0"] for ln in pin.splitlines()),
         "vcpu-pin --config 1 0: virsh vcpupin --config says 0 for vCPU 1", err + pin)
    n = os.cpu_count() or 1
    rc, out, err = vm(Q, "vcpu-pin", G, "0", str(n + 7))
    t.ok(rc == 1 and one_line_error(err.encode()) and ("%d CPU" % n) in err, "vcpu-pin on a CPU the host lacks: exit 1 "
         "with the host's count", err)
    for bad in ("0-", "3-1", "a"):
        rc, out, err = vm(Q, "vcpu-pin", G, "0", bad)
        t.ok(rc == 2 and one_line_error(err.encode()), "vcpu-pin CPULIST %r: exit 2" % bad, err)


def display(t):
    rc, out, err = vm(Q, "-o", "json", "display", G)
    d = json.loads(out) if rc == 0 else {}
    _, dd, _ = virsh(Q, "domdisplay", G)
    port = d.get("port") or 0
    t.ok(rc == 0 and d.get("uri") == "vnc://127.0.0.1:%d" % port and d.get("type") == "vnc" and port >= 5900
         and dd.strip() == "vnc://127.0.0.1:%d" % (port - 5900),
         "display: vnc://127.0.0.1:PORT, virsh domdisplay's display number + 5900 (%s, %s)" % (d.get("uri"), dd.strip()),
         out + err)
    hello = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            hello = s.recv(12)
    except OSError as e:
        hello = str(e).encode()
    t.ok(hello.startswith(b"RFB 003."), "the URI answers an RFB handshake (%r)" % hello)
    rc, out, err = vm(Q, "display", G)
    t.ok(rc == 0 and out.strip().splitlines()[0].split()[-1].startswith("vnc://"), "display in text", out + err)


def testdriver(t):
    rc, out, err = vm(T, "-o", "json", "disk-list", "test")
    t.ok(rc == 0 and [d["target"] for d in json.loads(out)["disks"]] == ["vda"], "test driver: disk-list", out + err)
    rc, out, err = vm(T, "-o", "json", "nic-list", "test")
    t.ok(rc == 0 and [n["mac"] for n in json.loads(out)["nics"]] == ["aa:bb:cc:dd:ee:ff"], "test driver: nic-list",
         out + err)
    # the daemon's test driver keeps /default's state only while a connection
    # to it is open: a virsh held open meanwhile lets the next one read it back
    holder = subprocess.Popen(["virsh", "-c", T, "event", "--all", "--loop"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: virsh(T, "vcpupin", "test", "1")[0] == 0, 10)
        rc, out, err = vm(T, "vcpu-pin", "test", "1", "2-3")
        _, pin, _ = virsh(T, "vcpupin", "test", "1")
    finally:
        holder.kill()
        holder.wait()
    t.ok(rc == 0 and pin.split()[-1:] == ["2-3"], "test driver: vcpu-pin read back by virsh vcpupin", err + pin)
    rc, out, err = vm(T, "display", "test")
    t.ok(rc == 1 and one_line_error(err.encode()) and "no VNC or SPICE" in err, "display of a guest without graphics: exit 1",
         err)
    rc, out, err = vm(T, "disk-attach", "test", "/dev/null", "vdb")
    t.ok(rc == 4 and one_line_error(err.encode()) and "not supported" in err, "the test driver cannot hot-plug: exit 4 with "
         "libvirt's reason", err)
    rc, out, err = run(["-r", "-c", T, "disk-attach", "test", "/dev/null", "vdb"])
    t.ok(rc == 2 and one_line_error(err), "-r refuses disk-attach", err)
    rc, out, err = vm(T, "disk-list", "vmt-no-such-guest")
    t.ok(rc == 3 and one_line_error(err.encode()), "disk-list of a missing guest: exit 3", err)


def lxc_devices(t, work):
    """libvirt 9.0's LXC driver: a block disk and a NIC live; a filesystem
    neither live nor (while running) persistently; no vCPU calls."""
    g = "vmt-dev2"
    guest = os.path.join(BEDS, "guest.sh")
    p = subprocess.run([guest, "define-lxc", ASSETS, g], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    rc, _, err = virsh(L, "start", g)
    t.ok(p.returncode == 0 and rc == 0, "libvirt-LXC container %s running" % g, p.stdout.decode() + err)
    img = os.path.join(work, "blk.img")
    with open(img, "wb") as f:
        f.truncate(8 << 20)
    _, loop, _ = sh(["losetup", "-f", "--show", img])
    loop = loop.strip()

    def devs():
        return sh(["virsh", "-c", L, "lxc-enter-namespace", g, "--noseclabel", "/bin/ls", "/dev"])[1].split()
    try:
        rc, out, err = vm(L, "disk-attach", g, loop, "sdb")
        t.ok(rc == 0 and "sdb" in devs() and "sdb" in blklist(L, g), "libvirt-LXC: disk-attach of a block device "
             "(%s): /dev/sdb inside, virsh domblklist shows it" % loop, err)
        rc, out, err = vm(L, "disk-detach", g, "sdb")
        t.ok(rc == 0 and "sdb" not in devs() and "sdb" not in blklist(L, g), "libvirt-LXC: disk-detach: gone inside",
             err)
        rc, out, err = vm(L, "disk-attach", g, work, "/mnt")
        t.ok(rc == 4 and one_line_error(err.encode()) and "filesystem" in err, "libvirt-LXC: a directory live: exit 4 "
             "with libvirt's reason", err)
        rc, out, err = vm(L, "nic-attach", g, "bridge=" + BR)
        mac = err.split("MAC ")[1].split()[0] if rc == 0 and "MAC " in err else "?"
        ports = sh(["ip", "-o", "link", "show", "master", BR])[1]
        t.ok(rc == 0 and mac in iflist(L, g) and ports.count(": vnet") == 1, "libvirt-LXC: nic-attach bridge=%s: "
             "virsh domiflist has MAC %s, the host end is a port of the bridge" % (BR, mac), err + ports)
        rc, out, err = vm(L, "nic-detach", g, mac)
        ports = sh(["ip", "-o", "link", "show", "master", BR])[1]
        t.ok(rc == 0 and mac not in iflist(L, g) and ": vnet" not in ports, "libvirt-LXC: nic-detach: the veth is "
             "gone", err + ports)
        rc, out, err = vm(L, "vcpu-list", g)
        t.ok(rc == 4 and one_line_error(err.encode()), "libvirt-LXC: vcpu-list: exit 4 with libvirt's reason", err)
    finally:
        sh(["losetup", "-d", loop])
        subprocess.run([guest, "undefine", g], timeout=120)


def main():
    t = Tap()
    require(t, is_root() and have("virsh") and have("ip") and have("qemu-img") and have("losetup") and os.path.isdir(ASSETS),
            "root, virsh, ip, qemu-img and the fixture's assets (%s)" % ASSETS)
    require(t, virsh(Q, "version")[0] == 0, "libvirtd answering on qemu:///system (fixture libvirt.bed.setup)")
    t0 = time.monotonic()
    testdriver(t)
    guest = os.path.join(BEDS, "guest.sh")
    p = subprocess.run([guest, "define-qemu", ASSETS, G], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    t.ok(p.returncode == 0 and bridge(True), "guest %s defined, bridge %s up (no address, no uplink)" % (G, BR),
         p.stdout.decode())
    work = tempfile.mkdtemp(prefix="vmt-dev.", dir=BEDDIR or None)
    os.chmod(work, 0o755)
    try:
        rc, _, err = virsh(Q, "start", G)
        booted = rc == 0 and wait_for(lambda: "GUEST-BOOTED" in log_text(), 180) and \
            wait_for(lambda: last("GUEST-BLOCK=") is not None, 30)
        t.ok(booted and last("GUEST-BLOCK=") is not None, "the guest boots and reports its disks (%.0f s)"
             % (time.monotonic() - t0), err + log_text()[-1500:])
        if booted:
            disks(t, work)
            nics(t)
            vcpus(t)
            display(t)
        lxc_devices(t, work)
    finally:
        subprocess.run([guest, "undefine", G], timeout=120)
        bridge(False)
        subprocess.run(["rm", "-rf", work])
    print("# devices suite: %.1f s" % (time.monotonic() - t0))
    t.done()


if __name__ == "__main__":
    main()
