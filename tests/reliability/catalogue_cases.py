"""The bad-input catalogue (run by catalogue.py): cases that
tests/cli/bad_input.py does not already hold.

Each case: argv (str or bytes; "{U}" is the libvirt test driver's URI over
the node of catalogue.py, with a guest g1 that has a cdrom hdc, and guests
named "-x" and "42"; "{T}" the fixture directory), the exit code, a
substring of the one-line message on stderr, and optional keys:
  env     extra environment ("{T}" expanded)
  stdin   bytes on standard input
  out     True: the contract prints on stdout here (exit 0 cases)
  check   "dash": the --explain JSON must keep the leading-'-' guest out
          of every native tool's option parser (see catalogue.py)
  bug     a known vmctl bug (tests/reliability/README.md): the case is
          reported as TODO and does not fail the suite until it is fixed
  skip    a reason not to run the case here (a callable of no arguments)
  timeout seconds (default 20): a run that takes longer is a hang

All-digit names, per backend (documented by the cases marked "digits"):
libvirt looks an all-digit operand up as a domain id first, then as a UUID,
then as a name (as virsh does); xen takes it as a domid (as xl does); lxc
and openvz take it as a name (a container name / CTID)."""
import os

LONG = "a" * 256
MAX = "a" * 255
E = "invalid guest name"
XEN_HERE = os.path.exists("/proc/xen/capabilities")


def no_module(name):
    """A reason to skip when the backend module is not built beside $VMCTL."""
    d = os.environ.get("VMCTL_MODULE_DIR") or os.path.join(
        os.path.dirname(os.path.realpath(os.environ.get("VMCTL", "vmctl"))), "modules")
    return None if os.path.exists(os.path.join(d, "vmctl-%s.so" % name)) else "no %s module in %s" % (name, d)

