#!/bin/bash
# bench/fleet.sh: vmctl on the fleet bed (issue 22; never in CI), side by
# side with virsh and a C floor in the same run: every ratio in a table is
# computed from that run.
#
#   bench/fleet.sh [BED]          BED: a directory where tests/beds/fleet/bed.sh
#                                 setup ran (reused, left running); without it a
#                                 bed of N hosts (default 50) is started in
#                                 OUT/bed and cleaned up at the end
#
# Each host: libvirt's test driver, 50 guests, node.xml parsed afresh for
# every connection; 20 ms a round trip through the bed's proxy.  NF hosts
# (default: all of the bed's) are used by fleet, hung5, mem and bulk.
# Sections (SECTIONS, any subset, any order; each writes OUT/sec-NAME.md and
# OUT/fleet.md is put together from every OUT/sec-*.md at the end, so a
# section run alone replaces only its own table):
#   onehost  = one rt
#   one    one host: vmctl list --name | list | info G | pause G | resume P
#          against virsh list --all --name | list --all | dominfo G | suspend G
#          | resume P (hyperfine, RUNS runs each, medians)
#   rt     round trips per command (the proxy's turns: the client's sends that
#          follow a reply), with 50 guests (node.xml) and 1 guest (node1.xml)
#   fleet  NF hosts: vmctl --hosts F list --name and list against the floor
#          (bench/fleet_floor.c: a thread per host, virConnectOpen and one
#          virConnectListAllDomains each), xargs -P 64 virsh list --all [--name]
#          and a sequential shell loop of virsh list --all; FRUNS rounds
#          (SEQRUNS of them with the loop), medians; wall and user+sys CPU
#          of all processes (GNU time: the command and its reaped children)
#   hung5  NF hosts, 5 of them stopped (SIGSTOP), vmctl --host-timeout T
#          list --name and list, and xargs -P 64 timeout T virsh list --all:
#          wall (target <= T + 2 s), exit, stdout and stderr lines; unhung after
#   mem    peak threads, child processes and RSS (bench/peakthreads.c: samples
#          /proc/PID every 10 ms; maxrss is wait4's, as /usr/bin/time -f %M)
#          of vmctl list and list --name over TCP and over ssh, and the floor's
#   bulk   vmctl --hosts F pause --all, then resume --all, against xargs -P 64
#          running, per host, one virsh listing the guests and one virsh
#          doing every suspend (resume) in one connection; BRUNS rounds
#   bed    RSS and PSS of the bed's processes
#   (older, not in the default: hosts (20 and N hosts), hung (host 7 of 20),
#   ssh (20 hosts over ssh, once))
# Every vmctl run is guarded by timeout VT (hung5: T + 60) and a run that
# timed out is recorded as such (exit 124), never dropped.  timeout runs in
# the foreground (--foreground) so that Ctrl-C reaches the command and the
# script; hung hosts are resumed on the way out.
# Environment: VMCTL (default build-bench/vmctl), NF (the bed's N), RUNS (5),
# FRUNS (5), SEQRUNS (1), BRUNS (3), MRUNS (1), HUNGRUNS (1), HRUNS (3: older sections),
# T (5), VT (300), LT (1800: a virsh loop), N (50: a bed started here),
# SECTIONS ("onehost fleet hung5 mem bulk bed"), OUT (/tmp/vmctl-bench-fleet).
# The harnesses are built into build-bench/bench/bin/ (cc and pkg-config).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VMCTL=$(readlink -f "${VMCTL:-$HERE/../build-bench/vmctl}")
BEDSH=$HERE/../tests/beds/fleet/bed.sh
BIN=$HERE/../build-bench/bench/bin
RUNS=${RUNS:-5}
HRUNS=${HRUNS:-3}
FRUNS=${FRUNS:-5}
SEQRUNS=${SEQRUNS:-1}
BRUNS=${BRUNS:-3}
MRUNS=${MRUNS:-1}
HUNGRUNS=${HUNGRUNS:-1}
T=${T:-5}
VT=${VT:-300}
LT=${LT:-1800}
N=${N:-50}
SECTIONS=" ${SECTIONS:-onehost fleet hung5 mem bulk bed} "
SECTIONS=${SECTIONS// onehost / one rt }
OUT=$(mkdir -p "${OUT:-/tmp/vmctl-bench-fleet}" && cd "${OUT:-/tmp/vmctl-bench-fleet}" && pwd)
[ -x "$VMCTL" ] || { echo "bench/fleet.sh: build vmctl first: cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF && cmake --build build-bench -j2" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench/fleet.sh: apt-get install hyperfine" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/fleet.sh: apt-get install time (GNU time)" >&2; exit 1; }

# the harnesses, rebuilt when their source is newer
mkdir -p "$BIN"
if [ ! "$BIN/fleet_floor" -nt "$HERE/fleet_floor.c" ]; then
	read -r -a LV < <(pkg-config --cflags --libs libvirt)
	cc -O2 -Wall -Wextra -pthread -o "$BIN/fleet_floor" "$HERE/fleet_floor.c" "${LV[@]}"
fi
[ "$BIN/peakthreads" -nt "$HERE/peakthreads.c" ] ||
	cc -O2 -Wall -Wextra -o "$BIN/peakthreads" "$HERE/peakthreads.c"
FLOOR=$BIN/fleet_floor

HUNG_NOW=""
STARTED=""
on_exit() {
	for k in $HUNG_NOW; do "$BEDSH" unhang "$BED" "$k" || true; done
	[ -z "$STARTED" ] || "$BEDSH" cleanup "$BED"
}
trap on_exit EXIT
trap 'exit 130' INT TERM          # on_exit runs then too: hung hosts resumed
if [ $# -ge 1 ]; then
	BED=$(cd "$1" && pwd)
else
	BED=$OUT/bed
	"$BEDSH" cleanup "$BED" >/dev/null 2>&1 || true
	STARTED=1
	"$BEDSH" setup "$BED" "$N" | tee "$OUT/bed-start.txt"
fi
# shellcheck source=/dev/null
. "$BED/env"
NF=${NF:-$N}
[ "$NF" -le "$N" ] || { echo "bench/fleet.sh: NF=$NF but the bed has $N hosts" >&2; exit 2; }
REV=$(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo '?')
SEC=/dev/null
say() { echo "$*" | tee -a "$SEC"; }
# begin NAME TITLE: the section's file, its title and when and where it ran
begin() {
	SEC=$OUT/sec-$1.md
	: > "$SEC"
	say ""
	say "## $2"
	say "($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), bed of $N hosts, vmctl $REV)"
	say ""
}
hide() { local c=${1//"timeout --foreground -k 5 $VT "/}; c=${c//$VMCTL/vmctl}; c=${c//$BED/\$BED}; echo "${c//$BIN\//}"; }
V=(timeout --foreground -k 5 "$VT" "$VMCTL")     # every vmctl run
section() { case "$SECTIONS" in *" $1 "*) return 0 ;; esac; return 1; }

H=5                                  # the one host
[ "$N" -ge "$H" ] || H=1
U=$(cat "$BED/$H/uri.tcp")
U1=${U%node.xml}node1.xml
# a running guest (the first in virsh's order has the lowest id) and a paused one
G=$(sed -n 1p "$BED/$H/names")
P=$(grep -o "<name>[^<]*</name><uuid>[^<]*</uuid><memory>[^<]*</memory><currentMemory>[^<]*</currentMemory><vcpu>[^<]*</vcpu><os><type arch='x86_64'>hvm</type></os><test:runstate>3<" "$BED/$H/node.xml" |
	head -1 | sed 's:<name>\([^<]*\)</name>.*:\1:')
G1=$(grep -o '<name>[^<]*</name>' "$BED/$H/node1.xml" | sed 's:</*name>::g')

# the first NF hosts' URIs
F=$OUT/hosts$NF.tcp
FS=$OUT/hosts$NF.ssh
head -n "$NF" "$BED/hosts.tcp" > "$F"
head -n "$NF" "$BED/hosts.ssh" > "$FS"
# guests on those hosts: all, running (no runstate in node.xml), paused (3)
GALL=0 GRUN=0 GPAUSED=0
for ((k = 1; k <= NF; k++)); do
	a=$(grep -c . "$BED/$k/names")
	p=$(grep -c "<test:runstate>3<" <(grep -o "<test:runstate>[0-9]*<" "$BED/$k/node.xml") || true)
	o=$(grep -o "<test:runstate>[0-9]*<" "$BED/$k/node.xml" | wc -l || true)
	GALL=$((GALL + a)) GRUN=$((GRUN + a - o)) GPAUSED=$((GPAUSED + p))
done

# median JSON -> "median_s user+sys_s" per command, in order
medians() {
	/usr/bin/python3 - "$1" <<'EOF'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    codes = r.get("exit_codes") or []
    bad = sum(1 for c in codes if c == 124)
    note = f" (timed out {bad}/{len(codes)})" if bad else ""
    print(f"{statistics.median(r['times']):.3f} {r['user'] + r['system']:.3f} {r['command']}{note}")
EOF
}
# hf NAME RUNS CMD...: hyperfine, then one table row per command
hf() {
	local name=$1 runs=$2
	shift 2
	hyperfine -N --runs "$runs" --warmup 0 --ignore-failure --style none \
		--export-json "$OUT/$name.json" "$@" >/dev/null 2>"$OUT/$name.err" ||
		hyperfine --runs "$runs" --warmup 0 --ignore-failure --style none \
			--export-json "$OUT/$name.json" "$@" >/dev/null 2>"$OUT/$name.err"
	medians "$OUT/$name.json" | while read -r med cpu cmd; do
		say "| $med | $cpu | \`$(hide "$cmd")\` |"
	done
}

# run1 TSV KEY LIMIT CMD...: one run under GNU time, guarded by timeout
# LIMIT; appends "KEY wall_s user+sys_s exit stdout_lines" to TSV; the
# last run's stdout and stderr stay in OUT/KEY.out and OUT/KEY.err
run1() {
	local tsv=$1 key=$2 lim=$3 rc=0 w u s x lines
	shift 3
	/usr/bin/time -q -f '%e %U %S %x' -o "$OUT/time.txt" timeout --foreground -k 5 "$lim" "$@" \
		> "$OUT/$key.out" 2> "$OUT/$key.err" || rc=$?
	lines=$(grep -c '' "$OUT/$key.out" || true)
	read -r w u s x < <(tail -1 "$OUT/time.txt")
	echo "$key $w $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }') $rc $lines" >> "$tsv"
}
# stats TSV: "KEY runs median_wall min max median_cpu exits last_lines" per key
stats() {
	/usr/bin/python3 - "$1" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    k, w, c, x, n = line.split()
    rows.setdefault(k, []).append((float(w), float(c), int(x), n))
for k, r in rows.items():
    w = [a[0] for a in r]
    exits = ",".join(sorted({str(a[2]) for a in r}))
    print(k, len(r), f"{statistics.median(w):.2f}", f"{min(w):.2f}", f"{max(w):.2f}",
          f"{statistics.median([a[1] for a in r]):.2f}", exits, r[-1][3])
EOF
}
declare -A S_RUNS S_MED S_MIN S_MAX S_CPU S_EXIT S_LINES DESC
load_stats() {
	local k r m lo hi c x l
	while read -r k r m lo hi c x l; do
		S_RUNS[$k]=$r S_MED[$k]=$m S_MIN[$k]=$lo S_MAX[$k]=$hi S_CPU[$k]=$c S_EXIT[$k]=$x S_LINES[$k]=$l
	done < <(stats "$1")
}
# ratio A B: A / B to 2 decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# meets VALUE OP BOUND: "met" or "missed"
meets() { awk -v v="$1" -v b="$3" -v op="$2" 'BEGIN { ok = op == "<=" ? v <= b : v >= b; print ok ? "met" : "missed" }'; }
# judge VALUE OP BOUND KEY...: meets, unless a run of a KEY timed out
judge() {
	local v=$1 op=$2 b=$3 k
	shift 3
	for k; do
		case ",${S_EXIT[$k]:-}," in *,124,*) echo "not judged: a run timed out"; return ;; esac
	done
	meets "$v" "$op" "$b"
}
# exits KEY: the exit codes, "timed out" said in words
exits() { local x=${S_EXIT[$1]}; case ",$x," in *,124,*) echo "${x//124/124 = timed out}" ;; *) echo "$x" ;; esac; }
row() {   # row KEY [REF]: one table row; REF: the key the x column divides by
	local k=$1 ref=${2:-}
	local x=" - | - |"
	[ -z "$ref" ] || x=" $(ratio "${S_MED[$k]}" "${S_MED[$ref]}") | $(ratio "${S_CPU[$k]}" "${S_CPU[$ref]}") |"
	say "| ${DESC[$k]} | ${S_RUNS[$k]} | ${S_MED[$k]} | ${S_MIN[$k]}-${S_MAX[$k]} | ${S_CPU[$k]} |$x $(exits "$k") | ${S_LINES[$k]} |"
}

