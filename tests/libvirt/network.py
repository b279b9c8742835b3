#!/usr/bin/env python3
"""Virtual networks on a libvirtd of the suite's own, in a network namespace
of its own (tests/libvirt/netbed.sh: unshare -n -m), so that the bridges,
dnsmasq and firewall rules live and die there.  What vmctl did is read back
with virsh net-dumpxml / net-info / domiflist and with `ip` inside that
namespace; the explained virsh lines are run too."""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from bed import have, is_root, require, sh  # noqa: E402
from vmtest import Tap, one_line_error, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BEDDIR = os.environ.get("VMCTL_BEDDIR") or tempfile.mkdtemp(prefix="vmctl-netbed-")
D = os.path.join(BEDDIR, "netbed")
NET, NET2, EX, GUEST = "vmt-net", "vmt-iso", "vmt-ex", "vmt-n1"
URI = None


def vm(*args):
    rc, out, err = run(["-c", URI] + list(args), timeout=120)
    return rc, out.decode(errors="replace"), err.decode(errors="replace")


def virsh(*args):
    return sh(["virsh", "-q", "-c", URI] + list(args))


def in_ns(*argv):
    with open(os.path.join(D, "libvirtd.pid")) as f:
        pid = f.read().strip()
    return sh(["nsenter", "-t", pid, "-n"] + list(argv))


def fields(text):
    return dict((k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in text.splitlines()))


def main():
    global URI
    t = Tap()
    require(t, is_root() and have("virsh") and have("unshare") and have("nsenter") and have("dnsmasq")
            and have("iptables"), "root, virsh, unshare, nsenter, dnsmasq and iptables (tests/beds/libvirt/deps.sh)")
    p = subprocess.run([os.path.join(HERE, "netbed.sh"), "start", D], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120)
    if p.returncode != 0:
        t.ok(False, "the suite's own libvirtd starts in its own network namespace", p.stderr.decode())
        t.done()
    URI = p.stdout.decode().strip().splitlines()[-1]
    try:
        body(t)
    finally:
        subprocess.run([os.path.join(HERE, "netbed.sh"), "stop", D], timeout=120)
    t.done()


