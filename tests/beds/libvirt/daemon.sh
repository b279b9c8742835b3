#!/bin/bash
# Usage: tests/beds/libvirt/daemon.sh start|stop|status|start-b|stop-b STATE_DIR
#
#   start   STATE_DIR  start virtlogd + libvirtd (instance "A", the system one:
#                      qemu:///system, lxc:///system, test+unix:///default) by
#                      hand, without systemd, and wait until all three answer
#                      (30 s bound; on failure prints the tail of the libvirtd log,
#                      stops what it started and exits 1). Idempotent: if A is
#                      already running from this STATE_DIR it only checks it.
#                      Refuses (exit 1) if a libvirtd/virtlogd it did not start
#                      is running.
#   stop    STATE_DIR  stop-b, then destroy + undefine every domain named vmt-*
#                      on qemu:///system and lxc:///system, then stop exactly the
#                      libvirtd/virtlogd PIDs recorded in STATE_DIR (SIGTERM,
#                      SIGKILL after 5 s). If that libvirtd had died, the vmt-*
#                      guest processes it left (QEMU, libvirt_lxc, container
#                      processes) are killed by PID, and once no libvirtd at all
#                      is left, vmt-* definitions/state files it could not
#                      undefine are removed. Idempotent; safe after a failed start.
#   status  STATE_DIR  print the state of A and B; exit 0 if A is up and answers.
#   start-b STATE_DIR  start a second libvirtd + virtlogd ("B") in a private
#                      mount namespace where /etc/libvirt, /run/libvirt,
#                      /var/lib/libvirt, /var/cache/libvirt and /var/log/libvirt
#                      are bind mounts of STATE_DIR/b/{etc,run,lib,cache,log},
#                      with its own host_uuid (migration target on the same host).
#                      Prints its URI on stdout:
#                        qemu+unix:///system?socket=STATE_DIR/b/run/libvirt-sock
#   stop-b  STATE_DIR  destroy vmt-* domains on B, stop B's two PIDs (and, as
#                      above, kill what a dead B left).
#
# Files: STATE_DIR/a/{libvirtd,virtlogd}.{pid,id,log}, STATE_DIR/a/libvirtd.conf,
#        STATE_DIR/b/... the same plus the bind-mounted trees.
# Environment: VMT_READY_TIMEOUT (seconds, default 30).
# Run deps.sh first: libvirtd looks for qemu-img only when it starts.
set -euo pipefail

PREFIX=vmt-
READY_TIMEOUT=${VMT_READY_TIMEOUT:-30}

die() { echo "daemon.sh: $*" >&2; exit 1; }
say() { echo "daemon.sh: $*" >&2; }

[ $# -eq 2 ] || { sed -n '2p' "$0" >&2; exit 2; }
CMD=$1
mkdir -p "$2"
STATE=$(cd "$2" && pwd)
A=$STATE/a
B=$STATE/b
URI_B="qemu+unix:///system?socket=$B/run/libvirt-sock"

# ------------------------------------------------------------ process helpers
# field 22 of /proc/PID/stat (start time in clock ticks), robust to the comm field
proc_start() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'; }
proc_state() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $1}'; }
alive() {   # alive PID: exists and is not a zombie
  local s
  s=$(proc_state "$1") || return 1
  [ -n "$s" ] && [ "$s" != Z ] && [ "$s" != X ]
}
# record NAME PREFIX: turn the daemon's own pidfile PREFIX.pid into PREFIX.id ("PID STARTTIME")
record() {
  local pid
  pid=$(cat "$2.pid" 2>/dev/null || true)
  [ -n "$pid" ] || return 1
  echo "$pid $(proc_start "$pid")" > "$2.id"
}
# ours NAME PREFIX: print the PID recorded in PREFIX.id if that process is still
# the one we started (same comm, same start time); else print nothing, return 1
ours() {
  local pid st comm
  [ -s "$2.id" ] || return 1
  read -r pid st < "$2.id" || return 1
  alive "$pid" || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  [ "$comm" = "$1" ] || return 1
  [ "$(proc_start "$pid")" = "$st" ] || return 1
  echo "$pid"
}
pids_named() {   # live PIDs whose comm is NAME
  local d
  for d in /proc/[0-9]*; do
    [ "$(cat "$d/comm" 2>/dev/null || true)" = "$1" ] || continue
    alive "${d#/proc/}" && echo "${d#/proc/}"
  done
  return 0
}
# wait_gone PID SECONDS
wait_gone() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    alive "$1" || return 0
    sleep 0.1
  done
  return 1
}
# kill_ours NAME PREFIX: SIGTERM, 5 s, SIGKILL, 5 s
kill_ours() {
  local pid
  if pid=$(ours "$1" "$2"); then
    say "stopping $1 pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" 5; then
      say "$1 pid $pid ignored SIGTERM for 5 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 5 || say "WARNING: $1 pid $pid still alive"
    fi
  fi
  rm -f "$2.id" "$2.pid"
}
# wait_pidfile FILE SECONDS
wait_pidfile() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [ -s "$1" ] && return 0
    sleep 0.1
  done
  return 1
}

