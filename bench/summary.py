#!/usr/bin/env python3
"""bench/summary.py DIR: the tables of bench/run.sh's results (markdown).

Reads DIR/*.json (hyperfine --export-json), DIR/rss/*.txt (peak RSS, KiB,
one line a run), DIR/rpc.txt ("LABEL COUNT PROC:N ...") and DIR/meta.txt.
Every time is the median of the runs; every ratio is of two medians
measured in the same hyperfine run."""
import glob
import json
import os
import statistics
import sys

D = sys.argv[1]
PROC = {  # libvirt remote_protocol.x procedure numbers seen here
    "1": "open", "2": "close", "16": "GetInfo", "23": "LookupByName", "28": "Resume",
    "34": "Suspend", "60": "SupportsFeature", "66": "AuthList", "212": "GetState",
    "273": "ListAllDomains", "344": "GetAllDomainStats", "360": "virsh-360", "361": "virsh-361",
}


def load(name):
    p = os.path.join(D, name + ".json")
    if not os.path.exists(p):
        return None
    return {r["command"]: r for r in json.load(open(p))["results"]}


def med(r, key):
    return r[key]["median"] if r and key in r else None


def rss(label):
    p = os.path.join(D, "rss", label + ".txt")
    if not os.path.exists(p):
        return None
    v = [int(x) for x in open(p).read().split()]
    return statistics.median(v) if v else None


def ms(s):
    return "-" if s is None else ("%.1f" % (s * 1000) if s >= 0.01 else "%.2f" % (s * 1000))


def x(a, b):
    return "-" if a is None or b is None or b == 0 else "%.2fx" % (a / b)


def mib(k):
    return "-" if k is None else "%.1f" % (k / 1024)


out = []
meta = open(os.path.join(D, "meta.txt")).read().splitlines() if os.path.exists(os.path.join(D, "meta.txt")) else []
out.append("### Run")
out.append("")
for line in meta:
    if not line.startswith("load "):
        out.append("- " + line)
loads = [line.split()[1:] for line in meta if line.startswith("load ")]
if loads:
    out.append("- load average (1, 5, 15 min) at the start and end of each case: " +
               "; ".join("%s %s" % (l[0], "/".join(l[1:])) for l in loads))
out.append("")
RUN_END = len(out)

# ---- 1. startup
r = load("startup")
if r:
    f = med(r, "floor_print")
    out += ["### 1. Startup (median of the runs, whole process)", "",
            "| command | median ms | x floor | peak RSS MiB |", "|---|---:|---:|---:|"]
    rl = {"floor_print": "startup-floor_print", "vmctl --explain pause web1": "startup-vmctl-explain",
          "vmctl --version": "startup-vmctl-version", "virsh --version": "startup-virsh-version"}
    for name, res in r.items():
        out.append("| `%s` | %s | %s | %s |" % (name, ms(res["median"]), x(res["median"], f),
                                                mib(rss(rl[name])) if name in rl else "-"))
    out.append("")

# ---- 2. list
cases = sorted((p for p in glob.glob(os.path.join(D, "list-*.json")) if ".r" not in os.path.basename(p)),
               key=lambda p: (("qemu" in p) * 2 + ("libvirtd" in p), int(p.rsplit("-", 1)[1][:-5])))
HAVE_P = any(os.path.exists(os.path.join(D, "rss", f)) for f in os.listdir(os.path.join(D, "rss"))
             if "vmctl+p" in f) if os.path.isdir(os.path.join(D, "rss")) else False
if cases:
    cols = [("floor ms", lambda v: ms(v["floor"])), ("floor+info ms", lambda v: ms(v["floor+info"])),
            ("vmctl ms", lambda v: ms(v["vmctl"]))]
    if HAVE_P:
        cols.append(("vmctl+p ms", lambda v: ms(v["vmctl+p"])))
    cols += [("virsh ms", lambda v: ms(v["virsh"])), ("vmctl / floor", lambda v: x(v["vmctl"], v["floor"])),
             ("vmctl / floor+info", lambda v: x(v["vmctl"], v["floor+info"]))]
    if HAVE_P:
        cols.append(("vmctl+p / floor", lambda v: x(v["vmctl+p"], v["floor"])))
    cols += [("virsh / floor", lambda v: x(v["virsh"], v["floor"])), ("virsh / vmctl", lambda v: x(v["virsh"], v["vmctl"]))]
    out += ["### 2. list: vmctl against virsh and the floor (medians; ratios of medians measured together)", "",
            "| case | " + " | ".join(c[0] for c in cols) + " |", "|---|" + "---:|" * len(cols)]
    kinds = ("floor", "floor+info", "vmctl", "vmctl+p", "virsh")
    for p in cases:
        name = os.path.basename(p)[:-5]
        r = load(name)
        v = {k: med(r, k) for k in kinds}
        out.append("| %s | %s |" % (name[5:], " | ".join(c[1](v) for c in cols)))
    rk = [k for k in kinds if HAVE_P or k != "vmctl+p"]
    out += ["", "Peak RSS (MiB, median of the runs):", "",
            "| case | " + " | ".join(rk) + " |", "|---|" + "---:|" * len(rk)]
    for p in cases:
        name = os.path.basename(p)[:-5]
        out.append("| %s | %s |" % (name[5:], " | ".join(mib(rss("%s-%s" % (name, k))) for k in rk)))
    out.append("")

