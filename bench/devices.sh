#!/bin/bash
# bench/devices.sh: disk-list of every guest of an N-guest qemu:///system
# host (issue 18), vmctl from one -f batch beside one virsh process running
# domblklist for each (commands read from standard input), on the local
# socket and through bench/delay_relay.py (DELAY_MS each way); then the RPC
# calls of one disk-list and one domblklist (bench/rpccount.sh).
#
# Usage (root, libvirtd answering on /run/libvirt/libvirt-sock, e.g. started
# by tests/beds/libvirt/daemon.sh start DIR):
#   VMCTL=build-bench/vmctl bench/devices.sh       # N=1000 DELAY_MS=10 RUNS=3
# Writes hyperfine JSON and rpc.txt to OUT (default /tmp/vmctl-bench-devices).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VMCTL=$(readlink -f "${VMCTL:-$HERE/../build-bench/vmctl}")
N=${N:-1000}
DELAY_MS=${DELAY_MS:-10}
RUNS=${RUNS:-3}
OUT=${OUT:-/tmp/vmctl-bench-devices}
RELAY=$OUT/relay.sock
LOCAL="qemu:///system"
SLOW="qemu+unix:///system?socket=$RELAY"
mkdir -p "$OUT/xml"
truncate -s 1M "$OUT/disk.img"

# N defined guests, each with a disk and a CD drive (what vmctl create writes)
: >"$OUT/define.virsh"; : >"$OUT/disklist.batch"; : >"$OUT/domblklist.virsh"; : >"$OUT/undefine.virsh"
for i in $(seq -w 1 "$N"); do
	g=vmtb-d$i
	"$VMCTL" --explain=virsh create --disk "$OUT/disk.img" --cdrom "$OUT/disk.img" "$g" |
		sed -n "s/^# $g.xml: //p" | sed "s/type='kvm'/type='qemu'/" >"$OUT/xml/$g.xml"
	echo "define $OUT/xml/$g.xml" >>"$OUT/define.virsh"
	echo "disk-list $g" >>"$OUT/disklist.batch"
	echo "domblklist $g" >>"$OUT/domblklist.virsh"
	echo "undefine $g" >>"$OUT/undefine.virsh"
done
virsh -q -c "$LOCAL" <"$OUT/undefine.virsh" >/dev/null 2>&1 || true
virsh -q -c "$LOCAL" <"$OUT/define.virsh" >/dev/null

python3 "$HERE/delay_relay.py" "$RELAY" /run/libvirt/libvirt-sock "$DELAY_MS" &
relay=$!
trap 'kill $relay 2>/dev/null; virsh -q -c "$LOCAL" <"$OUT/undefine.virsh" >/dev/null 2>&1' EXIT
sleep 0.5

for link in local slow; do
	uri=$LOCAL; [ $link = slow ] && uri="'$SLOW'"
	hyperfine -w 1 -r "$RUNS" --export-json "$OUT/disk-list-$link.json" \
		-n vmctl "$VMCTL -q -c $uri -f $OUT/disklist.batch" \
		-n virsh "virsh -q -c $uri <$OUT/domblklist.virsh" >/dev/null
done
# the same answers: every guest's two targets, from each
"$VMCTL" -q -c "$LOCAL" -f "$OUT/disklist.batch" | grep -c '^vd\|^sd' >"$OUT/rows.vmctl"
virsh -q -c "$LOCAL" <"$OUT/domblklist.virsh" | grep -c '^ *vd\|^ *sd' >"$OUT/rows.virsh"
{
	echo "rows: vmctl $(cat "$OUT/rows.vmctl"), virsh $(cat "$OUT/rows.virsh") (N=$N guests)"
	echo "rpc vmctl disk-list x1: $("$HERE/rpccount.sh" "$VMCTL" -c "$LOCAL" disk-list vmtb-d$(printf %0${#N}d 1))"
	echo "rpc virsh domblklist x1: $("$HERE/rpccount.sh" virsh -c "$LOCAL" domblklist vmtb-d$(printf %0${#N}d 1))"
	echo "rpc vmctl -f disklist.batch (N=$N): $("$HERE/rpccount.sh" "$VMCTL" -c "$LOCAL" -f "$OUT/disklist.batch")"
	echo "rpc virsh <domblklist.virsh (N=$N): $("$HERE/rpccount.sh" sh -c "virsh -c $LOCAL <$OUT/domblklist.virsh")"
} >"$OUT/rpc.txt"
for f in disk-list-local disk-list-slow; do
	python3 - "$OUT/$f.json" "$f" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print("%-16s vmctl %.3f s  virsh %.3f s  ratio %.2f" % (sys.argv[2], r["vmctl"], r["virsh"], r["vmctl"] / r["virsh"]))
PY
done | tee "$OUT/summary.txt"
cat "$OUT/rpc.txt"