# ------------------------------------------------------------ virsh helpers
vq() { timeout 30 virsh -q -c "$@"; }
# cleanup_domains URI KIND(qemu|lxc)
cleanup_domains() {
  local uri=$1 kind=$2 names n
  names=$(vq "$uri" list --all --name 2>/dev/null | grep "^$PREFIX" || true)
  for n in $names; do
    say "removing leftover domain $n on $uri"
    vq "$uri" destroy "$n" >/dev/null 2>&1 || true
    if [ "$kind" = qemu ]; then
      vq "$uri" undefine "$n" --snapshots-metadata --managed-save >/dev/null 2>&1 || true
    else
      vq "$uri" undefine "$n" >/dev/null 2>&1 || true
    fi
  done
}
# runkey PID: device:inode of /run/libvirt as process PID sees it (its mount
# namespace): tells which libvirtd instance (A = the host's /run/libvirt, B =
# STATE_DIR/b/run) a QEMU or libvirt_lxc process was started by
runkey() { stat -Lc %d:%i "/proc/$1/root/run/libvirt" 2>/dev/null || true; }
ppid_of() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $2}'; }

# kill_leftover_guests RUNDIR: vmt-* guest processes that survived their
# libvirtd (killed hard, or it died): QEMU and libvirt_lxc processes started by
# the instance whose /run/libvirt is RUNDIR, plus the containers' processes
# (children of those controllers; or, once no libvirtd at all is left, any
# orphan carrying LIBVIRT_LXC_NAME=vmt-* in its environment). Does nothing
# while a libvirtd for RUNDIR is alive (it owns them: e.g. another STATE_DIR's).
kill_leftover_guests() {
  local key d pid cmd victims=() ctrls=() c any_libvirtd
  key=$(stat -Lc %d:%i "$1" 2>/dev/null) || return 0
  for pid in $(pids_named libvirtd); do
    [ "$(runkey "$pid")" != "$key" ] || return 0
  done
  any_libvirtd=$(pids_named libvirtd)
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    [ "$pid" != "$$" ] || continue
    cmd=$( { tr '\0' ' ' < "$d/cmdline"; } 2>/dev/null || true)
    case "$cmd" in
      *qemu-system*"guest=$PREFIX"* | *libvirt_lxc*"--name $PREFIX"*) ;;
      *) continue ;;
    esac
    if ! alive "$pid" || [ "$(runkey "$pid")" != "$key" ]; then continue; fi
    victims+=("$pid")
    case "$cmd" in *libvirt_lxc*) ctrls+=("$pid") ;; esac
  done
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    { tr '\0' '\n' < "$d/environ"; } 2>/dev/null | grep -q "^LIBVIRT_LXC_NAME=$PREFIX" || continue
    alive "$pid" || continue
    for c in "${ctrls[@]}"; do
      if [ "$(ppid_of "$pid")" = "$c" ]; then victims=("$pid" "${victims[@]}"); continue 2; fi
    done
    if [ -z "$any_libvirtd" ] && [ "$1" = /run/libvirt ] && [ "$(ppid_of "$pid")" = 1 ]; then
      victims=("$pid" "${victims[@]}")
    fi
  done
  for pid in "${victims[@]}"; do
    alive "$pid" || continue
    cmd=$( { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null || true)
    say "killing leftover guest process $pid: ${cmd:0:80}"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 5 || true
  done
}
# remove_leftover_files ETC RUN LIB: definitions and runtime state of vmt-*
# domains that a dead libvirtd could not undefine (only called with that
# libvirtd stopped, so nothing reads these files meanwhile)
remove_leftover_files() {
  local etc=$1 run=$2 lib=$3 f
  for f in "$etc"/qemu/"$PREFIX"*.xml "$etc"/lxc/"$PREFIX"*.xml \
           "$run"/qemu/"$PREFIX"*.xml "$run"/qemu/"$PREFIX"*.pid \
           "$run"/lxc/"$PREFIX"*.xml "$run"/lxc/"$PREFIX"*.pid \
           "$lib"/qemu/snapshot/"$PREFIX"* "$lib"/qemu/save/"$PREFIX"* \
           "$lib"/qemu/domain-[0-9]*-"$PREFIX"*; do
    [ -e "$f" ] || continue
    say "removing leftover $f"
    rm -rf "$f"
  done
  # empty mount-point dirs and sockets libvirt's LXC driver leaves even after
  # a clean destroy: rmdir (never rm -r: they may be mount points)
  for f in "$run"/lxc/"$PREFIX"*.dev "$run"/lxc/"$PREFIX"*.devpts "$run"/lxc/"$PREFIX"*.fuse; do
    if [ -d "$f" ]; then rmdir "$f" 2>/dev/null || true; fi
  done
  rm -f "$run"/lxc/"$PREFIX"*.sock
}