def body(t):
    # net-create: defined, started, autostarted; read back by virsh and by ip in the namespace
    rc, out, err = vm("net-create", "--bridge", "vmtbr0", "--subnet", "192.168.150.0/24", "--dhcp", NET)
    _, xml, _ = virsh("net-dumpxml", NET)
    info = fields(virsh("net-info", NET)[1])
    t.ok(rc == 0 and "<bridge name='vmtbr0'" in xml and "<ip address='192.168.150.1' prefix='24'>" in xml
         and "<range start='192.168.150.2' end='192.168.150.254'" in xml and "<forward mode='nat'" in xml,
         "net-create: virsh net-dumpxml shows the bridge, the gateway, the DHCP range, nat", err + xml)
    t.ok(info.get("Active") == "yes" and info.get("Persistent") == "yes" and info.get("Autostart") == "yes",
         "net-create: virsh net-info says active, persistent, autostarted", str(info))
    rc2, addr, _ = in_ns("ip", "-br", "addr", "show", "vmtbr0")
    t.ok(rc2 == 0 and "192.168.150.1/24" in addr, "ip in the suite's namespace: vmtbr0 holds 192.168.150.1/24", addr)
    t.ok(sh(["ip", "link", "show", "vmtbr0"])[0] != 0, "the host's own namespace has no vmtbr0")

    # net-list and net-info against virsh
    rc, out, err = vm("-o", "json", "net-list")
    nets = {n["name"]: n for n in json.loads(out)["networks"]} if rc == 0 else {}
    n = nets.get(NET, {})
    t.ok(n.get("state") == "active" and n.get("bridge") == "vmtbr0" and n.get("forward") == "nat"
         and n.get("subnet") == "192.168.150.0/24" and n.get("autostart") is True,
         "net-list -o json: state, bridge, forward, subnet, autostart", out + err)
    rc, out, err = vm("-o", "json", "net-info", NET)
    ni = json.loads(out) if rc == 0 else {}
    t.ok(ni.get("dhcp_start") == "192.168.150.2" and ni.get("dhcp_end") == "192.168.150.254" and "leases" in ni,
         "net-info -o json: the DHCP range and the leases", out + err)

    # bad input: one line, the contract's code, nothing made
    for argv, code, what in [
            (["net-create", NET], 1, "a network that exists"),
            (["net-create", "--subnet", "192.168.150.128/25", "vmt-x"], 2, "a subnet that overlaps"),
            (["net-create", "--subnet", "192.168.1.300/24", "vmt-x"], 2, "a subnet that is not one"),
            (["net-create", "--subnet", "10.0.0.0/31", "vmt-x"], 2, "a /31"),
            (["net-create", "--bridge", "a/b", "vmt-x"], 2, "a bridge name with '/'"),
            (["net-create", "--dhcp", "vmt-x"], 2, "--dhcp without --subnet"),
            (["net-create", "vmt/x"], 2, "a name with '/'"),
            (["net-info", "vmt-none"], 3, "a missing network"),
            (["-r", "net-create", "vmt-x"], 2, "-r"),
    ]:
        rc, out, err = vm(*argv)
        t.ok(rc == code and one_line_error(err.encode()) and virsh("net-info", "vmt-x")[0] != 0,
             "%s: exit %d, one line, nothing made" % (what, code), "exit %d: %s" % (rc, err))

    # a guest's NIC on it: domiflist sees it; net-delete refuses while it runs
    gxml = ("<domain type='qemu'><name>%s</name><memory unit='MiB'>32</memory><os><type arch='x86_64'>hvm</type></os>"
            "<devices><interface type='network'><source network='%s'/><model type='virtio'/></interface>"
            "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/></devices></domain>" % (GUEST, NET))
    gf = os.path.join(D, GUEST + ".xml")
    with open(gf, "w") as f:
        f.write(gxml)
    drc, _, derr = virsh("define", gf)
    _, ifl, _ = virsh("domiflist", GUEST)
    t.ok(drc == 0 and re.search(r"\bnetwork\s+%s\b" % NET, ifl), "a guest's NIC on the network: virsh domiflist", derr + ifl)
    src, _, serr = virsh("start", GUEST)
    rc, out, err = vm("net-delete", NET)
    t.ok(src == 0 and rc == 1 and GUEST in err and virsh("net-info", NET)[0] == 0,
         "net-delete while a running guest uses it: exit 1 naming it, nothing changed", serr + err)
    rc, out, err = vm("-o", "json", "net-delete", "--force", NET)
    t.ok(rc == 0 and virsh("net-info", NET)[0] != 0 and in_ns("ip", "link", "show", "vmtbr0")[0] != 0
         and json.loads(out).get("result") == "done",
         "net-delete --force: virsh knows no such network, the bridge is gone", out + err)
    virsh("destroy", GUEST)
    virsh("undefine", GUEST)

    # an isolated network: stop, stop again, start, delete
    rc, out, err = vm("net-create", "--forward", "none", "--subnet", "10.9.8.0/29", NET2)
    _, xml, _ = virsh("net-dumpxml", NET2)
    t.ok(rc == 0 and "<forward" not in xml and "<ip address='10.9.8.1' prefix='29'" in xml,
         "net-create --forward none: no <forward>, the gateway of the /29", err + xml)
    rc, out, err = vm("net-stop", NET2)
    t.ok(rc == 0 and fields(virsh("net-info", NET2)[1]).get("Active") == "no", "net-stop: virsh says inactive", err)
    rc, out, err = vm("net-stop", NET2)
    t.ok(rc == 0 and "already" in err, "net-stop again: exit 0 with a note", err)
    rc, out, err = vm("net-start", NET2)
    t.ok(rc == 0 and fields(virsh("net-info", NET2)[1]).get("Active") == "yes", "net-start: virsh says active", err)
    rc, out, err = vm("net-delete", NET2)
    t.ok(rc == 0 and virsh("net-info", NET2)[0] != 0, "net-delete: gone", err)

    # the explained virsh lines, with the XML of their '# ' line, make the same network
    argv = ["net-create", "--forward", "none", "--subnet", "10.7.0.0/24", "--dhcp", EX]
    rc, out, err = run(["-o", "json", "-c", URI, "--explain=virsh"] + argv)
    note = [n for c in json.loads(out)["commands"] for n in c["notes"] if n.startswith(EX + ".xml: ")]
    ok = bool(note)
    if ok:
        with open(os.path.join(D, EX + ".xml"), "w") as f:
            f.write(note[0].split(": ", 1)[1])
    lines = [c["argv"] for c in json.loads(out)["commands"] if c["argv"]]
    for line in lines:
        r = subprocess.run(line, cwd=D, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        ok = ok and r.returncode == 0
    _, xml, _ = virsh("net-dumpxml", EX)
    info = fields(virsh("net-info", EX)[1])
    t.ok(ok and "<range start='10.7.0.2' end='10.7.0.254'" in xml and info.get("Autostart") == "yes"
         and info.get("Active") == "yes", "the explained net-define, net-start and net-autostart lines make it", xml)
    rc, out, err = vm("net-delete", EX)
    t.ok(rc == 0, "and vmctl net-delete removes it", err)


if __name__ == "__main__":
    main()
