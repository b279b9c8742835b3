#!/usr/bin/env python3
"""Idle CPU and reaction time of vmctl wait and events on liblxc (issue 20).
Not part of the test suite; run as root on a host with lxc and busybox:

    bench/lxc_watch.py [VMCTL]      (default: build-bench/vmctl, built here if absent)

Makes three busybox containers (empty network namespace) in a private
lxcpath under /tmp, destroys them at the end, and measures:

  idle CPU     `vmctl wait C --state paused` and `vmctl events` side by side
               for IDLE seconds (60) with nothing happening, first with the
               three containers running, then with them stopped (liblxc's
               wait() then polls each one once a second): utime+stime from
               /proc/PID/stat (clock ticks) and the sum of
               /proc/PID/task/*/schedstat (nanoseconds, all threads).
  reaction     from spawning lxc-freeze to `vmctl wait C --state paused`
               having exited, and from spawning lxc-start -d to `vmctl wait
               C --state running` having exited (and from lxc-start's own
               exit), medians of RUNS (10)."""
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

IDLE = int(os.environ.get("IDLE", "60"))
RUNS = int(os.environ.get("RUNS", "10"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TICK = os.sysconf("SC_CLK_TCK")


def build():
    b = os.path.join(ROOT, "build-bench")
    subprocess.run(["cmake", "-S", ROOT, "-B", b, "-DCMAKE_BUILD_TYPE=Release"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", b, "-j2", "--target", "vmctl", "vmctl-lxc"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(b, "vmctl")


def run(*argv):
    return subprocess.run(list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)


def cpu(pid):
    """(utime+stime in ms from /proc/PID/stat, all threads' run time in ms from schedstat)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    ns = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                ns += int(f.read().split()[0])
        except OSError:
            pass
    return ticks * 1000.0 / TICK, ns / 1e6


def idle(vmctl, path, names, label):
    procs = {
        "wait": subprocess.Popen([vmctl, "-b", "lxc", "-P", path, "wait", names[0], "--state", "paused"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        "events": subprocess.Popen([vmctl, "-b", "lxc", "-P", path, "events"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL),
    }
    time.sleep(3)  # past start-up: registered, threads running
    before = {k: cpu(p.pid) for k, p in procs.items()}
    time.sleep(IDLE)
    after = {k: cpu(p.pid) for k, p in procs.items()}
    for k, p in procs.items():
        p.terminate()
        p.wait()
        print("idle %-6s %-28s over %d s: utime+stime %.0f ms (ticks of %.0f ms), threads' run time %.2f ms" % (
            k, label, IDLE, after[k][0] - before[k][0], 1000.0 / TICK, after[k][1] - before[k][1]))


def reaction(vmctl, path, name, state, tool, undo):
    spawn, after_tool = [], []
    for _ in range(RUNS):
        undo()
        w = subprocess.Popen([vmctl, "-b", "lxc", "-P", path, "wait", name, "--state", state],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # a random phase against liblxc's once-a-second look at a stopped container
        time.sleep(1.5 + random.random())
        if w.poll() is not None:
            print("wait returned before the change: rc %s" % w.returncode)
            continue
        t0 = time.monotonic()
        p = subprocess.Popen([tool, "-P", path, "-n", name] + (["-d"] if tool == "lxc-start" else []),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        done = {}

        def reap(key, proc):
            proc.wait()
            done[key] = time.monotonic()
        threads = [threading.Thread(target=reap, args=kp) for kp in (("w", w), ("p", p))]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        t1, t2 = done["w"], done["p"]
        spawn.append((t1 - t0) * 1000)
        after_tool.append((t1 - t2) * 1000)
    print("reaction %s -> wait --state %s: median %.0f ms from spawning %s (min %.0f, max %.0f); "
          "median %.0f ms after %s exited (negative: before; min %.0f, max %.0f), n=%d" % (
              tool, state, statistics.median(spawn), tool, min(spawn), max(spawn), statistics.median(after_tool),
              tool, min(after_tool), max(after_tool), len(spawn)))


def main():
    vmctl = sys.argv[1] if len(sys.argv) > 1 else build()
    tmp = tempfile.mkdtemp(prefix="w20bench-")
    path = os.path.join(tmp, "lxc")
    os.mkdir(path)
    names = ["w20b%d%s" % (os.getpid() % 10000, s) for s in "xyz"]
    conf = os.path.join(tmp, "net.conf")
    with open(conf, "w") as f:
        f.write("lxc.net.0.type = empty\n")
    try:
        for n in names:
            r = run("lxc-create", "-P", path, "-n", n, "-t", "busybox", "-f", conf)
            if r.returncode:
                sys.exit("lxc-create %s: %s" % (n, r.stderr.decode()))
            run("lxc-start", "-P", path, "-n", n, "-d")
        idle(vmctl, path, names, "(3 containers running)")
        for n in names:
            run("lxc-stop", "-P", path, "-n", n, "-k")
        idle(vmctl, path, names, "(3 containers stopped)")
        c = names[0]
        run("lxc-start", "-P", path, "-n", c, "-d")
        reaction(vmctl, path, c, "paused", "lxc-freeze", lambda: run("lxc-unfreeze", "-P", path, "-n", c))
        run("lxc-unfreeze", "-P", path, "-n", c)
        reaction(vmctl, path, c, "running", "lxc-start", lambda: run("lxc-stop", "-P", path, "-n", c, "-k"))
    finally:
        for n in names:
            run("lxc-stop", "-P", path, "-n", n, "-k")
            run("lxc-destroy", "-P", path, "-n", n)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