# rt CMD...: run once; the round trips the proxy saw on the connections
# that closed meanwhile ("turns conns wall")
rt() {
	local n0 t0 t1
	n0=$(wc -l < "$BED/proxy.log")
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	sleep 0.5
	tail -n +"$((n0 + 1))" "$BED/proxy.log" | awk -v w="$(( (t1 - t0) / 1000000 ))" \
		'{ t += $5; c++ } END { printf "%d %d %d\n", t, c, w }'
}

if section one; then
	begin one "one host at 20 ms ($H: $(grep -c . "$BED/$H/names") guests), medians of $RUNS runs (hyperfine)"
	say "| median s | user+sys s (mean) | command |"
	say "|---|---|---|"
	hf one "$RUNS" \
		"${V[*]} -c $U list --name" "virsh -c $U list --all --name" \
		"${V[*]} -c $U list" "virsh -c $U list --all" \
		"${V[*]} -c $U info $G" "virsh -c $U dominfo $G" \
		"${V[*]} -c $U pause $G" "virsh -c $U suspend $G" \
		"${V[*]} -c $U resume $P" "virsh -c $U resume $P"
	/usr/bin/python3 - "$OUT/one.json" <<'EOF' | tee -a "$SEC"
import json, statistics, sys
r = [statistics.median(x["times"]) for x in json.load(open(sys.argv[1]))["results"]]
names = ["list --name / virsh list --all --name", "list / virsh list --all", "info / virsh dominfo",
         "pause / virsh suspend", "resume / virsh resume"]
