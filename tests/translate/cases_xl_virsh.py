"""Translate cases of xl and virsh command lines people type: the config's
format decides virsh create and xl create, --config memory and vCPU changes,
options xl accepts and ignores, virsh snapshot-create and the QMP command
virsh wraps from words.  Merged into cases.py's CASES."""

CASES = {
    # domain XML is no xl.cfg, and an xl.cfg no domain XML
    "xlvirsh-virsh-create-xml": (["translate", "virsh", "create", "web1.xml"], None),
    "xlvirsh-xl-create-cfg": (["translate", "xl", "create", "web1.cfg"], None),
    "xlvirsh-xl-create-cfg-settings": (["translate", "xl", "create", "hvm.cfg",
                                        'cpus="0-3"; pci=["01:05.1","01:05.2"]'], None),
    # --config: xl keeps no definition
    "xlvirsh-virsh-setmem-config": (["translate", "virsh", "setmem", "web1", "1G", "--config"], None),
    "xlvirsh-virsh-setvcpus-config": (["translate", "virsh", "setvcpus", "web1", "4", "--config"], None),
    "xlvirsh-virsh-setvcpus-config-xl": (["--explain=xl", "translate", "virsh", "setvcpus", "web1", "4", "--config"], None),
    "xlvirsh-virsh-setvcpus-live-config": (["translate", "virsh", "setvcpus", "web1", "4", "--live", "--config"], None),
}
