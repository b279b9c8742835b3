#!/usr/bin/env python3
"""The fleet bed itself (tests/beds/fleet/bed.sh), checked with virsh, so
that vmctl's fleet suites stand on a bed that is what it says:

- host K's `virsh list --all --name` is exactly host K's names, in virsh's
  order, over TCP (through the delaying proxy) and over ssh;
- the names shared by two hosts are on exactly those two;
- `bed.sh hang K`: only K's URIs (TCP and ssh) time out, every other host
  answers, and K answers again after `unhang`: a bed where every address
  reaches one daemon fails here;
- `bed.sh kill K`: K's URIs are refused (at once, not a timeout), the others
  answer; after `revive` K lists its names again;
- `bed.sh churn K`: K's shared test:///default lists K's names while their
  states change.

The bed: FLEET_BED (a directory where bed.sh setup already ran, e.g. a CTest
fixture's) or the first argument; without either, one of FLEET_N hosts
(default 50) is set up in VMCTL_BEDDIR/fleet (or a temporary directory) and
cleaned up at the end.  Root only (exit 77 otherwise, a failure with CI set)."""
import concurrent.futures
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import Tap, is_ci  # noqa: E402

BED_SH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "beds", "fleet", "bed.sh")
HANG_TIMEOUT = 10          # a host that says nothing for this long is hung
ANSWER_TIMEOUT = 120       # what a healthy host may take on a loaded machine (ssh: a few s)
POOL = 16                  # virsh processes at once


