"""The qm vocabulary's lines that are exact for two requests (see roundtrip.py)."""

SAME_LINE = {
    ("stop-force-t0", "qm"): (lambda g, a: (g, ["kill", "--", "NAME"]),
                              "qm stop is vmctl kill: --force with --timeout 0 kills at once"),
}
