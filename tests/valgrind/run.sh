#!/bin/bash
# tests/valgrind/run.sh [BUILDDIR]: issue 9 item 1, the valgrind pass.
# Builds vmctl without sanitisers (Debug) into BUILDDIR (default:
# build-valgrind/ in the source tree) and runs the explain suites, the
# libvirt test-driver suite and the bad-input catalogues with VMCTL pointing
# at a wrapper that runs the real binary under
#   valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1
#            --suppressions=tests/valgrind/vmctl.supp
# Every vmctl run writes its own valgrind log (BUILDDIR/valgrind-logs/); the
# pass fails when a suite fails or when any log reports an error (a definite
# leak, an invalid read or write, a use of an uninitialised value...): the
# exit code alone cannot tell, since vmctl itself exits 1 for a failed
# operation.  Exit 77 (CTest: skipped) without valgrind.  CI needs the
# Debian package valgrind.
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$SRC/build-valgrind}
JOBS=${JOBS:-$(nproc)}

if ! command -v valgrind >/dev/null; then
	echo "valgrind is not installed (apt-get install valgrind): skipped"
	exit 77
fi

cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DVMCTL_SANITIZE=OFF -DVMCTL_FUZZ=OFF \
	-DBUILD_TESTING=OFF >/dev/null || exit 1
cmake --build "$BUILD" -j "$JOBS" --target vmctl vmctl-libvirt >/dev/null || exit 1
# the other backend modules, where this machine builds them
for m in lxc xen; do
	if [ -f "$SRC/src/backends/$m.c" ]; then
		cmake --build "$BUILD" -j "$JOBS" --target "vmctl-$m" >/dev/null 2>&1 || true
	fi
done

LOGS=$BUILD/valgrind-logs
rm -rf "$LOGS"
mkdir -p "$LOGS"
WRAP=$BUILD/vmctl-valgrind
cat >"$WRAP" <<WRAPPER
#!/bin/sh
# vmctl under valgrind (written by tests/valgrind/run.sh)
: "\${VMCTL_MODULE_DIR:=$BUILD/modules}"
export VMCTL_MODULE_DIR
exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1 \\
	--suppressions="$SRC/tests/valgrind/vmctl.supp" --show-leak-kinds=definite --num-callers=40 \\
	--log-file="$LOGS/%p.log" "$BUILD/vmctl" "\$@"
WRAPPER
chmod +x "$WRAP"

SUITES="tests/explain/golden.py tests/explain/quoting.py tests/explain/virsh_testdriver.py
tests/libvirt/testdriver.py tests/cli/bad_input.py tests/reliability/catalogue.py"
failed=0
pids=()
names=()
for s in $SUITES; do
	[ -f "$SRC/$s" ] || continue
	out=$LOGS/$(echo "$s" | tr / _).tap
	VMCTL=$WRAP SRCDIR=$SRC VMCTL_TEST_TIMEOUT_SCALE=10 python3 "$SRC/$s" >"$out" 2>&1 &
	pids+=($!)
	names+=("$s")
	# at most JOBS suites at once
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n
	done
done
for i in "${!pids[@]}"; do
	wait "${pids[$i]}"
	rc=$?
	s=${names[$i]}
	out=$LOGS/$(echo "$s" | tr / _).tap
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
	if [ "$rc" -eq 77 ]; then
		echo "SKIP $s"
	elif [ "$rc" -ne 0 ]; then
		echo "FAIL $s (exit $rc) ${summary}"
		grep -E '^not ok' -A4 "$out" | head -40
		failed=1
	else
		echo "ok   $s ${summary}"
	fi
done

runs=$(find "$LOGS" -name '*.log' | wc -l)
bad=0
for f in "$LOGS"/*.log; do
	[ -s "$f" ] || continue
	# -q: a log holds something only when valgrind found something
	if grep -qE '== (Invalid|Conditional|Use of|Syscall param|Mismatched|Source and destination)|definitely lost in|ERROR SUMMARY: [1-9]' "$f" ||
		grep -qvE '^==[0-9]+== *$' "$f"; then
		bad=$((bad + 1))
		echo "--- valgrind finding: $f"
		head -60 "$f"
	fi
done
echo "valgrind: $runs vmctl runs, $bad with findings"
[ "$runs" -gt 0 ] || failed=1
[ "$bad" -eq 0 ] || failed=1
exit "$failed"
