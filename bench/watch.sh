#!/bin/bash
# bench/watch.sh: wait and events on libvirt (issue 20), never in CI.
#  1. idle CPU: `vmctl wait` (for a state that does not come) and `vmctl
#     events`, on test+unix:///default and qemu:///system, over IDLE seconds
#     with nothing happening (utime+stime from /proc/PID/stat in clock ticks,
#     and the CPU time of all its threads from /proc/PID/task/*/schedstat in
#     ns), counted from 2 s after the start (the connection made), beside
#     `virsh event --all --loop` as the native reference;
#  2. reaction: from a change made with virsh (suspend, resume) to vmctl
#     wait's exit, RUNS times each way, beside `virsh event --event
#     lifecycle --domain G` (which exits after one event): the median and
#     the spread of "exit after virsh returned" (negative: the waiter was
#     out before virsh's own process had ended) and of "exit after virsh
#     started".
#
# Usage (root, the bed's libvirtd answering; BEDDIR holds assets/ as
# tests/beds/libvirt/assets.sh made it):
#   VMCTL=build-bench/vmctl BEDDIR=/work/bed20 bench/watch.sh   # IDLE=60 RUNS=12
# Guests: vmt-wb1 (TCG, qemu:///system) and vmt-wb2 (test+unix:///default),
# removed at the end.  Output: the tables on stdout, raw figures in OUT
# (default /tmp/vmctl-bench-watch).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VMCTL=$(readlink -f "${VMCTL:-$HERE/../build-bench/vmctl}")
BEDDIR=${BEDDIR:?BEDDIR: the bed directory (with assets/)}
IDLE=${IDLE:-60}
RUNS=${RUNS:-12}
OUT=${OUT:-/tmp/vmctl-bench-watch}
Q=qemu:///system
T=test+unix:///default
GQ=vmt-wb1
GT=vmt-wb2
mkdir -p "$OUT"

# test:///default lives as long as one connection to it
virsh -q -c "$T" event --all --loop >/dev/null 2>&1 &
holder=$!
cleanup() {
	"$HERE/../tests/beds/libvirt/guest.sh" undefine "$GQ" >/dev/null 2>&1 || true
	rm -f "$BEDDIR/assets/$GQ".{qcow2,xml,log}
	virsh -q -c "$T" destroy "$GT" >/dev/null 2>&1 || true
	virsh -q -c "$T" undefine "$GT" >/dev/null 2>&1 || true
	kill "$holder" 2>/dev/null || true
}
trap cleanup EXIT
sleep 0.5
"$HERE/../tests/beds/libvirt/guest.sh" define-qemu "$BEDDIR/assets" "$GQ" >/dev/null
virsh -q -c "$Q" start "$GQ" >/dev/null
echo "<domain type='test'><name>$GT</name><memory>65536</memory><os><type>hvm</type></os></domain>" >"$OUT/$GT.xml"
virsh -q -c "$T" define "$OUT/$GT.xml" >/dev/null
virsh -q -c "$T" start "$GT" >/dev/null

export VMCTL Q T GQ GT IDLE RUNS OUT
python3 - <<'EOF'
import os, statistics, subprocess, time

VMCTL, Q, T, GQ, GT, OUT = (os.environ[k] for k in ("VMCTL", "Q", "T", "GQ", "GT", "OUT"))
IDLE, RUNS = int(os.environ["IDLE"]), int(os.environ["RUNS"])
TICK = os.sysconf("SC_CLK_TCK")


def cpu(pid):
    """(utime+stime in ms from /proc/PID/stat, CPU ns of all threads from schedstat)"""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    ns = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
            ns += int(f.read().split()[0])
    return ticks * 1000 / TICK, ns


# 1. idle CPU, all at once
who = []
for uri, g in ((T, GT), (Q, GQ)):
    who.append(("vmctl wait", uri, [VMCTL, "-c", uri, "wait", "--state", "paused", g]))
    who.append(("vmctl events", uri, [VMCTL, "-c", uri, "events"]))
    who.append(("virsh event --all --loop", uri, ["virsh", "-q", "-c", uri, "event", "--all", "--loop"]))
procs = [(w, u, subprocess.Popen(a, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)) for w, u, a in who]
time.sleep(2)
start = [cpu(p.pid) for _, _, p in procs]
time.sleep(IDLE)
end = [cpu(p.pid) for _, _, p in procs]
print("## Idle CPU over %d s, nothing happening (from 2 s after the start)\n" % IDLE)
print("| process | URI | utime+stime (/proc/PID/stat) | CPU of its threads (schedstat) |")
print("| --- | --- | --- | --- |")
for (w, u, p), a, b in zip(procs, start, end):
    alive = p.poll() is None
    print("| %s | %s | %.0f ms | %.2f ms%s |" % (w, u, b[0] - a[0], (b[1] - a[1]) / 1e6, "" if alive else " (EXITED)"))
    p.terminate()
    p.wait()


# 2. reaction time
def virsh(uri, *args):
    subprocess.run(["virsh", "-q", "-c", uri] + list(args), stdout=subprocess.DEVNULL, check=True)


def react(uri, g, state, change, native):
    argv = (["virsh", "-q", "-c", uri, "event", "--event", "lifecycle", "--domain", g] if native
            else [VMCTL, "-c", uri, "wait", "--state", state, g])
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    assert p.poll() is None, "%s ended before the change" % argv
    t0 = time.monotonic()
    virsh(uri, change, g)
    t1 = time.monotonic()
    while p.poll() is None:
        time.sleep(0.0005)
    t2 = time.monotonic()
    assert p.returncode == 0, "%s: exit %d" % (argv, p.returncode)
    return (t2 - t1) * 1000, (t2 - t0) * 1000


print("\n## Reaction: a change made with virsh to the waiter's exit, ms (median [min, max] of %d)\n" % RUNS)
print("| URI | waiter | exit after virsh returned | exit after virsh started | virsh's own run |")
print("| --- | --- | --- | --- | --- |")
with open(os.path.join(OUT, "reaction.txt"), "w") as raw:
    for uri, g in ((T, GT), (Q, GQ)):
        for native in (False, True):
            after, since = [], []
            for i in range(RUNS):
                for state, change in (("paused", "suspend"), ("running", "resume")):
                    a, s = react(uri, g, state, change, native)
                    after.append(a)
                    since.append(s)
                    raw.write("%s %s %s %.2f %.2f\n" % (uri, "virsh" if native else "vmctl", change, a, s))
            fmt = lambda v: "%.1f [%.1f, %.1f]" % (statistics.median(v), min(v), max(v))
            own = [s - a for a, s in zip(after, since)]
            print("| %s | %s | %s | %s | %s |" % (uri, "virsh event --event lifecycle" if native else "vmctl wait",
                                                 fmt(after), fmt(since), fmt(own)))
EOF
