#!/usr/bin/env python3
"""Storage pools and disk images on the real libvirtd of the fixture
(tests/libvirt/bed.sh), never the test driver's in-memory pools.  What vmctl
did is read back with virsh, qemu-img and qemu-io; the explained qemu-img
and virsh lines are run too."""
import json
import os
import shlex
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from bed import have, is_root, require, sh  # noqa: E402
from vmtest import Tap, one_line_error, run  # noqa: E402

URI = "qemu:///system"
BEDDIR = os.environ.get("VMCTL_BEDDIR", "")
POOL = "vmt-pool"
GUEST = "vmt-st1"


def vm(*args):
    rc, out, err = run(["-c", URI] + list(args), timeout=180)
    return rc, out.decode(errors="replace"), err.decode(errors="replace")


def virsh(*args):
    return sh(["virsh", "-q", "-c", URI] + list(args))


def qinfo(path):
    rc, out, _ = sh(["qemu-img", "info", "-U", "--output=json", path])
    return json.loads(out) if rc == 0 else {}


def explained(vocab, argv):
    rc, out, err = run(["-o", "json", "-c", URI, "--explain=" + vocab] + argv)
    return [c["argv"] for c in json.loads(out)["commands"] if c["argv"]]


def cleanup(d):
    virsh("undefine", GUEST)
    virsh("pool-destroy", POOL)
    virsh("pool-undefine", POOL)
    virsh("pool-destroy", POOL + "-2")
    virsh("pool-undefine", POOL + "-2")
    shutil.rmtree(d, ignore_errors=True)


def main():
    t = Tap()
    require(t, is_root() and have("virsh") and have("qemu-img") and have("qemu-io"), "root, virsh, qemu-img and qemu-io")
    require(t, virsh("version")[0] == 0, "libvirtd answering on qemu:///system (fixture libvirt.bed.setup)")
    d = os.path.join(BEDDIR or "/tmp", "storage pool")  # a space in the directory's name
    cleanup(d)
    try:
        body(t, d)
    finally:
        cleanup(d)
    t.done()


