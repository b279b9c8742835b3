#!/usr/bin/env python3
"""pids.py MARK [MNTNS...]: the live processes of a fleet bed, one PID a line:
those in one of the mount namespaces given (host K's libvirtd, sshd, ssh
sessions, virt-ssh-helper) where MARK's directories are mounted (a namespace's
number is given to a new one once it is gone: another bed's host may have it
now), and those whose command line names the bed directory
MARK or a path under it (proxy, churn).  Not itself nor its parent."""
import os
import sys

mark, ns = sys.argv[1].rstrip("/").encode(), set(sys.argv[2:])
me = {str(os.getpid()), str(os.getppid())}
for p in os.listdir("/proc"):
    if not p.isdigit() or p in me:
        continue
    try:
        with open(f"/proc/{p}/stat") as f:
            if f.read().rsplit(") ", 1)[1].split()[0] in ("Z", "X"):
                continue
        hit = os.readlink(f"/proc/{p}/ns/mnt") in ns
        if hit:  # a namespace number is reused once its namespace is gone: ours has MARK's mounts
            with open(f"/proc/{p}/mountinfo", "rb") as f:
                hit = mark + b"/" in f.read()
        if not hit:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmd = f.read()
                hit = mark + b"/" in cmd or mark + b"\0" in cmd
    except (OSError, IndexError):
        continue
    if hit:
        print(p)
