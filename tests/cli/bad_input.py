#!/usr/bin/env python3
"""Bad input: exit 2 (or the documented code), exactly one line on stderr
that says what is wrong, nothing on stdout, no crash.  Each case runs both
with --explain (which must not act either) and without.  Besides the cases
written here, every verb and sub-verb of the table (tools/dump-table.c) gets
its own from its row: an unknown option, one operand too many, and no
operands where it needs some, so a new verb needs no case here."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import Tap, one_line_error, run, table  # noqa: E402

LONG = "a" * 256
B = lambda s: s.encode("utf-8", "surrogateescape") if isinstance(s, str) else s  # noqa: E731

# (argv, expected exit, a substring the message must contain)
CASES = [
    # host resources: what their rows cannot say (issue 19)
    (["image-create", "/srv/img/a.qcow2", "100"], 2, "needs a unit K, M, G or T"),
    (["image-create", "/srv/img/a.qcow2", "0"], 2, "invalid SIZE '0'"),
    (["image-create", "/srv/img/a.qcow2", "1GB"], 2, "decimal units are ambiguous"),
    (["image-create", "/srv/img/a.qcow2"], 2, "missing SIZE (needed without --backing)"),
    (["image-create", "img/a.qcow2", "1G"], 2, "give an absolute path"),
    (["image-create", "/srv/img/../a.qcow2", "1G"], 2, "a '..' component is refused"),
    (["image-create", "--backing-format", "raw", "/srv/img/a.qcow2", "1G"], 2, "--backing-format goes with --backing"),
    (["image-create", "--format", "raw", "--backing", "/srv/b.img", "/srv/img/a.img"], 2, "a raw image has no backing file"),
    (["image-create", "--format", "vmdk", "/srv/img/a.vmdk", "1G"], 2, "vmdk"),
    (["image-resize", "/srv/img/a.qcow2", "5"], 2, "needs a unit"),
    (["pool-create", "p", "relative/dir"], 2, "give an absolute path"),
    (["net-create", "--dhcp", "n1"], 2, "--dhcp needs --subnet"),
    (["net-create", "--bridge", "a-bridge-name-too-long", "n1"], 2, "--bridge takes an interface name"),
    (["net-create", "--subnet", "10.0.0.0/31", "n1"], 2, "a prefix length from 8 to 30"),
    (["net-create", "--forward", "bridge", "n1"], 2, "--forward"),
    # a guest's definition: what the rows cannot say (issue 17)
    (["create", "--vcpus", "0", "g1"], 2, "COUNT"),
    (["create", "--memory", "512MB", "g1"], 2, "decimal units are ambiguous"),
    (["create", "--initrd", "/boot/initrd.img", "g1"], 2, "--initrd goes with --kernel"),
    (["create", "--from", "/srv/g1.xml", "--memory", "1G"], 2, "--from CONFIG goes with no --memory"),
    (["create", "--template", "busybox", "--kernel", "/boot/vmlinuz", "g1"], 2, "--template makes a container"),
    (["create", "--type", "pvh", "g1"], 2, "--type"),
    (["create"], 2, "missing NAME (or --from CONFIG)"),
    (["create", "a/b"], 2, "'/' is not allowed"),
    (["autostart", "g1", "yes"], 2, "expected on or off, not 'yes'"),
    (["rename", "g1", "a/b"], 2, "'/' is not allowed"),
    # watching and reaching in (issue 20)
    (["wait", "g1"], 2, "missing --state STATE"),
    (["wait", "--state", "up", "g1"], 2, "the states are running, paused, shutoff"),
    (["wait", "--state", "running", "--timeout", "-5", "g1"], 2, "invalid timeout '-5'"),
    (["wait", "--state", "running", "--timeout", "86401", "g1"], 2, "from 0 to 86400 seconds"),
    (["wait", "--state", "running", "--timeout", "1e9", "g1"], 2, "invalid timeout '1e9'"),
    (["wait", "--state", "running"], 2, "missing GUEST"),
    (["events", "--count", "0"], 2, "--count"),
    (["events", "--timeout", "-1"], 2, "invalid timeout '-1'"),
    (["top", "--interval", "0"], 2, "--interval"),
    (["top", "--interval", "0.5"], 2, "--interval"),
    (["top", "--count", "0"], 2, "--count"),
    (["top", "--sort", "disk"], 2, "--sort"),
    (["top", "--once", "--count", "2"], 2, "--once goes without --count"),
    (["top", "g1"], 2, "too many operands"),
    (["exec", "g1"], 2, "missing operand"),
    (["exec", "g1", "--"], 2, "missing COMMAND"),
    (["exec", "g1", "ls", "-l"], 2, "COMMAND goes after '--'"),
    (["-o", "json", "exec", "g1", "--", "ls"], 2, "-o json does not apply"),
    (["-r", "exec", "g1", "--", "ls"], 2, "changes something: refused by --readonly"),
    ([], 2, "no verb given"),
    (["pasue", "web1"], 2, "did you mean 'pause'"),
    (["suspend", "web1"], 2, "did you mean 'pause'"),
    (["PAUSE", "web1"], 2, "unknown verb"),
    (["paus", "web1"], 2, "unknown verb"),
    (["pause"], 2, "missing GUEST"),
    (["pause", "a", "b"], 2, "too many operands"),
    (["pause", "-x"], 2, "vmctl pause -- '-x'"),
    (["pause", "--bogus", "web1"], 2, "unknown option '--bogus'"),
    (["pause", "web1", "-c", "test:///default"], 2, "unknown option '-c'"),
    (["-Z", "pause", "web1"], 2, "unknown option '-Z'"),
    (["--bogus", "pause", "web1"], 2, "unknown option '--bogus'"),
    (["-b", "vmware", "pause", "web1"], 2, "unknown backend 'vmware'"),
    (["-b"], 2, "needs a value"),
    (["host", "extra"], 2, "too many operands for 'host'"),
    (["translate"], 2, "missing NATIVE-COMMAND"),
    (["-o", "yaml", "list"], 2, "unknown output format 'yaml'"),
    (["--explain=bash", "pause", "web1"], 2, "unknown vocabulary 'bash'"),
    (["--explain=xl,", "pause", "web1"], 2, "unknown vocabulary ''"),
    (["--explain", "xl", "pause", "web1"], 2, "--explain=xl"),
    (["pause", ""], 2, "it is empty"),
    (["pause", LONG], 2, "longer than 255 bytes"),
    (["pause", "a/b"], 2, "'/' is not allowed"),
    (["pause", "a\nb"], 2, "control characters"),
    (["pause", "a\tb"], 2, "control characters"),
    (["pause", "a\x7fb"], 2, "control characters"),
    (["pause", b"\xff\xfe"], 2, "not valid UTF-8"),
    (["pause", b"\xc0\xaf"], 2, "not valid UTF-8"),
    (["pause", b"\xed\xa0\x80"], 2, "not valid UTF-8"),
    (["vcpu-set", "web1", "0"], 2, "from 1 to 4096"),
    (["vcpu-set", "web1", "4097"], 2, "from 1 to 4096"),
    (["vcpu-set", "web1", "--", "-1"], 2, "invalid COUNT '-1'"),
    (["vcpu-set", "web1", "18446744073709551616"], 2, "from 1 to 4096"),
    (["vcpu-set", "web1", "2x"], 2, "invalid COUNT '2x'"),
    (["vcpu-set", "web1", " 2"], 2, "invalid COUNT ' 2'"),
    (["vcpu-set", "web1", "1e3"], 2, "invalid COUNT '1e3'"),
    (["vcpu-set", "web1", "0x10"], 2, "invalid COUNT '0x10'"),
    (["vcpu-set", "web1"], 2, "missing operand"),
    (["mem-set", "web1", "512MB"], 2, "binary unit"),
    (["mem-set", "web1", "1GB"], 2, "binary unit"),
    (["mem-set", "web1", "1.5G"], 2, "invalid SIZE '1.5G'"),
    (["mem-set", "web1", "12Q"], 2, "unknown unit"),
    (["mem-set", "web1", "0"], 2, "at least 1 KiB"),
    (["mem-set", "web1", "16777217T"], 2, "larger than 16 EiB"),
    (["mem-set", "web1", "99999999999999999999999"], 2, "larger than 16 EiB"),
    (["mem-set", "web1", "M"], 2, "invalid SIZE 'M'"),
    (["stop", "--timeout", "x", "web1"], 2, "invalid timeout 'x'"),
    (["stop", "--timeout", "-1", "web1"], 2, "invalid timeout '-1'"),
    (["stop", "--timeout", "86401", "web1"], 2, "from 0 to 86400"),
    (["stop", "--timeout"], 2, "needs a value"),
    (["start"], 2, "missing GUEST"),
    (["start", "--from", "/a.xml", "web1"], 2, "not both"),
    (["start", "--from", "", ], 2, "invalid CONFIG"),
    (["cd-change", "web1", "hdc"], 2, "missing ISO"),
    (["cd-change", "--eject", "web1", "hdc", "/a.iso"], 2, "no ISO"),
    (["cd-change", "web1", "hd c", "/a.iso"], 2, "invalid DEVICE"),
    (["cd-change", "web1", "hdc", ""], 2, "invalid ISO"),
    (["cd-change", "web1", "hdc", "/a\n.iso"], 2, "control characters"),
    (["save", "web1"], 2, "missing operand"),
    (["save", "web1", ""], 2, "invalid PATH"),
    (["restore"], 2, "missing"),
    (["snapshot", "web1"], 2, "missing"),
    (["snapshot", "make", "web1"], 2, "unknown snapshot action 'make'"),
    (["snapshot", "revert", "web1"], 2, "missing operand"),
    (["snapshot", "list", "web1", "s1"], 2, "too many operands"),
    (["snapshot", "create", "web1", "a/b"], 2, "invalid snapshot name"),
    (["migrate", "web1"], 2, "missing operand"),
    (["migrate", "web1", "a b"], 2, "invalid DEST"),
    (["migrate", "web1", "qemu+ssh://-oProxyCommand=x/system"], 2, "invalid DEST"),
    (["list", "extra"], 2, "too many operands"),
    (["list", "--bogus"], 2, "unknown option '--bogus'"),
    (["info"], 2, "missing GUEST"),
    (["restore"], 2, "missing PATH; usage: vmctl restore PATH [GUEST]"),
    (["help", "nope"], 2, "unknown verb 'nope'"),
    (["help", "a", "b"], 2, "too many operands"),
    (["-c", "", "list"], 2, "invalid URI"),
    (["-c", "test:///a b", "list"], 2, "invalid URI"),
    (["-r", "pause", "web1"], 2, "refused by --readonly"),
    (["--explain", "help"], 2, "--explain does not apply"),
]


def derived_cases():
    """(argv, exit, needle, explains) for every verb and sub-verb, from its row."""
    out = []
    for v in table()["verbs"]:
        rows = [([v["name"], s["name"]], s, 1) for s in v["subs"]] or [([v["name"]], v, 0)]
        for words, row, action in rows:
            who = " ".join(words)
            # an unknown option (translate reads a native command instead: its own message)
            needle = "'--no-such-option'" if v["name"] == "translate" else \
                "unknown option '--no-such-option' for '%s'" % who
            out.append((words + ["--no-such-option"], 2, needle, v["explains"]))
            # one operand too many (a sub-verb's arity counts its action word)
            if row["max"] >= 0:
                out.append((words + ["x"] * (row["max"] + 1 - action), 2, "too many operands", v["explains"]))
            # nothing where the row needs operands
            if row["min"] > action:
                out.append((words, 2, "missing", v["explains"]))
    return out


def main():
    t = Tap()
    for argv, code, needle, explains in [c + (True,) for c in CASES] + derived_cases():
        args = [B(a) for a in argv]
        label = " ".join(repr(a)[:40] for a in argv) or "(no arguments)"
        for explain in (False, True):
            # global-option cases and help already say what they must without --explain
            if explain and (not explains or not argv or argv[0].startswith("-") or argv[0] == "help"):
                continue
            full = ([b"--explain"] + args) if explain else args
            rc, out, err = run(full)
            good = rc == code and out == b"" and one_line_error(err) and B(needle) in err
            t.ok(good, "%s%s -> exit %d, %r" % ("--explain " if explain else "", label, code, needle),
                 "rc=%d stdout=%r stderr=%r" % (rc, out[:200], err[:300]))
    t.done()


if __name__ == "__main__":
    main()
