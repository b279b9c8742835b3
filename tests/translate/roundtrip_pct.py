"""The round trip of the pct vocabulary: pct acts on Proxmox's LXC
containers, so translate writes -b lxc in the vmctl form; the lines that
--explain calls exact for two requests."""


def _kill(glob, argv):
    return glob, ["kill", "--", "NAME"]


def _live(glob, argv):
    return glob, argv[:1] + ["--live"] + argv[1:]


def _no_guest(glob, argv):
    return glob, argv[:-1]


def _no_uri(glob, argv):
    i = glob.index("-c")
    return glob[:i] + glob[i + 2:], argv


TOOL_BACKEND = {"pct": "lxc"}

SAME_LINE = {
    ("stop-force-t0", "pct"): (_kill, "pct stop kills at once: vmctl kill"),
    ("exec-lxc-uri", "pct"): (_no_uri, "pct has no libvirt URI"),
    ("pct-delete-force-storage", "pct"): (lambda g, a: (g, ["delete", "--force", "100"]),
                                          "pct destroy always deletes the container's volumes: --storage adds nothing"),
    # the other vocabularies' lines for the pct explain cases, as for the shared cases of roundtrip.py
    ("pct-restore-dump", "xl"): (_no_guest, "xl restore takes the guest's name from the saved file"),
    ("pct-restore-dump", "virsh"): (_no_guest, "virsh restore takes the guest's name from the saved file"),
    ("pct-create-volid", "lxc"): (lambda g, a: (g, ["create", "--template", a[2], "100"]),
                                  "the limits are config items explain lists after lxc-create"),
    ("pct-delete-force-storage", "lxc"): (lambda g, a: (g, ["delete", "--force", "100"]),
                                          "lxc-destroy always deletes the rootfs: --storage adds nothing"),
    ("pct-nic-attach-dev", "lxc"): (_live, "lxc-device changes the running container only: --live"),
    ("pct-vcpu-pin", "xl"): (_live, "xl vcpu-pin changes the running domain only: --live"),
}
