#!/bin/bash
# Usage: tests/beds/libvirt/guest.sh define-qemu OUT_DIR NAME
#        tests/beds/libvirt/guest.sh define-lxc  OUT_DIR NAME
#        tests/beds/libvirt/guest.sh wait-booted OUT_DIR NAME [SECONDS]
#        tests/beds/libvirt/guest.sh undefine NAME
#
# OUT_DIR is the directory assets.sh filled (vmlinuz, initrd.gz, cd1.iso,
# lxcroot/). Files written there per guest: NAME.xml, and for QEMU NAME.qcow2
# (fresh 64M disk) and NAME.log (serial log written by virtlogd, truncated at
# every QEMU start).
#
#   define-qemu  TCG guest (type='qemu'), 256 MiB, 2 vCPUs max / 1 current,
#                qcow2 vda, IDE CD-ROM hdc = cd1.iso, pty serial with <log>,
#                pty console, VNC on 127.0.0.1 (autoport), virtio balloon with
#                2 s stats, a virtio-serial channel org.qemu.guest_agent.0 (libvirt
#                picks the host socket; the guest's init runs qemu-ga on it); defined on
#                $VMT_QEMU_URI (default qemu:///system). Replaces (destroys and
#                undefines) a domain of the same name first.
#   define-lxc   libvirt-LXC container, 128 MiB, init /sbin/init of lxcroot/,
#                pty console; defined on $VMT_LXC_URI (default lxc:///system).
#   wait-booted  waits (default 120 s) for GUEST-BOOTED in OUT_DIR/NAME.log;
#                prints the time waited; on timeout prints the log tail, exit 1.
#   undefine     destroys and undefines NAME on both URIs (qemu: with
#                --snapshots-metadata --managed-save); quiet, never fails.
set -euo pipefail

QURI=${VMT_QEMU_URI:-qemu:///system}
LURI=${VMT_LXC_URI:-lxc:///system}
V() { timeout 60 virsh -q "$@"; }

usage() { sed -n '2,5p' "$0" >&2; exit 2; }
die() { echo "guest.sh: $*" >&2; exit 1; }

undefine_quiet() {
  local n=$1
  if V -c "$QURI" dominfo "$n" >/dev/null 2>&1; then
    V -c "$QURI" destroy "$n" >/dev/null 2>&1 || true
    V -c "$QURI" undefine "$n" --snapshots-metadata --managed-save >/dev/null 2>&1 || true
  fi
  if V -c "$LURI" dominfo "$n" >/dev/null 2>&1; then
    V -c "$LURI" destroy "$n" >/dev/null 2>&1 || true
    V -c "$LURI" undefine "$n" >/dev/null 2>&1 || true
  fi
  return 0
}

outdir() {
  [ -d "$1" ] || die "OUT_DIR $1 does not exist (run assets.sh $1)"
  (cd "$1" && pwd)
}

define_qemu() {
  local W N X
  W=$(outdir "$1"); N=$2; X=$W/$N.xml
  local f
  for f in vmlinuz initrd.gz cd1.iso; do
    [ -s "$W/$f" ] || die "$W/$f missing (run assets.sh $W)"
  done
  undefine_quiet "$N"
  rm -f "$W/$N.qcow2" "$W/$N.log"
  qemu-img create -q -f qcow2 "$W/$N.qcow2" 64M
  cat > "$X" <<EOF
<domain type='qemu'>
  <name>$N</name>
  <memory unit='MiB'>256</memory>
  <currentMemory unit='MiB'>256</currentMemory>
  <vcpu placement='static' current='1'>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$W/vmlinuz</kernel>
    <initrd>$W/initrd.gz</initrd>
    <cmdline>console=ttyS0 quiet</cmdline>
  </os>
  <features><acpi/><apic/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$W/$N.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='$W/cd1.iso'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
    <serial type='pty'>
      <log file='$W/$N.log' append='off'/>
      <target port='0'/>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
    <memballoon model='virtio'>
      <stats period='2'/>
    </memballoon>
  </devices>
</domain>
EOF
  V -c "$QURI" define "$X" >/dev/null
  echo "guest.sh: defined $N on $QURI ($X)"
}

define_lxc() {
  local W N X
  W=$(outdir "$1"); N=$2; X=$W/$N.xml
  [ -x "$W/lxcroot/sbin/init" ] || die "$W/lxcroot/sbin/init missing (run assets.sh $W)"
  undefine_quiet "$N"
  cat > "$X" <<EOF
<domain type='lxc'>
  <name>$N</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type>exe</type>
    <init>/sbin/init</init>
  </os>
  <devices>
    <filesystem type='mount'>
      <source dir='$W/lxcroot'/>
      <target dir='/'/>
    </filesystem>
    <console type='pty'/>
  </devices>
</domain>
EOF
  V -c "$LURI" define "$X" >/dev/null
  echo "guest.sh: defined $N on $LURI ($X)"
}

wait_booted() {
  local W N T log t0 ms
  W=$(outdir "$1"); N=$2; T=${3:-120}; log=$W/$N.log
  t0=$(date +%s%N)
  while :; do
    if grep -aq GUEST-BOOTED "$log" 2>/dev/null; then
      ms=$(( ($(date +%s%N) - t0) / 1000000 ))
      echo "guest.sh: $N booted (waited ${ms} ms): $(grep -a -m1 GUEST-BOOTED "$log" | tr -d '\r')"
      return 0
    fi
    if [ $(( ($(date +%s%N) - t0) / 1000000000 )) -ge "$T" ]; then
      echo "guest.sh: $N: no GUEST-BOOTED in $log after ${T}s; tail:" >&2
      tail -n 20 "$log" 2>/dev/null | tr -d '\r' >&2 || true
      return 1
    fi
    sleep 0.1
  done
}

[ $# -ge 2 ] || usage
case "$1" in
  define-qemu) [ $# -eq 3 ] || usage; define_qemu "$2" "$3" ;;
  define-lxc) [ $# -eq 3 ] || usage; define_lxc "$2" "$3" ;;
  wait-booted)
    if [ $# -lt 3 ] || [ $# -gt 4 ]; then usage; fi
    wait_booted "$2" "$3" "${4:-120}" ;;
  undefine) [ $# -eq 2 ] || usage; undefine_quiet "$2" ;;
  *) usage ;;
esac
