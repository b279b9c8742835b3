#!/bin/bash
# tests/libvirt/netbed.sh start|stop DIR: a libvirtd of its own for the
# network suite (tests/libvirt/network.py), in its own network namespace
# and mount namespace (unshare -n -m), so that the bridges, dnsmasq and
# firewall rules it makes live and die there: no test touches the host's
# interfaces or rules, or sends traffic anywhere.  Its /etc/libvirt,
# /run/libvirt, /var/lib/libvirt, /var/cache/libvirt and /var/log/libvirt are
# bind mounts of DIR/{etc,run,lib,cache,log}, as daemon.sh's instance B.
# start prints the URI (qemu+unix:///system?socket=DIR/run/libvirt-sock)
# and writes DIR/libvirtd.pid; stop kills what start started (by PID), and
# with it the namespace and everything in it.  Idempotent.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
mkdir -p "$2"
D=$(cd "$2" && pwd)
URI="qemu+unix:///system?socket=$D/run/libvirt-sock"

stop() {
	local f pid
	for f in libvirtd virtlogd; do
		pid=$(cat "$D/$f.pid" 2>/dev/null || true)
		[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	done
	for _ in $(seq 50); do
		pid=$(cat "$D/libvirtd.pid" 2>/dev/null || true)
		{ [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; } && break
		sleep 0.1
	done
	for f in libvirtd virtlogd; do
		pid=$(cat "$D/$f.pid" 2>/dev/null || true)
		[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
		rm -f "$D/$f.pid"
	done
	# dnsmasq and QEMU of this bed: their pid files are under DIR
	for f in "$D"/lib/network/*.pid "$D"/run/network/*.pid "$D"/run/qemu/*.pid; do
		[ -e "$f" ] || continue
		pid=$(cat "$f" 2>/dev/null || true)
		[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
	done
	rm -rf "$D"/etc "$D"/run "$D"/lib "$D"/cache
}

case "$1" in
start)
	stop
	mkdir -p "$D"/{etc,run,lib,cache,log/qemu}
	printf 'user = "root"\ngroup = "root"\n' >"$D/etc/qemu.conf"
	if [ -d /var/cache/libvirt/qemu/capabilities ]; then # saves the ~8 s probe
		mkdir -p "$D/cache/qemu"
		cp -a /var/cache/libvirt/qemu/capabilities "$D/cache/qemu/"
	fi
	printf 'log_outputs = "3:file:%s/libvirtd.log"\n' "$D" >"$D/etc/libvirtd.conf"
	: >"$D/libvirtd.log"
	# shellcheck disable=SC2016 # $1 is expanded by sh -c
	unshare -n -m --propagation private sh -c '
		set -e
		ip link set lo up
		umount /sys/fs/cgroup/unified 2>/dev/null || true
		mount --bind "$1/etc"   /etc/libvirt
		mount --bind "$1/run"   /run/libvirt
		mount --bind "$1/lib"   /var/lib/libvirt
		mount --bind "$1/cache" /var/cache/libvirt
		mount --bind "$1/log"   /var/log/libvirt
		LIBVIRT_LOG_OUTPUTS="3:file:$1/virtlogd.log" virtlogd -d -p "$1/virtlogd.pid"
		exec libvirtd -d -p "$1/libvirtd.pid"' sh "$D" >>"$D/libvirtd.log" 2>&1
	for _ in $(seq 150); do
		if virsh -q -c "$URI" version >/dev/null 2>&1; then
			echo "$URI"
			exit 0
		fi
		sleep 0.2
	done
	tail -20 "$D/libvirtd.log" >&2
	stop
	echo "netbed.sh: libvirtd did not answer at $URI within 30 s" >&2
	exit 1
	;;
stop) stop ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
