#!/usr/bin/env python3
"""vmctl top on libvirt's test driver (no daemon): its plain lines and JSON
Lines with --once and --count, --sort, its bad input, its place in a batch,
and its screen on a pseudo-terminal (python's pty): the screen is drawn, a
window change (TIOCSWINSZ + SIGWINCH) redraws it at the new size, 's'
moves the sort mark, 'q' quits with exit 0; a 30 s guard ends a hang.
Only top on a terminal loads ncurses (its module, modules/vmctl-top.so):
checked with LD_DEBUG=libs.  The test driver's statistics hold the state
only, so every figure here is unknown ("-", null): the figures themselves
are checked against virsh domstats on real guests (tests/libvirt/top.py)."""
import glob
import json
import os
import re
import shlex
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import VMCTL, Pty, Tap, one_line_error, run  # noqa: E402

U = "test:///default"
HEAD = "TIME HOST GUEST STATE CPU VCPUS MEM MEM_MAX DISK_RD DISK_WR NET_RX NET_TX"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")
FIGURES = ["cpu_percent", "vcpus", "mem", "mem_max", "disk_rd", "disk_wr", "net_rx", "net_tx"]

# five guests in a test driver file: one name with a space, one with a
# double quote and a backslash (quoted in the plain lines, escaped in JSON),
# one shut off (top shows running and paused guests only, as xentop does)
NODE = """<node>
%s
</node>
"""
DOM = """<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>%s</name>
<memory>%d</memory><vcpu>1</vcpu><os><type>hvm</type></os>%s</domain>"""
SHUTOFF = "<test:runstate>5</test:runstate>"  # the test driver's way to define a guest shut off


def node_file(tmp):
    p = os.path.join(tmp, "top node.xml")
    doms = [DOM % ("vmt-t b", 262144, ""), DOM % ("vmt-ta", 131072, ""), DOM % ("vmt-tc", 524288, ""),
            DOM % ("vmt-t&quot;q\\", 131072, ""), DOM % ("vmt-toff", 131072, SHUTOFF)]
    with open(p, "w") as f:
        f.write(NODE % "\n".join(doms))
    return "test://" + p.replace(" ", "%20")


def plain(t, uri):
    t0 = time.monotonic()
    rc, out, err = run(["-c", uri, "top", "--once", "--sort", "name"])
    took = time.monotonic() - t0
    lines = out.decode().splitlines()
    t.ok(rc == 0 and err == b"" and lines and lines[0] == HEAD, "top --once: exit 0, the heading line first", out + err)
    rows = [shlex.split(l) for l in lines[1:]]
    t.ok(len(rows) == 5 and all(len(r) == 12 for r in rows), "one line per guest and a totals line, 12 fields each",
         out)
    names = [r[2] for r in rows]
    t.ok(names == ["vmt-t b", 'vmt-t"q\\', "vmt-ta", "vmt-tc", "*"] and lines[1].split()[2] == "'vmt-t" and
         lines[-1].split()[2] == "*" and rows[-1][3] == "total",
         "--sort name: guests in name order, a name with a space shell-quoted, the shut off guest left out, the "
         "totals line last (GUEST *, STATE total)", out)
    t.ok(all(RFC3339.match(r[0]) and r[1] == uri for r in rows) and len({r[0] for r in rows}) == 1,
         "TIME is RFC 3339, the same on every line of a sample; HOST is the URI as given", out)
    t.ok(all(r[3] == "running" for r in rows[:-1]) and all(v == "-" for r in rows for v in r[4:]),
         "states as vmctl names them; the test driver's unknown figures are '-'", out)
    # --once: a base sample, the reported one after min(interval, 1 s)
    t.ok(1.0 <= took < 30, "--once --interval 2 (default) reports after 1 s, not 2 (%.2f s)" % took)

    rc, out, err = run(["-c", uri, "top", "--count", "2", "--interval", "1"])
    lines = out.decode().splitlines()
    t.ok(rc == 0 and lines.count(HEAD) == 1 and len(lines) == 1 + 2 * 5,
         "--count 2: one heading per run, then two samples of 5 lines", out + err)
    stamps = sorted({l.split()[0] for l in lines[1:]})
    t.ok(len(stamps) == 2, "the two samples carry two times", out)


def jsonl(t, uri):
    rc, out, err = run(["-c", uri, "-o", "json", "top", "--count", "2", "--interval", "1", "--sort", "name"])
    docs = [json.loads(l) for l in out.decode().splitlines()]
    t.ok(rc == 0 and err == b"" and len(docs) == 2, "-o json --count 2: two JSON objects, one a line", out + err)
    d = docs[0] if docs else {}
    t.ok(d.get("schema_version") == 1 and RFC3339.match(d.get("time", "")) and d.get("host") == uri and
         d.get("backend") == "libvirt", "schema_version 1, time RFC 3339, host, backend", out)
    t.ok(len(docs) == 2 and 0.5 <= docs[0]["interval"] <= 30 and 0.5 <= docs[1]["interval"] <= 30,
         "interval: the seconds between the two samples of each report", out)
    g = d.get("guests", [])
    t.ok([x["name"] for x in g] == ["vmt-t b", 'vmt-t"q\\', "vmt-ta", "vmt-tc"] and
         all(set(x) == {"name", "state", "cpu_time"} | set(FIGURES) for x in g) and
         all(x[k] is None for x in g for k in FIGURES + ["cpu_time"]),
         "guests: name (a quote and a backslash escaped), state, cpu_time and the figures (null when unknown)", out)
    tot = d.get("totals", {})
    t.ok(tot.get("guests") == 4 and set(tot) == {"guests"} | set(FIGURES), "totals: guests and the figures", out)
    rc, out, err = run(["-o", "json", "-c", U, "top", "--once"])
    docs = [json.loads(l) for l in out.decode().splitlines()]
    t.ok(rc == 0 and len(docs) == 1 and docs[0]["host"] == U and [x["name"] for x in docs[0]["guests"]] == ["test"],
         "-o json top --once on test:///default: one object", out + err)


