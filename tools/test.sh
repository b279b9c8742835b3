#!/bin/bash
# tools/test.sh: the README's second command and what CI runs.  Installs what
# the tests need (apt-get, as root), builds with -Werror under AddressSanitizer
# and UndefinedBehaviorSanitizer into build-test/, checks that clang builds it
# warning-free too, and runs the whole CTest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh --test

if command -v clang >/dev/null; then
	cmake -S . -B build-clang -DCMAKE_C_COMPILER=clang -DVMCTL_WERROR=ON -DBUILD_TESTING=OFF >/dev/null
	cmake --build build-clang -j "$(nproc)" >/dev/null
	echo "clang build: warning-free"
fi

cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DVMCTL_WERROR=ON -DVMCTL_SANITIZE=ON >/dev/null
cmake --build build-test -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd build-test
ctest --output-on-failure -j "$(nproc)" "$@"
