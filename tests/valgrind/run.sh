#!/bin/bash
# tests/valgrind/run.sh [BUILDDIR [SUITE...]]: the valgrind pass.
# Builds vmctl without sanitisers (Debug) into BUILDDIR (default:
# build-valgrind/ in the source tree) and runs the SUITEs (default: the
# explain suites, the libvirt test-driver suite and the bad-input catalogue of cli/bad_input.py;
# CTest's reliability.valgrind.qemu passes tests/libvirt/qemu.py, the
# qemu:///system client tests) with VMCTL pointing at a wrapper that runs the
# real binary under
#   valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1
#            --suppressions=tests/valgrind/vmctl.supp
# Every vmctl run writes its own valgrind log (BUILDDIR/valgrind-logs/TAG/,
# TAG naming the suites); the pass fails when a suite fails or when any log
# reports an error (a definite leak, an invalid read or write, a use of an
# uninitialised value...): the exit code alone cannot tell, since vmctl itself
# exits 1 for a failed operation.  Two passes may share BUILDDIR at once (the
# build is serialised by a lock file).  explain/quoting.py runs all its 1100
# names in two batch runs, and as command-line words only its tricky names and
# a sample of 5 others (VMCTL_QUOTING_SAMPLE=5: 26 names in 32 requests, 64
# runs): each vmctl run costs about 0.5 s of CPU under valgrind.  Exit 77
# (CTest: skipped) without valgrind, unless CI is set: there it is a failure
# (tools/deps.sh --test installs the Debian package valgrind).
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$SRC/build-valgrind}
JOBS=${JOBS:-$(nproc)}

shift $(($# > 0 ? 1 : 0))
if ! command -v valgrind >/dev/null; then
	case "${CI:-}" in
	true | 1 | yes)
		echo "valgrind is not installed (tools/deps.sh --test), and CI is set: failed"
		exit 1
		;;
	esac
	echo "valgrind is not installed (apt-get install valgrind): skipped"
	exit 77
fi

mkdir -p "$BUILD"
LOGROOT=$BUILD/valgrind-logs
mkdir -p "$LOGROOT/misc"
WRAP=$BUILD/vmctl-valgrind
build() {
	cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DVMCTL_SANITIZE=OFF -DVMCTL_FUZZ=OFF \
		-DBUILD_TESTING=OFF >/dev/null || return 1
	cmake --build "$BUILD" -j "$JOBS" --target vmctl vmctl-libvirt >/dev/null || return 1
	# the other backend modules, where this machine builds them
	for m in lxc xen; do
		if [ -f "$SRC/src/backends/$m.c" ]; then
			cmake --build "$BUILD" -j "$JOBS" --target "vmctl-$m" >/dev/null 2>&1 || true
		fi
	done
	# --read-inline-info=no: a Debug build inlines nothing of ours, and it saves
	# ~15% of valgrind's start-up, most of a short run's cost.  The log
	# directory is chosen per pass (VMCTL_VALGRIND_LOGS); it is world-writable
	# since qemu.py also runs vmctl as nobody.
	cat >"$WRAP.tmp" <<WRAPPER
#!/bin/sh
# vmctl under valgrind (written by tests/valgrind/run.sh)
: "\${VMCTL_MODULE_DIR:=$BUILD/modules}"
export VMCTL_MODULE_DIR
exec valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1 \\
	--suppressions="$SRC/tests/valgrind/vmctl.supp" --show-leak-kinds=definite --num-callers=40 \\
	--read-inline-info=no --log-file="\${VMCTL_VALGRIND_LOGS:-$LOGROOT/misc}/%p.log" "$BUILD/vmctl" "\$@"
WRAPPER
	chmod 755 "$WRAP.tmp" && mv -f "$WRAP.tmp" "$WRAP"
}
# one build at a time in BUILDDIR (two CTest passes start together)
exec 9>"$BUILD/.valgrind-build.lock"
flock 9 || exit 1
build || { echo "the valgrind build failed"; exit 1; }
flock -u 9
exec 9>&-

if [ $# -gt 0 ]; then
	SUITES="$*"
	TAG=$(echo "$*" | sed 's,tests/,,g; s,\.py,,g; s,[/ ],_,g')
else
	SUITES="tests/explain/golden.py tests/explain/quoting.py tests/explain/virsh_testdriver.py
tests/libvirt/testdriver.py tests/cli/bad_input.py"
	TAG=default
fi
LOGS=$LOGROOT/$TAG
rm -rf "$LOGS"
mkdir -p "$LOGS"
chmod 1777 "$LOGS"
export VMCTL_VALGRIND_LOGS=$LOGS
: "${VMCTL_QUOTING_SAMPLE:=5}"
export VMCTL_QUOTING_SAMPLE
failed=0
pids=()
names=()
starts=()
for s in $SUITES; do
	[ -f "$SRC/$s" ] || continue
	out=$LOGS/$(echo "$s" | tr / _).tap
	VMCTL=$WRAP SRCDIR=$SRC VMCTL_TEST_TIMEOUT_SCALE=${VMCTL_TEST_TIMEOUT_SCALE:-10} python3 "$SRC/$s" >"$out" 2>&1 &
	pids+=($!)
	names+=("$s")
	starts+=("$SECONDS")
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
	summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1) (done after $((SECONDS - starts[$i])) s or less)"
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