# ---- RPC
rp = os.path.join(D, "rpc.txt")
if os.path.exists(rp):
    out += ["### RPC calls per command (one run, libvirt client log, LIBVIRT_LOG_FILTERS=1:rpc)", "",
            "| command | calls | by procedure |", "|---|---:|---|"]
    for line in open(rp):
        w = line.split()
        if len(w) < 2:
            continue
        procs = ", ".join("%s %s" % (PROC.get(a.split(":")[0], "proc " + a.split(":")[0]), a.split(":")[1])
                          for a in w[2:])
        out.append("| %s | %s | %s |" % (w[0], w[1], procs))
    out.append("")

# ---- 3. bulk
for verb in ("pause", "resume"):
    r = load("bulk-" + verb)
    if not r:
        continue
    vv = "suspend" if verb == "pause" else "resume"
    v, vp = med(r, "vmctl %s --all" % verb), med(r, "vmctl+p %s --all" % verb)
    b, l = med(r, "virsh %s x1 process" % vv), med(r, "virsh %s loop" % vv)
    out += ["### 3. %s --all (medians)" % verb, "",
            "| command | median ms | peak RSS MiB |", "|---|---:|---:|"]
    for name, res in r.items():
        key = {"vmctl %s --all" % verb: "vmctl", "vmctl+p %s --all" % verb: "vmctl+p",
               "virsh %s x1 process" % vv: "virsh-batch", "virsh %s loop" % vv: "virsh-loop"}[name]
        out.append("| `%s` | %s | %s |" % (name, ms(res["median"]), mib(rss("bulk-%s-%s" % (verb, key)))))
    if HAVE_P:
        out += ["", "| ratio | vmctl | vmctl+p | target |", "|---|---:|---:|---|",
                "| virsh loop / vmctl | %s | %s | >= 20x |" % (x(l, v), x(l, vp)),
                "| one virsh / vmctl | %s | %s | >= 1x |" % (x(b, v), x(b, vp)), ""]
    else:
        out += ["", "| ratio | vmctl | target |", "|---|---:|---|",
                "| virsh loop / vmctl | %s | >= 20x |" % x(l, v),
                "| one virsh / vmctl | %s | >= 1x |" % x(b, v), ""]

# ---- 4. hosts
r = load("hosts")
if r:
    singles = [med(r, "vmctl host %d" % i) for i in range(1, 5)]
    slowest = max(s for s in singles if s is not None)
    singles_p = [med(r, "vmctl+p host %d" % i) for i in range(1, 5)]
    slowest_p = max((s for s in singles_p if s is not None), default=None)
    out += ["### 4. Four hosts (250 test-driver domains each, four libvirtd)", "",
            "| command | median ms | peak RSS MiB |", "|---|---:|---:|"]
    keys = {"vmctl -c x4 list": "hosts-vmctl-multi", "vmctl x4 sequential": "hosts-vmctl-seq",
            "vmctl+p -c x4 list": "hosts-vmctl+p-multi", "vmctl+p x4 sequential": "hosts-vmctl+p-seq",
            "virsh host 1": "hosts-virsh-single1"}
    for i in range(1, 5):
        keys["vmctl host %d" % i] = "hosts-vmctl-single%d" % i
        keys["vmctl+p host %d" % i] = "hosts-vmctl+p-single%d" % i
    for name, res in r.items():
        out.append("| `%s` | %s | %s |" % (name, ms(res["median"]), mib(rss(keys.get(name, "")))))
    m, s = med(r, "vmctl -c x4 list"), med(r, "vmctl x4 sequential")
    mp, sp = med(r, "vmctl+p -c x4 list"), med(r, "vmctl+p x4 sequential")
    fs = [med(r, "floor+info host %d" % i) for i in range(1, 5)]
    fslow = max((s for s in fs if s is not None), default=None)
    fpar = med(r, "floor+info x4 parallel")
    rows = [("machine: floor+info x4 parallel / slowest floor+info single", x(fpar, fslow), x(fpar, fslow),
             "(what 2 cores allow)"),
            ("x4 / slowest single host (its own)", x(m, slowest), x(mp, slowest_p), "<= 1.5x"),
            ("x4 / sum of the four single hosts", x(m, sum(s for s in singles if s)),
             x(mp, sum(s for s in singles_p if s)) if slowest_p else "-", ""),
            ("x4 sequential / x4 parallel", x(s, m), x(sp, mp), "")]
    if HAVE_P:
        out += ["", "| ratio | vmctl | vmctl+p | target |", "|---|---:|---:|---|"]
        out += ["| %s | %s | %s | %s |" % rw for rw in rows]
    else:
        out += ["", "| ratio | vmctl | target |", "|---|---:|---|"]
        out += ["| %s | %s | %s |" % (rw[0], rw[1], rw[3]) for rw in rows]
    out.append("")