print()
print("vmctl / virsh, wall (target: no slower, <= 1.00): " +
      "; ".join(f"{n} {r[2 * i] / r[2 * i + 1]:.2f}" for i, n in enumerate(names)))
EOF
fi

if section rt; then
	begin rt "round trips per command on one host (proxy turns; 50 guests | 1 guest), one run each"
	say "| command | 50 guests: turns conns ms | 1 guest: turns conns ms |"
	say "|---|---|---|"
	rtrow() {   # rtrow LABEL ARGS50 ARGS1 (two halves of equal length)
		local label=$1 a b
		shift
		a=$(rt "${@:1:$(($# / 2))}")
		b=$(rt "${@:$(($# / 2 + 1))}")
		say "| $label | $a | $b |"
	}
	rtrow "vmctl list --name" "${V[@]}" -c "$U" list --name "${V[@]}" -c "$U1" list --name
	rtrow "virsh list --all --name" virsh -c "$U" list --all --name virsh -c "$U1" list --all --name
	rtrow "vmctl list" "${V[@]}" -c "$U" list "${V[@]}" -c "$U1" list
	rtrow "virsh list --all" virsh -c "$U" list --all virsh -c "$U1" list --all
	rtrow "vmctl info" "${V[@]}" -c "$U" info "$G" "${V[@]}" -c "$U1" info "$G1"
	rtrow "virsh dominfo" virsh -c "$U" dominfo "$G" virsh -c "$U1" dominfo "$G1"
	rtrow "vmctl pause" "${V[@]}" -c "$U" pause "$G" "${V[@]}" -c "$U1" pause "$G1"
	rtrow "virsh suspend" virsh -c "$U" suspend "$G" virsh -c "$U1" suspend "$G1"
	rtrow "vmctl pause --all" "${V[@]}" -c "$U" pause --all "${V[@]}" -c "$U1" pause --all
	rtrow "vmctl -o json list" "${V[@]}" -c "$U" -o json list "${V[@]}" -c "$U1" -o json list