def body(t, d):
    # pool-create: defined, built (the directory made), started, autostarted
    rc, out, err = vm("pool-create", POOL, d)
    _, info, _ = virsh("pool-info", POOL)
    fields = dict((k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in info.splitlines()))
    _, xml, _ = virsh("pool-dumpxml", POOL)
    t.ok(rc == 0 and os.path.isdir(d) and fields.get("State") == "running" and fields.get("Autostart") == "yes"
         and fields.get("Persistent") == "yes" and "<path>%s</path>" % d in xml,
         "pool-create: virsh pool-info says running, persistent, autostarted; the directory exists", err + info)
    rc, out, err = vm("pool-create", POOL, d + "2")
    t.ok(rc == 1 and "exists" in err and one_line_error(err.encode()) and not os.path.exists(d + "2"),
         "pool-create of an existing pool: exit 1, nothing changed", err)
    rc, out, err = vm("-o", "json", "pool-list")
    pools = {p["name"]: p for p in json.loads(out)["pools"]} if rc == 0 else {}
    p = pools.get(POOL, {})
    t.ok(p.get("state") == "active" and p.get("type") == "dir" and p.get("target") == d
         and isinstance(p.get("capacity"), int) and p["capacity"] > 0,
         "pool-list -o json: the pool, active, dir, its target, sizes in bytes", out + err)

    # two hosts: one merged list, HOST first
    rc, out, err = run(["-c", "test:///default", "-c", URI, "-o", "json", "pool-list"])
    merged = json.loads(out)["pools"] if rc == 0 else []
    t.ok({(p["host"], p["name"]) for p in merged} >= {("test:///default", "default-pool"), (URI, POOL)}
         and all(list(p)[0] == "host" for p in merged), "pool-list on two hosts: one list, host first", out + err)
    rc, out, err = run(["-c", "test:///default", "-c", URI, "image-info", "/x/y.qcow2"])
    t.ok(rc == 2 and b"acts on one host" in err, "image-info on two hosts: exit 2", err)

    a, b, c, r = (os.path.join(d, n) for n in ("a.qcow2", "b.raw", "c.qcow2", "a.raw"))
    # image-create qcow2 and raw, read back by qemu-img
    rc, out, err = vm("image-create", a, "1G")
    qi = qinfo(a)
    t.ok(rc == 0 and qi.get("format") == "qcow2" and qi.get("virtual-size") == 1 << 30,
         "image-create 1G: qemu-img info says qcow2, 1073741824 bytes", err + json.dumps(qi))
    rc, out, err = vm("-o", "json", "image-create", "--format", "raw", b, "64M")
    qi = qinfo(b)
    doc = json.loads(out) if rc == 0 and out else {}
    t.ok(rc == 0 and qi.get("format") == "raw" and qi.get("virtual-size") == 64 << 20
         and doc == {"schema_version": 1, "verb": "image-create", "result": "done", "removed": []},
         "image-create --format raw 64M: qemu-img says raw, 67108864; the JSON result", out + err + json.dumps(qi))
    rc, out, err = vm("image-create", a, "1G")
    t.ok(rc == 1 and "exists" in err and qinfo(a).get("virtual-size") == 1 << 30, "image-create of an existing image: exit 1", err)
    rc, out, err = vm("image-create", "--backing", a, c)
    qi = qinfo(c)
    t.ok(rc == 0 and qi.get("format") == "qcow2" and qi.get("backing-filename") == a
         and qi.get("backing-filename-format") == "qcow2" and qi.get("virtual-size") == 1 << 30,
         "image-create --backing: qemu-img sees the backing file, its format from the pool, its size", err + json.dumps(qi))
    rc, out, err = vm("image-create", "--backing", os.path.join(d, "nope.qcow2"), os.path.join(d, "x.qcow2"))
    t.ok(rc == 2 and "no such file" in err and not os.path.exists(os.path.join(d, "x.qcow2")),
         "image-create --backing a missing file: exit 2, nothing created", err)
    rc, out, err = vm("image-create", "--backing", c, c)
    t.ok(rc == 2 and one_line_error(err.encode()), "image-create --backing the image itself: exit 2", err)

    # image-info and image-list against qemu-img and virsh
    rc, out, err = vm("-o", "json", "image-info", c)
    info = json.loads(out) if rc == 0 else {}
    t.ok(info.get("format") == "qcow2" and info.get("capacity") == 1 << 30 and info.get("backing") == a
         and info.get("backing_format") == "qcow2" and info.get("path") == c,
         "image-info -o json agrees with qemu-img info", out + err)
    rc, out, err = vm("-o", "json", "image-list", POOL)
    listed = [i["path"] for i in json.loads(out)["images"]] if rc == 0 else []
    _, vl, _ = virsh("vol-list", POOL)
    vpaths = sorted(line.split(None, 1)[1].strip() for line in vl.splitlines() if line.strip())
    t.ok(listed == sorted([a, b, c]) and vpaths == listed, "image-list POOL: the paths virsh vol-list shows, sorted",
         out + err + vl)
    rc, out, err = vm("image-list")
    t.ok(rc == 0 and out.splitlines()[0].split() == ["NAME", "PATH", "FORMAT", "CAPACITY", "ALLOCATION"]
         and "1.00 GiB" in out, "image-list in text: a header, sizes with units", out + err)

    # convert qcow2 -> raw, data intact (a pattern written and read by qemu-io)
    rc1 = sh(["qemu-io", "-f", "qcow2", "-c", "write -P 0xa5 1M 2M", a])[0]
    rc, out, err = vm("image-convert", "--format", "raw", a, r)
    rd = sh(["qemu-io", "-f", "raw", "-c", "read -P 0xa5 1M 2M", r])
    t.ok(rc1 == 0 and rc == 0 and qinfo(r).get("format") == "raw" and rd[0] == 0 and "Pattern verification failed" not in rd[1],
         "image-convert --format raw: qemu-io reads the pattern back from the raw image", err + rd[1] + rd[2])
    rc, out, err = vm("image-convert", a, r)
    t.ok(rc == 1 and "exists" in err, "image-convert onto an existing image: exit 1", err)

    # resize: grow; shrink refused without --shrink; then allowed
    rc, out, err = vm("image-resize", b, "128M")
    t.ok(rc == 0 and qinfo(b).get("virtual-size") == 128 << 20, "image-resize 128M: qemu-img reads 134217728", err)
    rc, out, err = vm("image-resize", b, "32M")
    t.ok(rc == 1 and "--shrink" in err and qinfo(b).get("virtual-size") == 128 << 20,
         "image-resize to a smaller size: exit 1 naming --shrink, size unchanged", err)
    rc, out, err = vm("image-resize", "--shrink", b, "32M")
    t.ok(rc == 0 and qinfo(b).get("virtual-size") == 32 << 20, "image-resize --shrink 32M: qemu-img reads 33554432", err)
    rc, out, err = vm("image-resize", b, "32M")
    t.ok(rc == 0 and "nothing to do" in err, "image-resize to its size: exit 0 with a note", err)

    # delete refused while an overlay or a defined guest uses the image
    rc, out, err = vm("image-delete", a)
    t.ok(rc == 1 and c in err and os.path.exists(a), "image-delete of a backing file: exit 1 naming the overlay", err)
    xml = ("<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os>"
           "<devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='%s'/>"
           "<target dev='vda' bus='virtio'/></disk></devices></domain>" % (GUEST, r))
    xf = os.path.join(d, "..", "vmt-st1.xml")
    with open(xf, "w") as f:
        f.write(xml)
    drc, dout, derr = virsh("define", xf)
    rc, out, err = vm("image-delete", r)
    t.ok(drc == 0 and rc == 1 and GUEST in err and os.path.exists(r),
         "image-delete of a defined guest's disk: exit 1 naming the guest", derr + err)
    virsh("undefine", GUEST)
    rc, out, err = vm("-o", "json", "image-delete", r)
    _, vl, _ = virsh("vol-list", POOL)
    t.ok(rc == 0 and not os.path.exists(r) and r not in vl
         and json.loads(out) == {"schema_version": 1, "verb": "image-delete", "result": "done", "removed": [r]},
         "image-delete once unused: the file is gone, virsh vol-list lacks it, JSON names it", out + err + vl)
    rc, out, err = vm("image-delete", r)
    t.ok(rc == 3 and one_line_error(err.encode()), "image-delete of a missing image: exit 3", err)

    # a file written behind libvirt's back is found after a refresh of its pool
    late = os.path.join(d, "late.qcow2")
    sh(["qemu-img", "create", "-q", "-f", "qcow2", late, "16M"])
    rc, out, err = vm("-o", "json", "image-info", late)
    t.ok(rc == 0 and json.loads(out).get("capacity") == 16 << 20, "image-info of a file libvirt did not know yet", err)

    # bad input: one line, the contract's code, nothing made
    for argv, code, what in [
            (["image-create", os.path.join(d, "n.qcow2"), "100"], 2, "a bare SIZE"),
            (["image-create", os.path.join(d, "n.qcow2"), "1GB"], 2, "a decimal unit"),
            (["image-create", os.path.join(d, "n.qcow2"), "0"], 2, "a zero SIZE"),
            (["image-create", "--format", "vmdk", os.path.join(d, "n.vmdk"), "1G"], 2, "a format that is neither"),
            (["image-create", d + "/../n.qcow2", "1G"], 2, "a '..' component"),
            (["image-create", "/nonexistent-dir/n.qcow2", "1G"], 4, "a directory in no pool"),
            (["image-info", os.path.join(d, "nope.qcow2")], 3, "a missing image"),
            (["pool-delete", "vmt-nopool"], 3, "a missing pool"),
            (["pool-create", "a/b", "/tmp/x"], 2, "a pool name with '/'"),
            (["-r", "image-create", os.path.join(d, "n.qcow2"), "1G"], 2, "-r"),
    ]:
        rc, out, err = vm(*argv)
        t.ok(rc == code and one_line_error(err.encode()) and not os.path.exists(os.path.join(d, "n.qcow2")),
             "%s: exit %d, one line, nothing made" % (what, code), "exit %d: %s" % (rc, err))
    rc, out, err = vm("image-create", "/nonexistent-dir/n.qcow2", "1G")
    t.ok("pool-create" in err, "a directory in no pool: the message names pool-create", err)

    # the explained lines work on the real pool
    for argv in explained("qemu", ["image-info", c]):
        rc2, o2, e2 = sh(argv)
    t.ok(rc2 == 0 and "backing file: " + a in o2, "the explained 'qemu-img info' line reads the overlay", o2 + e2)
    for argv in explained("virsh", ["image-info", c]):
        rc2, o2, e2 = sh(argv)
    t.ok(rc2 == 0 and "<backingStore" in o2, "the explained virsh vol-info and vol-dumpxml lines run", o2 + e2)
    n = os.path.join(d, "q.qcow2")
    for argv in explained("qemu", ["image-create", n, "8M"]):
        rc2, o2, e2 = sh(argv)
    t.ok(rc2 == 0 and qinfo(n).get("virtual-size") == 8 << 20, "the explained 'qemu-img create' line makes the image", e2)

    # a batch keeps the pool it found; when another client replaces the pool
    # between two lines, the next image still lands (looked up once more)
    from vmtest import VMCTL
    b1, b2 = os.path.join(d, "batch1.qcow2"), os.path.join(d, "batch2.qcow2")
    p = subprocess.Popen([VMCTL, "-c", URI, "-f", "-"], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdin.write(("image-create %s 1M\n" % shlex.quote(b1)).encode())
    p.stdin.flush()
    first = p.stderr.readline()
    virsh("pool-destroy", POOL)
    virsh("pool-undefine", POOL)
    virsh("pool-create-as", POOL + "-2", "dir", "--target", d)
    try:
        p.stdin.write(("image-create %s 1M\n" % shlex.quote(b2)).encode())
        p.stdin.close()
    except BrokenPipeError:  # vmctl ended after the first line: the check below says why
        pass
    rest = p.stderr.read()
    rc = p.wait(timeout=120)
    t.ok(rc == 0 and os.path.exists(b1) and qinfo(b2).get("format") == "qcow2",
         "a batch whose pool is replaced by another client between two lines: both images made", (first + rest).decode())
    virsh("pool-destroy", POOL + "-2")
    virsh("pool-undefine", POOL + "-2")
    rc, out, err = vm("pool-create", POOL, d)
    t.ok(rc == 0, "the pool made again for what follows", err)

    # pool-delete: stopped and undefined, the files stay
    rc, out, err = vm("pool-delete", POOL)
    gone = virsh("pool-info", POOL)[0] != 0
    t.ok(rc == 0 and gone and os.path.exists(a), "pool-delete: virsh knows no such pool; the images stay", err)
    rc, out, err = vm("image-info", a)
    t.ok(rc == 4 and "pool-create" in err, "image-info once its pool is gone: exit 4 naming pool-create", err)


if __name__ == "__main__":
    main()