def virsh(uri, timeout=ANSWER_TIMEOUT, *args):
    """(rc, stdout, stderr, seconds); rc None when killed at the timeout."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(["virsh", "-q", "-c", uri] + list(args or ["list", "--all", "--name"]),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode(), p.stderr.decode(), time.monotonic() - t0
    except subprocess.TimeoutExpired:
        return None, "", "", time.monotonic() - t0


def names_of(out):
    return [line.strip() for line in out.splitlines() if line.strip()]


def bed(*args):
    p = subprocess.run([BED_SH] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    return p.returncode, p.stdout.decode()


def main():
    t = Tap()
    if os.geteuid() != 0:
        if is_ci():
            t.ok(False, "fleet bed needs root")
            t.done()
        print("# SKIP fleet bed needs root")
        sys.exit(77)
    d = os.environ.get("FLEET_BED") or (sys.argv[1] if len(sys.argv) > 1 else None)
    own = d is None
    if not own and not os.path.isfile(os.path.join(d, "env")):
        # the CTest fixture (fleet.bed.setup) skipped or failed
        if is_ci():
            t.ok(False, f"a fleet bed in {d}")
            t.done()
        print(f"# SKIP no fleet bed in {d}")
        sys.exit(77)
    if own:
        base = os.environ.get("VMCTL_BEDDIR")
        d = os.path.join(base, "fleet") if base else tempfile.mkdtemp(prefix="fleet-")
        rc, out = bed("setup", d, os.environ.get("FLEET_N", "50"))
        print("# " + out.strip().replace("\n", "\n# "))
        if rc == 77:
            print("# SKIP " + out.strip())
            sys.exit(77)
        if not t.ok(rc == 0, "bed.sh setup", out):
            bed("cleanup", d)
            t.done()
    try:
        check(t, os.path.abspath(d))
    finally:
        if own:
            rc, out = bed("cleanup", d)
            t.ok(rc == 0, "bed.sh cleanup", out)
            left = subprocess.run(["pgrep", "-f", os.path.abspath(d) + "/"], stdout=subprocess.PIPE).stdout.decode()
            t.ok(left == "", "cleanup leaves no process naming the bed", left)
    t.done()


def check(t, d):
    env = dict(line.strip().split("=", 1) for line in open(os.path.join(d, "env")) if "=" in line)
    n = int(env["N"])
    hosts = list(range(1, n + 1))
    uri = {(k, kind): open(os.path.join(d, str(k), "uri." + kind)).read().strip()
           for k in hosts for kind in ("tcp", "ssh")}
    names = {k: names_of(open(os.path.join(d, str(k), "names")).read()) for k in hosts}
    pool = concurrent.futures.ThreadPoolExecutor(POOL)

    def lists(pairs, timeout=ANSWER_TIMEOUT):
        return dict(zip(pairs, pool.map(lambda p: virsh(uri[p], timeout), pairs)))

    # every host, both transports: exactly its own names
    for kind in ("tcp", "ssh"):
        t0 = time.monotonic()
        res = lists([(k, kind) for k in hosts])
        bad = [f"host {k}: rc {r[0]} {r[2].strip()[:200]} got {names_of(r[1])[:3]}..." for (k, _), r in res.items()
               if r[0] != 0 or names_of(r[1]) != names[k]]
        t.ok(not bad, f"{kind}: each of the {n} hosts lists exactly its own {len(names[1])} names, "
             f"in virsh's order ({time.monotonic() - t0:.1f} s, {POOL} at once)", "\n".join(bad[:10]))
    owners = {}
    for k in hosts:
        for name in names[k]:
            owners.setdefault(name, []).append(k)
    twins = {name: ks for name, ks in owners.items() if len(ks) > 1}
    t.ok(twins and all(name.startswith("twin-") and len(ks) == 2 for name, ks in twins.items()),
         f"{len(twins)} names are on two hosts, no name on more", twins)

    # a hung host: only its URIs time out
    k = min(7, n)
    others = [j for j in hosts if j != k]
    rc, out = bed("hang", d, str(k))
    t.ok(rc == 0, f"bed.sh hang {k}", out)
    try:
        res = lists([(k, "tcp"), (k, "ssh")], HANG_TIMEOUT)
        t.ok(all(r[0] is None for r in res.values()),
             f"hung host {k}: TCP and ssh say nothing for {HANG_TIMEOUT} s", res)
        res = lists([(j, "tcp") for j in others], ANSWER_TIMEOUT)
        bad = [j for (j, _), r in res.items() if r[0] != 0 or names_of(r[1]) != names[j]]
        t.ok(not bad, f"with host {k} hung, the {len(others)} others answer over TCP", bad)
        if others:
            j = others[len(others) // 2]
            r = virsh(uri[(j, "ssh")])
            t.ok(r[0] == 0 and names_of(r[1]) == names[j], f"with host {k} hung, host {j} answers over ssh", r[2])
    finally:
        rc, out = bed("unhang", d, str(k))
        t.ok(rc == 0, f"bed.sh unhang {k}", out)
    r = virsh(uri[(k, "tcp")])
    t.ok(r[0] == 0 and names_of(r[1]) == names[k], f"host {k} answers again after unhang", r[2])

    # a host that is down: refused at once
    k = min(9, n)
    others = [j for j in hosts if j != k]
    rc, out = bed("kill", d, str(k))
    t.ok(rc == 0, f"bed.sh kill {k}", out)
    try:
        res = lists([(k, "tcp"), (k, "ssh")], HANG_TIMEOUT)
        t.ok(all(r[0] not in (0, None) and "refused" in r[2] for r in res.values()),
             f"killed host {k}: TCP and ssh are refused (not a timeout)", res)
        res = lists([(j, "tcp") for j in others], ANSWER_TIMEOUT)
        bad = [j for (j, _), r in res.items() if r[0] != 0 or names_of(r[1]) != names[j]]
        t.ok(not bad, f"with host {k} down, the {len(others)} others answer over TCP", bad)
    finally:
        rc, out = bed("revive", d, str(k))
        t.ok(rc == 0, f"bed.sh revive {k}", out)
    res = lists([(k, "tcp"), (k, "ssh")])
    t.ok(all(r[0] == 0 and names_of(r[1]) == names[k] for r in res.values()),
         f"revived host {k} lists its names over TCP and ssh", res)

    # churn: states change between two lists of the same names
    k = min(3, n)
    rc, out = bed("churn", d, str(k))
    try:
        t.ok(rc == 0 and out.strip().endswith("/default"), f"bed.sh churn {k} prints its URI", out)
        curi = out.strip().splitlines()[-1]
        seen = set()
        ok = True
        for _ in range(5):
            r = virsh(curi, ANSWER_TIMEOUT, "list", "--all")
            rows = [line.split() for line in r[1].splitlines() if line.strip()]
            ok = ok and r[0] == 0 and {row[1] for row in rows} <= set(names[k]) and len(rows) >= len(names[k]) - 10
            seen.add(tuple((row[1], " ".join(row[2:])) for row in rows))
            time.sleep(0.3)
        t.ok(ok and len(seen) > 1, f"churning host {k}: its own names, in states that change ({len(seen)} different lists of 5)")
    finally:
        bed("unchurn", d, str(k))


if __name__ == "__main__":
    main()
