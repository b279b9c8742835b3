"""openstack's exact lines that are exact for two requests (see roundtrip.py)."""


def no_uri(glob, argv):
    """The request without its -c URI: openstack acts on the cloud its --os-* options or clouds.yaml name."""
    i = glob.index("-c")
    return glob[:i] + glob[i + 2:], argv


SAME_LINE = {
    ("connect-password", "openstack"): (no_uri, "openstack has no libvirt URI"),
}