CASES = [
    # --- names: empty, over-long, every verb that takes one ---
    dict(argv=["info", ""], rc=2, msg="invalid guest name '': it is empty"),
    dict(argv=["stop", ""], rc=2, msg="it is empty"),
    dict(argv=["kill", ""], rc=2, msg="it is empty"),
    dict(argv=["resume", ""], rc=2, msg="it is empty"),
    dict(argv=["reboot", ""], rc=2, msg="it is empty"),
    dict(argv=["console", ""], rc=2, msg="it is empty"),
    dict(argv=["start", ""], rc=2, msg="it is empty"),
    dict(argv=["save", "", "/tmp/x"], rc=2, msg="it is empty"),
    dict(argv=["restore", "/tmp/x", ""], rc=2, msg="it is empty"),
    dict(argv=["snapshot", "create", "g1", ""], rc=2, msg="invalid snapshot name '': it is empty"),
    dict(argv=["migrate", "", "h2"], rc=2, msg="it is empty"),
    dict(argv=["vcpu-set", "", "2"], rc=2, msg="it is empty"),
    dict(argv=["mem-set", "", "1G"], rc=2, msg="it is empty"),
    dict(argv=["cd-change", "", "hdc", "/a.iso"], rc=2, msg="it is empty"),
    dict(argv=["info", LONG], rc=2, msg="longer than 255 bytes"),
    dict(argv=["stop", LONG], rc=2, msg="longer than 255 bytes"),
    dict(argv=["snapshot", "create", "g1", LONG], rc=2, msg="invalid snapshot name"),
    dict(argv=["info", "a" * 100000], rc=2, msg="'aaaa"),  # message cut to 80 bytes
    dict(argv=["info", "\u00e9" * 128], rc=2, msg="longer than 255 bytes"),  # 256 bytes, 128 chars
    dict(argv=["--explain=virsh", "info", MAX], rc=0, msg="", out=True),  # 255 bytes: valid
    # --- control characters (the message shows them escaped) ---
    dict(argv=["info", "a\x01b"], rc=2, msg="'a\\x01b': control characters"),
    dict(argv=["info", "\x1b[2J"], rc=2, msg="'\\x1b[2J': control characters"),
    dict(argv=["info", "web\r"], rc=2, msg="'web\\x0d'"),
    dict(argv=["info", "\n"], rc=2, msg="control characters"),
    dict(argv=["snapshot", "create", "g1", "s\x7f"], rc=2, msg="invalid snapshot name"),
    dict(argv=["save", "g1", "/tmp/a\x1bb"], rc=2, msg="invalid PATH"),
    dict(argv=["start", "--from", "/tmp/a\nb"], rc=2, msg="invalid CONFIG"),
    dict(argv=["-P", "/var/lib/\x01lxc", "list"], rc=2, msg="invalid lxcpath"),
    # --- invalid UTF-8 ---
    dict(argv=["info", b"\x80"], rc=2, msg="not valid UTF-8"),
    dict(argv=["info", b"a\xe2\x82"], rc=2, msg="not valid UTF-8"),
    dict(argv=["info", b"\xe0\x80\xaf"], rc=2, msg="not valid UTF-8"),
    dict(argv=["info", b"\xf4\x90\x80\x80"], rc=2, msg="not valid UTF-8"),
    dict(argv=["info", b"\xf5\x80\x80\x80"], rc=2, msg="'\\xf5\\x80\\x80\\x80'"),
    dict(argv=["snapshot", "create", "g1", b"\xc3"], rc=2, msg="not valid UTF-8"),
    dict(argv=["--explain=virsh", "info", "\U0010ffff\u00e9"], rc=0, msg="", out=True),
    # --- '/' ---
    dict(argv=["info", "/"], rc=2, msg="'/' is not allowed"),
    dict(argv=["info", "a/"], rc=2, msg="'/' is not allowed"),
    dict(argv=["stop", "/etc/passwd"], rc=2, msg="'/' is not allowed"),
    dict(argv=["-c", "{U}", "info", ".."], rc=3, msg="no guest '..'"),
    # --- all-digit names, per backend ("digits") ---
    dict(argv=["-c", "{U}", "info", "999"], rc=3, msg="no guest '999'"),
    dict(argv=["-c", "{U}", "info", "12345678901"], rc=3, msg="no guest '12345678901'"),
    dict(argv=["-c", "{U}", "info", "42"], rc=0, msg="", out=b"Name:        42\n"),  # id 42: none; name 42
    dict(argv=["-c", "{U}", "info", "2"], rc=0, msg="", out=b"Id:          2\n"),  # id 2 first
    dict(argv=["-b", "lxc", "-P", "{T}/lxc", "info", "123"], rc=3, msg="no container '123'",
         skip=lambda: no_module("lxc")),
    dict(argv=["-b", "xen", "info", "7"], rc=5, msg="Xen is not available",
         skip=lambda: no_module("xen") or (XEN_HERE and "on a Xen host: 3, no domain with id 7")),
    dict(argv=["--explain=xl", "-o", "json", "info", "7"], rc=0, msg="", out=b'"argv":["xl","list","-v","7"]'),
    # --- COUNT ---
    dict(argv=["vcpu-set", "g1", "00"], rc=2, msg="must be from 1 to 4096"),
    dict(argv=["vcpu-set", "g1", "4294967297"], rc=2, msg="must be from 1 to 4096"),  # 2^32+1
    dict(argv=["vcpu-set", "g1", "18446744073709551615"], rc=2, msg="must be from 1 to 4096"),
    dict(argv=["vcpu-set", "g1", "99999999999999999999999999999"], rc=2, msg="must be from 1 to 4096"),
    dict(argv=["vcpu-set", "g1", "+2"], rc=2, msg="invalid COUNT '+2'"),
    dict(argv=["vcpu-set", "g1", "2 "], rc=2, msg="invalid COUNT '2 '"),
    dict(argv=["vcpu-set", "g1", "\t2"], rc=2, msg="invalid COUNT '\\x092'"),
    dict(argv=["vcpu-set", "g1", "2X"], rc=2, msg="expected a decimal number"),
    dict(argv=["vcpu-set", "g1", ""], rc=2, msg="invalid COUNT ''"),
    dict(argv=["vcpu-set", "g1", "\uff12"], rc=2, msg="expected a decimal number"),  # fullwidth 2
    dict(argv=["vcpu-set", "g1", "1_000"], rc=2, msg="expected a decimal number"),
    dict(argv=["vcpu-set", "g1", "--", "-0"], rc=2, msg="invalid COUNT '-0'"),
    dict(argv=["--explain=virsh", "vcpu-set", "g1", "0004"], rc=0, msg="", out=b"setvcpus"),
    # --- SIZE ---
    dict(argv=["mem-set", "g1", "1KB"], rc=2, msg="decimal units are ambiguous"),
    dict(argv=["mem-set", "g1", "1B"], rc=2, msg="decimal units are ambiguous"),
    dict(argv=["mem-set", "g1", "1eb"], rc=2, msg="decimal units are ambiguous"),
    dict(argv=["mem-set", "g1", "1P"], rc=2, msg="unknown unit"),
    dict(argv=["mem-set", "g1", "1Ki"], rc=2, msg="unknown unit"),
    dict(argv=["mem-set", "g1", "512 M"], rc=2, msg="unknown unit"),
    dict(argv=["mem-set", "g1", "1e3M"], rc=2, msg="unknown unit"),
    dict(argv=["mem-set", "g1", "0x10M"], rc=2, msg="unknown unit"),
    dict(argv=["mem-set", "g1", "--", "-1M"], rc=2, msg="invalid SIZE '-1M'"),
    dict(argv=["mem-set", "g1", "0M"], rc=2, msg="at least 1 KiB"),
    dict(argv=["mem-set", "g1", "17179869185G"], rc=2, msg="larger than 16 EiB"),
    dict(argv=["mem-set", "g1", "18446744073709551616K"], rc=2, msg="larger than 16 EiB"),
    dict(argv=["mem-set", "g1", "18014398509481985"], rc=2, msg="larger than 16 EiB"),  # 2^54+1 KiB
    dict(argv=["mem-set", "g1", ""], rc=2, msg="invalid SIZE ''"),
    dict(argv=["--explain=virsh", "mem-set", "g1", "16777216T"], rc=0, msg="", out=b"16777216T"),  # 16 EiB
    # --- ISO and save files (libvirt test driver) ---
    dict(argv=["-c", "{U}", "cd-change", "g1", "hdc", "{T}/missing.iso"], rc=2,
         msg="cannot use ISO '{T}/missing.iso': No such file or directory"),
    dict(argv=["-c", "{U}", "cd-change", "g1", "hdc", "{T}/isodir"], rc=2, msg="it is a directory"),
    dict(argv=["-c", "{U}", "cd-change", "g1", "hdc", "{T}/isodir/"], rc=2, msg="it is a directory"),
    dict(argv=["-c", "{U}", "restore", "{T}/missing.sav"], rc=1, msg="cannot restore from '{T}/missing.sav'"),
    dict(argv=["-c", "{U}", "restore", "{T}/garbage.sav"], rc=1, msg="cannot restore from '{T}/garbage.sav'"),
    dict(argv=["-c", "{U}", "restore", "{T}/empty.sav"], rc=1, msg="cannot restore from"),
    dict(argv=["-c", "{U}", "restore", "{T}/isodir"], rc=1, msg="cannot restore from '{T}/isodir'"),
    dict(argv=["-c", "{U}", "restore", "{T}/fifo"], rc=2, msg="not a regular file", timeout=5),
    # --- configuration files ---
    dict(argv=["--explain", "pause", "a"], rc=2, msg="{T}/garbage.conf:2: expected 'key = value'",
         env={"VMCTL_SYSTEM_CONFIG": "{T}/garbage.conf"}),
    dict(argv=["--explain", "pause", "a"], rc=2, msg="{T}/binary.conf:1:", env={"VMCTL_SYSTEM_CONFIG": "{T}/binary.conf"}),
    dict(argv=["--explain", "pause", "a"], rc=2, msg="{T}/garbage2.conf:1:", env={"VMCTL_SYSTEM_CONFIG": "{T}/garbage2.conf"}),
    dict(argv=["--explain", "pause", "a"], rc=2, msg="unknown backend 'vmware'", env={"VMCTL_SYSTEM_CONFIG": "{T}/badbackend.conf"}),
    dict(argv=["--explain", "pause", "a"], rc=2, msg="invalid URI 'qemu:///system x'", env={"VMCTL_SYSTEM_CONFIG": "{T}/baduri.conf"}),
    dict(argv=["--explain", "pause", "a"], rc=2, msg="unknown key 'colour'", env={"XDG_CONFIG_HOME": "{T}/xdg1"}),
    dict(argv=["--explain", "pause", "a"], rc=2, msg="{T}/xdg2/vmctl/config:1: unknown key '\\xff\\xfe'",
         env={"XDG_CONFIG_HOME": "{T}/xdg2"}),
    dict(argv=["--explain", "pause", "a"], rc=2, msg="unknown backend 'foo'", env={"VMCTL_BACKEND": "foo"}),
    dict(argv=["--explain", "pause", "a"], rc=2, msg="cannot read {T}/isodir", env={"VMCTL_SYSTEM_CONFIG": "{T}/isodir"}),
    dict(argv=["--explain", "pause", "a"], rc=2, msg="not a regular file", env={"VMCTL_SYSTEM_CONFIG": "{T}/fifo"},
         timeout=5),
    # --- batch files ---
    dict(argv=["--explain", "-f", "-"], rc=2, msg="line 2: unterminated single quote", stdin=b"# one\n pause 'web\n"),
    dict(argv=["--explain", "-f", "-"], rc=2, msg="line 1: unterminated double quote", stdin=b'pause "web'),
    dict(argv=["--explain", "-f", "-"], rc=2, msg="line 1: a backslash ends the line", stdin=b"pause web\\\n"),
    dict(argv=["--explain", "-f", "-"], rc=2, msg="line 1: unknown option '-x'", stdin=b"pause -x\n"),
    dict(argv=["--explain", "-f", "-"], rc=2, msg="line 1: invalid guest name", stdin=b"pause 'a/b'\n"),
    dict(argv=["--explain", "-f", "{T}/missing.batch"], rc=2, msg="cannot open batch file '{T}/missing.batch'"),
    dict(argv=["--explain", "-f", "{T}/isodir"], rc=2, msg="{T}/isodir"),
    dict(argv=["--explain", "-f", "-", "pause", "a"], rc=2, msg="no verb goes on the command line"),
    # --- options after `--` are operands ---
    dict(argv=["list", "--", "--name"], rc=2, msg="too many operands for 'list' (from '--name' on)"),
    dict(argv=["stop", "--", "g1", "--force"], rc=2, msg="too many operands for 'stop' (from '--force' on)"),
    dict(argv=["-c", "{U}", "pause", "--", "--all"], rc=3, msg="no guest '--all'"),
    dict(argv=["-c", "{U}", "pause", "--", "--"], rc=3, msg="no guest '--'"),
    dict(argv=["--explain=virsh", "-o", "json", "pause", "--", "--help"], rc=0, msg="", out=b'"guest":"--help"'),
    dict(argv=["--explain=virsh", "-o", "json", "stop", "--", "--timeout=0"], rc=0, msg="", out=b'"guest":"--timeout=0"'),
    dict(argv=["-c", "{U}", "--", "list"], rc=0, msg="", out=True),  # `--` ends the global options
    # --- a leading '-' name stays harmless ---
    dict(argv=["pause", "--x"], rc=2, msg="unknown option '--x'"),
    dict(argv=["-c", "{U}", "info", "--", "-x"], rc=0, msg="", out=b"Name:        -x\n"),
    dict(argv=["-c", "{U}", "-r", "stop", "--", "-x"], rc=2, msg="refused by --readonly"),
] + [
    dict(argv=["--explain=all", "-o", "json"] + a, rc=0, msg="", out=True, check="dash")
    for a in (["info", "--", "-x"], ["start", "--", "-x"], ["stop", "--", "-x"], ["kill", "--", "-x"],
              ["pause", "--", "-x"], ["resume", "--", "-x"], ["reboot", "--", "-x"], ["console", "--", "-x"],
              ["vcpu-set", "--", "-x", "2"], ["mem-set", "--", "-x", "1G"],
              ["cd-change", "--", "-x", "hdc", "/a.iso"], ["cd-change", "--eject", "--", "-x", "hdc"],
              ["save", "--", "-x", "/tmp/s"], ["restore", "/tmp/s", "--", "-x"],
              ["snapshot", "create", "--", "-x", "-snap"], ["snapshot", "revert", "--", "-x", "-snap"],
              ["snapshot", "delete", "--", "-x", "-snap"], ["snapshot", "list", "--", "-x"],
              ["migrate", "--", "-x", "h2"], ["stop", "--", "--force"], ["kill", "--", "-rf"])
] + [
    # --- --hosts files ---
    dict(argv=["--hosts", "{T}/missing.hosts", "list"], rc=2, msg="cannot read hosts file '{T}/missing.hosts'"),
    dict(argv=["--hosts", "{T}/empty.hosts", "list"], rc=2, msg="names no host"),
    dict(argv=["--hosts", "{T}/space.hosts", "list"], rc=2, msg="{T}/space.hosts:2: invalid URI"),
    dict(argv=["--hosts", "{T}/ctl.hosts", "list"], rc=2, msg="{T}/ctl.hosts:1: invalid URI"),
    dict(argv=["--hosts", "{T}/isodir", "list"], rc=2, msg="cannot read hosts file"),
    dict(argv=["--hosts", "", "list"], rc=2, msg="invalid hosts file ''"),
    # --- -c with spaces and other junk ---
    dict(argv=["-c", " test:///default", "list"], rc=2, msg="invalid URI ' test:///default'"),
    dict(argv=["-c", "test:///default ", "list"], rc=2, msg="spaces and control characters"),
    dict(argv=["-c", "test:///default\n", "list"], rc=2, msg="'test:///default\\x0a'"),
    dict(argv=["-c", "u" * 4097, "list"], rc=2, msg="longer than 4096 bytes"),
    # --- huge --parallel ---
    dict(argv=["stop", "--all", "--parallel", "99999"], rc=2, msg="from 1 to 64"),
    dict(argv=["stop", "--all", "--parallel", "18446744073709551617"], rc=2, msg="from 1 to 64"),
    dict(argv=["stop", "--all", "--parallel", "4294967297"], rc=2, msg="from 1 to 64"),
    dict(argv=["stop", "--all", "--parallel", "65"], rc=2, msg="from 1 to 64"),
    dict(argv=["stop", "--all", "--parallel=0"], rc=2, msg="invalid --parallel '0'"),
    dict(argv=["stop", "--all", "--parallel", "1e2"], rc=2, msg="invalid --parallel '1e2'"),
    dict(argv=["stop", "--parallel", "4", "g1"], rc=2, msg="--parallel goes with --all"),
    dict(argv=["--parallel", "4", "stop", "--all"], rc=2, msg="global options go before the verb"),
    # --- other option values ---
    dict(argv=["stop", "--timeout", "99999999999999999999", "g1"], rc=2, msg="from 0 to 86400"),
    dict(argv=["stop", "--timeout", "4294967296", "g1"], rc=2, msg="from 0 to 86400"),
    dict(argv=["-f", "", "list"], rc=2, msg="invalid batch file ''"),
    dict(argv=["-P", "", "list"], rc=2, msg="invalid lxcpath ''"),
    dict(argv=["migrate", "g1", "-h2"], rc=2, msg="unknown option '-h2'"),
    dict(argv=["stop", "-hx"], rc=2, msg="unknown option '-hx'"),
    dict(argv=["stop", "-xh"], rc=2, msg="unknown option '-xh'"),
    dict(argv=["migrate", "g1", "--", "-oProxyCommand=x"], rc=2, msg="invalid DEST"),
    dict(argv=["cd-change", "g1", "--", "-hdc", "/a.iso"], rc=2, msg="invalid DEVICE '-hdc'"),
    dict(argv=["cd-change", "g1", "x" * 33, "/a.iso"], rc=2, msg="invalid DEVICE"),
]
