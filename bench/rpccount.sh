#!/bin/bash
# bench/rpccount.sh CMD [ARG...]: runs CMD once with libvirt's client RPC
# debug log (LIBVIRT_LOG_FILTERS=1:rpc) and prints the number of RPC calls
# it sent (RPC_CLIENT_MSG_TX_QUEUE probes of type 0 = call), then the
# procedures with their counts, e.g. "7 344:1 1:1 ...".  CMD's output is
# discarded.  Procedure numbers are those of libvirt's remote_protocol.x.
set -euo pipefail
log=$(mktemp /tmp/vmctl-bench-rpc.XXXXXX)
trap 'rm -f "$log"' EXIT
LIBVIRT_LOG_FILTERS="1:rpc" LIBVIRT_LOG_OUTPUTS="1:file:$log" "$@" >/dev/null 2>&1 || true
grep -o 'RPC_CLIENT_MSG_TX_QUEUE: .* proc=[0-9]* type=0 ' "$log" | sed 's/.*proc=\([0-9]*\) .*/\1/' |
	sort -n | uniq -c | awk '{ n += $1; s = s " " $2 ":" $1 } END { printf "%d%s\n", n, s }'
