#!/bin/bash
# tests/beds/fleet/bed.sh: a fleet of libvirt hosts on this machine (issue 22).
#
#   setup   DIR N [DELAY_MS]  start N hosts (N <= 250) in parallel; prints the start time
#   cleanup DIR               stop everything setup started (idempotent)
#   status  DIR               one line per host: libvirtd and sshd alive, stopped, or gone
#   hang    DIR K             SIGSTOP host K's libvirtd: TCP accepts, nothing answers
#   unhang  DIR K             SIGCONT it
#   kill    DIR K             host K goes down: SIGKILL its libvirtd, its proxy addresses refuse
#   revive  DIR K             start host K's libvirtd again, its proxy addresses listen
#   churn   DIR K             host K's guests change state while listed; prints the URI
#   unchurn DIR K             stop the churn
#   delay   DIR MS            set the proxy's delay per direction (a round trip is 2 x MS)
#
# Host K (K = 1..N) is a libvirtd serving only libvirt's test driver (no
# other driver is loaded: no QEMU probing), in a mount namespace of its own
# where /run/libvirt, /etc/libvirt, /var/lib/libvirt, /var/cache/libvirt and
# /var/log/libvirt are DIR/K/{run,etc,lib,cache,log}; it listens on TCP
# (auth none) on NET.0.K:TCP_PORT, and an sshd started in the same namespace
# (so virt-ssh-helper reaches K's daemon) on NET.0.K:SSH_PORT.  One proxy
# (proxy.py) listens on NET.1.K, same ports, and relays after DELAY_MS (10 by
# default: 20 ms per round trip).  Files (gen.py): DIR/hosts.{tcp,ssh,direct}
# (one URI a line, for vmctl --hosts), DIR/K/{node.xml,node1.xml,names,uri.*}.
# URIs:  test+tcp://NET.1.K:TCP_PORT/DIR/K/node.xml            (20 ms)
#        test+ssh://root@NET.1.K:SSH_PORT/DIR/K/node.xml?keyfile=DIR/ssh/id_ed25519&no_verify=1&command=DIR/ssh/ssh
#        test+tcp://NET.0.K:TCP_PORT/DIR/K/node.xml            (no delay)
# The test driver parses node.xml afresh for every connection: state
# (pause, start) lasts as long as the connection.  test+tcp://.../default is
# shared by the connections of one daemon (churn uses it).
#
# Environment: FLEET_NET (default 127.77: NET.0.K and NET.1.K are used),
# FLEET_TCP_PORT (16609), FLEET_SSH_PORT (2609), FLEET_READY_TIMEOUT (s, 120).
# Needs root, virsh, unshare, python3; libvirtd and sshd are installed from
# Debian (libvirt-daemon, openssh-server) when missing.  Exit 77 when not root (1 under CI).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
usage() { sed -n '4,13p' "$0" | sed 's/^# *//' >&2; exit 2; }
die() { echo "fleet bed: $*" >&2; exit 1; }
say() { echo "fleet bed: $*" >&2; }
[ $# -ge 2 ] || usage
CMD=$1
case "$CMD" in setup) mkdir -p "$2" ;; esac
[ -d "$2" ] || { [ "$CMD" = cleanup ] && exit 0; die "no bed in $2"; }
DIR=$(cd "$2" && pwd)
case "$DIR" in *[!A-Za-z0-9/._+-]*) die "$DIR: a bed directory goes into URIs: letters, digits and /._+- only" ;; esac

if [ -s "$DIR/env" ]; then
	# shellcheck source=/dev/null
	. "$DIR/env"
else
	NET=${FLEET_NET:-127.77}
	TCP_PORT=${FLEET_TCP_PORT:-16609}
	SSH_PORT=${FLEET_SSH_PORT:-2609}
