"""The incus lines --explain calls exact for two requests (see roundtrip.py's
SAME_LINE): incus has no libvirt URI and no LXC path, and its stop --force
kills at once whatever the timeout."""

# incus is both containers and VMs: no backend of its own (TOOL_BACKEND none).
TOOL_BACKEND = {}


def _drop(opt):
    """The request without the global option opt and its value."""
    def change(glob, argv):
        i = glob.index(opt)
        return glob[:i] + glob[i + 2:], argv
    return change


SAME_LINE = {
    ("stop-force-t0", "incus"): (lambda g, a: (g, ["kill", "--", "NAME"]),
                                 "incus stop --force kills at once: vmctl kill"),
    ("connect-password", "incus"): (_drop("-c"), "incus has no libvirt URI"),
    ("lxcpath", "incus"): (_drop("-P"), "incus has no LXC path"),
    ("events-uri", "incus"): (_drop("-c"), "incus monitor has no libvirt URI"),
    ("exec-lxc-uri", "incus"): (_drop("-c"), "incus exec has no libvirt URI"),
    ("exec-lxc-uri-path", "incus"): (_drop("-c"), "incus exec has no libvirt URI"),
}
