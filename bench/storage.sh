#!/bin/bash
# bench/storage.sh: image-create, image-info and image-list on N volumes of a
# directory pool through a real libvirtd (issue 19), vmctl from one -f batch
# beside virsh from one process (commands joined by ';') and beside qemu-img
# (one process a volume), on the local socket and through bench/delay_relay.py
# (DELAY_MS each way).  Also the RPC calls of each (bench/rpccount.sh) and
# image-list / image-delete with 1 and N volumes or guests through the slow
# link, which shows whether round trips grow with N.
#
# Usage (root, libvirtd answering on /run/libvirt/libvirt-sock, e.g. started
# by tests/beds/libvirt/daemon.sh start DIR):
#   VMCTL=build-rel/vmctl bench/storage.sh        # N=200 DELAY_MS=10 RUNS=5
# Writes hyperfine JSON and rpc.txt to OUT (default /tmp/vmctl-bench-storage).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VMCTL=$(readlink -f "${VMCTL:-$HERE/../build-bench/vmctl}")
N=${N:-200}
DELAY_MS=${DELAY_MS:-10}
RUNS=${RUNS:-5}
OUT=${OUT:-/tmp/vmctl-bench-storage}
POOL=vmtb-pool
DIR=/tmp/vmtb-pool
RELAY=$OUT/relay.sock
LOCAL="qemu:///system"
SLOW="qemu+unix:///system?socket=$RELAY"
mkdir -p "$OUT"

virsh -q -c "$LOCAL" pool-destroy $POOL >/dev/null 2>&1 || true
virsh -q -c "$LOCAL" pool-undefine $POOL >/dev/null 2>&1 || true
rm -rf "$DIR"
"$VMCTL" -q -c "$LOCAL" pool-create $POOL "$DIR"
python3 "$HERE/delay_relay.py" "$RELAY" /run/libvirt/libvirt-sock "$DELAY_MS" &
relay=$!
trap 'kill $relay 2>/dev/null; virsh -q -c "$LOCAL" pool-destroy $POOL >/dev/null 2>&1; virsh -q -c "$LOCAL" pool-undefine $POOL >/dev/null 2>&1; rm -rf "$DIR"' EXIT
sleep 0.5

# the command files
: >"$OUT/create.batch"; : >"$OUT/info.batch"; vc=""; vi=""; qc=""; qi=""
for i in $(seq -w 1 "$N"); do
	echo "image-create $DIR/v$i.qcow2 1M" >>"$OUT/create.batch"
	echo "image-info $DIR/v$i.qcow2" >>"$OUT/info.batch"
	vc="$vc vol-create-as $POOL v$i.qcow2 1M --format qcow2;"
	vi="$vi vol-info $DIR/v$i.qcow2;"
	qc="$qc qemu-img create -q -f qcow2 $DIR/v$i.qcow2 1M;"
	qi="$qi qemu-img info $DIR/v$i.qcow2 >/dev/null;"
done
reset="rm -f $DIR/*; virsh -q -c $LOCAL pool-refresh $POOL >/dev/null"
fill="$reset; $VMCTL -q -c $LOCAL -f $OUT/create.batch"

hf() { # NAME PREPARE CMD...
	local name=$1 prep=$2
	shift 2
	hyperfine -r "$RUNS" --prepare "$prep" --export-json "$OUT/$name.json" "$@" >/dev/null
}
for link in local slow; do
	uri=$LOCAL; [ $link = slow ] && uri="'$SLOW'"
	hf "create-$link" "$reset" \
		-n vmctl "$VMCTL -q -c $uri -f $OUT/create.batch" \
		-n virsh "virsh -q -c $uri '$vc'" \
		-n qemu-img "sh -c '$qc'"
	hf "info-$link" "$fill" \
		-n vmctl "$VMCTL -c $uri -f $OUT/info.batch" \
		-n virsh "virsh -q -c $uri '$vi'" \
		-n qemu-img "sh -c '$qi'"
	hf "list-$link" "true" \
		-n vmctl "$VMCTL -c $uri image-list $POOL" \
		-n virsh "virsh -q -c $uri vol-list $POOL --details"
done

# RPC calls (local socket), and image-list with 1 volume through the slow link
sh -c "$fill"
{
	echo "rpc vmctl image-list: $("$HERE/rpccount.sh" "$VMCTL" -c "$LOCAL" image-list $POOL)"
	echo "rpc virsh vol-list --details: $("$HERE/rpccount.sh" virsh -c "$LOCAL" vol-list $POOL --details)"
	echo "rpc vmctl image-info x1: $("$HERE/rpccount.sh" "$VMCTL" -c "$LOCAL" image-info "$DIR/v$(seq -w 1 "$N" | head -1).qcow2")"
	echo "rpc vmctl -f info.batch: $("$HERE/rpccount.sh" "$VMCTL" -c "$LOCAL" -f "$OUT/info.batch")"
	echo "rpc virsh vol-info xN: $("$HERE/rpccount.sh" virsh -c "$LOCAL" "$vi")"
	echo "rpc vmctl image-delete: $("$HERE/rpccount.sh" "$VMCTL" -c "$LOCAL" image-delete "$DIR/v$(seq -w 1 "$N" | tail -1).qcow2")"
} >"$OUT/rpc.txt"
hf "list-slow-n" "true" -n "vmctl image-list, $N volumes" "$VMCTL -c '$SLOW' image-list $POOL"
sh -c "$reset; $VMCTL -q -c $LOCAL image-create $DIR/one.qcow2 1M"
hf "list-slow-1" "true" -n "vmctl image-list, 1 volume" "$VMCTL -c '$SLOW' image-list $POOL"
echo "results: $OUT (*.json, rpc.txt)"