# ready_a [SECONDS]: each probe may take that long (the very first qemu:///system
# connection probes QEMU's capabilities: ~7 s here with an empty
# /var/cache/libvirt/qemu; killing virsh earlier only restarts the wait)
ready_a() {
  local t=${1:-5}
  timeout "$t" virsh -c qemu:///system version >/dev/null 2>&1 &&
    timeout "$t" virsh -c lxc:///system version >/dev/null 2>&1 &&
    timeout "$t" virsh -c test+unix:///default list >/dev/null 2>&1
}
ready_b() { timeout "${1:-5}" virsh -c "$URI_B" version >/dev/null 2>&1; }
# seconds left until T0_NS + READY_TIMEOUT (at least 1)
left() {
  local l=$(( READY_TIMEOUT - ($(date +%s%N) - $1) / 1000000000 ))
  [ "$l" -ge 1 ] || l=1
  echo "$l"
}
host_uuid() { timeout 5 virsh -c "$1" capabilities 2>/dev/null | sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p' | head -1; }

log_tail() {
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    echo "----- tail of $f -----" >&2
    tail -n 25 "$f" >&2
  done
}

need_tools() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  local t
  for t in libvirtd virtlogd virsh qemu-img qemu-system-x86_64 unshare; do
    command -v "$t" >/dev/null || die "$t not found: run tests/beds/libvirt/deps.sh first"
  done
  [ -e /usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_lxc.so ] ||
    die "libvirt LXC driver missing: run tests/beds/libvirt/deps.sh first"
}

