"""The qm vocabulary's lines that are exact for two requests (see roundtrip.py)."""

SAME_LINE = {
    ("stop-force-t0", "qm"): (lambda g, a: (g, ["kill", "--", "NAME"]),
                              "qm stop is vmctl kill: --force with --timeout 0 kills at once"),
}


def _live(g, a):
    """--live after the verb: the tool changes the running guest only."""
    return g, a[:1] + ["--live"] + a[1:]


# The qm- explain cases (tests/explain/cases_qm.py) repeat shared cases with a
# VMID; the other vocabularies' lines that are exact for two requests there
# are the same as for the shared cases in roundtrip.py's SAME_LINE.
SAME_LINE.update({
    ("qm-create-vm", "virsh"): (lambda g, a: (g, ["create", "--from", "101.xml"]),
                                "virsh define FILE: the spec is in FILE, which --explain writes out beside the line"),
    ("qm-delete-force-storage", "lxc"): (lambda g, a: (g, [w for w in a if w != "--storage"]),
                                         "lxc-destroy -s deletes the snapshots, the rootfs goes in any case"),
    ("qm-disk-attach-opts", "xl"): (_live, "xl block-attach changes the running domain only: --live"),
    ("qm-disk-detach", "xl"): (_live, "xl block-detach changes the running domain only: --live"),
    ("qm-disk-detach-sdb", "xl"): (_live, "xl block-detach changes the running domain only: --live"),
    ("qm-nic-attach-bridge", "xl"): (_live, "xl network-attach changes the running domain only: --live"),
    ("qm-vcpu-pin", "xl"): (_live, "xl vcpu-pin changes the running domain only: --live"),
    # the pct vocabulary's line for the qm case (merged after both were written)
    ("qm-delete-force-storage", "pct"): (lambda g, a: (g, ["delete", "--force", "101"]),
                                         "pct destroy always deletes the container's volumes: --storage adds nothing"),
})
