"""Explain cases of the xl and virsh vocabularies: the format of a CONFIG
told by its name, and --config memory and vCPU changes.  Merged into
cases.py's CASES."""

CASES = {
    "xlvirsh-start-from-xml": ([], ["start", "--from", "/srv/vm/NAME.xml"]),
    "xlvirsh-start-from-xml-xl": (["--explain=xl"], ["start", "--from", "/srv/vm/web1.xml"]),
    "xlvirsh-start-from-cfg-virsh": (["--explain=virsh"], ["start", "--from", "/srv/vm/web1.cfg"]),
    "xlvirsh-start-from-etc-xen": ([], ["start", "--from", "/etc/xen/web1"]),
    "xlvirsh-start-from-hvm": ([], ["start", "--from", "/srv/vm/win.hvm"]),
    "xlvirsh-start-from-unknown": ([], ["start", "--from", "/srv/vm/web1.img"]),
    "xlvirsh-vcpu-set-config-xl": (["--explain=xl"], ["vcpu-set", "--config", "--", "NAME", "4"]),
    "xlvirsh-mem-set-config-xl": (["--explain=xl"], ["mem-set", "--config", "--", "NAME", "2G"]),
}
