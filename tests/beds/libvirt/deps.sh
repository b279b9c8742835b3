#!/bin/bash
# Usage: tests/beds/libvirt/deps.sh [--list]
#
# Installs (as root, from Debian's apt repository) the packages the libvirt test
# bed needs, skipping those already installed, so that a rerun takes ~0.1 s.
#   --list   only print the package list, install nothing.
#
# The set below is the measured minimum (with --no-install-recommends) that
# lets selftest.sh pass: libvirtd with the qemu, lxc and test drivers, virsh,
# qemu-system-x86 (TCG), qemu-img (offline internal snapshots), genisoimage
# (cd1.iso/cd2.iso) and a static busybox (guest initramfs + LXC root).
# iptables and dnsmasq-base: libvirt's network driver starts no network
# without them (its firewall rules; DHCP); tests/libvirt/network.py runs
# them inside a network namespace of its own.
# The guest kernel is not installed: assets.sh only apt-get downloads it.
#
# NOTE: libvirtd resolves qemu-img when it starts, so run this before
# daemon.sh start.
set -euo pipefail

PKGS=(
  libvirt-daemon
  libvirt-daemon-driver-qemu
  libvirt-daemon-driver-lxc
  libvirt-clients
  qemu-system-x86
  qemu-utils
  genisoimage
  busybox-static
  iptables
  dnsmasq-base
  iproute2
)

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${PKGS[@]}"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "deps.sh: must run as root" >&2
  exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "deps.sh: all ${#PKGS[@]} packages already installed"
  exit 0
fi

echo "deps.sh: installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# an empty or stale package list makes apt-get install fail with 'Unable to locate package'
# bounded: a stuck mirror must not hang the test bed forever
if ! timeout 1200 apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  timeout 600 apt-get update -q
  timeout 1200 apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "deps.sh: done"
