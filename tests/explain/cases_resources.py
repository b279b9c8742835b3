"""Explain cases of libvirt's host resources: storage pools, disk images and
networks (issue 19).  NAME runs a case through the quoting variants: kept to
three cases (two paths, a network's XML), since every golden run costs about
a second of the valgrind pass."""

CASES = {
    "pool-list": ([], ["pool-list"]),
    "pool-create": ([], ["pool-create", "big", "/srv/vm pools/web1"]),
    "pool-create-default": ([], ["pool-create", "default", "/var/lib/libvirt/images"]),
    "pool-delete": ([], ["pool-delete", "big"]),
    "image-list": ([], ["image-list"]),
    "image-list-pool": ([], ["image-list", "default"]),
    "image-create": ([], ["image-create", "/var/lib/libvirt/images/NAME.qcow2", "10G"]),
    "image-create-raw": ([], ["image-create", "--format", "raw", "/srv/img/web1.img", "1536M"]),
    "image-create-backing": ([], ["image-create", "--backing", "/srv/img/base.qcow2", "/srv/img/web1.qcow2"]),
    "image-create-backing-format": ([], ["image-create", "--backing", "/srv/img/base.img", "--backing-format", "raw",
                                         "/srv/img/web1.qcow2", "20G"]),
    "image-info": ([], ["image-info", "/var/lib/libvirt/images/web1.qcow2"]),
    "image-resize": ([], ["image-resize", "/srv/img/web1.qcow2", "20G"]),
    "image-resize-shrink": ([], ["image-resize", "--shrink", "/srv/img/web1.qcow2", "512M"]),
    "image-convert": ([], ["image-convert", "/srv/img/NAME.qcow2", "/srv/img/NAME.raw", "--format", "raw"]),
    "image-convert-qcow2": ([], ["image-convert", "/srv/img/web1.img", "/var/lib/libvirt/images/web1.qcow2"]),
    "image-delete": ([], ["image-delete", "/srv/img/web1.qcow2"]),
}

# virtual networks
CASES.update({
    "net-list": ([], ["net-list"]),
    "net-info": ([], ["net-info", "--", "web1"]),
    "net-create": ([], ["net-create", "--", "web1"]),
    "net-create-full": ([], ["net-create", "--bridge", "br1", "--subnet", "192.168.100.0/24", "--dhcp", "--", "NAME"]),
    "net-create-isolated": ([], ["net-create", "--forward", "none", "--subnet", "10.9.8.1/29", "--dhcp", "lab"]),
    "net-create-route": ([], ["net-create", "--forward", "route", "--subnet", "10.20.0.0/16", "lab"]),
    "net-delete": ([], ["net-delete", "--", "web1"]),
    "net-delete-force": ([], ["net-delete", "--force", "--", "web1"]),
    "net-start": ([], ["net-start", "--", "web1"]),
    "net-stop": ([], ["net-stop", "--", "web1"]),
})
