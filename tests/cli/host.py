#!/usr/bin/env python3
"""vmctl host reports what the machine says: compared with /proc/cpuinfo,
/dev/kvm, /sys/module, /proc/xen and /sys/fs/cgroup read here directly."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import Tap, run  # noqa: E402


def main():
    t = Tap()
    rc, out, err = run(["-o", "json", "host"])
    doc = json.loads(out) if rc == 0 else {}
    t.ok(rc == 0 and doc.get("schema_version") == 1 and
         set(doc) >= {"cpu", "kvm", "libvirt", "xen", "lxc", "criu"}, "host JSON has every section", out + err)
    cpuinfo = open("/proc/cpuinfo").read()
    flags = set(re.search(r"^flags\s*:\s*(.*)$", cpuinfo, re.M).group(1).split())
    vendor = re.search(r"^vendor_id\s*:\s*(.*)$", cpuinfo, re.M).group(1)
    cpus = len(re.findall(r"^processor\s*:", cpuinfo, re.M))
    cpu = doc.get("cpu", {})
    t.ok(cpu.get("vendor") == vendor and cpu.get("cpus") == str(cpus), "cpu vendor and count match /proc/cpuinfo", cpu)
    t.ok(cpu.get("available") == bool(flags & {"vmx", "svm"}), "cpu virtualisation flag matches /proc/cpuinfo", cpu)
    kvm = doc.get("kvm", {})
    exists = os.path.exists("/dev/kvm")
    t.ok(("absent" in kvm.get("/dev/kvm", "")) == (not exists), "/dev/kvm presence matches", kvm)
    mods = [m for m in ("kvm", "kvm_intel", "kvm_amd") if os.path.isdir("/sys/module/" + m)]
    t.ok(kvm.get("modules") == (" ".join(mods) if mods else "none loaded"), "kvm modules match /sys/module", kvm)
    if kvm.get("available"):
        t.ok(kvm.get("run a guest", "").startswith("yes"), "available KVM means a guest really ran", kvm)
    caps = open("/proc/xen/capabilities").read() if os.path.exists("/proc/xen/capabilities") else ""
    t.ok(doc.get("xen", {}).get("dom0") == ("yes" if "control_d" in caps else "no"), "xen dom0 matches /proc/xen", doc.get("xen"))
    lxc = doc.get("lxc", {})
    if os.path.exists(os.path.join(os.environ.get("VMCTL_MODULE_DIR", os.path.dirname(os.environ.get("VMCTL", "")) + "/modules"),
                                   "vmctl-lxc.so")):
        layout = "v2" if os.path.exists("/sys/fs/cgroup/cgroup.controllers") else \
            "hybrid" if os.path.exists("/sys/fs/cgroup/unified/cgroup.controllers") else "v1"
        t.ok(lxc.get("cgroups", "").startswith(layout), "lxc cgroup layout matches /sys/fs/cgroup", lxc)
        t.ok(lxc.get("privileged", "").startswith("yes" if os.geteuid() == 0 else "no"), "privileged matches euid", lxc)
    rc, out, err = run(["host"])
    t.ok(rc == 0 and out.startswith(b"cpu: ") and b"\nkvm: " in out and b"\nlibvirt: " in out, "host text sections", out + err)
    rc, out, err = run(["host", "extra"])
    t.ok(rc == 2, "host takes no operand", err)
    t.done()


if __name__ == "__main__":
    main()
