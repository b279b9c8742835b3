"""Explain cases for the qm vocabulary (issue 21): the verbs with the VMID
101, where the shared cases name the guest web1 (which qm refuses)."""

CASES = {
    "qm-create-vm": ([], ["create", "--memory", "1G", "--vcpus", "2", "--disk", "/var/lib/vz/images/101/a.qcow2",
                          "--cdrom", "/iso/debian.iso", "--network", "bridge=vmbr0", "101"]),
    "qm-delete-force-storage": ([], ["delete", "--force", "--storage", "101"]),
    "qm-config": ([], ["config", "101"]),
    "qm-config-inactive": ([], ["config", "--inactive", "101"]),
    "qm-autostart": ([], ["autostart", "101", "on"]),
    "qm-rename": ([], ["rename", "101", "web2"]),
    "qm-disk-attach-opts": ([], ["disk-attach", "--mode", "readonly", "--format", "qcow2", "101",
                                 "/srv/vm/data.qcow2", "vdc"]),
    "qm-disk-detach": ([], ["disk-detach", "101", "scsi1"]),
    "qm-disk-detach-sdb": ([], ["disk-detach", "101", "sdb"]),
    "qm-nic-attach-bridge": ([], ["nic-attach", "--mac", "52:54:00:12:34:56", "--model", "e1000", "101",
                                  "bridge=vmbr1"]),
    "qm-vcpu-pin": ([], ["vcpu-pin", "101", "0", "2-3"]),
    "qm-stop-timeout": ([], ["stop", "--timeout", "120", "101"]),
    "qm-stop-all": ([], ["stop", "--all"]),
    "qm-start-all": ([], ["start", "--all"]),
    "qm-pause-all": ([], ["pause", "--all"]),
    "qm-cd-eject": ([], ["cd-change", "--eject", "101", "hdc"]),
    "qm-wait-t0": ([], ["wait", "--state", "shutoff", "--timeout", "0", "101"]),
    "qm-lxc-backend": (["-b", "lxc"], ["start", "101"]),
}