fi
READY_TIMEOUT=${FLEET_READY_TIMEOUT:-120}
# Debian's python3 (a pyenv shim costs seconds per start on a loaded machine)
PY=${FLEET_PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3

alive() {   # alive PID: exists and is not a zombie
	local s
	s=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $1}') || return 1
	[ -n "$s" ] && [ "$s" != Z ] && [ "$s" != X ]
}
pidof_file() {   # pidof_file FILE COMM: the PID in FILE if that process is COMM* and alive
	local pid
	pid=$(cat "$1" 2>/dev/null || true)
	[ -n "$pid" ] && alive "$pid" && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$2"* ]] && echo "$pid"
}
host_ok() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le "${N:-0}" ] || die "no host '$1' (1..${N:-0})"; }

# start_host K [nossh]: K's mount namespace, its sshd (unless nossh), its libvirtd
start_host() {
	local k=$1 h=$DIR/$1 ssh=1
	[ "${2:-}" != nossh ] || ssh=0
	mkdir -p "$h"/{run,etc,lib,cache,log}
	rm -f "$h/libvirtd.pid"
	cat > "$h/libvirtd.conf" <<EOF
# written by tests/beds/fleet/bed.sh: host $k of the fleet bed in $DIR
listen_tls = 0
listen_tcp = 1
listen_addr = "$NET.0.$k"
tcp_port = "$TCP_PORT"
auth_tcp = "none"
unix_sock_dir = "/run/libvirt"
log_outputs = "3:file:$h/log/libvirtd.log"
EOF
	# LIBVIRT_DRIVER_DIR: an empty directory, so libvirtd loads no driver
	# module (qemu, lxc, network, storage...): the test driver is built into
	# libvirt.so; nothing probes QEMU, nothing touches the host's network.
	# shellcheck disable=SC2016 # expanded by sh -c
	unshare -m --propagation private sh -c '
		set -e
		for d in run:/run/libvirt etc:/etc/libvirt lib:/var/lib/libvirt cache:/var/cache/libvirt log:/var/log/libvirt; do
			mkdir -p "${d#*:}"
			mount --bind "$1/${d%%:*}" "${d#*:}"
		done
		# root'"'"'s ~/.bashrc (here a pyenv init: some 170 processes) runs for
		# every ssh command (Debian'"'"'s bash reads it when run by sshd): an
		# empty one in this namespace, as on a fresh server
		[ ! -e /root/.bashrc ] || mount --bind "$3/ssh/bashrc" /root/.bashrc
		if [ "$2" = 1 ]; then
			/usr/sbin/sshd -f "$3/ssh/sshd_config" -o "ListenAddress=$4:$5" -o "PidFile=$1/sshd.pid" -E "$1/log/sshd.log"
		fi
		LIBVIRT_DRIVER_DIR="$3/nodrivers" exec libvirtd -d -l -f "$1/libvirtd.conf" -p "$1/libvirtd.pid"
	' sh "$h" "$ssh" "$DIR" "$NET.0.$k" "$SSH_PORT" >>"$h/log/start.log" 2>&1
}

# wait until every host's libvirtd and sshd accept on their addresses (direct
# and through the proxy); prints nothing, fails with the hosts that did not
wait_ready() {
	"$PY" - "$NET" "$TCP_PORT" "$SSH_PORT" "$READY_TIMEOUT" "$@" <<'EOF'
import socket, sys, time
net, tcp, ssh, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
todo = {(f"{net}.{side}.{k}", p) for k in sys.argv[5:] for side in (0, 1) for p in (tcp, ssh)}
end = time.monotonic() + timeout
while todo and time.monotonic() < end:
    for a in sorted(todo):
        try:
            socket.create_connection(a, timeout=1).close()
            todo.discard(a)
        except OSError:
            pass
    if todo:
        time.sleep(0.1)
if todo:
    sys.exit("not answering: " + " ".join(f"{a}:{p}" for a, p in sorted(todo)))
EOF
}

