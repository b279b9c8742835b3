"""The round trip's vagrant lines that are exact for two requests."""

SAME_LINE = {
    ("stop-force-t0", "vagrant"): (lambda g, a: (g, ["kill", "--", "NAME"]), "vagrant halt -f is vmctl kill"),
}
