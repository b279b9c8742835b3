#!/bin/bash
# bench/startup.sh: startup cost of vmctl measured side by side with a C
# program that only prints a line (the floor) and with virsh --version, in
# one hyperfine run (medians; whole processes).  Builds a release vmctl in
# build-bench/.  Needs hyperfine (Debian package).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench/startup.sh: apt-get install hyperfine" >&2; exit 1; }
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j "$(nproc)" >/dev/null
cc -O2 -o build-bench/floor_print bench/floor_print.c
V=build-bench/vmctl
out=build-bench/startup.json
hyperfine -N --warmup 20 --runs "${RUNS:-200}" --export-json "$out" \
	-n floor "build-bench/floor_print" \
	-n "vmctl --explain pause web1" "$V --explain pause web1" \
	-n "vmctl --explain=virsh pause web1" "$V --explain=virsh pause web1" \
	-n "vmctl --explain=all pause web1" "$V --explain=all pause web1" \
	-n "vmctl --version" "$V --version" \
	-n "vmctl --help" "$V --help" \
	-n "virsh --version" "virsh --version" >/dev/null 2>&1
python3 - "$out" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
floor = r["floor"]["median"]
print("%-34s %10s %8s" % ("command", "median ms", "x floor"))
for name, x in r.items():
    print("%-34s %10.3f %8.2f" % (name, x["median"] * 1000, x["median"] / floor))
PY
