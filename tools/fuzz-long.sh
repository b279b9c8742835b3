#!/bin/sh
# tools/fuzz-long.sh: the long libFuzzer run (10 million executions
# per harness), resumable.  Not part of CI (CI fuzzes each harness for 20 s).
#
#   tools/fuzz-long.sh [-n RUNS] HARNESS...    e.g. core_quote translate_virsh
#
# Builds build-fuzz/ (clang, ASan+UBSan, RelWithDebInfo) when missing, then
# runs each HARNESS, one after the other, from its corpus in
# build-fuzz/long/corpus/HARNESS (kept between runs, so a stopped run resumes
# with what it found) plus the seeds and regressions of the tree.  Each run
# appends "HARNESS RUNS rc=N wall=S" to build-fuzz/long/done.txt; its log is
# build-fuzz/long/HARNESS.log; a crash lands in build-fuzz/long/artifacts/.
# Two instances with different harnesses use two cores.
#
# What the long runs taught:
# - nice alone does not yield to other work: an instance started in its own
#   session (setsid) is its own autogroup; the script renices that too;
# - under load one input can take seconds of wall time: -timeout=600, else
#   libFuzzer reports false timeouts (each such input ran in 0.04 s alone);
# - config and batch harnesses write files: TMPDIR on tmpfs (20x faster);
# - ASan's allocation stacks dominate core_quote: malloc_context_size=0.
set -eu
cd "$(dirname "$0")/.."
RUNS=10000000
if [ "${1:-}" = -n ]; then RUNS=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: tools/fuzz-long.sh [-n RUNS] HARNESS..." >&2; exit 2; }
B=build-fuzz
if [ ! -x $B/tests/fuzz_core_request ]; then
	cmake -S . -B $B -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVMCTL_FUZZ=ON -DVMCTL_SANITIZE=ON >/dev/null
	cmake --build $B -j "$(nproc)" >/dev/null
	python3 tests/translate/fuzz_seeds.py $B/seeds
fi
echo 19 > /proc/self/autogroup 2>/dev/null || true
export TMPDIR=/dev/shm ASAN_OPTIONS=malloc_context_size=0
for n in "$@"; do
	[ -x $B/tests/fuzz_$n ] || { echo "fuzz-long: no harness $B/tests/fuzz_$n" >&2; exit 2; }
	case $n in
	core_*) h=${n#core_}; ml=4096; extra="tests/fuzz/corpus/$h tests/reliability/regress/$h" ;;
	translate_*) p=${n#translate_}; ml=512; extra="$B/seeds/$p tests/translate/regress/$p" ;;
	esac
	dirs=""
	for d in $extra; do [ -d "$d" ] && dirs="$dirs $PWD/$d"; done
	L=$PWD/$B/long
	mkdir -p "$L/corpus/$n" "$L/artifacts/$n" "$L/cwd/$n"
	start=$(date +%s)
	rc=0
	F=$PWD/$B/tests/fuzz_$n
	(cd "$L/cwd/$n" && nice -n 19 "$F" -runs="$RUNS" -timeout=600 -rss_limit_mb=4096 \
		-max_len=$ml -print_final_stats=1 -artifact_prefix="$L/artifacts/$n/" "$L/corpus/$n" $dirs) \
		>"$L/$n.log" 2>&1 || rc=$?
	echo "$n $RUNS rc=$rc wall=$(($(date +%s) - start))" | tee -a "$L/done.txt"
done
