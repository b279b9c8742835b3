#!/bin/bash
# bench/top.sh: `vmctl top` on N test-driver guests through a libvirtd
# (issue 20; never in CI): the RPC calls per refresh (expected: 1, the
# one virConnectGetAllDomainStats, remote procedure 344; counted as
# bench/rpccount.sh counts them) and the CPU time per refresh of vmctl
# against a C floor making the same bulk call and nothing else
# (bench/floor_stats.c; target: vmctl within 1.2x).
#
# Per refresh, so that connecting and the first sample drop out: each
# program runs with K1 and K2 bulk calls (vmctl top --count K-1, which
# takes a base sample first; floor_stats URI K), and the difference of its
# CPU time (user + system, from wait4) over K2 - K1 is its CPU per refresh;
# the median of RUNS runs.  vmctl's output (JSON Lines, or plain lines)
# goes to /dev/null, its cost counted: that is what top does per refresh.
#
# The guests: a test-driver node file of N running guests, reached through
# the daemon's socket (test+unix:///PATH/nodeN.xml): the same driver and
# RPC as test+unix:///default, but a state of this connection's own, so
# that 1,000 guests never show up in what other users of the daemon's
# test:///default see (URI=test+unix:///default after bench/populate.c
# also works).  The test driver's statistics hold the state only (no cpu,
# balloon, vcpu, block or net figures): the call, its transport and top's
# per-guest work are measured, not the cost of reading real counters.
#
# Usage (a libvirtd answering on /run/libvirt/libvirt-sock, e.g. the test
# bed's tests/beds/libvirt/daemon.sh):
#   VMCTL=build-bench/vmctl bench/top.sh        # N=1000 K1=2 K2=22 RUNS=3
# Writes top.txt to OUT (default /tmp/vmctl-bench-top).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VMCTL=$(readlink -f "${VMCTL:-$HERE/../build-bench/vmctl}")
N=${N:-1000}
K1=${K1:-2}
K2=${K2:-22}
RUNS=${RUNS:-3}
OUT=${OUT:-/tmp/vmctl-bench-top}
mkdir -p "$OUT"
# shellcheck disable=SC2046 # pkg-config's words
cc -O2 -Wall -Wextra -o "$OUT/floor_stats" "$HERE/floor_stats.c" $(pkg-config --cflags --libs libvirt)
NODE=$OUT/node$N.xml
awk -v n="$N" 'BEGIN {
	print "<node>"
	for (i = 1; i <= n; i++)
		printf "<domain type=\"test\"><name>vmt-tb%05d</name><memory unit=\"MiB\">64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>\n", i
	print "</node>" }' >"$NODE"
URI=${URI:-test+unix://$NODE}

# cpu K CMD...: the median over RUNS runs of CMD's user+system CPU seconds
cpu() {
	python3 - "$RUNS" "$@" <<'PY'
import os, statistics, subprocess, sys
runs, argv = int(sys.argv[1]), sys.argv[2:]
got = []
for _ in range(runs):
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench/top.sh: %s failed" % argv)
    got.append(ru.ru_utime + ru.ru_stime)
print("%.4f" % statistics.median(got))
PY
}
per() { python3 -c "import sys; print('%.2f' % ((float(sys.argv[2]) - float(sys.argv[1])) / (int(sys.argv[4]) - int(sys.argv[3])) * 1000))" "$@"; }

# the guests are there, as top sees them
seen=$("$VMCTL" -c "$URI" -o json top --once | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["guests"]))')
[ "$seen" = "$N" ] || { echo "bench/top.sh: top sees $seen guests, not $N" >&2; exit 1; }

{
	echo "top on $N test-driver guests through libvirtd ($URI)"
	r1=$("$HERE/rpccount.sh" "$VMCTL" -c "$URI" top --count $((K1 - 1)))
	r2=$("$HERE/rpccount.sh" "$VMCTL" -c "$URI" top --count $((K2 - 1)) --interval 1)
	echo "rpc vmctl top --count $((K1 - 1)) ($K1 samples): $r1"
	echo "rpc vmctl top --count $((K2 - 1)) ($K2 samples): $r2"
	echo "rpc per refresh: $(( (${r2%% *} - ${r1%% *}) / (K2 - K1) ))"
	echo "rpc floor_stats x$K2: $("$HERE/rpccount.sh" "$OUT/floor_stats" "$URI" "$K2")"
	f1=$(cpu "$OUT/floor_stats" "$URI" "$K1")
	f2=$(cpu "$OUT/floor_stats" "$URI" "$K2")
	ff=$(per "$f1" "$f2" "$K1" "$K2")
	echo "cpu per refresh, floor_stats: $ff ms (x$K1 $f1 s, x$K2 $f2 s)"
	for mode in plain json; do
		o=(); [ $mode = json ] && o=(-o json)
		v1=$(cpu "$VMCTL" -c "$URI" "${o[@]}" top --count $((K1 - 1)) --interval 1)
		v2=$(cpu "$VMCTL" -c "$URI" "${o[@]}" top --count $((K2 - 1)) --interval 1)
		vv=$(per "$v1" "$v2" "$K1" "$K2")
		echo "cpu per refresh, vmctl top ($mode lines): $vv ms (x$K1 $v1 s, x$K2 $v2 s): $(python3 -c "print('%.2fx' % ($vv / $ff))") the floor"
	done
	echo "(the test driver's statistics hold the state only: no cpu, balloon, vcpu, block or net figures)"
} | tee "$OUT/top.txt"
