#!/bin/bash
# Usage: tests/beds/xen/build.sh WORK_DIR
#
# Builds (as root) everything the Xen test bed boots, into WORK_DIR:
#   WORK_DIR/debs/                  .deb cache (deps.sh; XENBED_DEB_CACHE overrides)
#   WORK_DIR/xen/xen.elf            Xen 4.17 hypervisor (from xen-hypervisor-4.17-amd64)
#   WORK_DIR/xu/                    unpacked xen-utils-4.17 (xl, xenstored, xenconsoled,
#                                   xenconsole, libxl-save-helper, hvmloader ...)
#   WORK_DIR/kernel/vmlinuz         Debian kernel (dom0 and domU)
#   WORK_DIR/dom0-initrd.gz         busybox dom0 initramfs (dom0-init.sh + dom0-stage2.sh)
#   WORK_DIR/domu/vmlinuz           PV/HVM domU kernel (same kernel)
#   WORK_DIR/domu/initrd.gz         busybox domU initramfs (domu-init.sh)
#   WORK_DIR/bin/xenbed-libxl-check libxl_ctx_alloc probe (libxl-check.c)
#   WORK_DIR/iso/cd1.iso, cd2.iso   tiny ISOs (volume ids XENBEDCD1/XENBEDCD2)
#   WORK_DIR/bed.env                what was built (sourceable)
# Runs deps.sh first.  Cached: when the hash of all inputs (the .debs, busybox,
# libxen-dev's version, this directory's scripts and C source) equals the one
# of the last successful build, nothing is rebuilt (a cached run takes ~1 s).
# XENBED_FORCE_BUILD=1 rebuilds anyway.
#
# WORK_DIR may be anywhere (spaces, commas and quotes included): run.sh gives
# it to dom0 at a fixed mount point, /mnt/xenbed.
set -euo pipefail

