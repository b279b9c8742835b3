#!/usr/bin/env python3
"""The configuration fragments of a qemu-system command line are checked by
parsing them as their tools do: the domain XML by `virsh define --validate`
on libvirt's test driver (test:///default lives and dies with the one virsh
process) and read back with dumpxml; the xl.cfg by libxlutil (xlcfg_check,
which needs no Xen).  Each is compared with what the command line said."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import Tap, is_ci, run  # noqa: E402

Q = "qemu-system-x86_64"

# (command line, what the domain XML must say, what xlcfg_check must print)
CASES = [
    ([Q, "-enable-kvm", "-name", "web1", "-m", "1024", "-smp", "2", "-kernel", "/boot/vmlinuz",
      "-append", "console=ttyS0 root=/dev/sda1", "-initrd", "/boot/initrd.img",
      "-hda", "/var/lib/images/web1.img", "-cdrom", "/iso/d.iso", "-boot", "dc",
      "-net", "nic,model=virtio", "-net", "user"],
     {"type": "kvm", "name": "web1", "memory": "1048576", "vcpu": "2", "kernel": "/boot/vmlinuz",
      "initrd": "/boot/initrd.img", "cmdline": "console=ttyS0 root=/dev/sda1", "boot": ["cdrom", "hd"],
      "disks": [("disk", "/var/lib/images/web1.img", "hda"), ("cdrom", "/iso/d.iso", "hdc")],
      "nics": [("user", "virtio")]},
     ["name=web1", "type=hvm", "kernel=/boot/vmlinuz", "ramdisk=/boot/initrd.img",
      "extra=console=ttyS0 root=/dev/sda1", "boot=dc", "memory=1024", "vcpus=2",
      "disk[0]: vdev=hda format=raw target=/var/lib/images/web1.img cdrom=0 readwrite=1",
      "disk[1]: vdev=hdc format=raw target=/iso/d.iso cdrom=1 readwrite=0",
      "vif[0]=model=virtio-net-pci"]),
    (["qemu-kvm", "-m", "512", "/srv/disk.img"],
     {"type": "kvm", "name": "qemu-guest", "memory": "524288", "vcpu": "1",
      "disks": [("disk", "/srv/disk.img", "hda")], "nics": [("user", "e1000")]},
     ["name=qemu-guest", "type=hvm", "memory=512", "vcpus=1",
      "disk[0]: vdev=hda format=raw target=/srv/disk.img cdrom=0 readwrite=1", "vif[0]=model=e1000"]),
    ([Q, "-name", "db", "-m", "2G", "-smp", "cpus=2,maxcpus=4",
      "-drive", "file=/img/db.qcow2,if=virtio,format=qcow2", "-drive", "file=/iso/inst.iso,media=cdrom,index=2",
      "-boot", "order=dc", "-nic", "bridge,br=br0,model=e1000,mac=52:54:00:12:34:56", "-nographic",
      "-no-reboot"],
     {"type": "qemu", "name": "db", "memory": "2097152", "vcpu": "4", "boot": ["cdrom", "hd"],
      "disks": [("disk", "/img/db.qcow2", "vda"), ("cdrom", "/iso/inst.iso", "hdc")],
      "nics": [("bridge", "e1000")]},
     ["name=db", "type=hvm", "boot=dc", "serial=pty", "on_reboot=destroy", "memory=2048", "vcpus=2",
      "maxvcpus=4", "disk[0]: vdev=xvda format=qcow2 target=/img/db.qcow2 cdrom=0 readwrite=1",
      "disk[1]: vdev=hdc format=raw target=/iso/inst.iso cdrom=1 readwrite=0",
      "vif[0]=model=e1000, mac=52:54:00:12:34:56, bridge=br0"]),
    ([Q, "-name", "a b'c", "-m", "128", "-hda", "/img/my \"disk\" & more, 'really'.img",
      "-append", "x=\"y\" <z> \\n", "-net", "none"],
     {"type": "qemu", "name": "a b'c", "memory": "131072", "vcpu": "1", "cmdline": "x=\"y\" <z> \\n",
      "disks": [("disk", "/img/my \"disk\" & more, 'really'.img", "hda")], "nics": []},
     ["name=a b'c", "type=hvm", "extra=x=\"y\" <z> \\n", "memory=128", "vcpus=1",
      "disk[0]: vdev=hda format=raw target=/img/my \"disk\" & more, 'really'.img cdrom=0 readwrite=1"]),
    ([Q, "-name", "t1", "-m", "256", "-hda", "/img/t1.img", "-net", "nic,macaddr=52:54:00:00:00:01",
      "-net", "tap,ifname=tap0"],
     {"type": "qemu", "name": "t1", "memory": "262144", "vcpu": "1",
      "disks": [("disk", "/img/t1.img", "hda")], "nics": [("ethernet", "e1000")]},
     ["name=t1", "type=hvm", "memory=256", "vcpus=1",
      "disk[0]: vdev=hda format=raw target=/img/t1.img cdrom=0 readwrite=1",
      "vif[0]=model=e1000, mac=52:54:00:00:00:01, vifname=tap0"]),
    # a host block device; NICs of -device on the -netdev they name, each on its own backend
    ([Q, "-name", "n2", "-m", "256", "-hda", "/dev/sdb", "-netdev", "bridge,br=br1,id=b",
      "-device", "virtio-net-pci,netdev=b,mac=52:54:00:00:00:02", "-netdev", "user,id=u", "-device", "e1000,netdev=u"],
     {"type": "qemu", "name": "n2", "memory": "262144", "vcpu": "1",
      "disks": [("disk", "/dev/sdb", "hda")], "nics": [("bridge", "virtio"), ("user", "e1000")]},
     ["name=n2", "type=hvm", "memory=256", "vcpus=1",
      "disk[0]: vdev=hda format=raw target=/dev/sdb cdrom=0 readwrite=1",
      "vif[0]=model=virtio-net-pci, mac=52:54:00:00:00:02, bridge=br1", "vif[1]=model=e1000"]),
]


def configs(argv):
    rc, out, err = run(["-o", "json", "translate"] + argv)
    if rc != 0:
        return None, None, err
    found = {}
    for c in json.loads(out)["commands"]:
        if "config" in c:
            found[c["config"]["format"]] = c["config"]["text"]
    return found.get("libvirt-xml"), found.get("xl.cfg"), err


def check_xml(t, what, text, want, tmp):
    path = os.path.join(tmp, "domain.xml")
    with open(path, "w") as f:
        f.write(text)
    p = subprocess.run(["virsh", "-q", "-c", "test:///default", "define --validate %s; dumpxml \"%s\""
                        % (path, want["name"])],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if not t.ok(p.returncode == 0, what + ": virsh define --validate accepts the XML", p.stderr.decode()):
        return
    xml = p.stdout.decode()
    dom = ET.fromstring(xml[xml.index("<domain"):])
    got = {
        "type": dom.get("type"), "name": dom.findtext("name"), "memory": dom.findtext("memory"),
        "vcpu": dom.findtext("vcpu"),
        "disks": [(d.get("device"), d.find("source").get("file" if d.get("type") == "file" else "dev"),
                   d.find("target").get("dev")) for d in dom.iter("disk")],
        "nics": [(i.get("type"), i.find("model").get("type")) for i in dom.iter("interface")],
    }
    for key in ("kernel", "initrd", "cmdline"):
        if key in want:
            got[key] = dom.find("os").findtext(key)
    if "boot" in want:
        got["boot"] = [b.get("dev") for b in dom.find("os").iter("boot")]
    t.ok(got == want, what + ": the defined domain says what the command line said", "got %s\nwant %s" % (got, want))


def check_cfg(t, what, text, want, tmp, checker):
    path = os.path.join(tmp, "guest.cfg")
    with open(path, "w") as f:
        f.write(text)
    p = subprocess.run([checker, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if not t.ok(p.returncode == 0 and p.stderr == b"", what + ": libxlutil reads the xl.cfg", p.stderr.decode()):
        return
    got = p.stdout.decode().splitlines()
    t.ok(got == want, what + ": xl.cfg says what the command line said", "got %s\nwant %s" % (got, want))


def main():
    t = Tap()
    virsh = shutil.which("virsh")
    checker = os.environ.get("XLCFG_CHECK")
    t.ok(virsh or not is_ci(), "virsh is installed (required in CI)")
    t.ok(checker or not is_ci(), "xlcfg_check is built (libxlutil; required in CI)")
    with tempfile.TemporaryDirectory() as tmp:
        for argv, want_xml, want_cfg in CASES:
            what = " ".join(argv)
            xml, cfg, err = configs(argv)
            if not t.ok(xml and cfg, what + ": both fragments are in the JSON", err):
                continue
            if virsh:
                check_xml(t, what, xml, want_xml, tmp)
            if checker:
                check_cfg(t, what, cfg, want_cfg, tmp, checker)
    t.done()


if __name__ == "__main__":
    main()
