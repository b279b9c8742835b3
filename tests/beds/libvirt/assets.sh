#!/bin/bash
# Usage: tests/beds/libvirt/assets.sh OUT_DIR
#
# Builds the guest assets of the libvirt test bed in OUT_DIR:
#   vmlinuz      Debian's kernel (linux-image-*-amd64), taken out of the .deb
#                with dpkg-deb (never installed); the .deb is kept in OUT_DIR/cache
#   initrd.gz    busybox initramfs: loads the virtio modules (+ virtio_balloon,
#                virtio_blk, ACPI button, evdev), runs acpid so the ACPI power
#                button powers the guest off, onlines hot-added CPUs, keeps a boot
#                counter in the first 16 bytes of /dev/vda and prints on ttyS0:
#                  GUEST-BOOTED uptime=S
#                  GUEST-DISK vda read='bootN' wrote='bootN+1'
#                  GUEST-CPUS-ONLINE=<list>   (whenever it changes)
#                  GUEST-MEMTOTAL=<kB>kB      (whenever it changes, e.g. balloon)
#                  GUEST-BLOCK=<disks>        (whenever /sys/block changes: hot-plug)
#                  GUEST-DISK-MARKER <disk>='<first 16 bytes, printable>'  (each new vd*)
#                  GUEST-NET=<interfaces>     (whenever /sys/class/net changes)
#                  GUEST-HB n=<count> uptime=S  (heartbeat every 5 s)
#                and runs an interactive shell on ttyS0 (for `virsh console`);
#                it starts the QEMU guest agent (qemu-ga from Debian's
#                qemu-guest-agent .deb, never installed on the host, with the
#                shared libraries ldd names and the loader) on the virtio-serial
#                port named org.qemu.guest_agent.0 and prints
#                  GUEST-AGENT port=/dev/vportNpM pid=P   (or GUEST-AGENT-MISSING why)
#   cd1.iso cd2.iso   two tiny ISO 9660 images (volume ids CD1, CD2)
#   lxcroot/     busybox root for libvirt-LXC; /sbin/init traps TERM and exits
#
# Cached: when every output exists and OUT_DIR/.assets-done holds the sha256 of
# this script (the cache key: any edit here rebuilds, also an old cache whose
# files are newer than a fresh checkout), nothing is done. Delete
# OUT_DIR/.assets-done (or an output) to force a rebuild; the kernel and
# qemu-guest-agent .debs in OUT_DIR/cache are reused unless a newer one is
# published.
# Needs: deps.sh done (busybox-static, genisoimage; qemu-system-x86 brings the
# libraries qemu-ga links: glib, libnuma, liburing, libudev), apt lists for the
# kernel and qemu-guest-agent.
set -euo pipefail

if [ $# -ne 1 ]; then
  sed -n '2,3p' "$0" >&2
  exit 2
fi
SELF=$(readlink -f "$0")
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
STAMP=$OUT/.assets-done
OUTPUTS=("$OUT/vmlinuz" "$OUT/initrd.gz" "$OUT/cd1.iso" "$OUT/cd2.iso" "$OUT/lxcroot/sbin/init" "$STAMP")

KEY=$(sha256sum "$SELF" | cut -d' ' -f1)
uptodate() {
  local f
  for f in "${OUTPUTS[@]}"; do
    [ -e "$f" ] || return 1
  done
  [ "$(cat "$STAMP")" = "$KEY" ]
}
if uptodate; then
  echo "assets.sh: up to date in $OUT"
  exit 0
fi
rm -f "$STAMP"

BUSYBOX=
for b in /bin/busybox /usr/bin/busybox; do
  [ -x "$b" ] && BUSYBOX=$b && break
done
[ -n "$BUSYBOX" ] || { echo "assets.sh: busybox missing (run deps.sh)" >&2; exit 1; }
if ldd "$BUSYBOX" >/dev/null 2>&1; then
  echo "assets.sh: $BUSYBOX is dynamically linked; install busybox-static (deps.sh)" >&2
  exit 1
fi
command -v genisoimage >/dev/null || { echo "assets.sh: genisoimage missing (run deps.sh)" >&2; exit 1; }

# ---------------------------------------------------------------- kernel
CACHE=$OUT/cache
mkdir -p "$CACHE"
kpkg() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}'; }
KPKG=$(kpkg || true)
if [ -z "$KPKG" ]; then
  timeout 600 apt-get update -q >/dev/null 2>&1 || true
  KPKG=$(kpkg || true)
