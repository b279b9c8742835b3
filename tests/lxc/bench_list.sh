#!/bin/bash
# tests/lxc/bench_list.sh [N]: `vmctl -b lxc list` against `lxc-ls -f` on N
# containers (default 50), half of them running, in a temporary lxcpath.
# The containers are busybox ones with an empty network namespace, made and
# destroyed through liblxc by tests/lxc/fixture.c; they are destroyed on any
# exit.  Needs root, lxc, liblxc's headers (lxc-dev), busybox and hyperfine.
# VMCTL=path/to/vmctl picks the binary (default: build/vmctl of this tree).
# Prints hyperfine's table and the ratio of the medians (vmctl / lxc-ls).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
N=${1:-50}
VMCTL=${VMCTL:-$here/../../build/vmctl}

for tool in hyperfine lxc-ls cc pkg-config python3; do
	command -v "$tool" >/dev/null || { echo "bench_list.sh: $tool is missing" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "bench_list.sh: run as root" >&2; exit 1; }
[ -x "$VMCTL" ] || { echo "bench_list.sh: no vmctl at $VMCTL (set VMCTL)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/vmctl-bench-XXXXXX)
chmod 755 "$tmp"
P=$tmp/lxc
mkdir "$P"
fx=$tmp/fixture
cleanup() {
	if [ -x "$fx" ]; then
		"$fx" clean "$P" || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2046
cc -O1 -o "$fx" "$here/fixture.c" $(pkg-config --cflags --libs lxc)
tag=b$$
names=()
for i in $(seq -w 1 "$N"); do
	names+=("$tag-$i")
done
t0=$SECONDS
for n in "${names[@]}"; do
	"$fx" create "$P" "$n"
done
"$fx" start "$P" "${names[@]:0:$((N / 2))}"
echo "bench_list.sh: $N containers ($((N / 2)) running) made in $((SECONDS - t0)) s under $P"
"$VMCTL" -b lxc -P "$P" list | head -3
lxc-ls -P "$P" -f | head -3

hyperfine -N --warmup 3 --min-runs 20 --export-json "$tmp/bench.json" \
	-n "vmctl -b lxc list" "$VMCTL -b lxc -P $P list" \
	-n "lxc-ls -f" "lxc-ls -P $P -f"

python3 - "$tmp/bench.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
v, l = r["vmctl -b lxc list"]["median"], r["lxc-ls -f"]["median"]
print("medians: vmctl list %.1f ms, lxc-ls -f %.1f ms; ratio vmctl/lxc-ls = %.2f" % (v * 1e3, l * 1e3, v / l))
EOF
