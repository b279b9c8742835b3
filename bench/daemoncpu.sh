#!/bin/bash
# bench/daemoncpu.sh: the CPU time (utime+stime from /proc) of a private
# libvirtd (h1, bench/bed.sh) per list, for floor, floor+info, vmctl and, when
# run.sh --proposals built it, vmctl+p: a figure the machine's load moves much
# less than wall time.  Run after bench/run.sh (its nodes, harnesses, builds).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bed.sh
trap 'bed_stop h1' EXIT
bed_start h1
B=build-bench/bench/bin
VP=build-bench/proposals/tree/build/vmctl
cpu() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
pid=$(bed_pid h1)
for n in 1000 10000; do
  U="test+unix://$BED/nodes/node$n.xml?socket=$(bed_sock h1)"
  for label in floor floor+info vmctl vmctl+p; do
    [ "$label" != vmctl+p ] || [ -x "$VP" ] || continue
    case $label in
      floor) cmd=("$B/floor_list" "$U");; floor+info) cmd=("$B/floor_list" -i "$U");;
      vmctl) cmd=(build-bench/vmctl -c "$U" list);; vmctl+p) cmd=("$VP" -c "$U" list);;
    esac
    runs=5; [ $n = 10000 ] && runs=3
    "${cmd[@]}" >/dev/null
    b=$(cpu "$pid"); for ((i=0;i<runs;i++)); do "${cmd[@]}" >/dev/null; done; a=$(cpu "$pid")
    echo "node$n $label: libvirtd CPU $(( (a - b) * 1000 / $(getconf CLK_TCK) / runs )) ms a run ($runs runs)"
  done
done
q="qemu+unix:///system?socket=$(bed_sock h1)"
for label in floor vmctl vmctl+p; do
  [ "$label" != vmctl+p ] || [ -x "$VP" ] || continue
  case $label in floor) cmd=("$B/floor_list" "$q");; vmctl) cmd=(build-bench/vmctl -c "$q" list);; vmctl+p) cmd=("$VP" -c "$q" list);; esac
  b=$(cpu "$pid"); for ((i=0;i<20;i++)); do "${cmd[@]}" >/dev/null; done; a=$(cpu "$pid")
  echo "qemu-1000 $label: libvirtd CPU $(( (a - b) * 1000 / $(getconf CLK_TCK) / 20 )) ms a run (20 runs)"
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
