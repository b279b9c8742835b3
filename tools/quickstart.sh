#!/bin/bash
# tools/quickstart.sh: the README's first command.  Installs what is missing
# (apt-get, as root), builds vmctl into build/, and runs it on libvirt's
# built-in test driver (no hypervisor needed): list, info, and a pause and
# resume in batch mode (the test driver keeps state per connection), then
# --explain.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
set -x
build/vmctl --version
build/vmctl -c test:///default list
build/vmctl -c test:///default info test
printf 'pause test\ninfo test\nresume test\nlist\n' | build/vmctl -c test:///default -f -
build/vmctl --explain pause web1
