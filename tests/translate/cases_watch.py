"""Translate cases of watching and reaching in (issue 20): virsh event,
domstats, qemu-agent-command guest-exec and lxc-enter-namespace; lxc-wait,
lxc-monitor, lxc-top and lxc-attach; xl top and xentop; vzctl exec2, exec
and enter.  What each refuses is what the tool refuses (exit 2) or what
vmctl has no verb for (exit 4)."""

GX = '{"execute":"guest-exec","arguments":{"path":"/bin/ls","arg":["-l","/tmp/a b"],"capture-output":true}}'

CASES = {
    # virsh 9.0 event: no --count; without --loop one event
    "virsh-event-loop": (["translate", "virsh", "event", "web1", "--event", "lifecycle", "--loop", "--timeout", "10"], None),
    "virsh-event-domain-opt": (["translate", "virsh", "event", "--domain", "web1", "--event=lifecycle", "--loop"], None),
    "virsh-event-once": (["translate", "virsh", "event", "--event", "lifecycle"], None),
    "virsh-event-all": (["translate", "virsh", "event", "--all", "--loop", "--timestamp"], None),
    "virsh-event-other": (["translate", "virsh", "event", "--event", "reboot", "--loop"], None),
    "virsh-event-unknown": (["translate", "virsh", "event", "--event", "lifecylce"], None),
    "virsh-event-none": (["translate", "virsh", "event", "--loop"], None),
    "virsh-event-count": (["translate", "virsh", "event", "--event", "lifecycle", "--count", "2"], None),
    "virsh-event-list": (["translate", "virsh", "event", "--list"], None),
    "virsh-domstats": (["translate", "virsh", "domstats", "--cpu-total", "--balloon"], None),
    "virsh-domstats-dom": (["translate", "virsh", "domstats", "--list-running", "web1", "web2"], None),
    "virsh-agent-exec": (["translate", "virsh", "qemu-agent-command", "web1", GX], None),
    "virsh-agent-exec-env": (["translate", "virsh", "qemu-agent-command", "web1", "--timeout", "5",
                              '{"execute":"guest-exec","arguments":{"path":"env","env":["A=1"]}}'], None),
    "virsh-agent-ping": (["translate", "virsh", "qemu-agent-command", "web1", '{"execute":"guest-ping"}'], None),
    "virsh-agent-bad": (["translate", "virsh", "qemu-agent-command", "web1", "guest-exec"], None),
    "virsh-enter-ns": (["translate", "virsh", "-c", "lxc:///system", "lxc-enter-namespace", "ct1", "--noseclabel",
                        "--", "/bin/ls", "-l"], None),
    "virsh-enter-ns-bare": (["translate", "virsh", "lxc-enter-namespace", "ct1", "--", "ls"], None),
    "virsh-domstate-reason": (["translate", "virsh", "domstate", "web1", "--reason"], None),
    # LXC 5.0
    "lxc-wait": (["translate", "lxc-wait", "-n", "ct1", "-s", "RUNNING"], None),
    "lxc-wait-timeout": (["translate", "lxc-wait", "--name=ct1", "--state", "STOPPED", "-t", "30", "-P", "/srv/lxc"], None),
    "lxc-wait-forever": (["translate", "lxc-wait", "-n", "ct1", "-s", "FROZEN", "-t", "-1"], None),
    "lxc-wait-or": (["translate", "lxc-wait", "-n", "ct1", "-s", "RUNNING|FROZEN"], None),
    "lxc-wait-thawed": (["translate", "lxc-wait", "-n", "ct1", "-s", "THAWED"], None),
    "lxc-wait-bad-state": (["translate", "lxc-wait", "-n", "ct1", "-s", "running"], None),
    "lxc-wait-no-state": (["translate", "lxc-wait", "-n", "ct1"], None),
    "lxc-monitor": (["translate", "lxc-monitor"], None),
    "lxc-monitor-name": (["translate", "lxc-monitor", "-n", "ct1"], None),
    "lxc-monitor-escaped": (["translate", "lxc-monitor", "-n", "web\\.1"], None),
    "lxc-monitor-regex": (["translate", "lxc-monitor", "-n", "web.*"], None),
    "lxc-monitor-quit": (["translate", "lxc-monitor", "-Q"], None),
    "lxc-top": (["translate", "lxc-top"], None),
    "lxc-top-opts": (["translate", "lxc-top", "-d", "5", "-s", "m", "-r", "-b"], None),
    "lxc-top-blkio": (["translate", "lxc-top", "--sort=b"], None),
    "lxc-attach": (["translate", "lxc-attach", "-n", "ct1", "--", "ls", "-l", "/tmp/a b"], None),
    "lxc-attach-opts": (["translate", "lxc-attach", "-n", "ct1", "--clear-env", "-v", "A=1", "--keep-env", "--",
                         "env"], None),
    "lxc-attach-shell": (["translate", "lxc-attach", "-n", "ct1"], None),
    # Xen 4.17
    "xl-top": (["translate", "xl", "top"], None),
    "xentop": (["translate", "xentop", "-d", "5", "-i", "3", "-b"], None),
    "xentop-shown": (["translate", "xentop", "--networks", "-v"], None),
    # vzctl 4.11: exec2 and exec join the words and hand them to the shell
    "vzctl-exec2": (["translate", "vzctl", "exec2", "101", "ls", "-l"], None),
    "vzctl-exec2-quoted": (["translate", "vzctl", "exec2", "101", "ls -l '/tmp/a b'"], None),
    "vzctl-exec2-shell": (["translate", "vzctl", "exec2", "101", "ps aux | grep init"], None),
    "vzctl-exec": (["translate", "vzctl", "exec", "101", "uptime"], None),
    "vzctl-exec-stdin": (["translate", "vzctl", "exec", "101", "-"], None),
    "vzctl-exec-none": (["translate", "vzctl", "exec2", "101"], None),
    "vzctl-enter": (["translate", "vzctl", "enter", "101"], None),
}