host_setup() {
  # Debian's libvirt is built with qemu user/group libvirt-qemu: the qemu driver
  # fails to initialise if they do not exist
  getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
  getent passwd libvirt-qemu >/dev/null ||
    useradd -r -g libvirt-qemu -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
  mkdir -p /etc/libvirt /run/libvirt /var/lib/libvirt /var/cache/libvirt \
    /var/log/libvirt/qemu /var/log/libvirt/lxc
  # without libvirt-daemon-system there is no qemu.conf; run QEMU as root so it
  # can open images anywhere (no chown dance, no DAC surprises)
  if [ ! -e /etc/libvirt/qemu.conf ]; then
    printf 'user = "root"\ngroup = "root"\n' > /etc/libvirt/qemu.conf
  elif ! grep -qE '^[[:space:]]*user[[:space:]]*=[[:space:]]*"root"' /etc/libvirt/qemu.conf; then
    say "NOTE: /etc/libvirt/qemu.conf exists without user = \"root\"; appending user/group root"
    printf '\n# added by vmctl tests/beds/libvirt/daemon.sh\nuser = "root"\ngroup = "root"\n' >> /etc/libvirt/qemu.conf
  fi
}

# ------------------------------------------------------------ instance A
start_a() {
  need_tools
  mkdir -p "$A"
  if ours libvirtd "$A/libvirtd" >/dev/null; then
    if ready_a; then
      say "A already running (libvirtd pid $(ours libvirtd "$A/libvirtd"))"
      return 0
    fi
    say "A libvirtd running but not answering: restarting it"
    stop_a
  fi
  local foreign p mine_b
  # A libvirtd of another bed or user serving this host's /run/libvirt is in
  # the way; instances in mount namespaces of their own (B, benchmarks) are not.
  if timeout 10 virsh -c qemu:///system version >/dev/null 2>&1; then
    foreign=$(pids_named libvirtd | tr '\n' ' ')
    die "a libvirtd not started by this STATE_DIR ($STATE) serves /run/libvirt (pids $foreign); stop it first, this script will not kill it"
  fi
  mine_b=$(ours virtlogd "$B/virtlogd" || true)
  foreign=
  for p in $(pids_named virtlogd); do
    # only a virtlogd in this mount namespace owns this host's /run/libvirt/virtlogd-sock
    [ "$(readlink "/proc/$p/ns/mnt" 2>/dev/null)" = "$(readlink /proc/self/ns/mnt)" ] || continue
    [ "$p" = "$mine_b" ] || [ "$p" = "$(ours virtlogd "$A/virtlogd" || true)" ] || foreign="$foreign $p"
  done
  [ -z "$foreign" ] || die "a virtlogd not started by this STATE_DIR ($STATE) is running (pid$foreign); stop it first"

  host_setup
  rm -f "$A/libvirtd.pid" "$A/virtlogd.pid" "$A/libvirtd.id"
  : > "$A/libvirtd.log"
  : > "$A/virtlogd.log"
  cat > "$A/libvirtd.conf" <<EOF
# written by tests/beds/libvirt/daemon.sh
log_outputs = "3:file:$A/libvirtd.log"
# as a production host: the read-write socket is root's (group root, 0770),
# so a non-root client is refused by the socket itself (no polkit here)
unix_sock_group = "root"
unix_sock_rw_perms = "0770"
EOF
  local t0
  t0=$(date +%s%N)
  if ! ours virtlogd "$A/virtlogd" >/dev/null; then
    LIBVIRT_LOG_OUTPUTS="3:file:$A/virtlogd.log" virtlogd -d -p "$A/virtlogd.pid" \
      >>"$A/virtlogd.log" 2>&1 || { log_tail "$A/virtlogd.log"; die "virtlogd failed to start"; }
    wait_pidfile "$A/virtlogd.pid" 10 || die "virtlogd wrote no pidfile"
    record virtlogd "$A/virtlogd"
  fi
  # libvirt's LXC driver cannot cope with the hybrid cgroup layout (v1
  # controllers + cgroup2 on /sys/fs/cgroup/unified): hide the cgroup2 mount in
  # a private mount namespace that only libvirtd (and its children) see
  # shellcheck disable=SC2016 # $1 $2 are expanded by sh -c
  unshare -m --propagation private sh -c \
    'umount /sys/fs/cgroup/unified 2>/dev/null; exec libvirtd -d -f "$1" -p "$2"' \
    sh "$A/libvirtd.conf" "$A/libvirtd.pid" >>"$A/libvirtd.log" 2>&1 ||
    { log_tail "$A/libvirtd.log"; stop_a; die "libvirtd failed to start"; }
  local i ok=0
  for ((i = 0; i < READY_TIMEOUT * 5; i++)); do
    if [ -s "$A/libvirtd.pid" ] && [ ! -s "$A/libvirtd.id" ]; then record libvirtd "$A/libvirtd" || true; fi
    if ready_a "$(left "$t0")"; then ok=1; break; fi
    if [ -s "$A/libvirtd.id" ] && ! ours libvirtd "$A/libvirtd" >/dev/null; then break; fi
    [ "$(( ($(date +%s%N) - t0) / 1000000000 ))" -ge "$READY_TIMEOUT" ] && break
    sleep 0.2
  done
  [ -s "$A/libvirtd.id" ] || record libvirtd "$A/libvirtd" || true
  if [ "$ok" != 1 ]; then
    log_tail "$A/libvirtd.log" "$A/virtlogd.log"
    stop_a
    die "libvirtd did not become ready (qemu:///system, lxc:///system, test+unix:///default) within ${READY_TIMEOUT}s"
  fi
  say "A ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms: libvirtd pid $(ours libvirtd "$A/libvirtd"), virtlogd pid $(ours virtlogd "$A/virtlogd")"
}

