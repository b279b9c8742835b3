"""Explain cases of a guest's definition: create, delete, config, autostart,
rename (issue 17).  NAME (the quoting variants) only where a name reaches
a configuration fragment (domain XML, xl.cfg) or a file path."""

CASES = {
    "create": ([], ["create", "--", "NAME"]),
    "create-vm": ([], ["create", "--memory", "1G", "--vcpus", "2", "--disk", "/var/lib/libvirt/images/web1.qcow2",
                       "--cdrom", "/iso/debian.iso", "--network", "default", "web1"]),
    "create-kernel": ([], ["create", "--kernel", "/srv/boot/vmlinuz", "--initrd", "/srv/boot/initrd.img",
                           "--cmdline", "console=ttyS0 root=/dev/vda", "--disk", "/srv/vm/pv1.img",
                           "--network", "bridge=xenbr0", "pv1"]),
    "create-template": ([], ["create", "--template", "busybox", "--memory", "256M", "--vcpus", "2", "101"]),
    "create-lxc-uri": (["-c", "lxc:///system"], ["create", "--disk", "/srv/ct/root", "--cmdline", "/bin/sh -l",
                                                  "--network", "default", "ct1"]),
    "create-from": ([], ["create", "--from", "/srv/vm/web1.xml"]),
    "delete": ([], ["delete", "--", "NAME"]),
    "delete-force-storage": ([], ["delete", "--force", "--storage", "web1"]),
    "config": ([], ["config", "web1"]),
    "config-inactive": ([], ["config", "--inactive", "web1"]),
    "autostart": ([], ["autostart", "web1", "on"]),
    "autostart-off": ([], ["autostart", "101", "off"]),
    "rename": ([], ["rename", "web1", "web2"]),
}
