"""Explain cases of watching and reaching in: wait, events, top, exec
(issue 20).  wait and events show the libvirt event stream and the LXC
monitor; top the bulk statistics; exec the guest agent, libvirt-LXC's
namespaces, lxc-attach and vzctl exec2."""

URI = "qemu+ssh://admin:s3cret@h1/system"

CASES = {
    "wait": ([], ["wait", "--state", "running", "--", "NAME"]),
    "wait-timeout": ([], ["wait", "--state", "shutoff", "--timeout", "30", "--", "NAME"]),
    "wait-t0": ([], ["wait", "--state", "paused", "--timeout", "0", "web1"]),
    "wait-crashed": ([], ["wait", "--state", "crashed", "web1"]),
    "wait-starting": ([], ["wait", "--state", "starting", "web1"]),
    "wait-stopping": ([], ["wait", "--state", "stopping", "web1"]),
    "wait-suspended": ([], ["wait", "--state", "suspended", "web1"]),
    "wait-lxcpath": (["-P", "/srv/lxc"], ["wait", "--state", "running", "ct1"]),
    "events": ([], ["events"]),
    "events-guest": ([], ["events", "--", "NAME"]),
    "events-count1": ([], ["events", "--count", "1", "web1"]),
    "events-count-timeout": ([], ["events", "--timeout", "10", "--count", "5", "web1"]),
    "events-regex": ([], ["events", "web.1+"]),
    "events-uri": (["-c", URI], ["events"]),
    "top": ([], ["top"]),
    "top-opts": ([], ["top", "--interval", "5", "--count", "3", "--sort", "mem"]),
    "top-once": ([], ["top", "--once", "--sort", "name"]),
    "top-uri": (["-c", URI], ["top", "--interval", "1"]),
    "top-lxcpath": (["-P", "/srv/lxc"], ["top"]),
    "exec": ([], ["exec", "--", "NAME", "--", "uname", "-a"]),
    "exec-quoting": ([], ["exec", "web1", "--", "sh", "-c", "echo \"$HOME\" 'x'"]),
    "exec-one-word": ([], ["exec", "web1", "--", "/bin/true"]),
    "exec-lxc-uri": (["-c", "lxc:///system"], ["exec", "--", "NAME", "--", "ls", "-l"]),
    "exec-lxc-uri-path": (["-c", "lxc:///system"], ["exec", "ct1", "--", "/bin/ls", "/"]),
}