fi
DEB=
if [ -n "$KPKG" ]; then
  DEB=$(find "$CACHE" -maxdepth 1 -name "${KPKG}_*_amd64.deb" | sort | tail -1)
  if [ -z "$DEB" ]; then
    echo "assets.sh: apt-get download $KPKG"
    # apt's _apt sandbox user may not be able to write here: that only warns
    (cd "$CACHE"; timeout 900 apt-get download -q "$KPKG" 2>&1 | grep -v 'unsandboxed as root') || true
    DEB=$(find "$CACHE" -maxdepth 1 -name "${KPKG}_*_amd64.deb" | sort | tail -1)
  fi
fi
if [ -z "$DEB" ]; then
  # offline and no apt lists: fall back to whatever kernel .deb is cached
  DEB=$(find "$CACHE" -maxdepth 1 -name 'linux-image-[0-9]*-amd64_*_amd64.deb' | sort | tail -1)
fi
[ -n "$DEB" ] || { echo "assets.sh: could not get a linux-image .deb" >&2; exit 1; }
KPKG=$(basename "$DEB"); KPKG=${KPKG%%_*}
KV=${KPKG#linux-image-}
echo "assets.sh: kernel $KV from $(basename "$DEB")"

# ---------------------------------------------------------------- guest agent
# qemu-ga from Debian's qemu-guest-agent .deb (apt-get download, never
# installed); its shared libraries are the host's, the same Debian release
QPKG=qemu-guest-agent
QDEB=$(find "$CACHE" -maxdepth 1 -name "${QPKG}_*_amd64.deb" | sort | tail -1)
if [ -z "$QDEB" ]; then
  echo "assets.sh: apt-get download $QPKG"
  (cd "$CACHE"; timeout 900 apt-get download -q "$QPKG" 2>&1 | grep -v 'unsandboxed as root') || true
  QDEB=$(find "$CACHE" -maxdepth 1 -name "${QPKG}_*_amd64.deb" | sort | tail -1)
fi
[ -n "$QDEB" ] || { echo "assets.sh: could not get a $QPKG .deb" >&2; exit 1; }
QX=$CACHE/x-qga
rm -rf "$QX"; mkdir -p "$QX"
dpkg-deb --fsys-tarfile "$QDEB" | tar -x -C "$QX" ./usr/sbin/qemu-ga
QGA=$QX/usr/sbin/qemu-ga
# every library ldd resolves, and the loader; a missing one is an error here,
# not a guest that prints GUEST-AGENT-MISSING later
QLIBS=$(ldd "$QGA") || { echo "assets.sh: ldd $QGA failed" >&2; exit 1; }
if grep -q 'not found' <<<"$QLIBS"; then
  echo "assets.sh: qemu-ga needs libraries this host lacks (deps.sh installs qemu-system-x86):" >&2
  grep 'not found' <<<"$QLIBS" >&2
  exit 1
fi
QLIBS=$(awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' <<<"$QLIBS" | sort -u)
echo "assets.sh: qemu-ga from $(basename "$QDEB") with $(wc -w <<<"$QLIBS") libraries"

KX=$CACHE/x-$KV            # partial extraction of the .deb
MODDIR=./lib/modules/$KV
rm -rf "$KX"; mkdir -p "$KX"
LIST=$CACHE/$KPKG.list
[ -s "$LIST" ] || dpkg-deb --fsys-tarfile "$DEB" | tar -t > "$LIST"

# path in the .deb of module NAME (module names use '_', file names may use '-')
modpath() {
  local n=$1 alt=${1//_/-}
  grep -E "^$MODDIR/kernel/.*/($n|$alt)\.ko(\.xz)?$" "$LIST" | head -1
}
# the 'depends=' field of an extracted .ko
moddeps() {
  local f=$KX/$1
  case "$f" in *.xz) xz -dc "$f" ;; *) cat "$f" ;; esac \
    | tr '\0' '\n' | sed -n 's/^depends=//p' | head -1 | tr ',' ' '
}

# top-level modules; their dependencies are resolved from the .ko files
WANT="button evdev virtio_pci virtio_balloon virtio_blk virtio_net virtio_console"
# each pass over the .deb decompresses all of its ~70 MB: take the kernel, the
# wanted modules and all of drivers/virtio/ (where their dependencies live) in
# one pass, and come back only for a dependency found elsewhere
first=("./boot/vmlinuz-$KV" "$MODDIR/kernel/drivers/virtio")
for m in $WANT; do
  p=$(modpath "$m")
  case "$p" in
    "" | "$MODDIR/kernel/drivers/virtio/"*) ;;   # (naming a member twice makes tar fail)
    *) first+=("$p") ;;
  esac
