"""Explain cases of libvirt's host resources: storage pools and disk images
(issue 19).  NAME in a path runs the path through the quoting variants."""

CASES = {
    "pool-list": ([], ["pool-list"]),
    "pool-create": ([], ["pool-create", "big", "/srv/vm pools/NAME"]),
    "pool-create-default": ([], ["pool-create", "default", "/var/lib/libvirt/images"]),
    "pool-delete": ([], ["pool-delete", "big"]),
    "image-list": ([], ["image-list"]),
    "image-list-pool": ([], ["image-list", "default"]),
    "image-create": ([], ["image-create", "/var/lib/libvirt/images/NAME.qcow2", "10G"]),
    "image-create-raw": ([], ["image-create", "--format", "raw", "/srv/img/NAME.img", "1536M"]),
    "image-create-backing": ([], ["image-create", "--backing", "/srv/img/base.qcow2", "/srv/img/NAME.qcow2"]),
    "image-create-backing-format": ([], ["image-create", "--backing", "/srv/img/base.img", "--backing-format", "raw",
                                         "/srv/img/NAME.qcow2", "20G"]),
    "image-info": ([], ["image-info", "/var/lib/libvirt/images/NAME.qcow2"]),
    "image-resize": ([], ["image-resize", "/srv/img/NAME.qcow2", "20G"]),
    "image-resize-shrink": ([], ["image-resize", "--shrink", "/srv/img/NAME.qcow2", "512M"]),
    "image-convert": ([], ["image-convert", "/srv/img/NAME.qcow2", "/srv/img/NAME.raw", "--format", "raw"]),
    "image-convert-qcow2": ([], ["image-convert", "/srv/img/NAME.img", "/var/lib/libvirt/images/NAME.qcow2"]),
    "image-delete": ([], ["image-delete", "/srv/img/NAME.qcow2"]),
}

# virtual networks
CASES.update({
    "net-list": ([], ["net-list"]),
    "net-info": ([], ["net-info", "--", "NAME"]),
    "net-create": ([], ["net-create", "--", "NAME"]),
    "net-create-full": ([], ["net-create", "--bridge", "br1", "--subnet", "192.168.100.0/24", "--dhcp", "--", "NAME"]),
    "net-create-isolated": ([], ["net-create", "--forward", "none", "--subnet", "10.9.8.1/29", "--dhcp", "lab"]),
    "net-create-route": ([], ["net-create", "--forward", "route", "--subnet", "10.20.0.0/16", "lab"]),
    "net-delete": ([], ["net-delete", "--", "NAME"]),
    "net-delete-force": ([], ["net-delete", "--force", "--", "NAME"]),
    "net-start": ([], ["net-start", "--", "NAME"]),
    "net-stop": ([], ["net-stop", "--", "NAME"]),
})
