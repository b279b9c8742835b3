#!/bin/sh
# tests/xen/dom0.sh: runs INSIDE the Xen test bed's dom0 (started by
# tests/beds/xen/run.sh from tests/xen/run.py; do not run it on a host).
# The host's / is read-only there, so /etc/xen (where `vmctl start NAME`
# and `xl create` look for NAME.cfg) becomes a writable copy first; then
# tests/xen/dom0.py drives vmctl and xl and prints TAP.
# Environment from the host (XENBED_PASS_ENV): VMCTL_BIN (the build under
# test, /mnt/build/vmctl), VMCTL_FAST_BIN (a plain build of the same tree,
# /mnt/plain/vmctl), SRCDIR (/mnt/src: this file is /mnt/src/tests/xen/dom0.sh),
# and the sanitizers' ASAN_OPTIONS / UBSAN_OPTIONS.
set -u
[ "${XENBED_IN_DOM0:-}" = 1 ] || { echo "Bail out! dom0.sh runs inside the Xen test bed only"; exit 1; }
mkdir -p /tmp/etc-xen
cp -a /etc/xen/. /tmp/etc-xen/ && mount --bind /tmp/etc-xen /etc/xen ||
	{ echo "Bail out! cannot make /etc/xen writable"; exit 1; }
# Xen's hotplug scripts take their locks (locking.sh's claim_lock) by
# stat -L /dev/stdin, and loop until that works: devtmpfs has no /dev/stdin
# (udev makes it on a real dom0), so the block script of a hot-plugged disk
# looped until libxl's hotplug timeout killed it.
for n in 0:stdin 1:stdout 2:stderr; do
	[ -e /dev/${n#*:} ] || ln -s /proc/self/fd/${n%%:*} /dev/${n#*:}
done
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
# A vmctl killed by a signal leaves a core here; dom0.py prints its backtrace.
mkdir -p /tmp/cores && echo /tmp/cores/core.%p > /proc/sys/kernel/core_pattern && ulimit -c unlimited ||
	echo "# no core dumps in dom0: a crash will show no backtrace"
exec python3 "$(dirname "$0")/dom0.py" "$@"