fi

if section fleet; then
	TSV=$OUT/fleet.tsv
	: > "$TSV"
	# shellcheck disable=SC2016 # $1 is the sh -c script's
	XNAME='xargs -P 64 -I{} virsh -c {} list --all --name < "$1"'
	# shellcheck disable=SC2016
	XALL='xargs -P 64 -I{} virsh -c {} list --all < "$1"'
	# shellcheck disable=SC2016
	SEQ='while read -r u; do virsh -c "$u" list --all; done < "$1"'
	DESC[floor]="floor: \`fleet_floor F\` (a thread per host)"
	DESC[vname]="\`vmctl --hosts F list --name\`"
	DESC[vlist]="\`vmctl --hosts F list\`"
	DESC[xname]="\`$XNAME\`"
	DESC[xall]="\`$XALL\`"
	DESC[seq]="\`$SEQ\` (sequential)"
	for ((r = 1; r <= FRUNS; r++)); do
		echo "fleet: round $r of $FRUNS" >&2
		run1 "$TSV" floor "$VT" "$FLOOR" "$F"
		run1 "$TSV" vname "$VT" "$VMCTL" --hosts "$F" list --name
		run1 "$TSV" vlist "$VT" "$VMCTL" --hosts "$F" list
		run1 "$TSV" xname "$LT" sh -c "$XNAME" sh "$F"
		run1 "$TSV" xall "$LT" sh -c "$XALL" sh "$F"
		[ "$r" -gt "$SEQRUNS" ] || run1 "$TSV" seq "$LT" sh -c "$SEQ" sh "$F"
	done
	load_stats "$TSV"
	begin fleet "$NF hosts x 50 guests at 20 ms ($GALL guests): list, medians of $FRUNS rounds (the sequential loop: $SEQRUNS)"
	say "F = \`$(hide "$F")\`, \`\$1\` = F; rounds interleave the commands; wall and CPU from GNU time (user+sys of the command and every process it waited for, virsh included; not the daemons'); vmctl guarded by \`timeout $VT\`, virsh by \`timeout $LT\`."
	say ""
	say "| command | runs | median wall s | min-max s | median user+sys s | wall x floor | CPU x floor | exit | stdout lines (last run) |"
	say "|---|---|---|---|---|---|---|---|---|"
	for k in floor vname vlist xname xall seq; do
		[ -z "${S_MED[$k]:-}" ] || row "$k" floor
	done
	say ""
	say "Expected stdout lines: $GALL guests (list --name and the floor: $GALL; list: $((GALL + 1)) with its header)."
	say ""
	say "Ratios (this run):"
	v=$(ratio "${S_MED[vname]}" "${S_MED[floor]}")
	say "- vmctl list --name / floor, wall: $v (target <= 1.2: $(judge "$v" "<=" 1.2 vname))"
	v=$(ratio "${S_MED[vlist]}" "${S_MED[floor]}")
	say "- vmctl list / floor, wall: $v (the floor fetches names only; list's columns need more)"
	if [ -n "${S_MED[seq]:-}" ]; then
		v=$(ratio "${S_MED[seq]}" "${S_MED[vlist]}")
		say "- sequential virsh list --all loop / vmctl list, wall: $v (target >= 20: $(judge "$v" ">=" 20 vlist))"
		v=$(ratio "${S_MED[seq]}" "${S_MED[vname]}")
		say "- sequential virsh list --all loop / vmctl list --name, wall: $v"
	fi
	v=$(ratio "${S_MED[xall]}" "${S_MED[vlist]}")
	c=$(ratio "${S_CPU[xall]}" "${S_CPU[vlist]}")
	say "- xargs -P 64 virsh list --all / vmctl list: wall $v (target > 1: $(judge "$v" ">=" 1 vlist)), CPU $c"
	v=$(ratio "${S_MED[xname]}" "${S_MED[vname]}")
	c=$(ratio "${S_CPU[xname]}" "${S_CPU[vname]}")
	say "- xargs -P 64 virsh list --all --name / vmctl list --name: wall $v, CPU $c"
	for k in vname vlist; do
		[ ! -s "$OUT/$k.err" ] || say "- stderr of \`$(hide "${DESC[$k]}")\` (last run): $(head -c 300 "$OUT/$k.err" | tr '\n' ' ' | sed "s#$BED#\$BED#g")"
	done
