#!/usr/bin/env python3
"""A guest's definition through libvirt (issue 17): create, delete, config,
autostart and rename on the fixture's libvirtd (tests/libvirt/bed.sh):
qemu:///system (the created guest boots the bed's kernel and initramfs,
whose init writes a boot counter into the first bytes of vda, read here
from the image file), lxc:///system, and the test driver the daemon serves
(test+unix:///default).  Every result is read back with virsh or from the
files, never with vmctl; the crash steps of the test build
(VMCTL_TEST_KILL_AT) are each exercised."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from bed import have, is_root, require, sh, wait_for  # noqa: E402
from vmtest import Tap, one_line_error, run  # noqa: E402

Q, L, T = "qemu:///system", "lxc:///system", "test+unix:///default"
BEDDIR = os.environ.get("VMCTL_BEDDIR", "")
ASSETS = os.path.join(BEDDIR, "assets")
PREFIX = "vmt-def"  # the fixture's daemon.sh removes vmt-* leftovers


def virsh(uri, *args):
    return sh(["virsh", "-q", "-c", uri] + list(args))


def exists(uri, name):
    return virsh(uri, "dominfo", name)[0] == 0


def vm(uri, *args, env=None):
    rc, out, err = run(["-c", uri] + list(args), timeout=180, env=env)
    return rc, out.decode(errors="replace"), err.decode(errors="replace")


def killed_at(step, uri, *args):
    env = dict(os.environ, VMCTL_TEST_KILL_AT=step)
    rc, out, err = vm(uri, *args, env=env)
    return rc == -signal.SIGKILL or rc == 128 + signal.SIGKILL, (rc, err)


def cleanup(names):
    for uri, n in names:
        if exists(uri, n):
            virsh(uri, "destroy", n)
            virsh(uri, "undefine", n, "--snapshots-metadata", "--managed-save", "--nvram")


def hardware_kvm():
    """Whether the CPU has vmx or svm: a /dev/kvm without them (kvm_pvm on some of this workplace's machines)
    cannot run the bed's stock guest kernel."""
    with open("/proc/cpuinfo") as f:
        return re.search(r"^flags\s*:.*\b(vmx|svm)\b", f.read(), re.M) is not None


def qemu_suite(t, work):
    g = PREFIX + "-q1"
    img = os.path.join(work, "q1.img")
    with open(img, "wb") as f:
        f.truncate(16 << 20)
    kernel, initrd = os.path.join(ASSETS, "vmlinuz"), os.path.join(ASSETS, "initrd.gz")
    spec = ["--memory", "256M", "--disk", img, "--kernel", kernel, "--initrd", initrd, "--cmdline", "console=ttyS0 quiet"]
    rc, out, err = vm(Q, "create", g, *spec)
    _, xml, _ = virsh(Q, "dumpxml", "--inactive", g)
    _, caps, _ = virsh(Q, "domcapabilities")
    want_type = "kvm" if "<domain>kvm</domain>" in caps else "qemu"
    t.ok(rc == 0 and "<domain type='%s'>" % want_type in xml and "<memory unit='KiB'>262144</memory>" in xml
         and "<source file='%s'/>" % img in xml and "<target dev='vda' bus='virtio'/>" in xml
         and "<driver name='qemu' type='raw'/>" in xml and "<kernel>%s</kernel>" % kernel in xml,
         "create on qemu:///system: virsh dumpxml shows type %s (domcapabilities), 256 MiB, raw virtio vda, the kernel"
         % want_type, err + xml)
    _, info, _ = virsh(Q, "dominfo", g)
    t.ok("shut off" in info and "Persistent:     yes" in info, "the created guest is persistent and shut off", info)

    rc, out, err = vm(Q, "create", g, "--memory", "1G")
    _, xml2, _ = virsh(Q, "dumpxml", "--inactive", g)
    t.ok(rc == 1 and one_line_error(err.encode()) and "exists" in err and xml2 == xml,
         "create of a name that exists: exit 1, the definition unchanged", (rc, err))

    if want_type == "kvm" and not hardware_kvm():
        # libvirt offers a /dev/kvm that is not hardware KVM (kvm_pvm runs only
        # PVM guest kernels: a stock kernel hangs before its first console
        # line): the definition vmctl wrote boots here as type qemu (TCG)
        print("# /dev/kvm without vmx or svm: the created guest is started as type qemu")
        with open(os.path.join(work, "tcg.xml"), "w") as f:
            f.write(xml.replace("<domain type='kvm'>", "<domain type='qemu'>", 1))
        virsh(Q, "define", os.path.join(work, "tcg.xml"))
    rc, out, err = vm(Q, "start", g)
    booted = wait_for(lambda: open(img, "rb").read(16).rstrip(b"\0\n") == b"boot1", 180)
    t.ok(rc == 0 and booted, "the created guest boots: its init wrote 'boot1' into vda (read from the image file)",
         open(img, "rb").read(16))

    rc, out, err = vm(Q, "delete", g)
    t.ok(rc == 1 and "running" in err and virsh(Q, "domstate", g)[1].strip() == "running",
         "delete of a running guest without --force: exit 1, still running", (rc, err))
    rc, out, err = vm(Q, "-o", "json", "delete", "--force", g)
    doc = json.loads(out) if rc == 0 else {}
    t.ok(rc == 0 and doc.get("result") == "done" and "definition" in doc.get("removed", []) and not exists(Q, g)
         and os.path.exists(img), "delete --force: virsh knows it no more, the image stays (no --storage); JSON "
         "lists what it removed", out + err)

    # snapshot metadata goes with the definition; a qcow2 disk holds it
    g2 = PREFIX + "-q2"
    qc = os.path.join(work, "q2.qcow2")
    sh(["qemu-img", "create", "-q", "-f", "qcow2", qc, "16M"], check=True)
    xml_file = os.path.join(work, "q2.xml")
    with open(xml_file, "w") as f:
        f.write("<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory><os><type>hvm</type></os>"
                "<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='%s'/>"
                "<target dev='vda' bus='virtio'/></disk><graphics type='vnc' port='-1' listen='127.0.0.1' "
                "passwd='s3cretpw'/></devices></domain>" % (g2, qc))
    rc, out, err = vm(Q, "create", "--from", xml_file)
    t.ok(rc == 0 and exists(Q, g2), "create --from domain XML: virsh dominfo finds it", err)
    rc, out, err = vm(Q, "create", "--from", xml_file)
    t.ok(rc == 1 and "exists" in err, "create --from of a name that exists: exit 1 (DefineXML would replace it)", err)
    rc, out, err = vm(Q, "config", g2)
    _, full, _ = virsh(Q, "dumpxml", "--security-info", g2)
    t.ok(rc == 0 and "s3cretpw" not in out and "<graphics type='vnc'" in out and "s3cretpw" in full,
         "config leaves the VNC password out (dumpxml --security-info has it)", out)
    rc, out, err = vm(Q, "-o", "json", "config", "--inactive", g2)
    doc = json.loads(out) if rc == 0 else {}
    t.ok(doc.get("guest") == g2 and doc.get("config", {}).get("format") == "libvirt-xml"
         and doc["config"]["text"].startswith("<domain"), "config -o json: format libvirt-xml and the XML", out[:300])
    virsh(Q, "snapshot-create-as", g2, "s1")
    had = virsh(Q, "snapshot-list", "--name", g2)[1].split()
    rc, out, err = vm(Q, "autostart", g2, "on")
    t.ok(rc == 0 and "Autostart:      enable" in virsh(Q, "dominfo", g2)[1], "autostart on: virsh dominfo says enable", err)
    rc, out, err = vm(Q, "autostart", g2, "on")
    t.ok(rc == 0 and "already on" in err, "autostart on twice: exit 0 with a note", err)
    rc, out, err = vm(Q, "autostart", g2, "off")
    t.ok(rc == 0 and "Autostart:      disable" in virsh(Q, "dominfo", g2)[1], "autostart off: disable", err)
    g3 = PREFIX + "-q3"
    rc, out, err = vm(Q, "rename", g2, g3)
    t.ok(rc == 0 and exists(Q, g3) and not exists(Q, g2), "rename of a shut-off guest: virsh sees the new name only", err)
    rc, out, err = vm(Q, "-o", "json", "delete", g3)
    doc = json.loads(out) if rc == 0 else {}
    t.ok(had == ["s1"] and rc == 0 and "snapshot metadata s1" in doc.get("removed", []) and not exists(Q, g3),
         "delete removes the snapshot metadata with the definition and says so", (had, out, err))

    # the spec's bad input: one line, exit 2 or 4, nothing defined
    for args, code, what in [
        (["--disk", os.path.join(work, "nope.img")], 2, "a --disk that does not exist"),
        (["--kernel", os.path.join(work, "nope")], 2, "a --kernel that does not exist"),
        (["--vcpus", "0"], 2, "--vcpus 0"),
        (["--memory", "512MB"], 2, "--memory 512MB"),
        (["--cmdline", "quiet"], 2, "--cmdline without --kernel"),
        (["--type", "pv"], 4, "--type pv on QEMU"),
        (["--template", "busybox"], 4, "--template on libvirt"),
        (["--from", kernel], 2, "--from a file that is not domain XML"),
    ]:
        rc, out, err = vm(Q, "create", PREFIX + "-bad", *args)
        t.ok(rc == code and one_line_error(err.encode()) and not exists(Q, PREFIX + "-bad"),
             "create with %s: exit %d, one line, nothing defined" % (what, code), (rc, err))

    # crash steps: a create or a delete killed at each leaves nothing or a whole guest
    g4 = PREFIX + "-k"
    ok, why = killed_at("libvirt-create-xml-made", Q, "create", g4)
    t.ok(ok and not exists(Q, g4), "killed before DefineXML: no guest", why)
    ok, why = killed_at("libvirt-create-defined", Q, "create", g4)
    t.ok(ok and exists(Q, g4) and "<name>%s</name>" % g4 in virsh(Q, "dumpxml", g4)[1],
         "killed after DefineXML: the whole guest", why)
    ok, why = killed_at("libvirt-delete-killed", Q, "delete", g4)
    t.ok(ok and exists(Q, g4), "delete killed before undefine: the guest stays whole", why)
    ok, why = killed_at("libvirt-delete-undefined", Q, "delete", g4)
    t.ok(ok and not exists(Q, g4), "delete killed after undefine: the guest is gone", why)


def storage_suite(t, work):
    """delete --storage: the volumes no other guest uses."""
    pool, pdir = PREFIX + "-pool", os.path.join(work, "pool")
    rc, out, err = vm(Q, "pool-create", pool, pdir)
    a, b = os.path.join(pdir, "a.qcow2"), os.path.join(pdir, "b.qcow2")
    loose = os.path.join(work, "loose.img")
    open(loose, "wb").close()
    try:
        vm(Q, "image-create", a, "8M")
        vm(Q, "image-create", b, "8M")
        g1, g2 = PREFIX + "-s1", PREFIX + "-s2"
        rc1, _, e1 = vm(Q, "create", g1, "--disk", a, "--disk", b, "--disk", loose)
        rc2, _, e2 = vm(Q, "create", g2, "--disk", b)
        _, xml, _ = virsh(Q, "dumpxml", g1)
        t.ok(rc1 == 0 and rc2 == 0 and xml.count("<driver name='qemu' type='qcow2'/>") == 2,
             "create: the disks' format is the pool's record of each volume (qcow2), the loose file raw", e1 + e2 + xml)
        rc, out, err = vm(Q, "-o", "json", "delete", "--storage", g1)
        doc = json.loads(out) if rc == 0 else {}
        _, vols, _ = virsh(Q, "vol-list", pool)
        t.ok(rc == 0 and ("volume " + a) in doc.get("removed", []) and not os.path.exists(a) and os.path.exists(b)
             and os.path.exists(loose) and a not in vols and b in vols and exists(Q, g2),
             "delete --storage: the volume only it used is deleted; the shared one and the loose file stay",
             out + err + vols)
        t.ok(g2 in err and "not a storage volume" in err, "delete --storage names the disks it left and why", err)
        vm(Q, "delete", g2)
    finally:
        vm(Q, "image-delete", b)
        vm(Q, "pool-delete", pool)


def lxc_suite(t):
    g, root = PREFIX + "-l1", os.path.join(ASSETS, "lxcroot")
    rc, out, err = vm(L, "create", g, "--memory", "128M", "--disk", root)
    _, xml, _ = virsh(L, "dumpxml", g)
    t.ok(rc == 0 and "<domain type='lxc'>" in xml and "<init>/sbin/init</init>" in xml
         and "<source dir='%s'/>" % root in xml, "create on lxc:///system: root directory and /sbin/init", err + xml)
    rc, out, err = vm(L, "start", g)
    t.ok(rc == 0 and virsh(L, "domstate", g)[1].strip() == "running", "the created container starts", err)
    rc, out, err = vm(L, "rename", g, g + "x")
    t.ok(rc == 1 and "running" in err, "rename of a running container: exit 1", err)
    rc, out, err = vm(L, "delete", "--force", g)
    t.ok(rc == 0 and not exists(L, g) and os.path.isfile(os.path.join(root, "sbin", "init")),
         "delete --force: virsh knows it no more, the root directory stays", err)
    for args, code, what in [([], 2, "no --disk"), (["--disk", root, "--cdrom", os.path.join(ASSETS, "cd1.iso")], 4,
                                                       "--cdrom"),
                             (["--disk", root, "--kernel", os.path.join(ASSETS, "vmlinuz")], 4, "--kernel")]:
        rc, out, err = vm(L, "create", g, *args)
        t.ok(rc == code and one_line_error(err.encode()) and not exists(L, g),
             "libvirt-LXC create with %s: exit %d, nothing defined" % (what, code), (rc, err))


def testdriver_suite(t):
    """The daemon's test driver keeps its guests while a connection is open:
    a virsh waiting for events holds one for the reads that follow."""
    holder = subprocess.Popen(["virsh", "-q", "-c", T, "event", "--all", "--loop"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: "test" in virsh(T, "list", "--all", "--name")[1], 10)
        testdriver_checks(t)
    finally:
        holder.terminate()
        holder.wait()


def testdriver_checks(t):
    g = PREFIX + "-t1"
    rc, out, err = vm(T, "create", g, "--vcpus", "2", "--memory", "64M", "--network", "default")
    _, info, _ = virsh(T, "dominfo", g)
    t.ok(rc == 0 and "CPU(s):         2" in info and "65536 KiB" in info,
         "create on the test driver through the daemon: virsh dominfo agrees", err + info)
    rc, out, err = vm(T, "rename", g, "test")
    t.ok(rc == 1 and exists(T, g), "rename onto a name that exists: exit 1, nothing changed", err)
    rc, out, err = vm(T, "rename", g, g + "b")
    t.ok(rc == 0 and exists(T, g + "b"), "rename on the test driver: virsh sees the new name", err)
    rc, out, err = vm(T, "delete", g + "b")
    t.ok(rc == 0 and not exists(T, g + "b"), "delete on the test driver", err)
    rc, out, err = vm(T, "delete", g + "b")
    t.ok(rc == 3, "delete of a guest that does not exist: exit 3", (rc, err))


def main():
    t = Tap()
    require(t, is_root() and have("virsh") and os.path.isdir(ASSETS), "root, virsh and the fixture's assets (%s)" % ASSETS)
    require(t, virsh(Q, "version")[0] == 0, "libvirtd answering on qemu:///system (fixture libvirt.bed.setup)")
    work = tempfile.mkdtemp(prefix="vmctl define ")
    names = [(Q, PREFIX + s) for s in ("-q1", "-q2", "-q3", "-k", "-bad", "-s1", "-s2")] + \
        [(L, PREFIX + "-l1"), (T, PREFIX + "-t1"), (T, PREFIX + "-t1b")]
    try:
        qemu_suite(t, work)
        storage_suite(t, work)
        lxc_suite(t)
        testdriver_suite(t)
    finally:
        cleanup(names)
        shutil.rmtree(work, ignore_errors=True)
    t.done()


if __name__ == "__main__":
    main()
