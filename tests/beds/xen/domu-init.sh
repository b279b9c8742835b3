#!/bin/busybox sh
# /init of the bed's domU initramfs (copied there by build.sh; not run on the host).
# Works as a PV guest (console hvc0) and as an HVM guest (console ttyS0).
#
# Prints on the console (so in /var/log/xen/console/guest-NAME.log in dom0):
#   GUEST-BOOTED uptime=S type=PV|HVM|...   once, when userspace is up
#   GUEST-CPUS-ONLINE=0-1                   at start and after every change
#                                           (hot-added vcpus are onlined here)
#   GUEST-MEMTOTAL=NNNkB                    at start and after every change
#   GUEST-CDROM ...                         HVM: what the CD drive holds
#   GUEST-BLOCK=xvdb ...                    the block devices in /sys/block
#   GUEST-NET=eth0 lo                       the interfaces in /sys/class/net
#   GUEST-XVDB marker=TEXT                  the first 16 bytes of a new xvdb
# and keeps a shell on the console for `xl console`.
# xl shutdown: the kernel runs /sbin/poweroff (orderly_poweroff), which powers off.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /mnt/cd

for m in $(cat /lib/modules/order 2>/dev/null); do
    insmod "/lib/modules/$m.ko" 2>/dev/null
done
gt=$(cat /sys/hypervisor/guest_type 2>/dev/null || echo unknown)
if [ "$gt" = PV ]; then
    for m in $(cat /lib/modules/pv/order 2>/dev/null); do
        insmod "/lib/modules/pv/$m.ko" 2>/dev/null
    done
fi

echo "GUEST-BOOTED uptime=$(cut -d' ' -f1 /proc/uptime) type=$gt"

# interactive shell on the console; respawned when it exits
(while :; do setsid cttyhack sh -l; sleep 1; done) &

last= lastmem= lastcd= lastblk=x lastnet=x mark= i=0
while :; do
    for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
        [ -e "$c" ] && [ "$(cat "$c")" = 0 ] && echo 1 >"$c" 2>/dev/null
    done
    cur=$(cat /sys/devices/system/cpu/online)
    [ "$cur" != "$last" ] && echo "GUEST-CPUS-ONLINE=$cur" && last=$cur
    mem=$(awk '/^MemTotal:/{print $2}' /proc/meminfo)
    [ "$mem" != "$lastmem" ] && echo "GUEST-MEMTOTAL=${mem}kB" && lastmem=$mem
    if [ -b /dev/sr0 ]; then
        # reading sr0 must not lock the tray: a locked tray makes QEMU refuse a
        # medium change without force (xl cd-insert and vmctl cd-change alike)
        [ -w /proc/sys/dev/cdrom/lock ] && echo 0 >/proc/sys/dev/cdrom/lock
        cd=$(dd if=/dev/sr0 bs=2048 skip=16 count=1 2>/dev/null | dd bs=1 skip=40 count=32 2>/dev/null | tr -d ' \0')
        [ -n "$cd" ] || cd=empty
        [ "$cd" != "$lastcd" ] && echo "GUEST-CDROM label=$cd" && lastcd=$cd
    fi
    blk=$(ls /sys/block | grep -v -e '^loop' -e '^ram' | tr '\n' ' ')
    [ "$blk" != "$lastblk" ] && echo "GUEST-BLOCK=$blk" && lastblk=$blk
    net=$(ls /sys/class/net | tr '\n' ' ')
    [ "$net" != "$lastnet" ] && echo "GUEST-NET=$net" && lastnet=$net
    if [ -b /dev/xvdb ]; then
        [ -n "$mark" ] || { mark=$(dd if=/dev/xvdb bs=16 count=1 2>/dev/null | tr -cd 'A-Za-z0-9-'); mark=${mark:-none}; echo "GUEST-XVDB marker=$mark"; }
    else
        mark=
    fi
    i=$((i + 1))
    [ $((i % 30)) = 0 ] && echo "GUEST-HB uptime=$(cut -d' ' -f1 /proc/uptime)"
    sleep 1
done