fi

if section hung5 && [ "$NF" -lt 5 ]; then
	echo "bench/fleet.sh: hung5 needs 5 hosts or more (NF=$NF): skipped" >&2
elif section hung5; then
	TSV=$OUT/hung5.tsv
	: > "$TSV"
	HK=""
	for i in 0 1 2 3 4; do HK="$HK $((1 + (2 * i + 1) * NF / 10))"; done
	HK=${HK# }
	XH="xargs -P 64 -I{} timeout $T virsh -c {} list --all < \"\$1\""
	DESC[hvname]="\`vmctl --hosts F --host-timeout $T list --name\`"
	DESC[hvlist]="\`vmctl --hosts F --host-timeout $T list\`"
	DESC[hxall]="\`$XH\`"
	for k in $HK; do "$BEDSH" hang "$BED" "$k"; HUNG_NOW="$HUNG_NOW $k"; done
	for ((r = 1; r <= HUNGRUNS; r++)); do
		run1 "$TSV" hvname $((T + 60)) "$VMCTL" --hosts "$F" --host-timeout "$T" list --name
		run1 "$TSV" hvlist $((T + 60)) "$VMCTL" --hosts "$F" --host-timeout "$T" list
		run1 "$TSV" hxall "$LT" sh -c "$XH" sh "$F"
	done
	for k in $HK; do "$BEDSH" unhang "$BED" "$k"; done
	HUNG_NOW=""
	load_stats "$TSV"
	begin hung5 "$NF hosts at 20 ms, hosts $HK stopped (SIGSTOP), --host-timeout $T: $HUNGRUNS run(s) each"
	say "F = \`$(hide "$F")\`; vmctl guarded by \`timeout $((T + 60))\` (exit 124: it did not return by then); the hosts are resumed (SIGCONT) after."
	say ""
	say "| command | runs | median wall s | min-max s | median user+sys s | exit | stdout lines | stderr lines | wall <= T + 2 = $((T + 2)) s |"
	say "|---|---|---|---|---|---|---|---|---|"
	for k in hvname hvlist hxall; do
		say "| ${DESC[$k]} | ${S_RUNS[$k]} | ${S_MED[$k]} | ${S_MIN[$k]}-${S_MAX[$k]} | ${S_CPU[$k]} | $(exits "$k") | ${S_LINES[$k]} | $(grep -c '' "$OUT/$k.err" || true) | $(meets "${S_MAX[$k]}" "<=" $((T + 2))) (max) |"
	done
	say ""
	say "Expected: $((GALL - $(for k in $HK; do grep -c . "$BED/$k/names"; done | awk '{ s += $1 } END { print s }'))) guests on the $((NF - 5)) live hosts (list: +1 header line; virsh: 2 header lines and a blank line per host); vmctl: exit 6 (partial), one stderr line per stopped host, within T + 2 s."
	for k in hvname hvlist; do
		say ""
		say "stderr of ${DESC[$k]} (last run, first 8 lines):"
		say '```'
		if [ -s "$OUT/$k.err" ]; then
			head -n 8 "$OUT/$k.err" | sed "s#$BED#\$BED#g" | tee -a "$SEC"
		else
			say "(empty)"
		fi
		say '```'
	done
fi

if section mem; then
	TSV=$OUT/mem.txt
	begin mem "$NF hosts: peak threads, child processes and RSS, $MRUNS run(s) each (the largest)"
	say "bench/peakthreads.c samples /proc/PID/status and PID's children every 10 ms; maxrss is wait4's ru_maxrss (= \`/usr/bin/time -f %M\`: the largest of the process and its reaped children, e.g. ssh), VmHWM the process's own high-water mark; vmctl guarded by \`-t $VT\`."
	say ""
	say "| command | wall s | exit | stdout lines | peak threads | peak children | maxrss KiB | VmHWM KiB |"
	say "|---|---|---|---|---|---|---|---|"
	memrow() {   # memrow LABEL CMD...
		local label=$1 best="" l
		shift
		: > "$TSV"
		for ((r = 1; r <= MRUNS; r++)); do
			"$BIN/peakthreads" -o "$TSV" -t "$VT" "$@" > "$OUT/mem.out" 2> "$OUT/mem.err" || true
		done
		# the run with the most threads; the last run's stdout lines
		best=$(sort -t= -k2 -n "$TSV" | tail -1)
		l=$(grep -c '' "$OUT/mem.out" || true)
		echo "$best" | awk -v label="$label" -v lines="$l" '{
			for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			ex = v["exit"] == 124 ? "124 (timed out)" : v["exit"]
			printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", label, v["wall_s"], ex, lines,
				v["threads"], v["children"], v["maxrss_kib"], v["hwm_kib"] }' | tee -a "$SEC"
	}
	memrow "floor: \`fleet_floor F\` (TCP)" "$FLOOR" "$F"
	memrow "\`vmctl --hosts F list --name\` (TCP)" "$VMCTL" --hosts "$F" list --name
	memrow "\`vmctl --hosts F list\` (TCP)" "$VMCTL" --hosts "$F" list
	memrow "\`vmctl --hosts FS list --name\` (ssh)" "$VMCTL" --hosts "$FS" list --name
	memrow "\`vmctl --hosts FS list\` (ssh)" "$VMCTL" --hosts "$FS" list
	say ""
	say "F = \`$(hide "$F")\`, FS = \`$(hide "$FS")\`; expected stdout lines: $GALL (list: $((GALL + 1))), counted on the last run."
