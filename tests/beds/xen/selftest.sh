#!/bin/bash
# Usage: tests/beds/xen/run.sh WORK_DIR tests/beds/xen/selftest.sh [TIMEOUT [--no-hvm]]
#
# The bed's own TAP test; runs INSIDE dom0 (run.sh provides XL, XEN_BED,
# DOMU_KERNEL, DOMU_RAMDISK, SCRATCH, XENBED_*).  Checks, in order:
#   libxl_ctx_alloc in dom0 (WORK_DIR/bin/xenbed-libxl-check), libxl's helper
#   paths; a PV domU (xl create from a cfg in $SCRATCH, GUEST-BOOTED in
#   /var/log/xen/console/guest-NAME.log, pause/unpause via the `xl list` state
#   column, vcpu-set 2 via `xl vcpu-list` + the guest's GUEST-CPUS-ONLINE,
#   mem-set 96m via the `xl list` memory column + the guest's MemTotal,
#   `xl console` attach through a pty, save/restore, shutdown -w, destroy);
#   domain names "a b" and "-x" (what xl accepts); an HVM guest (kernel= direct
#   boot, tsc_mode="native") with xl cd-eject/cd-insert seen by the guest.
# --no-hvm (4th run.sh argument) reports the HVM tests as skipped (saves ~2 min).
set -uo pipefail

HVM=1
[ "${1:-}" = --no-hvm ] && HVM=0
CONS=${XENBED_CONSOLE_LOG_DIR:-/var/log/xen/console}
cd "${SCRATCH:-/tmp}" || exit 1

