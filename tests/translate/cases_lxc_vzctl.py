"""Translate cases for lxc-* and vzctl/vzlist/vzmigrate: what people really
type (see cases.py for the form)."""

CASES = {
    # vzctl 4.11 set: each short option of PARAM_LINE is its long parameter
    "vzctl-set-short-e-numiptent": (["translate", "vzctl", "set", "101", "-e", "128"], None),
    "vzctl-set-short-p-numproc": (["translate", "vzctl", "set", "101", "-p", "80:100"], None),
    "vzctl-set-short-f-numflock": (["translate", "vzctl", "set", "101", "-f", "100:110"], None),
    "vzctl-set-short-t-numpty": (["translate", "vzctl", "set", "101", "-t", "16:20"], None),
    "vzctl-set-short-i-numsiginfo": (["translate", "vzctl", "set", "101", "-i", "256"], None),
    "vzctl-set-short-l-lockedpages": (["translate", "vzctl", "set", "101", "-l", "256"], None),
    "vzctl-set-short-k-kmemsize": (["translate", "vzctl", "set", "101", "-k", "14M:16M"], None),
    "vzctl-set-short-b-tcprcvbuf": (["translate", "vzctl", "set", "101", "-b", "1720320"], None),
    "vzctl-set-short-n-numfile": (["translate", "vzctl", "set", "101", "-n", "2048"], None),
    "vzctl-set-short-x-dcachesize": (["translate", "vzctl", "set", "101", "-x", "1M"], None),
    "vzctl-set-short-a-refused": (["translate", "vzctl", "set", "101", "-a", "180"], None),
    "vzctl-set-short-h-refused": (["translate", "vzctl", "set", "101", "-h"], None),
    "vzctl-set-short-unknown": (["translate", "vzctl", "set", "101", "-z", "1"], None),
    "vzctl-set-short-missing-value": (["translate", "vzctl", "set", "101", "--save", "-t"], None),
    "vzctl-set-man-example": (["translate", "vzctl set 1000 --numproc 80:100 -t 16:20 --save"], None),
    "vzctl-set-short-with-cpus": (["translate", "vzctl", "set", "101", "--cpus", "2", "-t16:20", "-p", "80:100", "--save"], None),
}
CASES.update({
    # vzctl snapshot-switch/-delete: the vzctl column shows the very command
    "vzctl-snapshot-switch-uuid": (["translate", "vzctl", "snapshot-switch", "1000", "--id", "5f2e6c6a-1b4e-4b1e-9d1c-0c8a8e3b2f11"], None),
    "vzctl-snapshot-delete-uuid": (["translate", "vzctl", "snapshot-delete", "1000", "--uuid={5f2e6c6a-1b4e-4b1e-9d1c-0c8a8e3b2f11}"], None),
})
CASES.update({
    # vzmigrate 4.11 documents --live (--online its old alias)
    "vzmigrate-live": (["translate", "vzmigrate", "--live", "h2", "101"], None),
    "vzmigrate-verbose-times": (["translate", "vzmigrate", "-v", "-t", "--ssh-mux", "-r", "yes", "--live", "h2", "101"], None),
})
CASES.update({
    # lxc-checkpoint 5.0: -d/-F choose how a restore runs; -v; what my_checker refuses
    "lxc-checkpoint-restore-foreground": (["translate", "lxc-checkpoint", "-r", "-n", "web1", "-D", "/var/lib/vmctl/web1.ckpt", "-F"], None),
    "lxc-checkpoint-restore-daemon-verbose": (["translate", "lxc-checkpoint", "-r", "-d", "-v", "-n", "web1", "-D", "/var/lib/vmctl/web1.ckpt"], None),
    "lxc-checkpoint-foreground-without-restore": (["translate", "lxc-checkpoint", "-n", "web1", "-D", "/var/lib/vmctl/web1.ckpt", "-F"], None),
    "lxc-checkpoint-restore-stop-refused": (["translate", "lxc-checkpoint", "-r", "-s", "-n", "web1", "-D", "/var/lib/vmctl/web1.ckpt"], None),
    "lxc-checkpoint-restore-predump-dir": (["translate", "lxc-checkpoint", "-r", "--predump-dir", "/var/lib/vmctl/pre", "-n", "web1", "-D", "/var/lib/vmctl/web1.ckpt"], None),
})
CASES.update({
    # lxc-info 5.0: -c KEY alone prints a configuration item; -n is literal
    "lxc-info-config-only": (["translate", "lxc-info", "-n", "foo", "-c", "lxc.net.0.veth.pair"], None),
    "lxc-info-config-with-state": (["translate", "lxc-info", "-n", "foo", "-s", "-c", "lxc.net.0.veth.pair"], None),
    "lxc-info-regex-name": (["translate", "lxc-info", "-n", "ubuntu.*"], None),
    "lxc-info-dotted-name": (["translate", "lxc-info", "-H", "-n", "web.example.org"], None),
    # lxc-cgroup reading an item: only what vmctl info shows is info
    "lxc-cgroup-read-devices-list": (["translate", "lxc-cgroup", "-n", "foo", "devices.list"], None),
    "lxc-cgroup-read-memory-current": (["translate", "lxc-cgroup", "-n", "foo", "memory.current"], None),
})
CASES.update({
    # tools that manage guests but are no vocabulary: exit 4, no did-you-mean
    "other-tool-qm": (["translate", "qm", "start", "100"], None),
    "other-tool-pct": (["translate", "pct", "start", "100"], None),
    "other-tool-xe": (["translate", "xe", "vm-start", "vm=web1"], None),
    "other-tool-incus": (["translate", "incus", "start", "web1"], None),
    "other-tool-vagrant": (["translate", "vagrant", "up"], None),
    "other-tool-openstack": (["translate", "openstack", "server", "start", "web1"], None),
    "other-tool-prlctl": (["translate", "prlctl", "start", "101"], None),
    "vzctl-rm-means-destroy": (["translate", "vzctl", "rm", "101"], None),
})

CASES.update({
    # every option read changes the answer or is named (translate/options.py)
    "lxc-ls-plain": (["translate", "lxc-ls"], None),
    "lxc-ls-fancy-line": (["translate", "lxc-ls", "-1", "--fancy"], None),
    "lxc-ls-name": (["translate", "lxc-ls", "-n", "web1"], None),
    "lxc-start-daemon": (["translate", "lxc-start", "-n", "web1", "-d"], None),
    "lxc-start-fg-then-daemon": (["translate", "lxc-start", "-n", "web1", "-F", "-d"], None),
    "lxc-console-tty-escape": (["translate", "lxc-console", "-n", "web1", "-t", "1", "-e", "a"], None),
    "vzctl-chkpnt-suspend-dumpfile": (["translate", "vzctl", "chkpnt", "101", "--suspend", "--dumpfile", "/vz/d"], None),
    "vzlist-running": (["translate", "vzlist"], None),
})