ssh_setup() {
	local s=$DIR/ssh
	mkdir -p "$s" /run/sshd
	chmod 700 "$s"
	[ -s "$s/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$s/host_ed25519"
	[ -s "$s/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$s/id_ed25519" -C "fleet-bed"
	cp "$s/id_ed25519.pub" "$s/authorized_keys"
	echo "# the fleet bed's hosts see this as root's ~/.bashrc" > "$s/bashrc"
	# the ssh that libvirt runs (command= in the URI): its known hosts in DIR,
	# so that no_verify=1 writes nothing into root's ~/.ssh
	cat > "$s/ssh_config" <<EOF
UserKnownHostsFile $s/known_hosts
StrictHostKeyChecking no
LogLevel ERROR
BatchMode yes
EOF
	printf '#!/bin/sh\nexec ssh -F %s/ssh_config "$@"\n' "$s" > "$s/ssh"
	chmod 755 "$s/ssh"
	cat > "$s/sshd_config" <<EOF
# written by tests/beds/fleet/bed.sh (ListenAddress and PidFile per host on sshd's command line)
HostKey $s/host_ed25519
PermitRootLogin prohibit-password
AuthorizedKeysFile $s/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
MaxStartups 1000:30:2000
MaxSessions 1000
LoginGraceTime 60
LogLevel ERROR
PrintMotd no
EOF
}

setup() {
	[ $# -ge 1 ] || usage
	local n=$1 delay=${2:-10} k t0 t1 pids=() fail=0
	[[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 250 ] || die "N must be 1..250"
	if [ "$(id -u)" != 0 ]; then
		echo "fleet bed: needs root"
		case "${CI:-}" in true|1|yes) exit 1 ;; esac
		exit 77
	fi
	# a bed left in DIR (an interrupted run): stop what it left first
	if [ -s "$DIR/env" ]; then
		say "stopping the bed left in $DIR"
		cleanup
		NET=${FLEET_NET:-127.77} TCP_PORT=${FLEET_TCP_PORT:-16609} SSH_PORT=${FLEET_SSH_PORT:-2609}
	fi
	# what a fresh CI machine lacks (tools/deps.sh --test installs virsh, not
	# the daemon; the libvirt bed's fixture may run after this one)
	local t pkgs=()
	command -v libvirtd >/dev/null || pkgs+=(libvirt-daemon)
	[ -x /usr/sbin/sshd ] || pkgs+=(openssh-server)
	if [ ${#pkgs[@]} -gt 0 ]; then
		say "installing ${pkgs[*]}"
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${pkgs[@]}" >"$DIR/apt.log" 2>&1 ||
			die "apt-get install ${pkgs[*]} failed (see $DIR/apt.log)"
	fi
	for t in libvirtd virsh unshare python3 ssh ssh-keygen; do
		command -v "$t" >/dev/null || die "$t not found"
	done
	N=$n
	printf 'NET=%s\nTCP_PORT=%s\nSSH_PORT=%s\nN=%s\n' "$NET" "$TCP_PORT" "$SSH_PORT" "$N" > "$DIR/env"
	echo "$delay" > "$DIR/delay"
	: > "$DIR/down"
	mkdir -p "$DIR/nodrivers"
	: > "$DIR/proxy.log"
	# another bed (or anything) on these addresses would answer for ours
	if "$PY" - "$NET" "$TCP_PORT" "$SSH_PORT" "$N" <<'EOF'
import socket, sys
net, tcp, ssh, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for k in range(1, n + 1):
    for a in (f"{net}.0.{k}", f"{net}.1.{k}"):
        for p in (tcp, ssh):
            try:
                socket.create_connection((a, p), timeout=1).close()
                sys.exit(0)
            except OSError:
                pass
sys.exit(1)
EOF
	then
		rm -f "$DIR/env"
		die "something already listens on $NET.0.K or $NET.1.K (ports $TCP_PORT, $SSH_PORT): another bed? (FLEET_NET picks other addresses)"
	fi
	t0=$(date +%s%N)
	ssh_setup
	"$PY" "$HERE/gen.py" "$DIR" "$N" "$NET" "$TCP_PORT" "$SSH_PORT"
	setsid "$PY" "$HERE/proxy.py" "$DIR" "$N" "$NET" "$TCP_PORT" "$SSH_PORT" \
		</dev/null >>"$DIR/proxy.err" 2>&1 &
	for k in $(seq 1 "$N"); do
		start_host "$k" &
		pids+=($!)
	done
	for k in "${pids[@]}"; do wait "$k" || fail=$((fail + 1)); done
	[ "$fail" = 0 ] || { say "$fail hosts failed to start (DIR/K/log/start.log)"; cleanup; exit 1; }
	if ! wait_ready $(seq 1 "$N"); then
		cleanup
		die "not ready within ${READY_TIMEOUT}s"
	fi
	pidof_file "$DIR/proxy.pid" python3 >/dev/null || { cleanup; die "the proxy died (see $DIR/proxy.err)"; }
	for k in $(seq 1 "$N"); do
		pidof_file "$DIR/$k/libvirtd.pid" libvirtd >/dev/null || { cleanup; die "host $k: no libvirtd"; }
		readlink "/proc/$(cat "$DIR/$k/libvirtd.pid")/ns/mnt" > "$DIR/$k/mntns"
	done
	t1=$(date +%s%N)
	echo "fleet bed: $N hosts started in $(( (t1 - t0) / 1000000 )) ms (delay ${delay} ms each way; URIs in $DIR/hosts.tcp, hosts.ssh, hosts.direct)"
}

# every process of the bed: those in its hosts' mount namespaces (libvirtd,
# sshd, ssh sessions, virt-ssh-helper) and those naming DIR (proxy, churn)
bed_pids() {
	local k ns=()
	for k in $(seq 1 "${N:-0}"); do
		# shellcheck disable=SC2207 # one namespace id a word (several after revive)
		[ -s "$DIR/$k/mntns" ] && ns+=($(cat "$DIR/$k/mntns"))
	done
	"$PY" "$HERE/pids.py" "$DIR" "${ns[@]}"
}

cleanup() {
	local p left i
	# churn loops first (they would restart what they drive), then the rest
	for p in "$DIR"/*/churn.pid; do
		[ -s "$p" ] && kill -TERM -- "-$(cat "$p")" 2>/dev/null || true
	done
	left=$(bed_pids)
	for p in $left; do kill -CONT "$p" 2>/dev/null || true; kill -TERM "$p" 2>/dev/null || true; done
	for ((i = 0; i < 50; i++)); do
		left=$(bed_pids)
		[ -n "$left" ] || break
		sleep 0.1
	done
	if [ -n "$left" ]; then
		say "SIGKILL to $(echo $left | wc -w) processes that ignored SIGTERM for 5 s"
		for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
		sleep 0.5
		left=$(bed_pids)
		[ -z "$left" ] || die "still alive: $left"
	fi
	rm -f "$DIR/env" "$DIR/down" "$DIR/proxy.pid" "$DIR"/*/libvirtd.pid "$DIR"/*/sshd.pid "$DIR"/*/mntns "$DIR"/*/churn.*
	rm -rf "$DIR"/*/run/*
	say "stopped"
}

status() {
	local k lp sp
	for k in $(seq 1 "$N"); do
		lp=$(pidof_file "$DIR/$k/libvirtd.pid" libvirtd || true)
		sp=$(pidof_file "$DIR/$k/sshd.pid" sshd || true)
		if [ -z "$lp" ]; then lp=gone
		elif [ "$(sed 's/^.*) //' "/proc/$lp/stat" | awk '{print $1}')" = T ]; then lp="$lp stopped"
		fi
		echo "$k libvirtd ${lp} sshd ${sp:-gone}"
	done
	echo "proxy $(pidof_file "$DIR/proxy.pid" python3 || echo gone)"
}

signal_host() {   # signal_host K SIG
	host_ok "$1"
	local p
	p=$(pidof_file "$DIR/$1/libvirtd.pid" libvirtd) || die "host $1: libvirtd not running"
	kill "-$2" "$p"
}

revive() {
	host_ok "$1"
	! pidof_file "$DIR/$1/libvirtd.pid" libvirtd >/dev/null || die "host $1: libvirtd is running"
	# the sshd (in the first namespace) still serves: the new namespace binds the
	# same DIR/K/run, so virt-ssh-helper finds the new socket there
	start_host "$1" nossh
	wait_ready "$1" || die "host $1 did not come back"
	readlink "/proc/$(cat "$DIR/$1/libvirtd.pid")/ns/mnt" >> "$DIR/$1/mntns.more"
	# cleanup finds this namespace too
	sort -u "$DIR/$1/mntns" "$DIR/$1/mntns.more" | tr '\n' ' ' > "$DIR/$1/mntns.tmp"
	mv "$DIR/$1/mntns.tmp" "$DIR/$1/mntns"
}

# churn K: host K's guests (the names of node.xml), defined in K's shared
# test:///default, change state for as long as the churn runs: one virsh
# session (which also keeps test:///default alive) pauses, resumes, stops,
# starts, undefines and defines them again in a loop, about 20 changes a
# second.  List test+tcp://NET.1.K:PORT/default (printed, and in DIR/K/churn.uri).
churn() {
	host_ok "$1"
	local k=$1 h=$DIR/$1
	[ ! -s "$h/churn.pid" ] || ! kill -0 -- "-$(cat "$h/churn.pid")" 2>/dev/null || die "host $k already churns"
	echo "test+tcp://$NET.1.$k:$TCP_PORT/default" > "$h/churn.uri"
	# shellcheck disable=SC2016 # expanded by sh -c
	setsid sh -c '
		"$6" "$1/churn.py" "$2/node.xml" "$2/churn-defs" | exec virsh -q -c "test+tcp://$3.0.$4:$5/default" >/dev/null 2>>"$2/log/churn.log"
	' sh "$HERE" "$h" "$NET" "$k" "$TCP_PORT" "$PY" </dev/null >/dev/null 2>&1 &
	echo $! > "$h/churn.pid"
	# ready when the guests are there
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(timeout 10 virsh -q -c "test+tcp://$NET.0.$k:$TCP_PORT/default" list --all --name 2>/dev/null | grep -c .)" -ge 40 ] && break
		sleep 0.2
	done
	cat "$h/churn.uri"
}

unchurn() {
	host_ok "$1"
	local h=$DIR/$1
	[ -s "$h/churn.pid" ] || exit 0
	kill -TERM -- "-$(cat "$h/churn.pid")" 2>/dev/null || true
	rm -f "$h/churn.pid" "$h/churn.uri"
}

# set_down K add|del: host K's proxy addresses refuse (add) or listen again
set_down() {
	host_ok "$1"
	touch "$DIR/down"
	{ grep -vx "$1" "$DIR/down" || true; [ "$2" = del ] || echo "$1"; } > "$DIR/down.tmp"
	mv "$DIR/down.tmp" "$DIR/down"
	kill -HUP "$(pidof_file "$DIR/proxy.pid" python3)" || die "proxy not running"
	sleep 0.2
}

set_delay() {
	[[ "$1" =~ ^[0-9]+$ ]] || die "delay in whole milliseconds"
	echo "$1" > "$DIR/delay"
	kill -HUP "$(pidof_file "$DIR/proxy.pid" python3)" || die "proxy not running"
}

case "$CMD" in
setup) shift 2; setup "$@" ;;
cleanup) cleanup ;;
status) status ;;
hang) [ $# = 3 ] || usage; signal_host "$3" STOP ;;
unhang) [ $# = 3 ] || usage; signal_host "$3" CONT ;;
kill) [ $# = 3 ] || usage; signal_host "$3" KILL; set_down "$3" add ;;
revive) [ $# = 3 ] || usage; set_down "$3" del; revive "$3" ;;
churn) [ $# = 3 ] || usage; churn "$3" ;;
unchurn) [ $# = 3 ] || usage; unchurn "$3" ;;
delay) [ $# = 3 ] || usage; set_delay "$3" ;;
*) usage ;;
esac