fi

if section bulk; then
	TSV=$OUT/bulk.tsv
	: > "$TSV"
	VB=$OUT/virsh_bulk.sh
	cat > "$VB" <<'EOF'
#!/bin/sh
# virsh_bulk.sh VERB STATE URI: one host as a script does it with virsh: one
# virsh lists the guests in STATE, one more runs VERB on each of them in one
# connection ("suspend a; suspend b; ...")
n=$(virsh -c "$3" list --state-"$2" --name) || exit 1
[ -n "$n" ] || exit 0
# shellcheck disable=SC2086
exec virsh -c "$3" "$(printf "$1 %s; " $n)"
EOF
	chmod +x "$VB"
	XP="xargs -P 64 -I{} virsh_bulk.sh suspend running {} < \"\$1\""
	XR="xargs -P 64 -I{} virsh_bulk.sh resume paused {} < \"\$1\""
	DESC[vpause]="\`vmctl --hosts F pause --all\`"
	DESC[xpause]="\`$XP\`"
	DESC[vresume]="\`vmctl --hosts F resume --all\`"
	DESC[xresume]="\`$XR\`"
	for ((r = 1; r <= BRUNS; r++)); do
		echo "bulk: round $r of $BRUNS" >&2
		run1 "$TSV" vpause "$VT" "$VMCTL" --hosts "$F" pause --all
		cp "$OUT/vpause.out" "$OUT/vpause.last"
		run1 "$TSV" vresume "$VT" "$VMCTL" --hosts "$F" resume --all
		run1 "$TSV" xpause "$LT" sh -c "${XP//virsh_bulk.sh/$VB}" sh "$F"
		run1 "$TSV" xresume "$LT" sh -c "${XR//virsh_bulk.sh/$VB}" sh "$F"
	done
	load_stats "$TSV"
	begin bulk "$NF hosts x 50 guests at 20 ms: pause --all, then resume --all, medians of $BRUNS rounds"
	say "The test driver parses node.xml afresh for every connection, so every process here starts from the file's states: pause --all pauses the file's $GRUN running guests, and resume --all (another process) resumes the file's $GPAUSED paused ones, not those just paused; nothing carries over from one run to the next (no prepare step). virsh: per host one process lists the guests in the state, one more does every suspend (resume) in one connection (\`virsh_bulk.sh\` in OUT: the list, then \`virsh -c URI 'suspend a; suspend b; ...'\`). F = \`$(hide "$F")\`; wall and CPU (user+sys of every process) from GNU time."
	say ""
	say "| command | runs | median wall s | min-max s | median user+sys s | wall x virsh | CPU x virsh | exit | stdout lines (last run) |"
	say "|---|---|---|---|---|---|---|---|---|"
	row vpause xpause
	row xpause
	row vresume xresume
	row xresume
	say ""
	say "Guests acted on (last run; lines saying done, suspended or resumed): vmctl pause $(grep -ciE 'done|paused' "$OUT/vpause.last" || true), virsh suspend $(grep -c suspended "$OUT/xpause.out" || true) (expected $GRUN); vmctl resume $(grep -ciE 'done|resumed' "$OUT/vresume.out" || true), virsh resume $(grep -c resumed "$OUT/xresume.out" || true) (expected $GPAUSED)."
	v=$(ratio "${S_MED[xpause]}" "${S_MED[vpause]}")
	c=$(ratio "${S_CPU[xpause]}" "${S_CPU[vpause]}")
	say ""
	say "Ratios (this run): xargs virsh / vmctl: pause --all wall $v, CPU $c; resume --all wall $(ratio "${S_MED[xresume]}" "${S_MED[vresume]}"), CPU $(ratio "${S_CPU[xresume]}" "${S_CPU[vresume]}")."
	for k in vpause vresume; do
		[ ! -s "$OUT/$k.err" ] || say "- stderr of ${DESC[$k]} (last run): $(head -c 300 "$OUT/$k.err" | tr '\n' ' ' | sed "s#$BED#\$BED#g")"
	done
