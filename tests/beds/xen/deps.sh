#!/bin/bash
# Usage: tests/beds/xen/deps.sh DEB_CACHE_DIR
#        tests/beds/xen/deps.sh --list
#
# 1. Installs on the host (as root, Debian's apt repository, noninteractive,
#    --no-install-recommends) the packages the Xen test bed needs, skipping the
#    ones already installed (a rerun takes well under a second).
# 2. `apt-get download`s into DEB_CACHE_DIR the .debs that are only unpacked,
#    never installed: xen-hypervisor-4.17-amd64 (xen.elf), xen-utils-4.17 (xl,
#    xenstored, xenconsoled, xenconsole, libxl-save-helper, hvmloader) and the
#    Debian kernel linux-image-<abi>-amd64 (dom0 + domU kernel and modules).
#    A .deb already in the cache is reused without asking apt; delete it (or set
#    XENBED_REFRESH_DEBS=1) to fetch the current version.
#
# Host packages and why:
#   qemu-system-x86   the outer machine (TCG) that boots Xen
#   qemu-system-xen   Xen's device model (/usr/libexec/xen-qemu-system-i386)
#                     needed by HVM guests and xl cd-insert/cd-eject
#   libxen-dev        headers + libxenlight etc.; its runtime libs are what
#                     binaries built on the host use inside dom0 (9p root)
#   xen-utils-common  /etc/xen/xl.conf and /etc/xen/scripts (used by xl in dom0)
#   busybox-static    dom0 and domU initramfs
#   genisoimage       ISO images for the HVM cd-insert/cd-eject test
#   gcc pkg-config    build the libxl helper programs
set -euo pipefail

PKGS=(
  qemu-system-x86
  qemu-system-xen
  libxen-dev
  xen-utils-common
  busybox-static
  genisoimage
  gcc
  pkg-config
)
DEBS=(xen-hypervisor-4.17-amd64 xen-utils-4.17)

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${PKGS[@]}"
  exit 0
fi
if [ $# -ne 1 ]; then
  sed -n '2,3p' "$0" >&2
  exit 2
fi
if [ "$(id -u)" != 0 ]; then
  echo "deps.sh: must run as root" >&2
  exit 1
fi
CACHE=$1
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
export DEBIAN_FRONTEND=noninteractive
updated=0
apt_update() { [ "$updated" = 1 ] || { apt-get update -q >/dev/null; updated=1; }; }

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "deps.sh: installing: ${missing[*]}"
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    apt_update
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# download one package's .deb into the cache unless one is there already
fetch() {  # fetch PKG
  local p=$1
  if [ "${XENBED_REFRESH_DEBS:-0}" != 1 ] && compgen -G "$CACHE/${p}_*_amd64.deb" >/dev/null; then
    return 0
  fi
  rm -f "$CACHE/${p}"_*_amd64.deb
  echo "deps.sh: downloading $p"
  if ! (cd "$CACHE" && apt-get download -q "$p" >/dev/null); then
    apt_update
    (cd "$CACHE" && apt-get download -q "$p" >/dev/null)
  fi
}
for p in "${DEBS[@]}"; do fetch "$p"; done

# the kernel: reuse any cached linux-image-*-amd64 .deb, else the one
# linux-image-amd64 currently points to
if [ "${XENBED_REFRESH_DEBS:-0}" = 1 ] || ! compgen -G "$CACHE/linux-image-[0-9]*-amd64_*_amd64.deb" >/dev/null; then
  KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  if [ -z "$KPKG" ]; then
    apt_update
    KPKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  fi
  [ -n "$KPKG" ] || { echo "deps.sh: cannot resolve linux-image-amd64" >&2; exit 1; }
  rm -f "$CACHE"/linux-image-[0-9]*-amd64_*_amd64.deb
  fetch "$KPKG"
fi
echo "deps.sh: ok ($(cd "$CACHE" && ls ./*.deb | sed 's|^\./||' | tr '\n' ' '))"
