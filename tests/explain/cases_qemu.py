"""The explain cases of the qemu subject: the QEMU monitor is libvirt's QEMU
driver's alone (merged into cases.py's CASES)."""

CASES = {
    "qemu-uri-lxc": (["--explain=virsh,qemu", "-c", "lxc:///system"], ["pause", "--", "NAME"]),
    "qemu-uri-xen-only": (["--explain=qemu", "-c", "xen:///system"], ["stop", "--", "NAME"]),
    "qemu-uri-test-only": (["--explain=qemu", "-c", "test:///default"], ["info", "--", "NAME"]),
    "qemu-uri-qemu-ssh-only": (["--explain=qemu", "-c", "qemu+ssh://h1/system"], ["reboot", "--", "NAME"]),
    "qemu-backend-xen-only": (["--explain=qemu", "-b", "xen"], ["pause", "--", "NAME"]),
    "qemu-backend-lxc-only": (["--explain=qemu", "-b", "lxc"], ["resume", "--", "NAME"]),
    "qemu-backend-openvz": (["--explain=vzctl,qemu", "-b", "openvz"], ["kill", "--", "NAME"]),
}