fi

if section hosts; then
	for m in 20 "$N"; do
		F=$OUT/hosts$m.tcp
		head -n "$m" "$BED/hosts.tcp" > "$F"
		begin "hosts$m" "$m hosts x 50 guests at 20 ms, medians of $HRUNS runs (hyperfine)"
		say "| median s | user+sys s (mean) | command |"
		say "|---|---|---|"
		hf "hosts$m" "$HRUNS" \
			"${V[*]} --hosts $F list --name" \
			"${V[*]} --hosts $F list" \
			"sh -c 'for u in \$(cat $F); do virsh -c \$u list --all --name; done'" \
			"sh -c 'xargs -P 64 -I{} virsh -c {} list --all < $F'"
		say "- vmctl's peak RSS (list --name, one run): $(/usr/bin/time -f '%M KiB, %e s' "${V[@]}" --hosts "$F" list --name 2>&1 >/dev/null | tail -1)"
	done
fi

if section hung; then
	F=$OUT/hosts20.tcp
	head -n 20 "$BED/hosts.tcp" > "$F"
	begin hung "20 hosts, host 7 hung (SIGSTOP): one run each, killed after 90 s"
	"$BEDSH" hang "$BED" 7
	HUNG_NOW=7
	for c in "$VMCTL --hosts $F list --name" \
		"sh -c 'xargs -P 64 -I{} timeout 10 virsh -c {} list --all --name < $F'"; do
		t0=$(date +%s%N)
		rc=0
		timeout 90 sh -c "$c" > "$OUT/hung.out" 2> "$OUT/hung.err" || rc=$?
		t1=$(date +%s%N)
		say "- \`${c//$BED/\$BED}\`: $(( (t1 - t0) / 1000000 )) ms, exit $rc$([ $rc != 124 ] || echo ' (killed by timeout 90)'), $(grep -c . "$OUT/hung.out") lines out, stderr: $(head -c 300 "$OUT/hung.err" | tr '\n' ' ')"
	done
	"$BEDSH" unhang "$BED" 7
	HUNG_NOW=""
