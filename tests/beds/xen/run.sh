#!/bin/bash
# Usage: tests/beds/xen/run.sh [-m HOST_DIR=/mnt/NAME]... WORK_DIR TEST_SCRIPT [TIMEOUT_SECONDS [ARG...]]
#
# Boots Xen 4.17 + a Debian dom0 under qemu-system-x86_64 (TCG, 2 vCPUs) from
# what build.sh put in WORK_DIR, runs TEST_SCRIPT (an executable on the host,
# absolute or relative path) inside dom0 as root with ARGs, and prints the
# TAP it wrote (lines "1..N", "ok N ...", "not ok N ...", "# ...", "Bail out!")
# on stdout.  Exit status 0 only when the test finished, a plan was seen, the
# number of tests equals the plan, none failed ("not ok" without # TODO), and
# the test exited 0.  Otherwise 1 (2 for usage errors).
#
# What dom0 sees (all read-only, over 9p): the host's / as its root, with
# tmpfs on /tmp, /run, /mnt, /var/lib/xen and /var/log/xen (so host files
# under those paths are NOT visible under their own names), and at fixed
# mount points:
#   /mnt/xenbed       WORK_DIR (the unpacked Xen tools are in /mnt/xenbed/xu)
#   /mnt/xenbed-log   XENBED_LOG_DIR (job.env)
#   /mnt/NAME         HOST_DIR, for every -m HOST_DIR=/mnt/NAME (NAME: letters,
#                     digits, '.', '_', '-'; not xenbed, xenbed-log or test)
#   /mnt/test         TEST_SCRIPT's directory, unless it is inside a HOST_DIR
# The test runs as the same file under its mount point (e.g. -m "$SRC=/mnt/src"
# and TEST_SCRIPT "$SRC/tests/x.sh" run /mnt/src/tests/x.sh).  Host paths may
# contain spaces, commas and quotes.  ARGs and the variables of XENBED_PASS_ENV
# are passed as they are: name paths in them as dom0 sees them (/mnt/...).
#
# The test's environment in dom0:
#   XL            /usr/lib/xen-4.17/bin/xl (also on PATH as xl)
#   XEN_BED       /mnt/xenbed;  DOMU_KERNEL, DOMU_RAMDISK  PV/HVM guest kernel + initramfs
#   SCRATCH       /tmp/scratch, the cwd: writable tmpfs (dom0 RAM), as are /tmp,
#                 /run, /var/lib/xen, /var/log/xen.  Everything else is read-only.
#   XENBED_CONSOLE_LOG_DIR  /var/log/xen/console (guest-NAME.log, xenconsoled --log=guest)
#   XENBED_LIBXL_CHECK      /mnt/xenbed/bin/xenbed-libxl-check
#   XENBED_ISO_DIR          /mnt/xenbed/iso (cd1.iso, cd2.iso)
#   XENBED_IN_DOM0=1, plus every host variable named in XENBED_PASS_ENV
#   (space separated names), e.g. XENBED_PASS_ENV="VMCTL_BIN".
# stdin is /dev/null; the test runs in its own session, leftovers are killed.
#
# Output files (in XENBED_LOG_DIR, default WORK_DIR; runs sharing it are serialised):
#   serial.log    everything on com1: Xen, dom0 kernel, the test's output
#   results.log   the test's stdout+stderr only, byte for byte, through a
#                 virtio-serial port (plus "XENBED: ..." bed markers); TAP is
#                 parsed from here, so kernel/Xen messages can never garble it
#   job.env       the run's parameters, read by dom0
# Environment knobs: XENBED_MEM_MB (3072), XENBED_DOM0_MEM (1024M),
#   XENBED_DOM0_LOGLEVEL (4), XENBED_XEN_EXTRA (extra Xen cmdline words),
#   XENBED_SMP (2: CPUs of Xen and vCPUs of dom0), XENBED_CPU (max: QEMU -cpu).
# A hard timeout (default 900 s) always applies; QEMU is killed on every exit
# path (trap), and `timeout` wraps QEMU as a backstop if this script is killed.
set -euo pipefail

