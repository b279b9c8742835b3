#!/usr/bin/env python3
"""The round trip: every command line that --explain calls exact, in every
case of tests/explain/cases.py and every name variant, translated back by
`vmctl translate`, gives back the original request (compared as its vmctl
form), and shows that same line again in its own vocabulary.  The lines go
through one `translate -` run; every 25th also one by one, with the same answer.

A native line can be exact for two requests at once (xl vcpu-set says
nothing of --live); for those listed in SAME_LINE the translation must be
the request named there and still give back the line."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "explain"))
from cases import CASES, variants  # noqa: E402
from vmtest import Tap, run, translate_batch  # noqa: E402

# The backend a native tool acts on: translate writes it as -b in the vmctl form.
TOOL_BACKEND = {"xl": "xen", "lxc": "lxc", "vzctl": "openvz"}


def live(glob, argv):
    """--live added after the verb."""
    return glob, argv[:1] + ["--live"] + argv[1:]


def no_uri(glob, argv):
    """The request without its -c URI (a tool that has no libvirt URI)."""
    i = glob.index("-c")
    return glob[:i] + glob[i + 2:], argv


def bare_host(glob, argv):
    """qemu+ssh://h2/system is what vmctl means by the bare host h2."""
    return glob, argv[:-1] + ["h2"]


def define_from(path):
    """virsh define FILE: the spec is in FILE, which --explain writes out beside the line."""
    return lambda g, a: (g, ["create", "--from", path])


def live_no_uri(glob, argv):
    """--live, without the -c URI (a tool that has no libvirt URI and acts on the running guest)."""
    return live(*no_uri(glob, argv))


def no_lxcpath(glob, argv):
    """The request without its -P DIR (a tool that has no LXC path)."""
    i = glob.index("-P")
    return glob[:i] + glob[i + 2:], argv


def no_timeout(glob, argv):
    """The request without its --timeout SEC."""
    i = argv.index("--timeout")
    return glob, argv[:i] + argv[i + 2:]


# (case, vocabulary) -> (the request the line translates to, as a change of
# the case's (global options, verb argv); why).  Each is a line that
# --explain calls exact for two requests.
SAME_LINE = {
    ("vcpu-set", "xl"): (live, "xl vcpu-set changes the running domain only: --live"),
    ("vcpu-set-1", "xl"): (live, "xl vcpu-set changes the running domain only: --live"),
    ("mem-set", "xl"): (live, "xl mem-set changes the running domain only: --live"),
    ("mem-set-kib", "xl"): (live, "xl mem-set changes the running domain only: --live"),
    ("mem-set", "lxc"): (live, "lxc-cgroup changes the running container only: --live"),
    ("mem-set-kib", "lxc"): (live, "lxc-cgroup changes the running container only: --live"),
    ("mem-set", "qemu"): (live, "balloon changes the running guest only: --live"),
    ("stop-force-t0", "lxc"): (lambda g, a: (g, ["kill", "--", "NAME"]), "lxc-stop -k is vmctl kill"),
    ("restore", "xl"): (lambda g, a: (g, a[:-1]), "xl restore takes the guest's name from the saved file"),
    ("restore", "virsh"): (lambda g, a: (g, a[:-1]), "virsh restore takes the guest's name from the saved file"),
    ("migrate", "virsh"): (bare_host, "vmctl reads a bare host as qemu+ssh://HOST/system"),
    ("migrate-live-unsafe", "virsh"): (bare_host, "vmctl reads a bare host as qemu+ssh://HOST/system"),
    ("backend-xen", "xl"): (live, "xl mem-set changes the running domain only: --live"),
    ("connect-password", "xl"): (no_uri, "xl has no libvirt URI"),
    ("connect-password", "lxc"): (no_uri, "lxc-* have no libvirt URI"),
    ("create", "virsh"): (define_from("NAME.xml"), "the domain XML is in the file explain shows"),
    ("create-vm", "virsh"): (define_from("web1.xml"), "the domain XML is in the file explain shows"),
    ("create-kernel", "virsh"): (define_from("pv1.xml"), "the domain XML is in the file explain shows"),
    ("create-lxc-uri", "virsh"): (define_from("ct1.xml"), "the domain XML is in the file explain shows"),
    ("create-template", "lxc"): (lambda g, a: (g, ["create", "--template", "busybox", "101"]),
                                 "the limits are config items explain lists after lxc-create"),
    # devices (issue 18): xl, lxc-device and vzctl set without --save change the running guest only
    ("disk-detach", "xl"): (live, "xl block-detach changes the running domain only: --live"),
    ("nic-detach", "xl"): (live, "xl network-detach changes the running domain only: --live"),
    ("vcpu-pin", "xl"): (live, "xl vcpu-pin changes the running domain only: --live"),
    ("nic-attach-lxc-uri", "xl"): (live_no_uri, "xl has no libvirt URI and changes the running domain only"),
    ("disk-attach-lxc-uri", "lxc"): (live_no_uri, "lxc-device has no libvirt URI and changes the running container only"),
    ("disk-detach-dev", "lxc"): (no_timeout, "lxc-device del removes a device node at once: nothing to wait for"),
    ("disk-detach-dev", "vzctl"): (no_timeout, "--devnodes NAME:none removes a device node at once: nothing to wait for"),
    ("delete-force-storage", "lxc"): (lambda g, a: (g, ["delete", "--force", "web1"]),
                                      "lxc-destroy always deletes the rootfs: --storage adds nothing"),
    # watching and reaching in (issue 20): the tools that have no libvirt URI
    ("events-uri", "lxc"): (no_uri, "lxc-monitor has no libvirt URI"),
    ("top-uri", "xl"): (no_uri, "xentop has no libvirt URI"),
    ("top-lxcpath", "xl"): (no_lxcpath, "xl top has no LXC path"),
    ("exec-lxc-uri", "lxc"): (no_uri, "lxc-attach has no libvirt URI"),
    ("exec-lxc-uri", "vzctl"): (no_uri, "vzctl has no libvirt URI"),
    ("exec-lxc-uri-path", "lxc"): (no_uri, "lxc-attach has no libvirt URI"),
    ("exec-lxc-uri-path", "vzctl"): (no_uri, "vzctl has no libvirt URI"),
}


