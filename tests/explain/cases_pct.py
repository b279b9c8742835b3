"""Explain cases for the pct vocabulary (Proxmox VE 8 containers): what the
shared cases do not show with a VMID (see cases.py for the form)."""

CASES = {
    # pct suspend/resume checkpoint into /var/lib/vz/dump only: exact there
    "pct-save-dump": ([], ["save", "100", "/var/lib/vz/dump"]),
    "pct-restore-dump": ([], ["restore", "/var/lib/vz/dump", "100"]),
    # a template volume as pct create takes it, with the spec pct can say
    "pct-create-volid": ([], ["create", "--template", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
                              "--memory", "1G", "--vcpus", "2", "--network", "bridge=vmbr0", "100"]),
    # a device node passed through (pct set --devN), read-only
    "pct-disk-attach-dev": ([], ["disk-attach", "--live", "--config", "--mode", "readonly", "100", "/dev/ttyUSB0",
                                 "/dev/ttyUSB0"]),
    # pct shutdown's --timeout
    "pct-stop-timeout": ([], ["stop", "--timeout", "30", "--force", "100"]),
    # the shared cases name these guests web1 or ct1, which pct refuses: the same with a VMID
    "pct-config": ([], ["config", "100"]),
    "pct-config-inactive": ([], ["config", "--inactive", "100"]),
    "pct-autostart": ([], ["autostart", "100", "on"]),
    "pct-rename": ([], ["rename", "100", "web2"]),
    "pct-delete-force-storage": ([], ["delete", "--force", "--storage", "100"]),
    "pct-disk-attach-dir": ([], ["disk-attach", "--live", "--config", "100", "/srv/data", "/mnt/data"]),
    "pct-nic-attach-bridge": ([], ["nic-attach", "--live", "--config", "--mac", "52:54:00:12:34:56", "100",
                                   "bridge=vmbr0"]),
    "pct-nic-attach-dev": ([], ["nic-attach", "100", "dev=eth1"]),
    "pct-vcpu-pin": ([], ["vcpu-pin", "100", "1", "2"]),
    "pct-exec-quoting": ([], ["exec", "100", "--", "sh", "-c", "echo \"$HOME\" 'x'"]),
    "pct-image-list-pool": ([], ["image-list", "local-lvm"]),
}
