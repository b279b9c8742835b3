"""The translate cases of the qemu subject (merged into cases.py's CASES)."""

CASES = {
    # the libvirt driver decides whether there is a monitor
    "qemu-monitor-lxc-uri": (["translate", "virsh", "-c", "lxc:///system", "suspend", "web1"], None),
    "qemu-monitor-xen-uri": (["--explain=qemu", "translate", "virsh", "-c", "xen:///system", "resume", "web1"], None),
    # the monitor's info
    "qemu-hmp-info-cpu": (["translate", "hmp", "web1", "info", "cpu"], None),
    "qemu-hmp-info-unknown": (["translate", "hmp", "web1", "info", "xyzzy"], None),
}
