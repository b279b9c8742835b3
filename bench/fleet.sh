#!/bin/bash
# bench/fleet.sh: today's vmctl on the fleet bed (issue 22; never in CI),
# side by side with virsh in the same run.
#
#   bench/fleet.sh [BED]          BED: a directory where tests/beds/fleet/bed.sh
#                                 setup ran (reused, left running); without it a
#                                 bed of N hosts (default 50) is started in
#                                 OUT/bed and cleaned up at the end
#
# Sections (each host: libvirt's test driver, 50 guests, node.xml parsed per
# connection; 20 ms a round trip through the bed's proxy):
#   one    one host: vmctl list --name | list | info G | pause G | resume P
#          against virsh list --all --name | list --all | dominfo G | suspend G
#          | resume P (hyperfine, RUNS runs each, medians)
#   rt     round trips per command (the proxy's turns: the client's sends that
#          follow a reply), with 50 guests (node.xml) and 1 guest (node1.xml)
#   hosts  20 and all N hosts: vmctl --hosts F list --name and list, against a
#          sequential shell loop of virsh list --all --name, and xargs -P 64
#          virsh list --all (wall, and user+system CPU of all processes)
#   hung   the 20 hosts with host 7 stopped (SIGSTOP): does vmctl return, when,
#          with what; the same with xargs -P 64 timeout 10 virsh
#   ssh    vmctl --hosts (20 ssh URIs) list --name once, and xargs -P 64 virsh
#   bed    RSS and PSS of the bed's processes
# Environment: VMCTL (default build-bench/vmctl), RUNS (5), HRUNS (3: runs of
# the many-host cases), N (50), SECTIONS ("one rt hosts hung ssh bed"),
# OUT (/tmp/vmctl-bench-fleet).  Writes OUT/fleet.md and hyperfine's JSON.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VMCTL=$(readlink -f "${VMCTL:-$HERE/../build-bench/vmctl}")
BEDSH=$HERE/../tests/beds/fleet/bed.sh
RUNS=${RUNS:-5}
HRUNS=${HRUNS:-3}
N=${N:-50}
SECTIONS=${SECTIONS:-one rt hosts hung ssh bed}
OUT=${OUT:-/tmp/vmctl-bench-fleet}
mkdir -p "$OUT"
[ -x "$VMCTL" ] || { echo "bench/fleet.sh: build vmctl first: cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF && cmake --build build-bench -j2" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench/fleet.sh: apt-get install hyperfine" >&2; exit 1; }

if [ $# -ge 1 ]; then
	BED=$(cd "$1" && pwd)
else
	BED=$OUT/bed
	"$BEDSH" cleanup "$BED" >/dev/null 2>&1 || true
	trap '"$BEDSH" cleanup "$BED"' EXIT
	"$BEDSH" setup "$BED" "$N" | tee "$OUT/bed-start.txt"
fi
# shellcheck source=/dev/null
. "$BED/env"
MD=$OUT/fleet.md
: > "$MD"
say() { echo "$*" | tee -a "$MD"; }
say "# fleet bench $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $N hosts, vmctl $(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo '?')"

H=5                                  # the one host
U=$(cat "$BED/$H/uri.tcp")
U1=${U%node.xml}node1.xml
# a running guest (the first in virsh's order has the lowest id) and a paused one
G=$(sed -n 1p "$BED/$H/names")
P=$(grep -o "<name>[^<]*</name><uuid>[^<]*</uuid><memory>[^<]*</memory><currentMemory>[^<]*</currentMemory><vcpu>[^<]*</vcpu><os><type arch='x86_64'>hvm</type></os><test:runstate>3<" "$BED/$H/node.xml" |
	head -1 | sed 's:<name>\([^<]*\)</name>.*:\1:')
G1=$(grep -o '<name>[^<]*</name>' "$BED/$H/node1.xml" | sed 's:</*name>::g')

# median JSON -> "median_s user+sys_s" per command, in order
medians() {
	python3 - "$1" <<'EOF'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{statistics.median(r['times']):.3f} {r['user'] + r['system']:.3f} {r['command']}")
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
		say "| $med | $cpu | \`${cmd//$BED/\$BED}\` |"
	done
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

section() { case " $SECTIONS " in *" $1 "*) return 0 ;; esac; return 1; }

if section one; then
	say ""
	say "## one host at 20 ms ($H: 50 guests, $(grep -c . "$BED/$H/names") names), medians of $RUNS runs"
	say "| median s | user+sys s (mean) | command |"
	say "|---|---|---|"
	hf one "$RUNS" \
		"$VMCTL -c $U list --name" "virsh -c $U list --all --name" \
		"$VMCTL -c $U list" "virsh -c $U list --all" \
		"$VMCTL -c $U info $G" "virsh -c $U dominfo $G" \
		"$VMCTL -c $U pause $G" "virsh -c $U suspend $G" \
		"$VMCTL -c $U resume $P" "virsh -c $U resume $P"
fi

if section rt; then
	say ""
	say "## round trips per command (proxy turns; 50 guests | 1 guest)"
	say "| command | 50 guests: turns conns ms | 1 guest: turns conns ms |"
	say "|---|---|---|"
	rtrow() {   # rtrow LABEL ARGS50 -- ARGS1
		local label=$1 a b
		shift
		a=$(rt "${@:1:$(($# / 2))}")
		b=$(rt "${@:$(($# / 2 + 1))}")
		say "| $label | $a | $b |"
	}
	rtrow "vmctl list --name" "$VMCTL" -c "$U" list --name "$VMCTL" -c "$U1" list --name
	rtrow "virsh list --all --name" virsh -c "$U" list --all --name virsh -c "$U1" list --all --name
	rtrow "vmctl list" "$VMCTL" -c "$U" list "$VMCTL" -c "$U1" list
	rtrow "virsh list --all" virsh -c "$U" list --all virsh -c "$U1" list --all
	rtrow "vmctl info" "$VMCTL" -c "$U" info "$G" "$VMCTL" -c "$U1" info "$G1"
	rtrow "virsh dominfo" virsh -c "$U" dominfo "$G" virsh -c "$U1" dominfo "$G1"
	rtrow "vmctl pause" "$VMCTL" -c "$U" pause "$G" "$VMCTL" -c "$U1" pause "$G1"
	rtrow "virsh suspend" virsh -c "$U" suspend "$G" virsh -c "$U1" suspend "$G1"
	rtrow "vmctl pause --all" "$VMCTL" -c "$U" pause --all "$VMCTL" -c "$U1" pause --all
	rtrow "vmctl -o json list" "$VMCTL" -c "$U" -o json list "$VMCTL" -c "$U1" -o json list
fi

if section hosts; then
	for m in 20 "$N"; do
		F=$OUT/hosts$m.tcp
		head -n "$m" "$BED/hosts.tcp" > "$F"
		say ""
		say "## $m hosts x 50 guests at 20 ms, medians of $HRUNS runs"
		say "| median s | user+sys s (mean) | command |"
		say "|---|---|---|"
		hf "hosts$m" "$HRUNS" \
			"$VMCTL --hosts $F list --name" \
			"$VMCTL --hosts $F list" \
			"sh -c 'for u in \$(cat $F); do virsh -c \$u list --all --name; done'" \
			"sh -c 'xargs -P 64 -I{} virsh -c {} list --all < $F'"
		say "- vmctl's peak RSS (list --name, one run): $(/usr/bin/time -f '%M KiB, %e s' "$VMCTL" --hosts "$F" list --name 2>&1 >/dev/null | tail -1)"
	done
fi

if section hung; then
	F=$OUT/hosts20.tcp
	head -n 20 "$BED/hosts.tcp" > "$F"
	say ""
	say "## 20 hosts, host 7 hung (SIGSTOP): one run each, killed after 90 s"
	"$BEDSH" hang "$BED" 7
	for c in "$VMCTL --hosts $F list --name" \
		"sh -c 'xargs -P 64 -I{} timeout 10 virsh -c {} list --all --name < $F'"; do
		t0=$(date +%s%N)
		rc=0
		timeout 90 sh -c "$c" > "$OUT/hung.out" 2> "$OUT/hung.err" || rc=$?
		t1=$(date +%s%N)
		say "- \`${c//$BED/\$BED}\`: $(( (t1 - t0) / 1000000 )) ms, exit $rc$([ $rc != 124 ] || echo ' (killed by timeout 90)'), $(grep -c . "$OUT/hung.out") lines out, stderr: $(head -c 300 "$OUT/hung.err" | tr '\n' ' ')"
	done
	"$BEDSH" unhang "$BED" 7
fi

if section ssh; then
	F=$OUT/hosts20.ssh
	head -n 20 "$BED/hosts.ssh" > "$F"
	say ""
	say "## 20 hosts over ssh (20 ms): one run each"
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
	say ""
	[ ! -s "$OUT/bed-start.txt" ] || say "- $(cat "$OUT/bed-start.txt")"
	for comm in libvirtd sshd; do
		python3 - "$comm" "$BED" <<'EOF' | tee -a "$MD"
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
say ""
say "(load at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