# ---- targets: the "done means", from the figures above (vmctl = the tree as it is)
def rpcs():
    d = {}
    if os.path.exists(rp):
        for line in open(rp):
            w = line.split()
            if len(w) >= 2:
                d[w[0]] = int(w[1])
    return d


def verdict(v, limit, le=True):
    if v is None:
        return "-"
    return "yes" if (v <= limit if le else v >= limit) else "**no**"


T = []
r = load("startup")
if r:
    f = med(r, "floor_print")
    e = med(r, "vmctl --explain pause web1")
    T.append(("1", "`--explain pause web1` / print-only C (<= 1.5x)",
              "%s (%s vs %s ms)" % (x(e, f), ms(e), ms(f)), verdict(e / f if e and f else None, 1.5)))
    T.append(("1", "`--help` / floor; `--version` / floor", "%s; %s" % (
        x(med(r, "vmctl --help"), f), x(med(r, "vmctl --version"), f)), ""))
for p in cases:
    name = os.path.basename(p)[:-5]
    r = load(name)
    v, fl, fi, vs = (med(r, k) for k in ("vmctl", "floor", "floor+info", "virsh"))
    T.append(("2", "list / floor, %s (<= 1.2x)" % name[5:],
              "%s (%s vs %s ms); / floor+info %s" % (x(v, fl), ms(v), ms(fl), x(v, fi)),
              verdict(v / fl if v and fl else None, 1.2)))
    T.append(("2", "virsh / vmctl list, %s" % name[5:], "%s (virsh / floor %s)" % (x(vs, v), x(vs, fl)), ""))
rc_ = rpcs()
for prog in ("vmctl", "floor", "virsh"):
    a, b = rc_.get("qemu-10-" + prog), rc_.get("qemu-%s-%s" % (1000, prog))
    if a is not None and b is not None:
        T.append(("2", "RPC calls per list, qemu:///system, 10 and 1,000 guests: %s" % prog, "%d and %d" % (a, b),
                  ("yes" if a == b else "**no**") if prog == "vmctl" else ""))
for verb in ("pause", "resume"):
    r = load("bulk-" + verb)
    if not r:
        continue
    vv = "suspend" if verb == "pause" else "resume"
    v, b, l = med(r, "vmctl %s --all" % verb), med(r, "virsh %s x1 process" % vv), med(r, "virsh %s loop" % vv)
    T.append(("3", "virsh loop / `%s --all` (>= 20x)" % verb, "%s (%s vs %s ms)" % (x(l, v), ms(l), ms(v)),
              verdict(l / v if l and v else None, 20, le=False)))
    T.append(("3", "one virsh / `%s --all` (>= 1x)" % verb, "%s (%s ms)" % (x(b, v), ms(b)),
              verdict(b / v if b and v else None, 1, le=False)))
r = load("hosts")
if r:
    T.append(("4", "`-c A -c B -c C -c D list` / slowest single host (<= 1.5x)",
              "%s (%s vs %s ms)" % (x(m, slowest), ms(m), ms(slowest)), verdict(m / slowest if m else None, 1.5)))
    T.append(("4", "the machine: four floor+info at once / slowest floor+info", x(fpar, fslow), ""))
rr = []
for lab in sorted(set(os.path.basename(f)[:-4] for f in glob.glob(os.path.join(D, "rss", "*-vmctl.txt")))):
    base = lab[:-len("-vmctl")]
    vsl = base + "-virsh" if os.path.exists(os.path.join(D, "rss", base + "-virsh.txt")) else None
    if base.startswith("bulk-"):
        vsl = base + "-virsh-batch"
    a, b = rss(lab), rss(vsl) if vsl else None
    if a is not None and b is not None:
        rr.append((base, a, b))
se, sv = rss("startup-vmctl-explain"), rss("startup-virsh-version")
if se and sv:
    rr.insert(0, ("startup", se, sv))
if rr:
    T.append(("5", "peak RSS vmctl vs virsh (MiB): " + "; ".join("%s %s vs %s" % (n, mib(a), mib(b)) for n, a, b in rr),
              "below virsh in %d of %d" % (sum(a <= b for _, a, b in rr), len(rr)), ""))
if T:
    out = out[:RUN_END] + ["### Targets (issue 8; vmctl = the tree as it is)", "",
                           "| # | ratio (target) | vmctl | met? |", "|---|---|---|---|"] + \
        ["| %s | %s | %s | %s |" % t_ for t_ in T] + [""] + out[RUN_END:]

print("\n".join(out))
