#!/bin/bash
# tools/deps.sh [--test]: install, with apt-get, the Debian 12 packages vmctl
# needs to build (and with --test, to run its test suite: libtirpc-dev for
# the sanitizer build's link, see CMakeLists.txt; the real test beds install
# their own packages: tests/beds/libvirt/deps.sh, tests/lxc/deps.sh).  Installs only
# what is missing; needs root for that.  Safe to run again.
set -euo pipefail

BUILD=(build-essential cmake pkg-config libvirt-dev libxml2-dev libjson-c-dev libncurses-dev libvirt0 lxc-dev libxen-dev)
TEST=(python3 libvirt-clients mandoc clang lxc busybox-static rsync man-db zsh libtirpc-dev valgrind vagrant python3-openstackclient)

want=("${BUILD[@]}")
[ "${1:-}" = "--test" ] && want+=("${TEST[@]}")

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "tools/deps.sh: missing packages: ${missing[*]}; run as root to install them" >&2
	exit 1
fi
echo "tools/deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
