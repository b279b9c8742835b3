"""The translate cases of the qemu subject (merged into cases.py's CASES)."""

CASES = {
    # the libvirt driver decides whether there is a monitor
    "qemu-monitor-lxc-uri": (["translate", "virsh", "-c", "lxc:///system", "suspend", "web1"], None),
    "qemu-monitor-xen-uri": (["--explain=qemu", "translate", "virsh", "-c", "xen:///system", "resume", "web1"], None),
    # the monitor's info
    "qemu-hmp-info-cpu": (["translate", "hmp", "web1", "info", "cpu"], None),
    "qemu-hmp-info-unknown": (["translate", "hmp", "web1", "info", "xyzzy"], None),
    # item 3: QEMU's queries start no guest
    "qemu-query-machine": (["translate", "qemu-system-x86_64", "-M", "help"], None),
    "qemu-query-machine-long": (["translate", "qemu-system-x86_64", "-machine", "help"], None),
    "qemu-query-cpu": (["translate", "qemu-system-x86_64", "-cpu", "?"], None),
    "qemu-query-device": (["translate", "qemu-system-x86_64", "-device", "virtio-net-pci,help"], None),
    "qemu-query-version": (["translate", "qemu-system-x86_64", "--version"], None),
    # item 7: -netdev with -device: the NIC given, on its own backend
    "qemu-netdev-virtio": (["translate", "qemu-system-x86_64", "-m", "1G", "-hda", "/img/web1.img",
                            "-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56"], None),
    "qemu-netdev-bridge-tap": (["translate", "qemu-system-x86_64", "-name", "two", "-hda", "/img/two.img",
                                "-netdev", "bridge,br=br1,id=b", "-device", "e1000,netdev=b",
                                "-netdev", "tap,id=t,ifname=tap3,script=no", "-device", "rtl8139,netdev=t"], None),
    "qemu-netdev-unused": (["translate", "qemu-system-x86_64", "-hda", "/img/a.img", "-netdev", "user,id=n0"], None),
    "qemu-netdev-socket": (["translate", "qemu-system-x86_64", "-hda", "/img/a.img",
                            "-netdev", "socket,id=s,listen=:1234", "-device", "e1000,netdev=s"], None),
    "qemu-netdev-missing": (["translate", "qemu-system-x86_64", "-device", "virtio-net-pci,netdev=zz"], None),
    "qemu-nic-two-backends": (["translate", "qemu-system-x86_64", "-hda", "/img/a.img", "-nic", "user,model=virtio-net-pci",
                               "-nic", "bridge,br=br0"], None),
    # item 8: a host block device
    "qemu-block-device": (["translate", "qemu-system-x86_64", "-m", "1G", "-hda", "/dev/sdb", "-cdrom", "/dev/sr0"], None),
    # drives QEMU reaches over the network are not files; a floppy is not translated
    "qemu-drive-network": (["translate", "qemu-system-x86_64", "-hda", "/img/a.img",
                            "-drive", "file=iscsi://192.0.2.1/iqn.2001-04.com.example/1", "-cdrom", "https://example.org/d.iso"], None),
    "qemu-drive-floppy": (["translate", "qemu-system-x86_64", "-hda", "/img/a.img", "-drive", "file=/img/f.img,if=floppy"], None),
    "qemu-drive-bad-if": (["translate", "qemu-system-x86_64", "-drive", "file=/img/f.img,if=usb"], None),
    "qemu-qcow2-by-name": (["translate", "qemu-system-x86_64", "-drive", "file=/tmp/test.qcow2"], None),
    "qemu-audio": (["translate", "qemu-system-x86_64", "-hda", "/img/a.img", "-audio", "pa,model=sb16"], None),
}
