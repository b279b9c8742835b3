"""The round trip of the pct vocabulary: pct acts on Proxmox's LXC
containers, so translate writes -b lxc in the vmctl form; the lines that
--explain calls exact for two requests."""


def _kill(glob, argv):
    return glob, ["kill", "--", "NAME"]


def _no_uri(glob, argv):
    i = glob.index("-c")
    return glob[:i] + glob[i + 2:], argv


TOOL_BACKEND = {"pct": "lxc"}

SAME_LINE = {
    ("stop-force-t0", "pct"): (_kill, "pct stop kills at once: vmctl kill"),
    ("exec-lxc-uri", "pct"): (_no_uri, "pct has no libvirt URI"),
}