usage() { sed -n '2p' "$0" >&2; exit 2; }
MHOST=() MGUEST=()   # the -m shares: host directory (physical path), dom0 mount point
while [ $# -gt 0 ]; do
    case "$1" in
        -m) [ $# -ge 2 ] || usage
            g=/${2##*=/}; h=${2%=/*}
            [ "$h" != "$2" ] && [[ "$g" =~ ^/mnt/[A-Za-z0-9._-]+$ ]] && [[ "$g" != /mnt/. && "$g" != /mnt/.. ]] ||
                { echo "run.sh: -m wants HOST_DIR=/mnt/NAME, not $2" >&2; exit 2; }
            case "$g" in /mnt/xenbed|/mnt/xenbed-log|/mnt/test) echo "run.sh: -m: $g is the bed's own" >&2; exit 2 ;; esac
            for o in "${MGUEST[@]}"; do [ "$o" != "$g" ] || { echo "run.sh: -m: $g twice" >&2; exit 2; }; done
            h=$(cd "$h" 2>/dev/null && pwd -P) || { echo "run.sh: -m: no directory ${2%=/*}" >&2; exit 2; }
            MHOST+=("$h"); MGUEST+=("$g"); shift 2 ;;
        --) shift; break ;;
        -*) usage ;;
        *) break ;;
    esac
