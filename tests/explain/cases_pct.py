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
}
