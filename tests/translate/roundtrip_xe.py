"""The round trip's exceptions for the xe vocabulary (see roundtrip.py)."""

# xe acts on XAPI's VMs, of no one backend vmctl chooses: no -b.
TOOL_BACKEND = {}

# (case, vocabulary) -> (the request the line translates to; why)
SAME_LINE = {
    ("stop-force-t0", "xe"): (lambda g, a: (g, ["kill", "--", "NAME"]),
                              "xe vm-shutdown --force is a hard shutdown: vmctl kill"),
}