# Each second-wave vocabulary keeps its own (roundtrip_<vocab>.py: TOOL_BACKEND
# and SAME_LINE dicts of the same form), so that work on one does not touch another.
import glob as _glob  # noqa: E402
import importlib.util as _ilu  # noqa: E402

for _path in sorted(_glob.glob(os.path.join(HERE, "roundtrip_*.py"))):
    _spec = _ilu.spec_from_file_location(os.path.basename(_path)[:-3], _path)
    _mod = _ilu.module_from_spec(_spec)
    _spec.loader.exec_module(_mod)
    TOOL_BACKEND.update(getattr(_mod, "TOOL_BACKEND", {}))
    for _k, _v in getattr(_mod, "SAME_LINE", {}).items():
        assert _k not in SAME_LINE, "SAME_LINE %s defined twice" % (_k,)
        SAME_LINE[_k] = _v

# Proxmox's tools take numeric VMIDs only: every case with a guest is also
# tried with the guest 100 in these vocabularies.
VMID_VOCABS = "qm,pct"


def subst(words, name):
    return [w.replace("NAME", name) for w in words]


def vmctl_form(glob, argv, name, backend):
    """The vmctl vocabulary's argv of a request, with -b backend added when it has none."""
    glob = [g for g in glob if not g.startswith("--explain")]
    if backend and "-b" not in glob:
        glob = ["-b", backend] + glob
    rc, out, err = run(["-o", "json", "--explain=vmctl"] + subst(glob, name) + subst(argv, name))
    return json.loads(out)["commands"][0]["argv"] if rc == 0 else ("exit %d" % rc, err)


def by_vocabulary(doc):
    groups = {}
    for c in doc["commands"]:
        groups.setdefault(c["vocabulary"], []).append(c)
    return groups


def main():
    t = Tap()
    from cases import expand  # noqa: E402
    items = []
    for case_id in CASES:
        # a case that chooses its own vocabularies (--explain=LIST, or -b) keeps them
        own = any(a.startswith("--explain") or a == "-b" for a in CASES[case_id][0])
        vs = [(v, n, None if own else "all") for v, n in variants(case_id)]
        if len(vs) > 1 and not own:
            vs.append(("vmid", "100", VMID_VOCABS))
        for variant, name, vocabs in vs:
            argv = expand(case_id, name)
            rc, out, err = run(["-o", "json"] + (["--explain=" + vocabs] + argv[1:] if vocabs else argv))
            for vocab, cmds in by_vocabulary(json.loads(out)).items():
                if len(cmds) != 1 or cmds[0]["equivalence"] != "exact":
                    continue  # only one exact line translates back to its request
                items.append((case_id, variant, name, vocab, cmds[0]["argv"]))
    # one process translates them all: `translate -` answers each line as
    # translate does one by one (translate.golden checks one by one)
    answers, errs = translate_batch([item[4] for item in items], explain="all")
    docs = [doc for doc, _ in answers]
    forms = {}
    for (case_id, variant, name, vocab, line), doc in zip(items, docs):
        what = "%s.%s %s: %s" % (case_id, variant, vocab, " ".join(line))
        if not t.ok(doc is not None, what + " translates", errs.decode(errors="replace")):
            continue
        got = by_vocabulary(doc)
        change, why = SAME_LINE.get((case_id, vocab), (lambda g, a: (g, a), None))
        glob, argv = change(*CASES[case_id])
        key = (tuple(glob), tuple(argv), name, TOOL_BACKEND.get(vocab))
        if key not in forms:
            forms[key] = vmctl_form(glob, argv, name, TOOL_BACKEND.get(vocab))
        want = forms[key]
        t.ok(got["vmctl"][0]["argv"] == want,
             what + (" gives back the request" if not why else " gives %s (%s)" % (" ".join(want), why)),
             "got %s\nwant %s" % (got["vmctl"][0]["argv"], want))
        again = [c["argv"] for c in got.get(vocab, [])]
        t.ok(again == [line], what + " is shown again in " + vocab, "got %s" % again)
    t.ok(errs == b"", "translate - wrote nothing on stderr", errs.decode(errors="replace")[:2000])
    # every 25th line one by one too: the same document but for "line"
    differ = []
    for (case_id, variant, name, vocab, line), doc in list(zip(items, docs))[::25]:
        rc, out, err = run(["-o", "json", "--explain=all", "translate"] + line)
        one = json.loads(out) if rc == 0 and out else None
        if doc is None or one is None or err or dict(doc, line=None) != dict(one, line=None):
            differ.append((line, rc, err))
    t.ok(not differ, "%d lines translated one by one give the batch's answer" % len(items[::25]), differ[:5])
    t.done()


if __name__ == "__main__":
    main()
