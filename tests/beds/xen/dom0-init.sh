#!/bin/busybox sh
# /init of the bed's dom0 initramfs (copied there by build.sh; not run on the host).
#
# Kernel command line parameters (set by run.sh):
#   xenbed.mount=TAG:/mnt/NAME     a 9p share of run.sh's -m (or the test's
#                                  directory, /mnt/test), repeated
#
# Steps: load modules (order computed by build.sh), find the results port
# (virtio-serial, name org.xenbed.results), mount the host's / read-only over 9p
# at /mnt (dom0's root), add the writable/tmpfs bits, the bed's shares at fixed
# mount points (tmpfs /mnt, then /mnt/xenbed: WORK_DIR, /mnt/xenbed-log: the
# log directory with job.env, /mnt/NAME: the xenbed.mount ones; no host path
# is used under its host name) and the Debian layout of xen-utils
# (/usr/lib/xen-4.17/{bin,boot}) on top, then run stage2 (in the chroot), and
# power the machine off whatever happens.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

RES=/dev/null
say() {  # to the serial console and the results port
    echo "XENBED: $*" >/dev/console
    [ "$RES" = /dev/null ] || echo "XENBED: $*" >>"$RES"
}
die() {
    say "SETUP-FAILED $*"
    sync
    poweroff -f
    sleep 30
}

MOUNTS=
for a in $(cat /proc/cmdline); do
    case "$a" in
        xenbed.mount=*) MOUNTS="$MOUNTS ${a#xenbed.mount=}" ;;
    esac
done

for m in $(cat /mods/order); do
    insmod "/mods/$m.ko" || echo "XENBED: insmod $m failed" >/dev/console
done

# the results port: a virtserialport named org.xenbed.results (see run.sh)
i=0
while [ $i -lt 50 ]; do
    for n in /sys/class/virtio-ports/*/name; do
        [ -f "$n" ] || continue
        if [ "$(cat "$n")" = org.xenbed.results ]; then
            d=${n%/name}
            d=/dev/${d##*/}
            [ -c "$d" ] && RES=$d
        fi
    done
    [ "$RES" != /dev/null ] && break
    i=$((i + 1))
    sleep 0.1
done
[ "$RES" = /dev/null ] && echo "XENBED: no results port, TAP only on the serial console" >/dev/console
say "DOM0-KERNEL-UP uptime=$(cut -d' ' -f1 /proc/uptime)"

R=/mnt
# cache=loose: dom0 keeps what it read from the host in its page cache.  With
# the default cache=none every exec re-reads the binary and its libraries over
# 9p; under load `xen-qemu-system-i386 --version` took 60-175 s that way, more
# than libxl's fixed 60 s device-model start timeout for HVM guests.  The host
# files must not change during a run (they are inputs of the test).
ninep() {  # ninep TAG DIR
    mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 "$1" "$2"
}
ninep hostroot $R || die "9p mount of host / failed"

mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
mount -t xenfs xenfs $R/proc/xen || die "mount xenfs failed"
mount -t tmpfs -o mode=755 tmpfs $R/run
mount -t tmpfs -o mode=1777 tmpfs $R/tmp
mount -t tmpfs -o mode=755 tmpfs $R/var/lib/xen
mount -t tmpfs -o mode=755 tmpfs $R/var/log/xen

# the bed's shares, at fixed places whatever their host paths are
WORK=/mnt/xenbed JOB=/mnt/xenbed-log/job.env
[ -d $R/mnt ] || die "host has no /mnt to mount the bed's shares on"
mount -t tmpfs -o mode=755 tmpfs $R/mnt
for m in xbwork:$WORK xblog:${JOB%/*} $MOUNTS; do
    mkdir -p "$R${m#*:}" && ninep "${m%%:*}" "$R${m#*:}" || die "9p mount of ${m%%:*} on ${m#*:} failed"
done
[ -f $R$WORK/xen/xen.elf ] || die "WORK_DIR not at $WORK"
[ -f $R$JOB ] || die "job file not at $JOB"
XU=$WORK/xu

# Present /usr/lib/xen-4.17 as if xen-utils-4.17 were installed: a tmpfs whose
# entries are bind mounts of the host's own /usr/lib/xen-4.17 (libxenfsimage)
# merged with the unpacked package (bin/, boot/, lib/python).  libxl runs
# /usr/lib/xen-4.17/bin/xenconsole and .../libxl-save-helper by these paths.
graft() {  # graft SRC DST: make DST show SRC
    if [ -L "$1" ]; then
        ln -s "$(readlink "$1")" "$2"
    elif [ -d "$1" ]; then
        mkdir "$2" && mount --bind "$1" "$2"
    else
        touch "$2" && mount --bind "$1" "$2"
    fi
}
merge() {  # merge A B DST: DST (empty) shows A and B, B wins on conflicts
    local e
    for e in $( (ls -A "$1" 2>/dev/null; ls -A "$2" 2>/dev/null) | sort -u); do
        if [ -d "$1/$e" ] && [ -d "$2/$e" ] && [ ! -L "$1/$e" ] && [ ! -L "$2/$e" ]; then
            mkdir "$3/$e"
            merge "$1/$e" "$2/$e" "$3/$e"
        elif [ -e "$2/$e" ] || [ -L "$2/$e" ]; then
            graft "$2/$e" "$3/$e"
        else
            graft "$1/$e" "$3/$e"
        fi
    done
}
mkdir -p /hostxen
[ -d $R/usr/lib/xen-4.17 ] || die "host has no /usr/lib/xen-4.17 (libxenmisc4.17 missing?)"
mount --bind $R/usr/lib/xen-4.17 /hostxen
mount -t tmpfs -o mode=755 tmpfs $R/usr/lib/xen-4.17
merge /hostxen "$R$XU/usr/lib/xen-4.17" $R/usr/lib/xen-4.17
[ -x $R/usr/lib/xen-4.17/bin/xenconsole ] || die "xenconsole not at /usr/lib/xen-4.17/bin"

mkdir -p $R/run/xenbed
cp /stage2.sh $R/run/xenbed/stage2.sh
say "DOM0-ROOT-READY uptime=$(cut -d' ' -f1 /proc/uptime)"
XENBED_RES=$RES XENBED_JOB=$JOB XENBED_WORK=$WORK \
    chroot $R /bin/sh /run/xenbed/stage2.sh </dev/console >/dev/console 2>&1
say "POWEROFF uptime=$(cut -d' ' -f1 /proc/uptime)"
sync
poweroff -f
sleep 30
