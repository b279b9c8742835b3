#!/usr/bin/env python3
"""Finding the guest wherever it lives, several hosts at once, bulk verbs,
defaults from VMCTL_BACKEND and the config file.  libvirt is its test
driver (LIBVIRT_DEFAULT_URI=test:///node.xml, one process = one state);
LXC is real containers made by the LXC suite's liblxc fixture (root)."""
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from bed import have, is_root, require  # noqa: E402
from vmtest import Tap, one_line_error, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def node_xml(names, running=True):
    doms = "".join("<domain type='test'><name>%s</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
                   "<os><type arch='x86_64'>hvm</type></os></domain>\n" % n for n in names)
    return "<node>\n" + doms + "</node>\n"


def main():
    t = Tap()
    require(t, is_root() and have("cc") and have("lxc-info"), "root, cc and lxc (for the LXC half)")
    tmp = tempfile.mkdtemp(prefix="vmctl-disc-")
    lxcpath = os.path.join(tmp, "lxc")
    os.makedirs(lxcpath)
    fixture = os.path.join(tmp, "fixture")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "lxc"], stdout=subprocess.PIPE, check=True).stdout.split()
    subprocess.run(["cc", "-O1", "-o", fixture, os.path.join(HERE, "..", "lxc", "fixture.c")] + [f.decode() for f in flags],
                   check=True)
    try:
        for name in ("lxonly", "dup"):
            subprocess.run([fixture, "create", lxcpath, name], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([fixture, "start", lxcpath, "lxonly", "dup"], check=True, stdout=subprocess.DEVNULL)
        body(t, tmp, lxcpath)
    finally:
        subprocess.run([fixture, "clean", lxcpath], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)
    t.done()


def body(t, tmp, lxcpath):
    node = os.path.join(tmp, "node.xml")
    with open(node, "w") as f:
        f.write(node_xml(["lvonly", "dup"]))
    node2 = os.path.join(tmp, "node2.xml")
    with open(node2, "w") as f:
        f.write(node_xml(["h2a", "h2b"]))
    empty_cfg = os.path.join(tmp, "cfg-empty")
    os.makedirs(empty_cfg)
    env = {"LIBVIRT_DEFAULT_URI": "test://" + node, "XDG_CONFIG_HOME": empty_cfg,
           "VMCTL_SYSTEM_CONFIG": os.path.join(tmp, "no-system.conf")}
    down = dict(env, LIBVIRT_DEFAULT_URI="qemu+unix:///system?socket=%s/nosock" % tmp)
    P = ["-P", lxcpath]

    def vm(args, e=env, **kw):
        return run(P + args, env=e, **kw)

    # found in exactly one backend: act there
    rc, out, err = vm(["-o", "json", "info", "lvonly"])
    t.ok(rc == 0 and json.loads(out)["backend"] == "libvirt", "a guest only in libvirt is found there", out + err)
    rc, out, err = vm(["-o", "json", "info", "lxonly"])
    t.ok(rc == 0 and json.loads(out)["backend"] == "lxc" and json.loads(out)["state"] == "running",
         "a container only in LXC is found there", out + err)
    rc, out, err = vm(["pause", "lxonly"])
    st = subprocess.run(["lxc-info", "-P", lxcpath, "-n", "lxonly", "-s"], stdout=subprocess.PIPE).stdout
    t.ok(rc == 0 and b"FROZEN" in st, "pause without -b acts on the one backend that has it (lxc-info: FROZEN)", err + st)
    vm(["resume", "lxonly"])
    # in both: exit 2 with the candidates
    rc, out, err = vm(["info", "dup"])
    t.ok(rc == 2 and one_line_error(err) and b"-b libvirt" in err and b"-b lxc" in err,
         "a guest in two backends: exit 2 naming the -b to choose", err)
    rc, out, err = vm(["-b", "lxc", "-o", "json", "info", "dup"])
    t.ok(rc == 0 and json.loads(out)["backend"] == "lxc", "-b chooses", err)
    # in none: exit 3, saying where vmctl looked and what was unavailable
    rc, out, err = vm(["info", "nosuch"])
    t.ok(rc == 3 and one_line_error(err) and b"libvirt, lxc" in err and b"xen (this host is not a Xen dom0)" in err,
         "no such guest: exit 3 names the backends searched and the unavailable ones", err)
    # a backend unavailable: skipped, named only when the guest is found nowhere
    rc, out, err = vm(["info", "lxonly"], e=down)
    t.ok(rc == 0 and err == b"", "libvirt down: the container is still found, silently", err)
    rc, out, err = vm(["info", "nosuch"], e=down)
    t.ok(rc == 3 and b"unavailable: libvirt" in err and b"nosock" in err, "libvirt down and no guest: it is named", err)
    # no backend at all
    rc, out, err = vm(["info", "lvonly"], e=dict(env, VMCTL_MODULE_DIR=os.path.join(tmp, "nomods")))
    t.ok(rc == 5 and one_line_error(err) and b"no backend is available" in err, "no backend available: exit 5", err)
    # list merges every available backend, with a BACKEND column
    rc, out, err = vm(["list"])
    lines = out.decode().splitlines()
    t.ok(rc == 0 and lines and lines[0].split()[:2] == ["BACKEND", "ID"] and len(lines) == 5,
         "list without -b: every backend, BACKEND column", out + err)
    rc, out, err = vm(["-o", "json", "list"])
    got = sorted((g["backend"], g["name"]) for g in json.loads(out)["guests"])
    t.ok(rc == 0 and got == [("libvirt", "dup"), ("libvirt", "lvonly"), ("lxc", "dup"), ("lxc", "lxonly")],
         "list JSON: guests of both backends", out)

    # VMCTL_BACKEND and the config file set defaults; the command line wins
    rc, out, err = vm(["info", "lvonly"], e=dict(env, VMCTL_BACKEND="lxc"))
    t.ok(rc == 3 and b"no container 'lvonly'" in err, "VMCTL_BACKEND=lxc: no discovery", err)
    rc, out, err = vm(["-b", "libvirt", "info", "lvonly"], e=dict(env, VMCTL_BACKEND="lxc"))
    t.ok(rc == 0, "-b wins over VMCTL_BACKEND", err)
    cfg = os.path.join(tmp, "cfg")
    os.makedirs(os.path.join(cfg, "vmctl"))
    with open(os.path.join(cfg, "vmctl", "config"), "w") as f:
        f.write("# vmctl defaults\nbackend = libvirt\nconnect = test://%s\n\noutput = json\n" % node2)
    rc, out, err = vm(["info", "h2a"], e=dict(env, XDG_CONFIG_HOME=cfg))
    t.ok(rc == 0 and json.loads(out)["host"] == "test://" + node2, "the config file sets backend, connect, output", out + err)
    sysconf = os.path.join(tmp, "system.conf")
    with open(sysconf, "w") as f:
        f.write("backend = lxc\n")
    rc, out, err = vm(["info", "h2a"], e=dict(env, XDG_CONFIG_HOME=cfg, VMCTL_SYSTEM_CONFIG=sysconf))
    t.ok(rc == 0, "the user's file wins over the system's", err)
    with open(os.path.join(cfg, "vmctl", "config"), "w") as f:
        f.write("backend = libvirt\nthis is not a setting\n")
    rc, out, err = vm(["info", "h2a"], e=dict(env, XDG_CONFIG_HOME=cfg))
    t.ok(rc == 2 and one_line_error(err) and b"config:2: expected 'key = value'" in err, "a garbage config line: exit 2, file:line", err)
    with open(os.path.join(cfg, "vmctl", "config"), "w") as f:
        f.write("colour = blue\n")
    rc, out, err = vm(["info", "h2a"], e=dict(env, XDG_CONFIG_HOME=cfg))
    t.ok(rc == 2 and b"unknown key 'colour'" in err, "an unknown config key: exit 2", err)
    rc, out, err = vm(["info", "x"], e=dict(env, VMCTL_BACKEND="vmware"))
    t.ok(rc == 2 and one_line_error(err) and b"VMCTL_BACKEND" in err, "a bad VMCTL_BACKEND: exit 2", err)

    # several hosts at once: list with a HOST column; a failing host is reported, others kept
    u1, u2 = "test://" + node, "test://" + node2
    bad = "qemu+tcp://admin:s3cret@127.0.0.1:1/system"
    rc, out, err = run(["-c", u1, "-c", u2, "list"], env=env)
    lines = out.decode().splitlines()
    t.ok(rc == 0 and lines[0].split()[:2] == ["HOST", "ID"] and len(lines) == 5, "two hosts: one list with HOST", out + err)
    rc, out, err = run(["-c", u1, "-c", bad, "-o", "json", "list"], env=env)
    doc = json.loads(out) if out else {}
    t.ok(rc == 6 and len(doc.get("guests", [])) == 2 and b"host qemu+tcp://admin@127.0.0.1:1/system" in err
         and b"s3cret" not in err + out, "one host down: exit 6, the other's guests, no password shown", out + err)
    rc, out, err = run(["-c", bad, "-c", "qemu+unix:///system?socket=%s/nosock" % tmp, "list"], env=env)
    t.ok(rc == 5 and b"every host failed" in err, "every host down: exit 5", err)
    hosts = os.path.join(tmp, "hosts")
    with open(hosts, "w") as f:
        f.write("# two test hosts\n%s\n\n%s\n" % (u1, u2))
    rc, out, err = run(["--hosts", hosts, "-o", "json", "info", "h2b"], env=env)
    doc = json.loads(out) if out else {}
    t.ok(rc == 0 and doc.get("name") == "h2b" and doc.get("host") == u2,
         "--hosts FILE: info finds the one host that has the guest", out + err)
    rc, out, err = run(["--hosts", hosts, "-f", "-"], env=env, stdin=b"pause h2b\ninfo h2b\n")
    t.ok(rc == 0 and re.search(rb"State: +paused", out) and b"Host:        " + u2.encode() in out,
         "a guest verb with several hosts acts on the one host that has the guest", out + err)
    rc, out, err = run(["--hosts", hosts, "pause", "nowhere"], env=env)
    t.ok(rc == 3 and one_line_error(err) and b"no guest 'nowhere' on any of the 2 hosts" in err,
         "a guest on no host: exit 3", err)
    rc, out, err = run(["-c", u1, "-c", u1, "pause", "lvonly"], env=env)
    t.ok(rc == 2 and one_line_error(err) and b"is on 2 hosts" in err, "a guest on two hosts: exit 2 naming them", err)

    # bulk: --all over both backends, per-guest lines, JSON, idempotent re-run
    rc, out, err = run(P + ["-f", "-"], env=env, stdin=b"pause --all\nlist\n")
    text = out.decode()
    t.ok(rc == 0 and "pause lvonly: done" in text and "pause lxonly: done" in text and text.count(": done") == 4,
         "pause --all: every running guest of every backend", text + err.decode())
    st = subprocess.run(["lxc-info", "-P", lxcpath, "-n", "dup", "-s"], stdout=subprocess.PIPE).stdout
    t.ok(b"FROZEN" in st, "lxc-info: the container is frozen", st)
    rc, out, err = run(P + ["-o", "json", "-f", "-"], env=env, stdin=b"pause --all\npause --all\n")
    docs = [json.loads(l) for l in out.splitlines()]
    t.ok(rc == 0 and docs[0]["verb"] == "pause" and {r["result"] for r in docs[0]["results"]} == {"done"}
         and docs[1]["results"] == [] and len(docs[0]["results"]) == 2,
         "bulk JSON results; a second --all finds nothing left to do (libvirt's state is per process)", out + err)
    rc, out, err = run(P + ["-o", "json", "resume", "--all", "--parallel", "4"], env=env)
    doc = json.loads(out)
    t.ok(rc == 0 and sorted(r["guest"] for r in doc["results"]) == ["dup", "lxonly"], "resume --all --parallel 4 (lxc)", out + err)
    rc, out, err = run(["-c", u1, "-c", u2, "-o", "json", "stop", "--all", "--timeout", "0"], env=env)
    doc = json.loads(out)
    t.ok(rc == 0 and len(doc["results"]) == 4 and all(r["host"] for r in doc["results"]), "stop --all over two hosts", out + err)
    rc, out, err = run(["-c", u1, "-c", bad, "-o", "json", "kill", "--all"], env=env)
    t.ok(rc == 6, "bulk with a host down: exit 6", err)


if __name__ == "__main__":
    main()
