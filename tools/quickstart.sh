#!/bin/bash
# tools/quickstart.sh: the README's first command.  Installs what is missing
# (apt-get, as root), builds vmctl into build/, and runs it on libvirt's
# built-in test driver (no hypervisor needed).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
set -x
build/vmctl --version
build/vmctl --explain pause web1
build/vmctl --explain -b xen mem-set web1 512M