done
dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$KX" "${first[@]}"
declare -A PATHOF=()
todo=$WANT
while [ -n "${todo// /}" ]; do
  missing=()
  next=
  for m in $todo; do
    [ -z "${PATHOF[$m]:-}" ] || continue
    p=$(modpath "$m")
    if [ -z "$p" ]; then
      # built into the kernel: nothing to load
      if dpkg-deb --fsys-tarfile "$DEB" | tar -xO "$MODDIR/modules.builtin" 2>/dev/null |
          grep -qE "/($m|${m//_/-})\.ko$"; then
        PATHOF[$m]=builtin; continue
      fi
      echo "assets.sh: module $m not found in $KPKG" >&2; exit 1
    fi
    PATHOF[$m]=$p
    [ -e "$KX/$p" ] || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$KX" "${missing[@]}"
  fi
  for m in $todo; do
    [ "${PATHOF[$m]}" != builtin ] || continue
    for d in $(moddeps "${PATHOF[$m]}"); do
      [ -n "${PATHOF[$d]:-}" ] || next="$next $d"
    done
  done
  todo=$next
done

# load order: dependencies first (depth-first post-order)
declare -A SEEN=()
ORDER=()
visit() {
  local m=$1 d
  [ -n "${SEEN[$m]:-}" ] && return 0
  SEEN[$m]=1
  [ "${PATHOF[$m]}" = builtin ] && return 0
  for d in $(moddeps "${PATHOF[$m]}"); do visit "$d"; done
  ORDER+=("$m")
}
for m in $WANT; do visit "$m"; done
echo "assets.sh: module load order: ${ORDER[*]}"

# ---------------------------------------------------------------- initramfs
IR=$CACHE/initrd-root
rm -rf "$IR"
mkdir -p "$IR"/{bin,sbin,dev,proc,sys,tmp,etc/acpi/PWRF,lib/modules}
cp "$BUSYBOX" "$IR/bin/busybox"
: > "$IR/lib/modules/load-order"
for m in "${ORDER[@]}"; do
  p=$KX/${PATHOF[$m]}
  case "$p" in
    *.xz) xz -dc "$p" > "$IR/lib/modules/$m.ko" ;;   # busybox insmod cannot read .ko.xz
    *) cp "$p" "$IR/lib/modules/$m.ko" ;;
  esac
  echo "$m" >> "$IR/lib/modules/load-order"
done

install -m 0755 "$QGA" "$IR/sbin/qemu-ga"
for l in $QLIBS; do
  mkdir -p "$IR$(dirname "$l")"
  cp -L "$l" "$IR$l"
done

cat > "$IR/init" <<'EOF_INIT'
#!/bin/busybox sh
# vmt test-bed guest init (busybox). Everything goes to the serial console.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
while read -r m; do
  insmod "/lib/modules/$m.ko" || echo "GUEST-INSMOD-FAILED $m"
