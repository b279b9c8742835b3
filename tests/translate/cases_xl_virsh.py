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
    # options xl accepts and ignores, or that change only what it prints
    "xlvirsh-xl-migrate-live": (["translate", "xl", "migrate", "--live", "web1", "h2"], None),
    "xlvirsh-xl-migrate-quiet-opts": (["translate", "xl", "migrate", "-e", "--debug", "-F", "web1", "h2"], None),
    "xlvirsh-xl-restore-quiet-opts": (["translate", "xl", "restore", "-e", "-d", "-F", "/var/lib/xen/web1.save"], None),
    "xlvirsh-xl-restore-console": (["translate", "xl", "restore", "-c", "/var/lib/xen/web1.save"], None),
    "xlvirsh-xl-info-numa": (["translate", "xl", "info", "-n"], None),
    "xlvirsh-xl-info-field": (["translate", "xl", "info", "free_memory"], None),
    "xlvirsh-xl-global-print-opts": (["translate", "xl", "-v", "-t", "-T", "list"], None),
    # virsh snapshot-create
    "xlvirsh-virsh-snapshot-create-noxml": (["translate", "virsh", "snapshot-create", "web1"], None),
    "xlvirsh-virsh-snapshot-create-xml": (["translate", "virsh", "snapshot-create", "web1", "snap.xml", "--halt"], None),
    "xlvirsh-virsh-snapshot-create-redefine": (["translate", "virsh", "snapshot-create", "web1", "snap.xml",
                                                "--redefine", "--current"], None),
    # virsh qemu-monitor-command without --hmp wraps words into a QMP command
    "xlvirsh-virsh-monitor-wrap-name": (["translate", "virsh", "qemu-monitor-command", "web1", "query-status"], None),
    "xlvirsh-virsh-monitor-wrap-members": (["translate", "virsh", "qemu-monitor-command", "web1", "balloon",
                                            '"value":1073741824'], None),
    "xlvirsh-virsh-monitor-wrap-object": (["translate", "virsh", "qemu-monitor-command", "web1", "balloon",
                                           '{"value":1073741824}'], None),
    "xlvirsh-virsh-monitor-wrap-unknown": (["translate", "virsh", "qemu-monitor-command", "VM", "commandname",
                                            '"arg1":123', '"arg2":"test"'], None),
    # every option read changes the answer or is named (translate/options.py)
    "xl-list-verbose": (["translate", "xl", "list", "-v"], None),
    "xl-list-long-all": (["translate", "xl", "list", "-l"], None),
}
