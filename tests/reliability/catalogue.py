#!/usr/bin/env python3
"""The catalogue of bad input (catalogue_cases.py) run
against the binary ($VMCTL).  Each case: the expected exit code; for an
error, exactly one line on stderr ("vmctl: ...") holding the expected
substring and nothing on stdout; for a success (where the contract prints),
the expected output and nothing on stderr; never a crash (a signal or a
sanitizer report) and never a hang (each run has a time limit).
A case marked with a known bug that still fails is "not ok ... # TODO" (TAP:
it does not fail the suite); once it passes it says so, so that the mark
can go.  The fixtures (a libvirt test-driver node, files and directories)
are made in a temporary directory; no host configuration is read."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from vmtest import VMCTL, one_line_error  # noqa: E402
from catalogue_cases import CASES  # noqa: E402

# time limits are multiplied by this (tests/valgrind/run.sh sets 10)
SCALE = float(os.environ.get("VMCTL_TEST_TIMEOUT_SCALE") or 1)

NODE = """<node>
<domain type='test'><name>g1</name><memory unit='MiB'>1024</memory><currentMemory unit='MiB'>1024</currentMemory>
<vcpu current='1'>4</vcpu><os><type arch='x86_64'>hvm</type></os>
<devices><disk type='file' device='cdrom'><source file='/nonexistent/cd1.iso'/><target dev='hdc' bus='ide'/><readonly/></disk></devices></domain>
<domain type='test'><name>a b</name><memory unit='MiB'>512</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>
<domain type='test'><name>-x</name><memory unit='MiB'>512</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>
<domain type='test'><name>42</name><memory unit='MiB'>512</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>
</node>
"""

FILES = {
    "garbage.conf": b"# a comment\nthis is not a config file\n",
    "binary.conf": b"\x00\x01\x02\xff\xfe garbage",
    "garbage2.conf": b"\x01\x02\xff\xfe garbage\x00\n",
    "badbackend.conf": b"backend = vmware\n",
    "baduri.conf": b"connect = qemu:///system x\n",
    "xdg1/vmctl/config": b"colour = red\n",
    "xdg2/vmctl/config": b"\xff\xfe = 1\n",
    "garbage.sav": b"this is not a libvirt save image\n",
    "empty.sav": b"",
    "empty.hosts": b"# no host\n\n   \n",
    "space.hosts": b"test:///default\nqemu:///system x\n",
    "ctl.hosts": b"a\x01b\n",
}


def fixtures(tmp):
    with open(os.path.join(tmp, "node.xml"), "w") as f:
        f.write(NODE)
    for name, data in FILES.items():
        path = os.path.join(tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    os.mkdir(os.path.join(tmp, "isodir"))
    os.mkdir(os.path.join(tmp, "lxc"))
    os.mkfifo(os.path.join(tmp, "fifo"))


def expand(x, tmp):
    uri = "test://" + tmp + "/node.xml"
    if isinstance(x, bytes):
        return x.replace(b"{T}", tmp.encode()).replace(b"{U}", uri.encode())
    return x.replace("{T}", tmp).replace("{U}", uri).encode("utf-8", "surrogateescape")


# Options of each native tool that take the next word as their value: a
# name there is read as a value, never as an option.  vzctl reads its CTID
# by position (vzctl COMMAND CTID [options]), vzmigrate its CTID after the
# destination, both before any option parsing.
# Options whose value is the next word whatever it starts with (getopt_long's
# required_argument): vzctl snapshot --name NAME, snapshot-switch/-delete --id UUID.
VALUE_OPTS = {"lxc-snapshot": {"-n", "-d", "-r"}, "vzctl": {"--name", "--id"}}
POSITIONAL = {"vzctl": 2, "vzmigrate": 2}


def dash_ok(doc):
    """Every leading-'-' name of the request (the guest; the snapshot cases
    use the name "-snap") is, in each native argv, after
    '--', the value of an option, or in its tool's positional slot."""
    names = [n for n in (doc.get("guest"), "-snap") if n and n.startswith("-")]
    bad = []
    for cmd in doc.get("commands", []):
        argv = cmd.get("argv") or []
        if not argv:
            continue
        tool = argv[0]
        vals = VALUE_OPTS.get(tool, {"-n"} if tool.startswith("lxc-") else set())
        for i, w in enumerate(argv[1:], 1):
            if not w.startswith("-") or w not in names:
                continue
            if "--" in argv[1:i] or argv[i - 1] in vals or POSITIONAL.get(tool) == i:
                continue
            bad.append(argv)
    return bad


def main():
    tmp = tempfile.mkdtemp(prefix="vmctl-catalogue-")
    fixtures(tmp)
    base_env = dict(os.environ)
    base_env.update({"VMCTL_SYSTEM_CONFIG": tmp + "/none.conf", "XDG_CONFIG_HOME": tmp + "/noxdg",
                     "VMCTL_BACKEND": "", "HOME": tmp})
    n = failed = todo = fixed = skipped = 0
    for case in CASES:
        n += 1
        argv = [expand(a, tmp) for a in case["argv"]]
        label = " ".join(repr(a.decode("utf-8", "replace"))[:40] for a in argv)
        skip = case.get("skip")
        reason = skip() if skip else None
        if reason:
            skipped += 1
            print("ok %d - %s # SKIP %s" % (n, label, reason))
            continue
        env = dict(base_env)
        for k, v in case.get("env", {}).items():
            env[k] = v.replace("{T}", tmp)
        code, want = case["rc"], expand(case["msg"], tmp)
        why = []
        try:
            p = subprocess.run([VMCTL] + argv, input=case.get("stdin", b""), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env, timeout=case.get("timeout", 20) * SCALE)
            rc, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired:
            rc, out, err = None, b"", b""
            why.append("hang: no exit within %ss" % (case.get("timeout", 20) * SCALE))
        if rc is not None:
            if rc < 0:
                why.append("killed by signal %d" % -rc)
            if rc != code:
                why.append("exit %s, expected %d" % (rc, code))
            if code != 0:
                if out:
                    why.append("stdout not empty")
                if not one_line_error(err):
                    why.append("stderr is not one line")
                if want not in err:
                    why.append("message lacks %r" % want)
            else:
                if err:
                    why.append("stderr not empty")
                exp = case.get("out")
                if exp is True and not out:
                    why.append("nothing on stdout")
                if isinstance(exp, bytes) and exp not in out:
                    why.append("stdout lacks %r" % exp)
                if case.get("check") == "dash":
                    try:
                        bad = dash_ok(json.loads(out))
                        if bad:
                            why.append("a '-' name where an option parser reads it: %r" % bad)
                    except ValueError:
                        why.append("stdout is not JSON")
        detail = "rc=%s stdout=%r stderr=%r" % (rc, out[:200], err[:300])
        bug = case.get("bug")
        if bug and why:
            todo += 1
            print("not ok %d - %s -> exit %d # TODO known bug %s: %s" % (n, label, code, bug, "; ".join(why)))
        elif bug:
            fixed += 1
            print("ok %d - %s -> exit %d (known bug %s is fixed: drop its mark)" % (n, label, code, bug))
        elif why:
            failed += 1
            print("not ok %d - %s -> exit %d, %r" % (n, label, code, want))
            print("#   " + "; ".join(why))
            print("#   " + detail)
        else:
            print("ok %d - %s -> exit %d, %r" % (n, label, code, want[:60]))
        sys.stdout.flush()
    shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % n)
    print("%d passed, %d failed" % (n - failed - todo - skipped, failed))
    print("# %d known bugs still failing (TODO), %d fixed, %d skipped" % (todo, fixed, skipped))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
