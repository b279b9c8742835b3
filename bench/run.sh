#!/bin/bash
# bench/run.sh: vmctl's benchmark suite, one command, run on demand
# (never part of the test suite).  As root, on a machine with libvirt's
# daemon and client (tests/beds/libvirt/deps.sh) and hyperfine (Debian):
#
#   bench/run.sh [--proposals] [--quick] [SECTION...]
#
# SECTION: startup list bulk hosts (default: all four, in that order).
# Everything is measured side by side, whole processes, in RUNS (default 5)
# interleaved hyperfine rounds per case (1 or 2 runs of each command a
# round, 20 for startup), medians of all the runs, printed as ratios:
#   startup  vmctl --explain pause web1 / --help / --version against a C
#            program that only prints a line (bench/floor_print.c)
#   list     vmctl -c URI list against virsh -c URI list --all and against
#            the floor (bench/floor_list.c: one virConnectGetAllDomainStats),
#            N1 and N2 test-driver domains in-process (test:///node.xml) and
#            through libvirtd (test+unix:///node.xml), and qemu:///system of a
#            private libvirtd with 1,000 defined (never started) guests;
#            RPC calls per command counted from libvirt's client debug log
#   bulk     vmctl pause --all / resume --all on NB guests (test:///default
#            of a private libvirtd, whose state is shared by its clients)
#            against a shell loop of virsh suspend/resume and against one
#            virsh given "suspend a; suspend b; ..."
#   hosts    vmctl -c A -c B -c C -c D list (four libvirtd, 250 domains
#            each) against four sequential vmctl runs and each single host
# Peak RSS (ru_maxrss, bench/peakrss.c wraps each timed command) for each.
#
# "vmctl" is always the tree as it is (proposals 01 and 02 are in it since
# 2026-11-26).
# --proposals  also builds vmctl with bench/proposals/*.diff applied (on a
#              copy of the tree, in build-bench/proposals/; today only 03) and
#              measures it beside the vmctl of the tree, as "vmctl+p".
#              Without it, the tables have no vmctl+p column.
# On a shared machine, run it as `nice -n -10 bench/run.sh`: the private
# libvirtd instances bed.sh starts inherit the priority (meta.txt records it).
# --quick      small sizes and 2 runs, to try the script (N1=100 N2=1000
#              NB=100).
# Environment: RUNS, N1, N2 (0: skip the N2 cases), NB, BENCH_BED (default /work/benchbed: the
# private daemons' trees; the 1,000 QEMU definitions are kept there between
# runs, `rm -rf` it to start afresh).
#
# Daemons: bench/bed.sh starts each libvirtd in its own mount namespace
# (bind-mounted /etc/libvirt, /run/libvirt, /var/lib/libvirt,
# /var/cache/libvirt, /var/log/libvirt under BENCH_BED/NAME), reached only
# through its socket; the host's libvirtd and qemu:///system are never used.
# A trap stops every daemon and helper this script started, by PID.
# Results: build-bench/bench/ (hyperfine JSON, rss/, rpc.txt, results.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PROPOSALS=0
QUICK=0
SECTIONS=()
for a in "$@"; do
	case "$a" in
	--proposals) PROPOSALS=1 ;;
	--quick) QUICK=1 ;;
	startup | list | bulk | hosts) SECTIONS+=("$a") ;;
	*) sed -n '2,8p' "$0" >&2; exit 2 ;;
	esac
