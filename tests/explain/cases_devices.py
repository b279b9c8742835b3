"""Explain cases of a guest's devices: disk-list, disk-attach, disk-detach,
nic-list, nic-attach, nic-detach, vcpu-list, vcpu-pin, display (issue 18).
A SOURCE or TARGET under /dev/ is a device node to the container
vocabularies, anything else a directory or file to bind-mount."""

MAC = "52:54:00:12:34:56"

CASES = {
    "disk-list": ([], ["disk-list", "--", "NAME"]),
    "disk-attach": ([], ["disk-attach", "--", "NAME", "/srv/vm/data.img", "vdb"]),
    "disk-attach-opts": ([], ["disk-attach", "--live", "--config", "--mode", "readonly", "--format", "qcow2",
                              "web1", "/srv/vm/data.qcow2", "vdc"]),
    "disk-attach-live-shareable": ([], ["disk-attach", "--live", "--mode", "shareable", "web1", "/dev/vg0/data",
                                        "/dev/xvdb"]),
    "disk-attach-config-dev": ([], ["disk-attach", "--config", "web1", "/dev/sdb", "/dev/sdb"]),
    "disk-attach-cdrom": ([], ["disk-attach", "--device", "cdrom", "web1", "/iso/d.iso", "sdb"]),
    "disk-attach-comma": ([], ["disk-attach", "web1", "/srv/vm/a,b c.img", "vdb"]),
    "disk-attach-dir": ([], ["disk-attach", "--live", "ct1", "/srv/data", "/mnt/data"]),
    "disk-attach-dir-config": ([], ["disk-attach", "--config", "--mode", "readonly", "ct1", "/srv/data", "/mnt/data"]),
    "disk-attach-lxc-uri": (["-c", "lxc:///system"], ["disk-attach", "ct1", "/dev/sdb", "/dev/sdb"]),
    "disk-detach": ([], ["disk-detach", "--", "NAME", "vdb"]),
    "disk-detach-config": ([], ["disk-detach", "--config", "web1", "vdb"]),
    "disk-detach-dev": ([], ["disk-detach", "--live", "--timeout", "10", "ct1", "/dev/sdb"]),
    "nic-list": ([], ["nic-list", "--", "NAME"]),
    "nic-attach": ([], ["nic-attach", "--", "NAME", "default"]),
    "nic-attach-bridge": ([], ["nic-attach", "--live", "--mac", MAC, "--model", "e1000", "web1", "bridge=br0"]),
    "nic-attach-bridge-config": ([], ["nic-attach", "--config", "web1", "bridge=br0"]),
    "nic-attach-dev": ([], ["nic-attach", "--live", "ct1", "dev=eth1"]),
    "nic-attach-dev-config": ([], ["nic-attach", "--config", "--mac", MAC, "ct1", "dev=eth1"]),
    "nic-attach-lxc-uri": (["-c", "lxc:///system"], ["nic-attach", "ct1", "bridge=br0"]),
    "nic-detach": ([], ["nic-detach", "--", "NAME", MAC]),
    "nic-detach-both": ([], ["nic-detach", "--live", "--config", "web1", MAC]),
    "vcpu-list": ([], ["vcpu-list", "--", "NAME"]),
    "vcpu-pin": ([], ["vcpu-pin", "--", "NAME", "0", "0-3,6"]),
    "vcpu-pin-live": ([], ["vcpu-pin", "--live", "web1", "1", "2"]),
    "vcpu-pin-config": ([], ["vcpu-pin", "--config", "web1", "1", "2"]),
    "display": ([], ["display", "--", "NAME"]),
    "display-uri": (["-c", "qemu+ssh://admin:s3cret@h1/system"], ["display", "web1"]),
}