n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
nfail=0
nok() { n=$((n + 1)); nfail=$((nfail + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $* # SKIP ${SKIPWHY:-}"; }
res() {  # res DESC RC : ok when RC is 0
    if [ "$2" = 0 ]; then ok "$1"; else nok "$1"; fi
}
note() { sed 's/^/#   /'; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
wait_for() {  # wait_for SECONDS CMD... : poll CMD every 0.5 s until it succeeds
    local end=$(($(date +%s) + $1))
    shift
    until "$@"; do
        [ "$(date +%s)" -ge "$end" ] && return 1
        sleep 0.5
    done
}
# xl list columns counted from the right, so names with spaces are fine
state() { "$XL" list -- "$1" 2>/dev/null | awk 'NR==2{print $(NF-1)}'; }
mem() { "$XL" list -- "$1" 2>/dev/null | awk 'NR==2{print $(NF-3)}'; }
exists() { "$XL" domid -- "$1" >/dev/null 2>&1; }
gone() { ! exists "$1"; }
paused() { [[ "$(state "$1")" == *p* ]]; }
unpaused() { local s; s=$(state "$1"); [ -n "$s" ] && [[ "$s" != *p* ]]; }
logged() { grep -qa -- "$2" "$CONS/guest-$1.log" 2>/dev/null; }
pvcfg() {  # pvcfg NAME FILE
    cat >"$2" <<EOF
name="$1"
type="pv"
kernel="$DOMU_KERNEL"
ramdisk="$DOMU_RAMDISK"
extra="console=hvc0 quiet"
memory=128
maxmem=128
vcpus=1
maxvcpus=2
on_poweroff="destroy"
on_reboot="destroy"
on_crash="destroy"
EOF
}
cleanup() {
    local d
    for d in $("$XL" list 2>/dev/null | awk 'NR>1 && $(NF-4)!=0 {print $(NF-4)}'); do
        "$XL" destroy "$d" >/dev/null 2>&1
    done
}
trap cleanup EXIT

echo "1..28"
echo "# xenbed selftest in dom0: $(uname -r), $("$XL" info 2>/dev/null | awk -F': ' '/^xen_version/{print "Xen " $2}')"

# --- 1-2: libxl from the host's libraries, libxl's compiled-in helper paths -----------
if out=$("$XENBED_LIBXL_CHECK" 2>&1); then ok "libxl_ctx_alloc in dom0 ($out)"; else nok "libxl_ctx_alloc in dom0"; echo "$out" | note; fi
[ -f "$XEN_BED/bin/host-libxl-check.txt" ] && echo "# on the host the same binary gave: $(grep -m1 -i 'cannot open\|failed' "$XEN_BED/bin/host-libxl-check.txt")"
res "xenconsole and libxl-save-helper at libxl's path /usr/lib/xen-4.17/bin" \
    "$([ -x /usr/lib/xen-4.17/bin/xenconsole ] && [ -x /usr/lib/xen-4.17/bin/libxl-save-helper ]; echo $?)"

# --- 3-16: PV domU lifecycle -------------------------------------------------------------
D=xbpv
pvcfg $D $D.cfg
t=$(now)
"$XL" create $D.cfg >create.out 2>&1
rc=$?
res "xl create $SCRATCH/$D.cfg (PV)" $rc
[ $rc = 0 ] || note <create.out
if wait_for 600 logged $D GUEST-BOOTED; then
    ok "PV guest printed GUEST-BOOTED in $CONS/guest-$D.log after $(secs "$t")s"
else
    nok "PV guest printed GUEST-BOOTED in $CONS/guest-$D.log"
    tail -20 "$CONS/guest-$D.log" 2>&1 | note
fi

"$XL" pause $D
if wait_for 60 paused $D; then ok "xl pause: xl list state $(state $D)"; else nok "xl pause: state '$(state $D)'"; fi
"$XL" unpause $D
if wait_for 60 unpaused $D; then ok "xl unpause: xl list state $(state $D)"; else nok "xl unpause: state '$(state $D)'"; fi

online_vcpus() { "$XL" vcpu-list -- "$1" 2>/dev/null | awk 'NR>1 && $5 !~ /p/' | wc -l; }
"$XL" vcpu-set $D 2
two_online() { [ "$(online_vcpus $D)" = 2 ]; }
if wait_for 120 two_online; then ok "xl vcpu-set 2: xl vcpu-list shows 2 online vcpus"
else nok "xl vcpu-set 2: xl vcpu-list"; "$XL" vcpu-list $D 2>&1 | note; fi
if wait_for 120 logged $D 'GUEST-CPUS-ONLINE=0-1'; then ok "guest onlined the hot-added vcpu (GUEST-CPUS-ONLINE=0-1)"
else nok "guest onlined the hot-added vcpu"; grep -a GUEST-CPUS "$CONS/guest-$D.log" | note; fi

mem0=$(grep -a 'GUEST-MEMTOTAL=' "$CONS/guest-$D.log" | tail -1 | sed 's/.*=\([0-9]*\)kB.*/\1/')
"$XL" mem-set $D 96m
mem96() { [ "$(mem $D)" = 96 ]; }
if wait_for 120 mem96; then ok "xl mem-set 96m: xl list memory column 96"
else nok "xl mem-set 96m: xl list memory column '$(mem $D)'"; fi
memsmaller() {
    local m
    m=$(grep -a 'GUEST-MEMTOTAL=' "$CONS/guest-$D.log" | tail -1 | sed 's/.*=\([0-9]*\)kB.*/\1/')
    [ -n "$m" ] && [ -n "$mem0" ] && [ "$m" -lt "$mem0" ] && [ "$m" -le $((96 * 1024)) ]
}
if wait_for 120 memsmaller; then ok "guest MemTotal shrank: $(grep -a GUEST-MEMTOTAL= "$CONS/guest-$D.log" | tr -d '\r' | sed 's/.*GUEST-MEMTOTAL=//' | tr '\n' ' ')"
else nok "guest MemTotal did not shrink below 96 MiB"; grep -a GUEST-MEMTOTAL "$CONS/guest-$D.log" | note; fi

# xl console needs a tty: util-linux `script` gives it a pty.  xenconsole sets
# raw mode with TCSAFLUSH, which drops whatever was typed before it was ready,
# so the command is retyped until its output shows up; Ctrl-] (\035) detaches.
rm -f console.in && mkfifo console.in
exec 3<>console.in
timeout -k 5 330 script -qfec "$XL console $D" /dev/null <console.in >console.out 2>&1 &
cpid=$!
t=$(now)
end=$(($(date +%s) + 240))
until grep -qa 'CONSOLE-42' console.out; do
    [ "$(date +%s)" -ge "$end" ] && break
    kill -0 $cpid 2>/dev/null || break
    printf 'echo CONSOLE-$((6*7))\r' >&3
    sleep 3
done
attach=$(secs "$t")
for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 $cpid 2>/dev/null || break
    printf '\035' >&3
    sleep 2
done
wait $cpid
rc=$?
exec 3>&-
if [ $rc = 0 ] && grep -qa 'CONSOLE-42' console.out; then ok "xl console: shell on hvc0 ran a command (after ${attach}s), Ctrl-] detached"
else nok "xl console (rc=$rc, 124=timeout)"; tr -d '\r' <console.out | tail -10 | cat -v | note; fi

t=$(now)
"$XL" save $D "$SCRATCH/$D.save" >save.out 2>&1
rc=$?
if [ $rc = 0 ] && gone $D && [ -s "$SCRATCH/$D.save" ]; then
    ok "xl save: domain gone, $(du -m "$SCRATCH/$D.save" | cut -f1) MiB image, $(secs "$t")s"
else nok "xl save rc=$rc"; tail -5 save.out | note; fi
t=$(now)
"$XL" restore "$SCRATCH/$D.save" >restore.out 2>&1
rc=$?
if [ $rc = 0 ] && wait_for 60 unpaused $D; then ok "xl restore: running again ($(secs "$t")s, state $(state $D), mem $(mem $D))"
else nok "xl restore rc=$rc"; tail -5 restore.out | note; fi
rm -f "$SCRATCH/$D.save"
before=$(grep -ac 'GUEST-CPUS-ONLINE=0.\?$' "$CONS/guest-$D.log")
"$XL" vcpu-set $D 1
after() { [ "$(grep -ac 'GUEST-CPUS-ONLINE=0.\?$' "$CONS/guest-$D.log")" -gt "$before" ]; }
if wait_for 120 after; then ok "restored guest is alive (reacted to vcpu-set 1: GUEST-CPUS-ONLINE=0)"
else nok "restored guest did not react to vcpu-set 1"; tail -5 "$CONS/guest-$D.log" | note; fi

t=$(now)
timeout 300 "$XL" shutdown -w $D >shutdown.out 2>&1
rc=$?
if [ $rc = 0 ] && gone $D; then ok "xl shutdown -w: guest powered off in $(secs "$t")s"
else nok "xl shutdown -w rc=$rc"; note <shutdown.out; fi

"$XL" create $D.cfg >/dev/null 2>&1 && wait_for 120 exists $D && sleep 2
"$XL" destroy $D
rc=$?
if [ $rc = 0 ] && gone $D; then ok "xl destroy of a freshly created guest"; else nok "xl destroy rc=$rc"; fi

# --- 17-21: unusual names ------------------------------------------------------------------
pvcfg "a b" ab.cfg
"$XL" create ab.cfg >ab.out 2>&1
rc=$?
res 'xl create of name="a b"' $rc
[ $rc = 0 ] || note <ab.out
r=0
for op in "list" "pause" "unpause" "domid"; do
    "$XL" $op "a b" >/dev/null 2>&1 || { r=1; echo "# xl $op \"a b\" failed"; }
    [ $op = pause ] && { paused "a b" || { r=1; echo "# not paused"; }; }
done
"$XL" destroy "a b" >/dev/null 2>&1 || r=1
gone "a b" || r=1
res 'xl list/pause/unpause/domid/destroy "a b" (one argv word) work' $r

pvcfg "-x" dx.cfg
"$XL" create dx.cfg >dx.out 2>&1
rc=$?
res 'xl create of name="-x"' $rc
[ $rc = 0 ] || note <dx.out
out=$("$XL" pause -x 2>&1)
rc=$?
if [ $rc != 0 ] && ! paused -x; then ok "xl pause -x is rejected by option parsing (rc=$rc: $out)"
else nok "xl pause -x: rc=$rc state=$(state -x)"; fi
r=0
"$XL" pause -- -x || r=1
paused -x || r=1
"$XL" list -- -x >/dev/null || r=1
"$XL" unpause -- -x || r=1
unpaused -x || r=1
"$XL" destroy -- -x || r=1
gone -x || r=1
res 'xl pause/list/unpause/destroy -- -x work' $r

# --- 22-26: HVM -----------------------------------------------------------------------------
H=xbhvm
if [ $HVM = 1 ]; then
    cat >$H.cfg <<EOF
name="$H"
type="hvm"
kernel="$DOMU_KERNEL"
ramdisk="$DOMU_RAMDISK"
extra="console=ttyS0 quiet"
memory=256
vcpus=1
vga="none"
serial="file:$SCRATCH/$H-serial.log"
# Without this Xen traps RDTSCP (TCG's CPU has no invariant TSC, so Xen
# emulates the TSC) and QEMU-TCG's nested SVM gives Xen no usable
# instruction length: "SVM Insn len emulation failed", the guest reboots.
tsc_mode="native"
on_poweroff="destroy"
on_reboot="destroy"
on_crash="destroy"
disk=[ "format=raw,vdev=hdc,access=ro,devtype=cdrom,target=$XENBED_ISO_DIR/cd1.iso" ]
EOF
    t=$(now)
    "$XL" create $H.cfg >hvm.out 2>&1
    rc=$?
    res "xl create HVM (direct kernel boot, returned after $(secs "$t")s)" $rc
    [ $rc = 0 ] || note <hvm.out
    hvmlogged() { grep -qa -- "$1" "$SCRATCH/$H-serial.log" 2>/dev/null; }
    hvmboot() { hvmlogged GUEST-BOOTED || ! exists $H; }
    if wait_for 600 hvmboot && hvmlogged 'GUEST-BOOTED.*type=HVM'; then
        ok "HVM guest printed GUEST-BOOTED type=HVM after $(secs "$t")s"
    else
        nok "HVM guest did not boot ($(secs "$t")s)"
        tail -c 1500 "$SCRATCH/$H-serial.log" 2>&1 | note
        tail -5 /var/log/xen/qemu-dm-$H.log 2>&1 | note
    fi
    if wait_for 120 hvmlogged 'GUEST-CDROM label=XENBEDCD1'; then ok "HVM guest reads cd1.iso on hdc (label XENBEDCD1)"
    else nok "HVM guest does not see cd1.iso"; fi
    bparams() { xenstore-read "/local/domain/0/backend/qdisk/$("$XL" domid $H)/5632/params" 2>/dev/null; }
    "$XL" cd-eject $H hdc
    rc=$?
    if [ $rc = 0 ] && wait_for 120 hvmlogged 'GUEST-CDROM label=empty'; then ok "xl cd-eject: guest sees an empty drive (backend params '$(bparams)')"
    else nok "xl cd-eject rc=$rc"; fi
    "$XL" cd-insert $H hdc "$XENBED_ISO_DIR/cd2.iso"
    rc=$?
    if [ $rc = 0 ] && wait_for 120 hvmlogged 'GUEST-CDROM label=XENBEDCD2'; then ok "xl cd-insert cd2.iso: guest reads label XENBEDCD2 (backend params '$(bparams)')"
    else nok "xl cd-insert rc=$rc"; fi
    "$XL" destroy $H
    rc=$?
    if [ $rc = 0 ] && gone $H; then ok "xl destroy HVM guest"; else nok "xl destroy HVM rc=$rc"; fi
else
    SKIPWHY="--no-hvm"
    for d in "xl create HVM" "HVM guest boots" "HVM guest reads cd1.iso" "xl cd-eject" "xl cd-insert" "xl destroy HVM"; do skip "$d"; done
fi

left=$("$XL" list | awk 'NR>2' | wc -l)
if [ "$left" = 0 ]; then ok "only Domain-0 is left"; else nok "domains left over"; "$XL" list | note; fi
echo "# dom0 at the end: load $(cut -d' ' -f1-3 /proc/loadavg), $(awk '/MemAvailable/{print int($2/1024)}' /proc/meminfo) MiB available"
if [ $nfail != 0 ]; then
    echo "# processes in dom0 (failure diagnostics):"
    timeout 10 ps -eo pid,stat,pcpu,etime,args 2>&1 | grep -v ' \[' | note
fi
