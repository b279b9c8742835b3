#!/bin/sh
# Stage 2 of the bed's dom0 (copied into the initramfs by build.sh; run by
# dom0-init.sh with chroot into the host's / (9p, read-only) using the host's
# /bin/sh).  Not meant to be run on the host.
#
# Input environment: XENBED_RES (results port device or /dev/null),
# XENBED_JOB (job file written by run.sh, /mnt/xenbed-log/job.env), XENBED_WORK
# (the bed's WORK_DIR, /mnt/xenbed).
#
# Starts xenstored, xen-init-dom0 and xenconsoled (guest logs in
# /var/log/xen/console/guest-NAME.log), then runs the test with its stdout and
# stderr copied to the serial console and the results port, and reports
# "XENBED: END rc=N".
set -u
RES=$XENBED_RES
say() {
    echo "XENBED: $*"
    [ "$RES" = /dev/null ] || echo "XENBED: $*" >>"$RES"
}
up() { cut -d' ' -f1 /proc/uptime; }
B=/usr/lib/xen-4.17/bin

# shellcheck disable=SC1090
. "$XENBED_JOB" || { say "SETUP-FAILED cannot read job $XENBED_JOB"; exit 1; }

mkdir -p /run/xen /run/xenstored /run/lock /var/lib/xen /var/log/xen/console /tmp/scratch
$B/xenstored -F /run/xenstored.pid || { say "SETUP-FAILED xenstored"; exit 1; }
$B/xen-init-dom0 >/run/xenbed/xen-init-dom0.log 2>&1 || { cat /run/xenbed/xen-init-dom0.log; say "SETUP-FAILED xen-init-dom0"; exit 1; }
$B/xenconsoled --pid-file=/run/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console ||
    { say "SETUP-FAILED xenconsoled"; exit 1; }

# boot was quiet; from now on let kernel info messages (e.g. "segfault at")
# reach serial.log (never results.log)
echo 6 >/proc/sys/kernel/printk
export XL=$B/xl
export XEN_BED="$XENBED_WORK"
# the guests' kernel and initramfs in dom0's own memory: libxl maps the
# kernel file to parse it, and over 9p on a loaded host that failed once
# ("xc_dom_find_loader: no loader found: Invalid kernel")
mkdir -p /var/lib/xen/images
cp "$XENBED_WORK/domu/vmlinuz" "$XENBED_WORK/domu/initrd.gz" /var/lib/xen/images/ ||
    { say "SETUP-FAILED copying the domU kernel"; exit 1; }
export DOMU_KERNEL=/var/lib/xen/images/vmlinuz
export DOMU_RAMDISK=/var/lib/xen/images/initrd.gz
export XENBED_LIBXL_CHECK="$XENBED_WORK/bin/xenbed-libxl-check"
export XENBED_ISO_DIR="$XENBED_WORK/iso"
export XENBED_CONSOLE_LOG_DIR=/var/log/xen/console
export SCRATCH=/tmp/scratch
export HOME=/tmp/scratch
export PATH=$B:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LANG=C.UTF-8
export TERM=vt100
export XENBED_IN_DOM0=1

cd /tmp/scratch || exit 1
say "DOM0-READY uptime=$(up) test=$XENBED_TEST"
mkfifo /run/xenbed/out
tee -a /dev/console </run/xenbed/out >>"$RES" &
teepid=$!
# own session + process group, so leftovers (e.g. a forgotten xl console) are
# killed below and cannot keep the pipe open
setsid -w "$XENBED_TEST" "$@" </dev/null >/run/xenbed/out 2>&1 &
tpid=$!
wait $tpid
rc=$?
# procps kill: dash's builtin cannot signal a process group
/bin/kill -s TERM -- "-$tpid" 2>/dev/null && sleep 1 && /bin/kill -s KILL -- "-$tpid" 2>/dev/null
wait $teepid
say "END rc=$rc uptime=$(up)"
sync
exit 0