def bad_input(t):
    for argv, what in ((["top", "--interval", "0"], "--interval"), (["top", "--count", "0"], "--count"),
                       (["top", "--interval", "3601"], "--interval"), (["top", "--sort", "disk"], "--sort"),
                       (["top", "--once", "--count", "2"], "--once"), (["top", "g1"], "")):
        rc, out, err = run(["-c", U] + argv)
        t.ok(rc == 2 and out == b"" and one_line_error(err) and what.encode() in err,
             "%s: exit 2, one line" % " ".join(argv), err)
    rc, out, err = run(["-c", U, "-f", "-"], stdin=b"top --interval 1\n")
    t.ok(rc == 2 and one_line_error(err) and b"--once or --count" in err and out == b"",
         "a batch with top (no --once or --count): exit 2, nothing printed", out + err)
    rc, out, err = run(["-c", U, "-f", "-"], stdin=b"top --once\ntop --count 1\n")
    t.ok(rc == 0 and out.decode().count(HEAD) == 2, "a batch with top --once and top --count 1: both run", out + err)


def libs_loaded(prefix):
    """The libraries LD_DEBUG=libs saw opened, from its files prefix.PID."""
    text = ""
    for p in glob.glob(prefix + ".*"):
        with open(p, errors="replace") as f:
            text += f.read()
    return text


def modules(t, tmp):
    rc, out, _ = run(["--version"])
    for name, argv in (("explain", ["--explain", "top"]), ("list", ["-c", U, "list"]),
                       ("top --once", ["-c", U, "top", "--once"]), ("-o json top", ["-c", U, "-o", "json", "top", "--count", "1"])):
        prefix = os.path.join(tmp, "ld-" + name.replace(" ", "_"))
        rc, out, err = run(argv, env={"LD_DEBUG": "libs", "LD_DEBUG_OUTPUT": prefix})
        seen = libs_loaded(prefix)
        t.ok(rc == 0 and seen and "ncurses" not in seen and "vmctl-top" not in seen,
             "%s off a terminal loads neither ncurses nor vmctl-top.so" % name, err)


def screen(t, uri, tmp):
    prefix = os.path.join(tmp, "ld-screen")
    # --interval 3600: after the first screen (1 s) nothing is redrawn but
    # for the window change and the keys, so no periodic refresh (sort mark
    # still on CPU%) can land between the 's' and the check of its redraw
    p = Pty([VMCTL, "-c", uri, "top", "--interval", "3600", "--sort", "cpu"],
            {"TERM": "xterm", "LD_DEBUG": "libs", "LD_DEBUG_OUTPUT": prefix})
    guard = time.monotonic() + 30
    drawn = p.read_until(lambda b: b"vmt-tc" in b and b"q quit" in b and b"*CPU%" in b, 15)
    t.ok(drawn, "the screen shows the guests, the sort mark on CPU% and the help line", p.buf[-1500:])
    # the help line is drawn on the last row: \e[24d or \e[24;1H at 24 rows
    t.ok(re.search(rb"\x1b\[24(d|;1H).{0,24}q quit", p.buf, re.S) is not None, "the help line on row 24 of 24", p.buf[-800:])
    p.buf = b""
    p.size(30, 100)
    os.kill(p.pid, signal.SIGWINCH)
    resized = p.read_until(lambda b: re.search(rb"\x1b\[30(d|;1H).{0,24}q quit", b, re.S) is not None, 10)
    t.ok(resized, "after TIOCSWINSZ 30x100 and SIGWINCH the help line is redrawn on row 30", p.buf[-800:])
    p.buf = b""
    os.write(p.fd, b"s")
    # the last sort mark drawn is not CPU%'s (a redraw of the window change
    # may still arrive first, with the mark on CPU%)
    moved = p.read_until(lambda b: b.rfind(b"*") > b.rfind(b"*CPU%"), 10)
    t.ok(moved, "'s' moves the sort mark off CPU% (to memory)", p.buf[-800:])
    os.write(p.fd, b"q")
    rc = p.wait(max(1, guard - time.monotonic()))
    t.ok(rc == 0, "'q' quits with exit 0 within the 30 s guard (exit %s)" % rc, p.buf[-800:])
    seen = libs_loaded(prefix)
    t.ok("vmctl-top.so" in seen and "libncursesw" in seen, "top on a terminal loads vmctl-top.so and ncurses")

    # SIGTERM ends the screen at once, exit 0
    p = Pty([VMCTL, "-c", uri, "top", "--interval", "3600"], {"TERM": "xterm"})
    p.read_until(lambda b: b"q quit" in b, 15)
    t0 = time.monotonic()
    os.kill(p.pid, signal.SIGTERM)
    rc = p.wait(30)
    t.ok(rc == 0 and time.monotonic() - t0 < 10, "SIGTERM during a 3600 s interval ends it at once, exit 0 (%s)" % rc,
         p.buf[-500:])
    # the terminal is given back: the alternate screen left
    t.ok(b"\x1b[?1049l" in p.buf, "the terminal is restored (alternate screen left)", p.buf[-300:])


def main():
    t = Tap()
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="top20 ") as tmp:
        uri = node_file(tmp)
        plain(t, uri)
        jsonl(t, uri)
        bad_input(t)
        modules(t, tmp)
        screen(t, uri, tmp)
    print("# top cli suite: %.1f s" % (time.monotonic() - t0))
    t.done()


if __name__ == "__main__":
    main()
