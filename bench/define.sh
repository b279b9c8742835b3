#!/bin/bash
# bench/define.sh: create then delete of N guests on qemu:///system (issue
# 17), vmctl from one -f batch beside virsh define/undefine from one process
# (commands joined by ';'), on the local socket and through
# bench/delay_relay.py (DELAY_MS each way); then the RPC calls of one create
# and one delete of each (bench/rpccount.sh).
#
# Usage (root, libvirtd answering on /run/libvirt/libvirt-sock, e.g. started
# by tests/beds/libvirt/daemon.sh start DIR):
#   VMCTL=build-bench/vmctl bench/define.sh        # N=200 DELAY_MS=10 RUNS=3
# Writes hyperfine JSON and rpc.txt to OUT (default /tmp/vmctl-bench-define).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VMCTL=$(readlink -f "${VMCTL:-$HERE/../build-bench/vmctl}")
N=${N:-200}
DELAY_MS=${DELAY_MS:-10}
RUNS=${RUNS:-3}
OUT=${OUT:-/tmp/vmctl-bench-define}
RELAY=$OUT/relay.sock
LOCAL="qemu:///system"
SLOW="qemu+unix:///system?socket=$RELAY"
mkdir -p "$OUT/xml"

# the same guest for both: what vmctl create NAME writes, as virsh reads it
: >"$OUT/create.batch"; : >"$OUT/delete.batch"; vd=""; vu=""
for i in $(seq -w 1 "$N"); do
	g=vmtb-g$i
	echo "create $g" >>"$OUT/create.batch"
	echo "delete $g" >>"$OUT/delete.batch"
	"$VMCTL" --explain=virsh create "$g" | sed -n "s/^# $g.xml: //p" | sed "s/type='kvm'/type='qemu'/" \
		>"$OUT/xml/$g.xml"
	vd="$vd define $OUT/xml/$g.xml;"
	vu="$vu undefine $g;"
done
clear="for g in \$(virsh -q -c $LOCAL list --all --name | grep '^vmtb-g'); do virsh -q -c $LOCAL undefine \$g >/dev/null; done"
fill="$clear; virsh -q -c $LOCAL '$vd' >/dev/null"
sh -c "$clear"

python3 "$HERE/delay_relay.py" "$RELAY" /run/libvirt/libvirt-sock "$DELAY_MS" &
relay=$!
trap 'kill $relay 2>/dev/null; sh -c "$clear"' EXIT
sleep 0.5

hf() { # NAME PREPARE CMD...
	local name=$1 prep=$2
	shift 2
	hyperfine -r "$RUNS" --prepare "$prep" --export-json "$OUT/$name.json" "$@" >/dev/null
}
for link in local slow; do
	uri=$LOCAL; [ $link = slow ] && uri="'$SLOW'"
	hf "create-$link" "$clear" \
		-n vmctl "$VMCTL -q -c $uri -f $OUT/create.batch" \
		-n virsh "virsh -q -c $uri '$vd'"
	hf "delete-$link" "$fill" \
		-n vmctl "$VMCTL -q -c $uri -f $OUT/delete.batch" \
		-n virsh "virsh -q -c $uri '$vu'"
done

sh -c "$clear"
{
	echo "rpc vmctl create x1: $("$HERE/rpccount.sh" "$VMCTL" -c "$LOCAL" create vmtb-g001)"
	echo "rpc vmctl delete x1: $("$HERE/rpccount.sh" "$VMCTL" -c "$LOCAL" delete vmtb-g001)"
	echo "rpc virsh define x1: $("$HERE/rpccount.sh" virsh -c "$LOCAL" define "$OUT/xml/vmtb-g001.xml")"
	echo "rpc virsh undefine x1: $("$HERE/rpccount.sh" virsh -c "$LOCAL" undefine vmtb-g001)"
	echo "rpc vmctl -f create.batch (N=$N): $("$HERE/rpccount.sh" "$VMCTL" -c "$LOCAL" -f "$OUT/create.batch")"
	echo "rpc vmctl -f delete.batch (N=$N): $("$HERE/rpccount.sh" "$VMCTL" -c "$LOCAL" -f "$OUT/delete.batch")"
} >"$OUT/rpc.txt"
for f in create-local delete-local create-slow delete-slow; do
	python3 - "$OUT/$f.json" "$f" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print("%-13s vmctl %.3f s  virsh %.3f s  ratio %.2f" % (sys.argv[2], r["vmctl"], r["virsh"], r["vmctl"] / r["virsh"]))
PY
done | tee "$OUT/summary.txt"
cat "$OUT/rpc.txt"