stop_a() {
  stop_b
  if ours libvirtd "$A/libvirtd" >/dev/null; then
    cleanup_domains qemu:///system qemu
    cleanup_domains lxc:///system lxc
  fi
  kill_ours libvirtd "$A/libvirtd"
  kill_ours virtlogd "$A/virtlogd"
  kill_leftover_guests /run/libvirt
  # only if no libvirtd at all is left (B is stopped above; a foreign one may own them)
  [ -n "$(pids_named libvirtd)" ] || remove_leftover_files /etc/libvirt /run/libvirt /var/lib/libvirt
}

# ------------------------------------------------------------ instance B
start_b() {
  need_tools
  mkdir -p "$B"
  if ours libvirtd "$B/libvirtd" >/dev/null && ready_b; then
    say "B already running (libvirtd pid $(ours libvirtd "$B/libvirtd"))"
    echo "$URI_B"
    return 0
  fi
  stop_b
  host_setup
  mkdir -p "$B"/{etc,run,lib,cache,log/qemu,log/lxc}
  cp /etc/libvirt/qemu.conf "$B/etc/qemu.conf"
  # seed B's QEMU capabilities cache from A's: saves the ~8 s probe (libvirt
  # re-probes by itself if the cached entry does not match the binary)
  if [ ! -d "$B/cache/qemu/capabilities" ] && [ -d /var/cache/libvirt/qemu/capabilities ]; then
    mkdir -p "$B/cache/qemu"
    cp -a /var/cache/libvirt/qemu/capabilities "$B/cache/qemu/"
  fi
  # same host UUID on both ends = "Attempt to migrate guest to the same host"
  [ -s "$B/host_uuid" ] || cat /proc/sys/kernel/random/uuid > "$B/host_uuid"
  cat > "$B/etc/libvirtd.conf" <<EOF
# written by tests/beds/libvirt/daemon.sh (seen as /etc/libvirt/libvirtd.conf by B)
host_uuid = "$(cat "$B/host_uuid")"
log_outputs = "3:file:$B/libvirtd.log"
EOF
  : > "$B/libvirtd.log"
  : > "$B/virtlogd.log"
  rm -f "$B/libvirtd.pid" "$B/virtlogd.pid"
  local t0
  t0=$(date +%s%N)
  # shellcheck disable=SC2016 # $1 is expanded by sh -c
  unshare -m --propagation private sh -c '
      set -e
      umount /sys/fs/cgroup/unified 2>/dev/null || true
      mount --bind "$1/etc"   /etc/libvirt
      mount --bind "$1/run"   /run/libvirt
      mount --bind "$1/lib"   /var/lib/libvirt
      mount --bind "$1/cache" /var/cache/libvirt
      mount --bind "$1/log"   /var/log/libvirt
      LIBVIRT_LOG_OUTPUTS="3:file:$1/virtlogd.log" virtlogd -d -p "$1/virtlogd.pid"
      exec libvirtd -d -p "$1/libvirtd.pid"' sh "$B" >>"$B/libvirtd.log" 2>&1 ||
    { log_tail "$B/libvirtd.log"; stop_b; die "B failed to start"; }
  local i ok=0
  for ((i = 0; i < READY_TIMEOUT * 5; i++)); do
    [ -s "$B/virtlogd.pid" ] && [ ! -s "$B/virtlogd.id" ] && { record virtlogd "$B/virtlogd" || true; }
    [ -s "$B/libvirtd.pid" ] && [ ! -s "$B/libvirtd.id" ] && { record libvirtd "$B/libvirtd" || true; }
    if [ -s "$B/libvirtd.id" ] && ready_b "$(left "$t0")"; then ok=1; break; fi
    [ "$(( ($(date +%s%N) - t0) / 1000000000 ))" -ge "$READY_TIMEOUT" ] && break
    sleep 0.2
  done
  if [ "$ok" != 1 ]; then
    log_tail "$B/libvirtd.log" "$B/virtlogd.log"
    stop_b
    die "B did not become ready at $URI_B within ${READY_TIMEOUT}s"
  fi
  local ua ub
  ub=$(host_uuid "$URI_B")
  ua=$(host_uuid qemu:///system || true)
  if [ -n "$ua" ] && [ "$ua" = "$ub" ]; then
    stop_b
    die "B has the same host UUID as A ($ua): migration between them would be refused"
  fi
  say "B ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms: libvirtd pid $(ours libvirtd "$B/libvirtd"), virtlogd pid $(ours virtlogd "$B/virtlogd"), host uuid $ub (A: ${ua:-not running})"
  echo "$URI_B"
}

stop_b() {
  if ours libvirtd "$B/libvirtd" >/dev/null; then
    cleanup_domains "$URI_B" qemu
  fi
  kill_ours libvirtd "$B/libvirtd"
  kill_ours virtlogd "$B/virtlogd"
  [ ! -d "$B/run" ] || kill_leftover_guests "$B/run"
  [ ! -d "$B/etc" ] || remove_leftover_files "$B/etc" "$B/run" "$B/lib"
}

status() {
  local rc=1 p
  if p=$(ours libvirtd "$A/libvirtd"); then
    if ready_a; then echo "A: libvirtd pid $p ready"; rc=0; else echo "A: libvirtd pid $p NOT answering"; fi
  else
    echo "A: libvirtd not running"
  fi
  if p=$(ours virtlogd "$A/virtlogd"); then echo "A: virtlogd pid $p"; else echo "A: virtlogd not running"; fi
  if p=$(ours libvirtd "$B/libvirtd"); then
    if ready_b; then echo "B: libvirtd pid $p ready at $URI_B"; else echo "B: libvirtd pid $p NOT answering"; fi
  else
    echo "B: libvirtd not running"
  fi
  if p=$(ours virtlogd "$B/virtlogd"); then echo "B: virtlogd pid $p"; else echo "B: virtlogd not running"; fi
  return "$rc"
}

case "$CMD" in
  start) start_a ;;
  stop) stop_a ;;
  status) status ;;
  start-b) start_b ;;
  stop-b) stop_b ;;
  *) sed -n '2p' "$0" >&2; exit 2 ;;
esac
