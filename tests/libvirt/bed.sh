#!/bin/bash
# tests/libvirt/bed.sh setup|cleanup BEDDIR: the CTest fixture of the real
# libvirt suites.  setup installs what is missing, builds the guest assets
# (cached in BEDDIR/assets for a developer's reruns), and starts libvirtd by
# hand (BEDDIR/libvirtd holds its PIDs); cleanup stops exactly what setup
# started, also after a failed test.  Exit 77 (skip) when not root, unless
# CI is set: there a missing test bed is a failure.
set -euo pipefail
BEDS=$(cd "$(dirname "$0")/../beds/libvirt" && pwd)
[ $# -eq 2 ] || { echo "usage: $0 setup|cleanup BEDDIR" >&2; exit 2; }
mkdir -p "$2"
BEDDIR=$(cd "$2" && pwd)
case "$1" in
setup)
	if [ "$(id -u)" != 0 ]; then
		echo "libvirt test bed: needs root"
		case "${CI:-}" in true|1|yes) exit 1;; esac
		exit 77
	fi
	"$BEDS/deps.sh"
	"$BEDS/assets.sh" "$BEDDIR/assets"
	"$BEDS/daemon.sh" start "$BEDDIR/libvirtd"
	;;
cleanup)
	[ -d "$BEDDIR/libvirtd" ] || exit 0
	"$BEDS/daemon.sh" stop "$BEDDIR/libvirtd"
	;;
*)
	echo "usage: $0 setup|cleanup BEDDIR" >&2
	exit 2
	;;
esac
