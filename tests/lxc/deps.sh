#!/bin/bash
# tests/lxc/deps.sh [--list] [--bench]: the Debian 12 packages the lxc backend
# and its real-container suite (tests/lxc/real.py) need, installed with
# apt-get --no-install-recommends when missing (as root); --list only prints
# them, --bench adds hyperfine for tests/lxc/bench_list.sh.
#
#   lxc             the lxc-* readers the suite checks vmctl against; brings
#                   liblxc1 and liblxc-common (the busybox template)
#   lxc-dev         liblxc's headers and lxc.pc: without it CMake builds no
#                   vmctl-lxc.so (it must be there before cmake runs)
#   busybox-static  the busybox template copies this binary into the rootfs
#   rsync           liblxc copies a directory rootfs with it (snapshot create
#                   and revert); without it those verbs exit 4
#   iproute2        ip: tests/lxc/devices.py makes its bridge and reads it back
#
# CRIU (criu) is deliberately not here: save/restore exit 4 without it, and
# with it on this kernel too ("vdso: Unexpected rt vDSO area bounds").
set -euo pipefail

PKGS=(lxc lxc-dev busybox-static rsync iproute2)
for a in "$@"; do
	case $a in
	--list) ;;
	--bench) PKGS+=(hyperfine) ;;
	*) echo "usage: tests/lxc/deps.sh [--list] [--bench]" >&2; exit 2 ;;
	esac
done
if [[ " $* " == *" --list "* ]]; then
	printf '%s\n' "${PKGS[@]}"
	exit 0
fi

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "tests/lxc/deps.sh: missing packages: ${missing[*]}; run as root to install them" >&2
	exit 1
fi
echo "tests/lxc/deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