done
[ ${#SECTIONS[@]} -gt 0 ] || SECTIONS=(startup list bulk hosts)
if [ "$QUICK" = 1 ]; then
	: "${RUNS:=2}" "${N1:=100}" "${N2:=1000}" "${NB:=100}"
fi
RUNS=${RUNS:-5}
N1=${N1:-1000}
N2=${N2:-10000}
NB=${NB:-1000}
NQ=1000 # defined QEMU guests on qemu:///system of instance h1 (h2 gets 10)

[ "$(id -u)" = 0 ] || { echo "bench/run.sh: run as root (private libvirtd instances)" >&2; exit 1; }
for t in hyperfine virsh libvirtd unshare cc pkg-config python3 cmake; do
	command -v "$t" >/dev/null || {
		echo "bench/run.sh: $t missing (apt-get install -y hyperfine; tests/beds/libvirt/deps.sh)" >&2
		exit 1
	}
done

say() { echo "== $*" >&2; }
W=$ROOT/build-bench/bench
B=$W/bin
mkdir -p "$W" "$B"
rm -rf "$W/rss" "$W"/*.json "$W"/*.log "$W/rpc.txt" "$W/meta.txt" "$W/results.md"
mkdir -p "$W/rss"

# ---------------------------------------------------------------- build
say "build: release vmctl in build-bench/ (from clean), harnesses in $B"
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j "$(nproc)" --clean-first >/dev/null # from clean, as the issue asks
V=$ROOT/build-bench/vmctl
LV="$(pkg-config --cflags --libs libvirt)"
cc -O2 -Wall -Wextra -o "$B/floor_print" bench/floor_print.c
cc -O2 -Wall -Wextra -o "$B/peakrss" bench/peakrss.c
for h in floor_list holder populate setall; do
	# shellcheck disable=SC2086 # LV is a word list
	cc -O2 -Wall -Wextra -o "$B/$h" "bench/$h.c" $LV
done
VP=
if [ "$PROPOSALS" = 1 ]; then
	PT=$ROOT/build-bench/proposals/tree
	say "build: vmctl+p = the tree with bench/proposals/*.diff applied, in $PT"
	rm -rf "$PT"
	mkdir -p "$PT"
	tar --exclude='./build*' --exclude=./.git --exclude='./tests/beds/*/.work' -cf - . | tar -xf - -C "$PT"
	for d in bench/proposals/*.diff; do
		if patch -s -R --dry-run -d "$PT" -p1 < "$d" >/dev/null 2>&1; then
			say "build: $d is already in the tree"
			continue
		fi
		patch -s -d "$PT" -p1 < "$d" || { echo "bench/run.sh: $d does not apply" >&2; exit 1; }
	done
	cmake -S "$PT" -B "$PT/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
	cmake --build "$PT/build" -j "$(nproc)" >/dev/null
	VP=$PT/build/vmctl
fi

{
	echo "date $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "host $(. /etc/os-release && echo "$PRETTY_NAME"), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
	echo "versions libvirt $(virsh --version), $(hyperfine --version), vmctl $("$V" --version | awk '{print $2}')"
	echo "runs $RUNS N1 $N1 N2 $N2 NB $NB NQ $NQ proposals $PROPOSALS"
	echo "tree $(git rev-parse --short HEAD 2>/dev/null || echo '?') with $(git status --porcelain -- src include 2>/dev/null | wc -l) changed or new files under src/ and include/ (the tree as it is, built from clean by cmake)"
	echo "nice $(nice) (the benchmark and the libvirtd it starts)"
} > "$W/meta.txt"
load() { echo "load $1 $(cut -d' ' -f1-3 /proc/loadavg)" >> "$W/meta.txt"; }

# rss LABEL: the peakrss wrapper for a timed command
rss() { echo "$B/peakrss -o $W/rss/$1.txt"; }
# hf NAME ROUNDS RUNS [hyperfine options and -n/command pairs]: one
# side-by-side measurement in ROUNDS hyperfine runs of RUNS runs of each
# command, merged: hyperfine runs all of a command's runs before the next
# command's, so on a machine whose load drifts (others' emulated guests),
# rounds interleave the commands and no command gets a quiet or a busy
# minute to itself.  The median is over all ROUNDS x RUNS times.
hf() {
	local name=$1 rounds=$2 runs=$3 r
	shift 3
	for ((r = 1; r <= rounds; r++)); do
		say "hyperfine: $name, round $r of $rounds"
		hyperfine -N --style basic --runs "$runs" --export-json "$W/$name.r$r.json" "$@" >"$W/$name.r$r.log" 2>&1 ||
			{ tail -n 30 "$W/$name.r$r.log" >&2; echo "bench/run.sh: hyperfine $name failed" >&2; exit 1; }
	done
	python3 - "$W/$name.json" "$W/$name".r*.json <<'PY'
import json, statistics, sys
out, parts = sys.argv[1], [json.load(open(p))["results"] for p in sys.argv[2:]]
merged = []
for i, r in enumerate(parts[0]):
    rs = [p[i] for p in parts]
    t = [x for q in rs for x in q["times"]]
    merged.append({"command": r["command"], "times": t, "median": statistics.median(t), "mean": statistics.mean(t),
                   "min": min(t), "max": max(t), "rounds": len(rs),
                   "user": statistics.mean(q["user"] for q in rs), "system": statistics.mean(q["system"] for q in rs)})
json.dump({"results": merged}, open(out, "w"), indent=1)
PY
}
# rpc LABEL CMD...: RPC calls of one run, from the client's debug log
rpc() {
	local label=$1 out
	shift
	out=$(bench/rpccount.sh "$@")
	echo "$label $out" >> "$W/rpc.txt"
	say "rpc $label: $out"
}

# ---------------------------------------------------------------- daemons
HOLDER_PID=
BED_STARTED=()
cleanup() {
	local rc=$?
	set +e
	if [ -n "$HOLDER_PID" ]; then
		exec 9>&-
		kill "$HOLDER_PID" 2>/dev/null
		wait "$HOLDER_PID" 2>/dev/null
	fi
	for n in "${BED_STARTED[@]}"; do bed_stop "$n"; done
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=bench/bed.sh
. bench/bed.sh
NODES=$BED/nodes
mkdir -p "$NODES"
# node N: a test-driver node file of N running domains g00001..
node() {
	local f=$NODES/node$1.xml
	[ -s "$f" ] || awk -v n="$1" 'BEGIN {
		print "<node>"
		for (i = 1; i <= n; i++)
			printf "<domain type=\"test\"><name>g%05d</name><memory unit=\"MiB\">64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>\n", i
		print "</node>" }' > "$f"
	echo "$f"
}
up() { # up NAME: start a private libvirtd once
	local n
	for n in "${BED_STARTED[@]}"; do [ "$n" = "$1" ] && return 0; done
	bed_start "$1"
	BED_STARTED+=("$1")
}
sock() { echo "?socket=$(bed_sock "$1")"; }

# ---------------------------------------------------------------- startup
sec_startup() {
	load startup-begin
	hf startup 5 "$((RUNS < 20 ? 20 : RUNS))" --warmup 10 \
		-n floor_print "$B/floor_print" \
		-n "vmctl --explain pause web1" "$V --explain pause web1" \
		-n "vmctl --explain=virsh pause web1" "$V --explain=virsh pause web1" \
		-n "vmctl --version" "$V --version" \
		-n "vmctl --help" "$V --help" \
		-n "virsh --version" "virsh --version"
	local i
	for i in 1 2 3 4 5; do
		"$B/peakrss" -o "$W/rss/startup-floor_print.txt" "$B/floor_print"
		"$B/peakrss" -o "$W/rss/startup-vmctl-explain.txt" "$V" --explain pause web1
		"$B/peakrss" -o "$W/rss/startup-vmctl-version.txt" "$V" --version
		"$B/peakrss" -o "$W/rss/startup-virsh-version.txt" virsh --version
	done
	load startup-end
}

# ---------------------------------------------------------------- list
# list_case NAME URI: floor, floor+info, vmctl (+p), virsh on one URI
list_case() {
	local name=$1 uri=$2 warm=1 runs=2 cmds=()
	# the N2 cases take seconds a run: no warm-up, RUNS rounds of 1 run
	[ "${3:-}" = cold ] && warm=0 runs=1
	# qemu:///system answers in tens of ms: more runs against the noise
	[ "${3:-}" = many ] && runs=4
	cmds+=(-n floor "$(rss "$name-floor") $B/floor_list $uri")
	cmds+=(-n floor+info "$(rss "$name-floor+info") $B/floor_list -i $uri")
	cmds+=(-n vmctl "$(rss "$name-vmctl") $V -c $uri list")
	[ -z "$VP" ] || cmds+=(-n vmctl+p "$(rss "$name-vmctl+p") $VP -c $uri list")
	cmds+=(-n virsh "$(rss "$name-virsh") virsh -c $uri list --all")
	load "$name-begin"
	hf "$name" "$RUNS" "$runs" --warmup "$warm" "${cmds[@]}"
	load "$name-end"
}
list_rpc() { # list_rpc NAME URI
	rpc "$1-floor" "$B/floor_list" "$2"
	rpc "$1-floor+info" "$B/floor_list" -i "$2"
	rpc "$1-vmctl" "$V" -c "$2" list
	[ -z "$VP" ] || rpc "$1-vmctl+p" "$VP" -c "$2" list
	rpc "$1-virsh" virsh -c "$2" list --all
}
sec_list() {
	up h1
	up h2
	local f1 f2 q1 q2
	f1=$(node "$N1")
	[ "$N2" = 0 ] || f2=$(node "$N2")
	q1="qemu+unix:///system$(sock h1)"
	q2="qemu+unix:///system$(sock h2)"
	say "defining $NQ QEMU guests (never started) on h1, 10 on h2"
	"$B/populate" "$q1" qemu bq "$NQ" >/dev/null
	"$B/populate" "$q2" qemu bq 10 >/dev/null
	list_case "list-qemu-$NQ" "$q1" many
	list_case "list-inproc-$N1" "test://$f1"
	list_case "list-libvirtd-$N1" "test+unix://$f1$(sock h1)"
	list_rpc "qemu-10" "$q2"
	list_rpc "qemu-$NQ" "$q1"
	list_rpc "libvirtd-$N1" "test+unix://$f1$(sock h1)"
	[ "$N2" != 0 ] || return 0 # N2=0: the quick cases only
	list_rpc "libvirtd-$N2" "test+unix://$f2$(sock h1)"
	list_case "list-inproc-$N2" "test://$f2" cold
	list_case "list-libvirtd-$N2" "test+unix://$f2$(sock h1)" cold
}

# ---------------------------------------------------------------- bulk
sec_bulk() {
	up h1
	local ud i
	ud="test+unix:///default$(sock h1)"
	# the test driver frees test:///default with its last connection: hold one
	if [ -z "$HOLDER_PID" ]; then
		rm -f "$W/holder.fifo"
		mkfifo "$W/holder.fifo"
		"$B/holder" "$ud" < "$W/holder.fifo" > "$W/holder.out" &
		HOLDER_PID=$!
		exec 9> "$W/holder.fifo"
		for ((i = 0; i < 100; i++)); do
			grep -q ready "$W/holder.out" 2>/dev/null && break
			sleep 0.1
		done
		grep -q ready "$W/holder.out" || { echo "bench/run.sh: holder did not connect" >&2; exit 1; }
	fi
	say "$NB running test guests p0001.. on test:///default of h1"
	"$B/populate" "$ud" test p "$NB" >/dev/null
	local verb vv state names
	names=$(seq -f 'p%04g' 1 "$NB")
	for verb in pause resume; do
		if [ "$verb" = pause ]; then vv=suspend state=running; else vv=resume state=paused; fi
		{
			echo "#!/bin/sh"
			echo "# $NB virsh processes, one $vv each (generated by bench/run.sh)"
			echo "for g in ${names//$'\n'/ }; do virsh -q -c '$ud' $vv \$g >/dev/null || exit 1; done"
		} > "$W/virsh-loop-$vv.sh"
		{
			echo "#!/bin/sh"
			echo "# one virsh process given '$vv a; $vv b; ...' (generated by bench/run.sh)"
			printf "exec virsh -q -c '%s' '" "$ud"
			for g in $names; do printf '%s %s; ' "$vv" "$g"; done
			echo "' >/dev/null"
		} > "$W/virsh-batch-$vv.sh"
		local cmds=()
		cmds+=(-n "vmctl $verb --all" "$(rss "bulk-$verb-vmctl") $V -c $ud $verb --all")
		[ -z "$VP" ] || cmds+=(-n "vmctl+p $verb --all" "$(rss "bulk-$verb-vmctl+p") $VP -c $ud $verb --all")
		cmds+=(-n "virsh $vv x1 process" "$(rss "bulk-$verb-virsh-batch") sh $W/virsh-batch-$vv.sh")
		cmds+=(-n "virsh $vv loop" "$(rss "bulk-$verb-virsh-loop") sh $W/virsh-loop-$vv.sh")
		load "bulk-$verb-begin"
		hf "bulk-$verb" "$RUNS" 1 --warmup 0 --prepare "$B/setall $ud $state" "${cmds[@]}"
		load "bulk-$verb-end"
		"$B/setall" "$ud" "$state" >/dev/null
		rpc "bulk-$verb-vmctl" "$V" -c "$ud" "$verb" --all
		if [ -n "$VP" ]; then
			"$B/setall" "$ud" "$state" >/dev/null
			rpc "bulk-$verb-vmctl+p" "$VP" -c "$ud" "$verb" --all
		fi
		"$B/setall" "$ud" "$state" >/dev/null
		rpc "bulk-$verb-virsh-batch" sh "$W/virsh-batch-$vv.sh"
		"$B/setall" "$ud" "$state" >/dev/null
		rpc "bulk-$verb-virsh-one" virsh -q -c "$ud" "$vv" p0001
	done
	"$B/setall" "$ud" running >/dev/null
}

# ---------------------------------------------------------------- hosts
sec_hosts() {
	local f h uris=() cmds=() multi seq multip seqp
	f=$(node 250)
	for h in h1 h2 h3 h4; do
		up "$h"
		uris+=("test+unix://$f$(sock "$h")")
	done
	multi="$V" seq="" multip="$VP" seqp=""
	for h in 0 1 2 3; do
		cmds+=(-n "vmctl host $((h + 1))" "$(rss "hosts-vmctl-single$((h + 1))") $V -c ${uris[$h]} list")
		[ -z "$VP" ] ||
			cmds+=(-n "vmctl+p host $((h + 1))" "$(rss "hosts-vmctl+p-single$((h + 1))") $VP -c ${uris[$h]} list")
		multi="$multi -c ${uris[$h]}"
		multip="$multip -c ${uris[$h]}"
		seq="$seq$V -c '${uris[$h]}' list; "
		seqp="$seqp$VP -c '${uris[$h]}' list; "
	done
	# what the machine allows: the same work as vmctl's (floor_list -i) on the
	# four hosts at once, as four processes
	local fpar=""
	for h in 0 1 2 3; do
		cmds+=(-n "floor+info host $((h + 1))" "$B/floor_list -i ${uris[$h]}")
		fpar="$fpar$B/floor_list -i '${uris[$h]}' >/dev/null & "
	done
	echo "${fpar}wait" > "$W/hosts-floor-par.sh"
	cmds+=(-n "floor+info x4 parallel" "sh $W/hosts-floor-par.sh")
	echo "$seq" > "$W/hosts-seq.sh"
	echo "$seqp" > "$W/hosts-seqp.sh"
	cmds+=(-n "vmctl -c x4 list" "$(rss hosts-vmctl-multi) $multi list")
	cmds+=(-n "vmctl x4 sequential" "$(rss hosts-vmctl-seq) sh $W/hosts-seq.sh")
	if [ -n "$VP" ]; then
		cmds+=(-n "vmctl+p -c x4 list" "$(rss hosts-vmctl+p-multi) $multip list")
		cmds+=(-n "vmctl+p x4 sequential" "$(rss hosts-vmctl+p-seq) sh $W/hosts-seqp.sh")
	fi
	cmds+=(-n "virsh host 1" "$(rss hosts-virsh-single1) virsh -c ${uris[0]} list --all")
	load hosts-begin
	hf hosts "$RUNS" 2 --warmup 1 "${cmds[@]}"
	load hosts-end
	# shellcheck disable=SC2086 # multi is a word list
	rpc hosts-vmctl-multi $multi list
	# shellcheck disable=SC2086
	[ -z "$VP" ] || rpc hosts-vmctl+p-multi $multip list
}

for s in "${SECTIONS[@]}"; do "sec_$s"; done
python3 bench/summary.py "$W" | tee "$W/results.md"