fi

if section ssh; then
	F=$OUT/hosts20.ssh
	head -n 20 "$BED/hosts.ssh" > "$F"
	begin ssh "20 hosts over ssh (20 ms): one run each"
	for c in "$VMCTL --hosts $F list --name" \
		"sh -c 'xargs -P 64 -I{} virsh -c {} list --all --name < $F'"; do
		t0=$(date +%s%N)
		rc=0
		timeout 600 sh -c "$c" > "$OUT/ssh.out" 2> "$OUT/ssh.err" || rc=$?
		t1=$(date +%s%N)
		say "- \`${c//$BED/\$BED}\`: $(( (t1 - t0) / 1000000 )) ms, exit $rc, $(grep -c . "$OUT/ssh.out") lines out"
	done
fi

if section bed; then
	begin bed "the bed's memory"
	[ ! -s "$OUT/bed-start.txt" ] || say "- $(cat "$OUT/bed-start.txt")"
	for comm in libvirtd sshd; do
		/usr/bin/python3 - "$comm" "$BED" <<'EOF' | tee -a "$SEC"
import os, sys
comm, bed = sys.argv[1], sys.argv[2]
rss = pss = n = 0
for p in os.listdir("/proc"):
    if not p.isdigit():
        continue
    try:
        if open(f"/proc/{p}/comm").read().strip() != comm:
            continue
        if bed.encode() not in open(f"/proc/{p}/cmdline", "rb").read():
            continue
        for line in open(f"/proc/{p}/smaps_rollup"):
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
        n += 1
    except OSError:
        pass
print(f"- {n} {comm}: RSS {rss // 1024} MiB, PSS {pss // 1024} MiB ({pss // max(n, 1)} KiB each)")
EOF
	done
	say "- proxy: RSS $(( $(awk '/^Rss:/ {print $2}' "/proc/$(cat "$BED/proxy.pid")/smaps_rollup") / 1024 )) MiB"
fi

# OUT/fleet.md: every section's latest table, in this order
{
	echo "# fleet bench (bench/fleet.sh), put together $(date -u +%FT%TZ) from OUT/sec-*.md"
	for s in one rt fleet hung5 mem bulk hosts20 "hosts$N" hung ssh bed; do
		[ ! -s "$OUT/sec-$s.md" ] || cat "$OUT/sec-$s.md"
	done
} > "$OUT/fleet.md"
echo "bench/fleet.sh: $OUT/fleet.md" >&2