done < /lib/modules/load-order
# ACPI power button (virsh shutdown) -> /etc/acpi/PWRF/00000080 -> poweroff
acpid -c /etc/acpi -l /tmp/acpid.log
# let virtio devices probe
i=0; while [ $i -lt 20 ] && [ ! -b /dev/vda ]; do sleep 0.1; i=$((i+1)); done
# boot counter in the first 16 bytes of /dev/vda: shows what a disk snapshot revert restored
if [ -b /dev/vda ]; then
  old=$(dd if=/dev/vda bs=16 count=1 2>/dev/null | tr -dc 'a-z0-9')
  n=${old#boot}; case "$n" in ''|*[!0-9]*) n=0 ;; esac
  printf 'boot%s\n' $((n+1)) | dd of=/dev/vda bs=16 count=1 conv=sync,notrunc,fsync 2>/dev/null
  echo "GUEST-DISK vda read='$old' wrote='boot$((n+1))'"
fi
echo "GUEST-VIRTIO $(ls /sys/bus/virtio/drivers 2>/dev/null | tr '\n' ' ')"
echo "GUEST-BOOTED uptime=$(cut -d' ' -f1 /proc/uptime)"
# the guest agent on the virtio-serial port named org.qemu.guest_agent.0 (the
# name comes from the host a moment after the port appears; no udev here);
# in the background, so that a guest without the channel loses no time
start_agent() {
  port=; i=0
  while [ -z "$port" ] && [ $i -lt 50 ]; do
    for d in /sys/class/virtio-ports/*; do
      [ "$(cat "$d/name" 2>/dev/null)" = org.qemu.guest_agent.0 ] && port=/dev/${d##*/} && dev=$(cat "$d/dev")
    done
    [ -n "$port" ] || { sleep 0.1; i=$((i+1)); }
  done
  if [ -z "$port" ]; then
    echo "GUEST-AGENT-MISSING no virtio-serial port named org.qemu.guest_agent.0"
  else
    [ -c "$port" ] || mknod "$port" c "${dev%%:*}" "${dev##*:}"
    mkdir -p /run/qga
    qemu-ga -m virtio-serial -p "$port" -t /run/qga </dev/null >/tmp/qemu-ga.log 2>&1 &
    echo "GUEST-AGENT port=$port pid=$!"
  fi
}
start_agent &
# interactive shell on the serial line: setsid + open makes ttyS0 its controlling tty
setsid sh -c 'exec sh -i </dev/ttyS0 >/dev/ttyS0 2>&1' &
cpus=; mem=; blk=; net=; n=0
while :; do
  b=$(ls /sys/block | grep -v '^loop' | tr '\n' ' ')
  if [ "$b" != "$blk" ]; then
    echo "GUEST-BLOCK=$b"
    for d in $b; do
      case " $blk " in *" $d "*) continue ;; esac
      case "$d" in vd[b-z]) echo "GUEST-DISK-MARKER $d='$(dd if=/dev/$d bs=16 count=1 2>/dev/null | tr -dc 'A-Za-z0-9-')'" ;; esac
    done
    blk=$b
  fi
  i=$(ls /sys/class/net | tr '\n' ' ')
  [ "$i" != "$net" ] && echo "GUEST-NET=$i" && net=$i
  for f in /sys/devices/system/cpu/cpu[0-9]*/online; do
    [ -e "$f" ] && [ "$(cat "$f")" = 0 ] && echo 1 > "$f"
  done
  c=$(cat /sys/devices/system/cpu/online)
  [ "$c" != "$cpus" ] && echo "GUEST-CPUS-ONLINE=$c" && cpus=$c
  k=$(awk '/^MemTotal:/{print $2}' /proc/meminfo)
  [ "$k" != "$mem" ] && echo "GUEST-MEMTOTAL=${k}kB" && mem=$k
  n=$((n+1))
  [ $((n % 5)) = 0 ] && echo "GUEST-HB n=$n uptime=$(cut -d' ' -f1 /proc/uptime)"
  sleep 1
done
EOF_INIT
printf '#!/bin/sh\necho GUEST-ACPI-POWEROFF > /dev/console\nexec poweroff -f\n' > "$IR/etc/acpi/PWRF/00000080"
printf '#!/bin/sh\nexec /bin/busybox poweroff -f\n' > "$IR/sbin/poweroff"
chmod +x "$IR/init" "$IR/etc/acpi/PWRF/00000080" "$IR/sbin/poweroff"
(cd "$IR" && find . | "$BUSYBOX" cpio -o -H newc 2>/dev/null) | gzip -1 > "$OUT/initrd.gz.tmp"
mv "$OUT/initrd.gz.tmp" "$OUT/initrd.gz"
cp "$KX/boot/vmlinuz-$KV" "$OUT/vmlinuz"
rm -rf "$KX" "$IR" "$QX"

# ---------------------------------------------------------------- ISOs
ISOSRC=$CACHE/iso-src
for n in 1 2; do
  rm -rf "$ISOSRC"; mkdir -p "$ISOSRC"
  echo "vmt test bed cd$n" > "$ISOSRC/cd$n.txt"
  genisoimage -quiet -V "CD$n" -r -J -o "$OUT/cd$n.iso" "$ISOSRC"
done
rm -rf "$ISOSRC"

# ---------------------------------------------------------------- LXC root
R=$OUT/lxcroot
rm -rf "$R"
mkdir -p "$R"/{bin,sbin,proc,sys,dev,tmp,etc,root}
cp "$BUSYBOX" "$R/bin/busybox"
for a in sh ash sleep ps echo cat ls true false kill mount hostname id; do
  ln -s busybox "$R/bin/$a"
done
# PID 1 of a PID namespace ignores signals it has no handler for: trap TERM so
# that `virsh shutdown --mode signal` ends the container.
cat > "$R/sbin/init" <<'EOF_LXC'
#!/bin/sh
trap 'echo LXC-INIT-TERM; exit 0' TERM
echo LXC-INIT-STARTED
while :; do
  sleep 1 &
  wait $!
done
EOF_LXC
chmod +x "$R/sbin/init"
echo 'root:x:0:0:root:/root:/bin/sh' > "$R/etc/passwd"
echo 'root:x:0:' > "$R/etc/group"

echo "$KEY" > "$STAMP"
ls -l "$OUT/vmlinuz" "$OUT/initrd.gz" "$OUT/cd1.iso" "$OUT/cd2.iso" "$R/sbin/init"
echo "assets.sh: done"