if [ $# -ne 1 ]; then
    sed -n '2p' "$0" >&2
    exit 2
fi
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$1"
W=$(cd "$1" && pwd)
CACHE=${XENBED_DEB_CACHE:-$W/debs}

exec 9>"$W/.build.lock"
flock 9

t0=$(date +%s.%N)
"$HERE/deps.sh" "$CACHE"

KDEB=$(ls "$CACHE"/linux-image-[0-9]*-amd64_*_amd64.deb | head -1)
HDEB=$(ls "$CACHE"/xen-hypervisor-4.17-amd64_*_amd64.deb | head -1)
UDEB=$(ls "$CACHE"/xen-utils-4.17_*_amd64.deb | head -1)
KV=$(basename "$KDEB" | sed 's/^linux-image-\(.*-amd64\)_.*/\1/')

inputs_hash() {
    {
        for f in "$KDEB" "$HDEB" "$UDEB"; do basename "$f"; stat -c '%s %Y' "$f"; done
        sha256sum /bin/busybox "$HERE"/build.sh "$HERE"/deps.sh "$HERE"/dom0-init.sh \
            "$HERE"/dom0-stage2.sh "$HERE"/domu-init.sh "$HERE"/libxl-check.c | cut -d' ' -f1
        dpkg-query -W -f='${Version}\n' libxen-dev busybox-static
        gcc -dumpfullversion
    } | sha256sum | cut -d' ' -f1
}
H=$(inputs_hash)
OUTS=(xen/xen.elf xu/usr/lib/xen-4.17/bin/xl kernel/vmlinuz dom0-initrd.gz domu/vmlinuz
      domu/initrd.gz bin/xenbed-libxl-check iso/cd1.iso iso/cd2.iso bed.env)
up_to_date=1
[ "${XENBED_FORCE_BUILD:-0}" = 1 ] && up_to_date=0
[ "$(cat "$W/.inputs.sha256" 2>/dev/null)" = "$H" ] || up_to_date=0
for o in "${OUTS[@]}"; do [ -e "$W/$o" ] || up_to_date=0; done
if [ "$up_to_date" = 1 ]; then
    echo "build.sh: up to date ($W, $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s)"
    exit 0
fi
rm -f "$W/.inputs.sha256"
echo "build.sh: building in $W (kernel $KV)"

T=$(mktemp -d "$W/.tmp.XXXXXX")
trap 'rm -rf "$T"' EXIT

# --- Xen and its tools ---------------------------------------------------------
mkdir -p "$T/hv" "$W/xen"
dpkg-deb -x "$HDEB" "$T/hv"
zcat "$T"/hv/boot/xen-4.17-amd64.gz >"$W/xen/xen.elf.new"   # multiboot ELF that QEMU -kernel loads
mv "$W/xen/xen.elf.new" "$W/xen/xen.elf"
rm -rf "$W/xu.new" && mkdir "$W/xu.new"
dpkg-deb -x "$UDEB" "$W/xu.new"
rm -rf "$W/xu" && mv "$W/xu.new" "$W/xu"

# --- kernel and modules ----------------------------------------------------------
mkdir -p "$T/k" "$W/kernel" "$W/domu"
dpkg-deb --fsys-tarfile "$KDEB" | tar -x -C "$T/k" ./boot ./lib/modules
cp "$T/k/boot/vmlinuz-$KV" "$W/kernel/vmlinuz"
cp "$T/k/boot/vmlinuz-$KV" "$W/domu/vmlinuz"
MODDIR=$T/k/lib/modules/$KV
declare -A KO
while IFS= read -r p; do
    b=${p##*/}; b=${b%.ko}; KO[${b//-/_}]=$p
done < <(cd "$MODDIR" && find kernel -name '*.ko')

# modules_in_order NAME... : prints the modules and their dependencies (from the
# .ko's own "depends=" modinfo field), dependencies first; skips built-ins.
declare -A SEEN
ORDER=()
visit() {
    local n=${1//-/_} d deps
    [ -n "${SEEN[$n]:-}" ] && return 0
    SEEN[$n]=1
    if [ -z "${KO[$n]:-}" ]; then
        grep -q "/${1}.ko\$\|/${n}.ko\$" "$MODDIR/modules.builtin" 2>/dev/null && return 0
        echo "build.sh: module $1 not found in $KV" >&2
        return 1
    fi
    deps=$(tr '\0' '\n' <"$MODDIR/${KO[$n]}" | sed -n 's/^depends=//p' | head -1 | tr ',' ' ')
    for d in $deps; do visit "$d"; done
    ORDER+=("$n")
}
copy_mods() {  # copy_mods DESTDIR MODULE... : DESTDIR/NAME.ko + DESTDIR/order
    local dest=$1 m; shift
    SEEN=(); ORDER=()
    for m in "$@"; do visit "$m"; done
    mkdir -p "$dest"
    for m in "${ORDER[@]}"; do cp "$MODDIR/${KO[$m]}" "$dest/$m.ko"; done
    printf '%s\n' "${ORDER[@]}" >"$dest/order"
}

# --- dom0 initramfs ----------------------------------------------------------------
D=$T/dom0
mkdir -p "$D"/{bin,dev,proc,sys,mnt,run,tmp}
cp /bin/busybox "$D/bin/busybox"
# xen_blkback, loop, xen_netback, bridge: the backends of hot-plugged disks
# (the block script puts a file on a loop device) and NICs (a vif on a bridge)
copy_mods "$D/mods" virtio_pci virtio_console 9pnet_virtio 9p \
    xen_evtchn xen_gntdev xen_gntalloc xen_privcmd xenfs xen_blkback loop xen_netback bridge
echo "build.sh: dom0 modules: $(tr '\n' ' ' <"$D/mods/order")"
install -m 755 "$HERE/dom0-init.sh" "$D/init"
install -m 755 "$HERE/dom0-stage2.sh" "$D/stage2.sh"
(cd "$D" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -6) >"$W/dom0-initrd.gz.new"
mv "$W/dom0-initrd.gz.new" "$W/dom0-initrd.gz"

# --- domU initramfs ----------------------------------------------------------------
U=$T/domu
mkdir -p "$U"/{bin,sbin,dev,proc,sys,tmp,etc,lib/modules}
cp /bin/busybox "$U/bin/busybox"
# HVM only: emulated IDE CD-ROM (xl cd-insert/cd-eject); PV guests do not need modules
copy_mods "$U/lib/modules" ata_piix sr_mod
echo "build.sh: domU modules: $(tr '\n' ' ' <"$U/lib/modules/order")"
# PV only: the frontends of hot-plugged disks and NICs (domu-init.sh loads
# them when the guest is PV; an HVM guest keeps its emulated CD drive)
copy_mods "$U/lib/modules/pv" xen_blkfront xen_netfront
echo "build.sh: PV domU modules: $(tr '\n' ' ' <"$U/lib/modules/pv/order")"
install -m 755 "$HERE/domu-init.sh" "$U/init"
printf '#!/bin/busybox sh\necho "GUEST-POWEROFF" >/dev/console\nsync\nexec /bin/busybox poweroff -f\n' >"$U/sbin/poweroff"
chmod 755 "$U/sbin/poweroff"
echo 'root:x:0:0:root:/:/bin/sh' >"$U/etc/passwd"
(cd "$U" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -6) >"$W/domu/initrd.gz.new"
mv "$W/domu/initrd.gz.new" "$W/domu/initrd.gz"

# --- libxl probe ---------------------------------------------------------------------
mkdir -p "$W/bin"
# shellcheck disable=SC2046
gcc -O2 -Wall -Wextra -Werror -o "$W/bin/xenbed-libxl-check.new" "$HERE/libxl-check.c" \
    $(pkg-config --cflags --libs xenlight xentoollog)
mv "$W/bin/xenbed-libxl-check.new" "$W/bin/xenbed-libxl-check"
# on the plain host libxl cannot open the hypervisor interface: that must fail
if hostout=$("$W/bin/xenbed-libxl-check" -v 2>&1); then
    echo "build.sh: WARNING: xenbed-libxl-check succeeded on the host?" >&2
fi
printf '%s\n' "$hostout" >"$W/bin/host-libxl-check.txt"
echo "build.sh: on the host (expected to fail): $(grep -m1 -i 'cannot open libxc\|failed' <<<"$hostout")"

# --- ISOs for cd-insert ----------------------------------------------------------------
mkdir -p "$W/iso"
for n in 1 2; do
    mkdir -p "$T/iso$n"
    echo "xenbed cd $n" >"$T/iso$n/cd$n.txt"
    genisoimage -quiet -V "XENBEDCD$n" -r -J -o "$W/iso/cd$n.iso" "$T/iso$n"
done

cat >"$W/bed.env" <<EOF
# written by tests/beds/xen/build.sh
XENBED_WORK=$(printf %q "$W")
XENBED_KERNEL_VERSION=$KV
XENBED_XEN_DEB=$(basename "$HDEB")
XENBED_UTILS_DEB=$(basename "$UDEB")
XENBED_KERNEL_DEB=$(basename "$KDEB")
EOF
echo "$H" >"$W/.inputs.sha256"
echo "build.sh: done in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s"
