#!/bin/bash
# bench/profile.sh: where the time goes, for the cases bench/run.sh shows
# missing a target.  Run after bench/run.sh (it uses its build and
# harnesses; with `bench/run.sh --proposals`, vmctl+p too).  On a shared
# machine: `nice -n -10 bench/profile.sh`.
#
#   bench/profile.sh [N]          (N test-driver domains, default 1000)
#
# perf has no hardware counters on this machine (`perf stat -e instructions
# true` says <not supported>), so:
#   - valgrind --tool=callgrind on the vmctl process, callgrind_annotate'd
#     (instructions by function, inclusive), in-process test driver, for
#     vmctl, vmctl+p and the floor;
#   - perf stat with software events (task-clock, context switches) through
#     libvirtd: how much of the elapsed time the client spends on a CPU at
#     all, the rest being the daemon's work and the round trips;
#   - the CPU time of each libvirtd (utime+stime from /proc) across the four
#     hosts case, against the wall time.
# Output: build-bench/bench/profile/*.txt
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${1:-1000}
W=$ROOT/build-bench/bench
B=$W/bin
P=$W/profile
V=$ROOT/build-bench/vmctl
VP=$ROOT/build-bench/proposals/tree/build/vmctl
[ -x "$B/floor_list" ] || { echo "bench/profile.sh: run bench/run.sh first" >&2; exit 1; }
# vmctl+p only when the last run.sh measured it (--proposals): an older copy
# in build-bench/proposals/ may hold proposals that are in the tree by now
{ [ -x "$VP" ] && grep -q ' proposals 1$' "$W/meta.txt" 2>/dev/null; } || VP=
mkdir -p "$P"
# shellcheck source=bench/bed.sh
. bench/bed.sh
STARTED=()
cleanup() {
	local rc=$?
	set +e
	for n in "${STARTED[@]}"; do bed_stop "$n"; done
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
up() { bed_start "$1"; STARTED+=("$1"); }
F=$BED/nodes/node$N.xml
[ -s "$F" ] || { echo "bench/profile.sh: $F missing: run bench/run.sh first" >&2; exit 1; }

cg() { # cg NAME CMD...: callgrind, then the top of callgrind_annotate --inclusive
	local name=$1
	shift
	# REUSE=1: annotate the profile of an earlier run again
	if [ "${REUSE:-0}" != 1 ] || [ ! -s "$P/$name.callgrind" ]; then
		valgrind --tool=callgrind --callgrind-out-file="$P/$name.callgrind" "$@" >/dev/null 2>"$P/$name.valgrind.txt"
	fi
	callgrind_annotate --inclusive=yes "$P/$name.callgrind" > "$P/$name.full.txt" 2>/dev/null
	head -n 60 "$P/$name.full.txt" > "$P/$name.txt"
	echo "== $name: $(grep -m1 'PROGRAM TOTALS' "$P/$name.txt")" >&2
}
echo "load $(cut -d' ' -f1-3 /proc/loadavg)" > "$P/load.txt"
cg "cg-inproc-$N-floor+info" "$B/floor_list" -i "test://$F"
cg "cg-inproc-$N-vmctl" "$V" -c "test://$F" list
[ -z "$VP" ] || cg "cg-inproc-$N-vmctl+p" "$VP" -c "test://$F" list

up h1
U="test+unix://$F?socket=$(bed_sock h1)"
pstat() { # pstat NAME CMD...: perf stat, software events, 5 runs
	local name=$1
	shift
	perf stat -r 5 -e task-clock,context-switches,cpu-migrations -o "$P/$name.txt" "$@" >/dev/null 2>&1
	echo "== $name: $(grep -E 'task-clock|elapsed' "$P/$name.txt" | tr -s ' ' | tr '\n' ' ')" >&2
}
pstat "perf-libvirtd-$N-floor" "$B/floor_list" "$U"
pstat "perf-libvirtd-$N-floor+info" "$B/floor_list" -i "$U"
pstat "perf-libvirtd-$N-vmctl" "$V" -c "$U" list
[ -z "$VP" ] || pstat "perf-libvirtd-$N-vmctl+p" "$VP" -c "$U" list
pstat "perf-libvirtd-$N-virsh" virsh -c "$U" list --all

# four hosts: the daemons' CPU per run against the run's wall time
for h in h2 h3 h4; do up "$h"; done
F250=$BED/nodes/node250.xml
args=()
for h in h1 h2 h3 h4; do args+=(-c "test+unix://$F250?socket=$(bed_sock "$h")"); done
cpu() { # cpu PID: utime+stime in clock ticks
	sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}
hosts_cpu() { # hosts_cpu LABEL VMCTL
	local label=$1 v=$2 before=0 after=0 h pid t0 t1 runs=5 i
	for h in h1 h2 h3 h4; do pid=$(bed_pid "$h"); before=$((before + $(cpu "$pid"))); done
	t0=$(date +%s%N)
	for ((i = 0; i < runs; i++)); do "$v" "${args[@]}" list >/dev/null; done
	t1=$(date +%s%N)
	for h in h1 h2 h3 h4; do pid=$(bed_pid "$h"); after=$((after + $(cpu "$pid"))); done
	echo "$label: wall $(( (t1 - t0) / runs / 1000000 )) ms a run; the four libvirtd used $(( (after - before) * 1000 / $(getconf CLK_TCK) / runs )) ms of CPU a run" | tee -a "$P/hosts-cpu.txt" >&2
}
: > "$P/hosts-cpu.txt"
hosts_cpu "vmctl -c x4 list" "$V"
[ -z "$VP" ] || hosts_cpu "vmctl+p -c x4 list" "$VP"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$P/load.txt"