done
[ $# -ge 2 ] || usage
WORK=$(cd "$1" 2>/dev/null && pwd) || { echo "run.sh: no WORK_DIR $1" >&2; exit 2; }
TEST=$2
TIMEOUT=${3:-900}
shift 2
[ $# -gt 0 ] && shift
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || usage
case "$TEST" in /*) ;; *) TEST=$PWD/$TEST ;; esac
[ -f "$TEST" ] && [ -x "$TEST" ] || { echo "run.sh: $TEST is not an executable file" >&2; exit 2; }
for f in xen/xen.elf kernel/vmlinuz dom0-initrd.gz domu/initrd.gz .inputs.sha256; do
    [ -e "$WORK/$f" ] || { echo "run.sh: $WORK/$f missing: run build.sh $WORK first" >&2; exit 2; }
done
LOG=${XENBED_LOG_DIR:-$WORK}
mkdir -p "$LOG"
LOG=$(cd "$LOG" && pwd)

# The test as dom0 sees it: under the -m share holding its directory (the
# longest match), or its directory shared at /mnt/test.
TDIR=$(cd "$(dirname "$TEST")" && pwd -P)
GTEST='' best=-1
for i in "${!MHOST[@]}"; do
    h=${MHOST[$i]%/}   # / is ""
    case "$TDIR/" in
        "$h"/*) if [ ${#h} -gt "$best" ]; then best=${#h}; GTEST=${MGUEST[$i]}${TDIR#"$h"}/${TEST##*/}; fi ;;
    esac
done
if [ -z "$GTEST" ]; then
    MHOST+=("$TDIR"); MGUEST+=(/mnt/test)
    GTEST=/mnt/test/${TEST##*/}
fi

exec 8>"$LOG/.run.lock"
flock 8
# One bed VM at a time on the whole host: each QEMU-TCG with 2 vCPUs keeps both
# cores busy, and three concurrent runs made every one of them ~10x slower
# (guest boots went from ~18 s to ~200 s).  Waiting here is not counted in
# TIMEOUT; XENBED_LOCK_WAIT (default TIMEOUT) bounds it, XENBED_NO_HOST_LOCK=1
# disables it.
if [ "${XENBED_NO_HOST_LOCK:-0}" != 1 ]; then
    HOSTLOCK=${XENBED_HOST_LOCK:-/run/lock/xenbed-qemu.lock}
    mkdir -p "$(dirname "$HOSTLOCK")"
    exec 7>>"$HOSTLOCK"
    if ! flock -n 7; then
        echo "# xenbed: waiting for another xenbed run to finish (host lock $HOSTLOCK)"
        flock -w "${XENBED_LOCK_WAIT:-$TIMEOUT}" 7 || { echo "run.sh: gave up waiting for $HOSTLOCK" >&2; exit 1; }
    fi
fi

SERIAL=$LOG/serial.log RESULTS=$LOG/results.log JOB=$LOG/job.env
rm -f "$SERIAL" "$RESULTS" "$JOB" "$LOG/qemu.pid"

q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }   # quote for /bin/sh
{
    echo "# written by run.sh for one run"
    echo "XENBED_TEST=$(q "$GTEST")"
    printf 'set --'; for a in "$@"; do printf ' %s' "$(q "$a")"; done; echo
    for v in ${XENBED_PASS_ENV:-}; do
        [[ "$v" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "run.sh: bad name in XENBED_PASS_ENV: $v" >&2; exit 2; }
        [ -n "${!v+x}" ] && echo "export $v=$(q "${!v}")"
    done
} >"$JOB"

MEM=${XENBED_MEM_MB:-3072}
D0MEM=${XENBED_DOM0_MEM:-1024M}
SMP=${XENBED_SMP:-2}
CPU=${XENBED_CPU:-max}
# spec-ctrl=eager-fpu: Xen's default on this (AMD-like) TCG CPU is lazy FPU switching
# (CR0.TS and #NM); under QEMU 7.2 TCG that corrupts dom0 processes' FPU/SSE state
# at random once domUs run: xl, python3 and vmctl died of SIGSEGV or heap
# corruption, libxenguest found an intact kernel "Invalid kernel" (3 of 4 runs).
# With eager switching: none in the runs since.  smap=0 smep=0: TCG lacks them.
XEN_CMD="console=com1 com1=115200,8n1 console_timestamps=boot dom0_mem=$D0MEM,max:$D0MEM dom0_max_vcpus=$SMP smap=0 smep=0 spec-ctrl=eager-fpu ${XENBED_XEN_EXTRA:-}"
# QEMU option values (path=...) escape ',' by doubling it
qopt() { printf '%s' "${1//,/,,}"; }
# The 9p shares: the host's / (dom0's root), WORK_DIR, the log directory, and
# the -m ones (their tags and mount points go on dom0's command line; the
# mount points are checked above and hold no spaces or commas).
VIRTFS=(-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
        -virtfs "local,path=$(qopt "$WORK"),mount_tag=xbwork,security_model=none,readonly=on,multidevs=remap"
        -virtfs "local,path=$(qopt "$LOG"),mount_tag=xblog,security_model=none,readonly=on,multidevs=remap")
MOUNTS=
for i in "${!MHOST[@]}"; do
    VIRTFS+=(-virtfs "local,path=$(qopt "${MHOST[$i]}"),mount_tag=xbm$i,security_model=none,readonly=on,multidevs=remap")
    MOUNTS+=" xenbed.mount=xbm$i:${MGUEST[$i]}"
done
DOM0_CMD="console=hvc0 quiet loglevel=${XENBED_DOM0_LOGLEVEL:-4}$MOUNTS"

qpid=
qemu_pid() {  # the QEMU of this run, from its -pidfile, if still alive
    local p
    p=$(cat "$LOG/qemu.pid" 2>/dev/null) || return 1
    [ -n "$p" ] && grep -qaF "path=$(qopt "$SERIAL")" "/proc/$p/cmdline" 2>/dev/null && echo "$p"
}
cleanup() {
    local p
    if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
        kill -TERM "$qpid" 2>/dev/null || true   # `timeout` passes it on to QEMU
        for _ in $(seq 1 25); do kill -0 "$qpid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$qpid" 2>/dev/null || true
    fi
    [ -n "$qpid" ] && { wait "$qpid" 2>/dev/null || true; }
    if p=$(qemu_pid); then
        kill -KILL "$p" 2>/dev/null || true
        for _ in $(seq 1 25); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -f "$LOG/qemu.pid"
    qpid=
}
trap cleanup EXIT
trap 'cleanup; exit 1' INT TERM HUP

t0=$(date +%s.%N)
since() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }
# `timeout` is only the backstop for a run.sh that gets SIGKILLed; the loop below
# enforces TIMEOUT.  It kills QEMU (its own process group) when it fires.
# Xen and the dom0 kernel and initramfs go to QEMU as /dev/fd/N: a multiboot
# module line ("FILE CMDLINE,FILE") cannot hold a file name with a space.
timeout -k 5 $((TIMEOUT + 30)) qemu-system-x86_64 \
    -accel tcg -cpu "$CPU" -machine pc -m "$MEM" -smp "$SMP" \
    -nodefaults -no-reboot -display none -vga none -monitor none -parallel none \
    -kernel /dev/fd/4 -append "$XEN_CMD" \
    -initrd "/dev/fd/5 $DOM0_CMD,/dev/fd/6" \
    "${VIRTFS[@]}" \
    -device virtio-serial-pci,id=xbser \
    -chardev "file,id=xbres,path=$(qopt "$RESULTS")" \
    -device virtserialport,bus=xbser.0,chardev=xbres,name=org.xenbed.results \
    -chardev "file,id=xbcom,path=$(qopt "$SERIAL")" -serial chardev:xbcom \
    -pidfile "$LOG/qemu.pid" \
    4<"$WORK/xen/xen.elf" 5<"$WORK/kernel/vmlinuz" 6<"$WORK/dom0-initrd.gz" \
    </dev/null >"$LOG/qemu.log" 2>&1 &
qpid=$!

ready= ended= timed_out=0
while kill -0 "$qpid" 2>/dev/null; do
    if [ -z "$ready" ] && grep -qa '^XENBED: DOM0-READY' "$RESULTS" 2>/dev/null; then
        ready=$(since)
        echo "# xenbed: dom0 ready after ${ready}s (Xen+dom0 boot under TCG)"
    fi
    if [ -z "$ended" ] && grep -qa '^XENBED: END rc=' "$RESULTS" 2>/dev/null; then
        ended=$(since)
    fi
    if [ "$(awk -v a="$t0" -v b="$(date +%s.%N)" -v t="$TIMEOUT" 'BEGIN{print (b-a>t)?1:0}')" = 1 ]; then
        timed_out=1
        break
    fi
    # once the test ended, give the poweroff 20 s, then stop QEMU ourselves
    if [ -n "$ended" ] && [ "$(awk -v a="$ended" -v b="$(since)" 'BEGIN{print (b-a>20)?1:0}')" = 1 ]; then
        echo "# xenbed: machine did not power off 20 s after the test ended: killing QEMU"
        break
    fi
    sleep 0.5
done
cleanup
total=$(since)

tail40() {
    echo "---- last 40 lines of $SERIAL ----" >&2
    tr -d '\r' <"$SERIAL" 2>/dev/null | tail -n 40 >&2 || true
    echo "---- end of serial log ----" >&2
}

SRC=$RESULTS
if ! grep -qa '^XENBED: DOM0-READY' "$RESULTS" 2>/dev/null && grep -qa 'XENBED: DOM0-READY' "$SERIAL" 2>/dev/null; then
    echo "# xenbed: WARNING: results port unused, parsing the serial console instead"
    SRC=$SERIAL
fi
TAP=$(tr -d '\r' <"$SRC" 2>/dev/null | grep -aE '^(ok|not ok)([ 	]|$)|^1\.\.[0-9]+|^#|^Bail out!' || true)
[ -n "$TAP" ] && printf '%s\n' "$TAP"

endline=$(tr -d '\r' <"$SRC" 2>/dev/null | grep -a '^XENBED: END rc=' | tail -1 || true)
if [ -z "$endline" ]; then
    if [ "$timed_out" = 1 ]; then
        echo "run.sh: TIMEOUT: the test did not finish within ${TIMEOUT}s (QEMU killed)" >&2
    elif grep -qa 'XENBED: SETUP-FAILED' "$SERIAL" 2>/dev/null; then
        echo "run.sh: dom0 setup failed: $(tr -d '\r' <"$SERIAL" | grep -a -m1 'XENBED: SETUP-FAILED')" >&2
    else
        echo "run.sh: the machine stopped before the test finished (Xen or dom0 crash/reboot?) after ${total}s" >&2
    fi
    tail40
    exit 1
fi
rc=${endline#XENBED: END rc=}; rc=${rc%% *}
echo "# xenbed: test ran $(awk -v a="${ready:-0}" -v b="${ended:-$total}" 'BEGIN{printf "%.1f", b-a}')s, whole run ${total}s, test exit status $rc"

plan=$(printf '%s\n' "$TAP" | grep -aE '^1\.\.[0-9]+' | tail -1 | sed -E 's/^1\.\.([0-9]+).*/\1/' || true)
ntests=$(printf '%s\n' "$TAP" | grep -acE '^(ok|not ok)([ 	]|$)' || true)
nfail=$(printf '%s\n' "$TAP" | grep -aE '^not ok([ 	]|$)' | grep -acvE '#[ 	]*TODO' || true)
bail=$(printf '%s\n' "$TAP" | grep -ac '^Bail out!' || true)
status=0
[ -n "$plan" ] || { echo "run.sh: FAIL: no TAP plan line (1..N)" >&2; status=1; }
[ -n "$plan" ] && [ "$ntests" != "$plan" ] && { echo "run.sh: FAIL: planned $plan tests, saw $ntests" >&2; status=1; }
[ "$nfail" = 0 ] || { echo "run.sh: FAIL: $nfail test(s) not ok" >&2; status=1; }
[ "$bail" = 0 ] || { echo "run.sh: FAIL: Bail out!" >&2; status=1; }
[ "$rc" = 0 ] || { echo "run.sh: FAIL: test script exited with status $rc" >&2; status=1; }
if [ "$status" = 0 ]; then
    echo "# xenbed: PASS ($ntests/${plan} ok)"
else
    echo "# xenbed: FAIL (see $SERIAL and $RESULTS)"
fi
exit $status
