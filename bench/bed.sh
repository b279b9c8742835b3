#!/bin/bash
# bench/bed.sh: private libvirtd instances for the benchmark, sourced by
# bench/run.sh (or run as `bench/bed.sh start|stop|status NAME...`).
#
# Each instance NAME runs as its own `libvirtd` (foreground child of this
# shell, so its PID is ours and is waited for) inside `unshare -m
# --propagation private`, where these are bind mounts of $BED/NAME/...:
#   /etc/libvirt  /run/libvirt  /var/lib/libvirt  /var/cache/libvirt
#   /var/log/libvirt
# so it never sees nor touches the host's libvirtd, its /run/libvirt or its
# qemu:///system.  Reach it through its socket:
#   test+unix:///PATH/node.xml?socket=$BED/NAME/run/libvirt-sock
#   qemu+unix:///system?socket=$BED/NAME/run/libvirt-sock
# No virtlogd: no guest is ever started (QEMU guests are only defined).
# The host's QEMU capabilities cache is copied (read only) into the
# instance's cache, as tests/beds/libvirt/daemon.sh does for its "B", which
# saves the ~8 s probe.  PIDs are kept in $BED/NAME/libvirtd.pid together
# with their start time; bed_stop kills exactly those.
set -euo pipefail

BED=${BENCH_BED:-/work/benchbed}
BED_READY_TIMEOUT=${BENCH_READY_TIMEOUT:-60}

bed_say() { echo "bed: $*" >&2; }
bed_sock() { echo "$BED/$1/run/libvirt-sock"; }

# start time of PID (field 22 of /proc/PID/stat), to never mistake a reused PID
bed_pstart() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'; }
bed_alive() {
	local s
	s=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $1}') || return 1
	[ -n "$s" ] && [ "$s" != Z ] && [ "$s" != X ]
}
# PID of instance NAME if it is ours and alive
bed_pid() {
	local f=$BED/$1/libvirtd.pid pid st
	[ -s "$f" ] || return 1
	read -r pid st < "$f" || return 1
	bed_alive "$pid" || return 1
	[ "$(bed_pstart "$pid")" = "$st" ] || return 1
	[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = libvirtd ] || return 1
	echo "$pid"
}

bed_start() {
	local name=$1 d=$BED/$1 pid i
	if pid=$(bed_pid "$name"); then
		bed_say "$name already running (pid $pid)"
		return 0
	fi
	mkdir -p "$d"/{etc,run,lib,cache,log/qemu}
	rm -f "$d/run/libvirt-sock" "$d/run/libvirt-sock-ro" "$d/run/libvirt-admin-sock"
	[ -s "$d/host_uuid" ] || cat /proc/sys/kernel/random/uuid > "$d/host_uuid"
	cat > "$d/etc/libvirtd.conf" <<EOF
# written by bench/bed.sh: seen as /etc/libvirt/libvirtd.conf by instance $name only
host_uuid = "$(cat "$d/host_uuid")"
log_outputs = "3:file:$d/libvirtd.log"
auth_unix_rw = "none"
auth_unix_ro = "none"
max_clients = 200
EOF
	# run QEMU (were a guest ever started) as root, as daemon.sh does
	printf 'user = "root"\ngroup = "root"\n' > "$d/etc/qemu.conf"
	if [ ! -d "$d/cache/qemu/capabilities" ] && [ -d /var/cache/libvirt/qemu/capabilities ]; then
		mkdir -p "$d/cache/qemu"
		cp -a /var/cache/libvirt/qemu/capabilities "$d/cache/qemu/"
	fi
	: > "$d/libvirtd.log"
	# shellcheck disable=SC2016 # $1 is expanded by sh -c
	unshare -m --propagation private sh -c '
		set -e
		umount /sys/fs/cgroup/unified 2>/dev/null || true
		mount --bind "$1/etc"   /etc/libvirt
		mount --bind "$1/run"   /run/libvirt
		mount --bind "$1/lib"   /var/lib/libvirt
		mount --bind "$1/cache" /var/cache/libvirt
		mount --bind "$1/log"   /var/log/libvirt
		exec libvirtd -p "$1/run/libvirtd.pid"' sh "$d" >>"$d/libvirtd.log" 2>&1 &
	pid=$!
	# unshare (no --fork) and sh exec: $! is libvirtd itself
	for ((i = 0; i < 50; i++)); do
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = libvirtd ] && break
		bed_alive "$pid" || break
		sleep 0.05
	done
	echo "$pid $(bed_pstart "$pid")" > "$d/libvirtd.pid"
	BED_PIDS+=("$pid")
	local t0=$SECONDS
	until virsh -c "test+unix:///default?socket=$d/run/libvirt-sock" version >/dev/null 2>&1; do
		if ! bed_alive "$pid" || [ $((SECONDS - t0)) -ge "$BED_READY_TIMEOUT" ]; then
			tail -n 20 "$d/libvirtd.log" >&2
			bed_stop "$name"
			bed_say "instance $name did not become ready"
			return 1
		fi
		sleep 0.2
	done
	bed_say "$name ready in $((SECONDS - t0)) s: libvirtd pid $pid, socket $(bed_sock "$name")"
}

bed_stop() {
	local name=$1 pid i
	if pid=$(bed_pid "$name"); then
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < 100; i++)); do
			bed_alive "$pid" || break
			sleep 0.1
		done
		if bed_alive "$pid"; then
			bed_say "$name pid $pid ignored SIGTERM for 10 s: SIGKILL"
			kill -KILL "$pid" 2>/dev/null || true
		fi
		wait "$pid" 2>/dev/null || true
		bed_say "$name stopped (pid $pid)"
	fi
	rm -f "$BED/$name/libvirtd.pid"
}

BED_PIDS=()

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	[ "$(id -u)" = 0 ] || { echo "bed.sh: run as root" >&2; exit 1; }
	cmd=${1:-}
	shift || true
	case "$cmd" in
	start) for n in "$@"; do bed_start "$n"; done; disown -a ;;
	stop) for n in "$@"; do bed_stop "$n"; done ;;
	status) for n in "$@"; do if p=$(bed_pid "$n"); then echo "$n: pid $p"; else echo "$n: not running"; fi; done ;;
	*) sed -n '2,3p' "$0" >&2; exit 2 ;;
	esac
fi
