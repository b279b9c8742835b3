#!/bin/bash
# tools/test.sh: the README's second command and what CI runs.  Installs what
# the tests need (apt-get, as root), builds with -Werror under AddressSanitizer
# and UndefinedBehaviorSanitizer into build-test/, checks that clang builds it
# warning-free too, and runs the whole CTest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh --test

# clang: the whole tree warning-free, and the libFuzzer harnesses (run after
# the suite, each for a bounded time: tests/CMakeLists.txt, fuzz.*)
if command -v clang >/dev/null; then
	cmake -S . -B build-clang -DCMAKE_C_COMPILER=clang -DVMCTL_WERROR=ON -DVMCTL_SANITIZE=ON \
		-DVMCTL_FUZZ=ON >/dev/null
	cmake --build build-clang -j "$(nproc)" >/dev/null
	echo "clang build: warning-free"
fi

cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DVMCTL_WERROR=ON -DVMCTL_SANITIZE=ON >/dev/null
cmake --build build-test -j "$(nproc)"
# intercept_tls_get_addr=0: the sanitizer runtime of GCC 12 and LLVM 14 takes a
# dynamic TLS block of a dlopen()ed library (libvirt, in a backend module) for
# a glibc 2.19 header at random and its leak tracer then crashes ("Tracer
# caught signal 11", google/sanitizers#1322).  This only stops it scanning
# dynamic TLS: it can add false leak reports, never hide one.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:intercept_tls_get_addr=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-test && ctest --output-on-failure -j "$(nproc)" "$@")
if [ -d build-clang ] && [ $# -eq 0 ]; then
	echo "fuzzing: every harness for a bounded time (clang, libFuzzer, ASan+UBSan)"
	(cd build-clang && ctest --output-on-failure -j "$(nproc)" -R '^fuzz\.')
fi
