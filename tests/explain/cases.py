"""The explain cases: every verb (and its option variants) for the golden
files, the quoting test and the runs against real tools.  NAME stands for
the guest name; cases without NAME run once."""

# guest-name variants: plain, with a space and a quote, beginning with '-'
NAMES = {"plain": "web1", "quote": "a b'c", "dash": "-x"}

# id -> (global options, verb argv with "NAME")
CASES = {
    "list": ([], ["list"]),
    "list-name": ([], ["list", "--name"]),
    "info": ([], ["info", "--", "NAME"]),
    "start": ([], ["start", "--", "NAME"]),
    "start-paused": ([], ["start", "--paused", "--", "NAME"]),
    "start-console": ([], ["start", "--console", "--", "NAME"]),
    "start-from": ([], ["start", "--from", "/srv/vm/NAME.cfg"]),
    "stop": ([], ["stop", "--", "NAME"]),
    "stop-t0": ([], ["stop", "--timeout", "0", "--", "NAME"]),
    "stop-force": ([], ["stop", "--force", "--", "NAME"]),
    "stop-force-t0": ([], ["stop", "--force", "--timeout", "0", "--", "NAME"]),
    "kill": ([], ["kill", "--", "NAME"]),
    "reboot": ([], ["reboot", "--", "NAME"]),
    "pause": ([], ["pause", "--", "NAME"]),
    "resume": ([], ["resume", "--", "NAME"]),
    "vcpu-set": ([], ["vcpu-set", "--", "NAME", "2"]),
    "vcpu-set-1": ([], ["vcpu-set", "--", "NAME", "1"]),
    "vcpu-set-live": ([], ["vcpu-set", "--live", "--", "NAME", "2"]),
    "vcpu-set-config": ([], ["vcpu-set", "--config", "--", "NAME", "4"]),
    "vcpu-set-both": ([], ["vcpu-set", "--live", "--config", "--", "NAME", "2"]),
    "mem-set": ([], ["mem-set", "--", "NAME", "512M"]),
    "mem-set-kib": ([], ["mem-set", "--", "NAME", "1536"]),
    "mem-set-live": ([], ["mem-set", "--live", "--", "NAME", "1G"]),
    "mem-set-config": ([], ["mem-set", "--config", "--", "NAME", "2GiB"]),
    "mem-set-both": ([], ["mem-set", "--live", "--config", "--", "NAME", "1T"]),
    "cd-change": ([], ["cd-change", "--", "NAME", "hdc", "/iso/d.iso"]),
    "cd-change-space": ([], ["cd-change", "--", "NAME", "hdc", "/iso/my disc's.iso"]),
    "cd-change-dashiso": ([], ["cd-change", "--", "NAME", "hdc", "-d.iso"]),
    "cd-change-eject": ([], ["cd-change", "--eject", "--", "NAME", "hdc"]),
    "cd-change-path": ([], ["cd-change", "--", "NAME", "/iso/old.iso", "/iso/new.iso"]),
    "cd-change-sda": ([], ["cd-change", "--", "NAME", "sda", "/iso/d.iso"]),
    "console": ([], ["console", "--", "NAME"]),
    "save": ([], ["save", "--", "NAME", "/var/lib/vmctl/NAME.save"]),
    "restore": ([], ["restore", "--", "/var/lib/vmctl/NAME.save", "NAME"]),
    "restore-noguest": ([], ["restore", "/var/lib/vmctl/web1.save"]),
    "snapshot-create": ([], ["snapshot", "create", "--", "NAME"]),
    "snapshot-create-named": ([], ["snapshot", "create", "--", "NAME", "s1"]),
    "snapshot-create-dashname": ([], ["snapshot", "create", "--", "NAME", "-s 1"]),
    "snapshot-list": ([], ["snapshot", "list", "--", "NAME"]),
    "snapshot-revert": ([], ["snapshot", "revert", "--", "NAME", "s1"]),
    "snapshot-delete": ([], ["snapshot", "delete", "--", "NAME", "s1"]),
    "migrate": ([], ["migrate", "--", "NAME", "qemu+ssh://h2/system"]),
    "migrate-live-unsafe": ([], ["migrate", "--live", "--unsafe", "--", "NAME", "qemu+ssh://h2/system"]),
    "migrate-host": ([], ["migrate", "--live", "--", "NAME", "h2"]),
    "migrate-password": ([], ["migrate", "--", "NAME", "qemu+tcp://admin:s3cret@h2/system"]),
    "host": ([], ["host"]),
    "connect-password": (["-c", "qemu+ssh://admin:s3cret@h1/system"], ["pause", "--", "NAME"]),
    "lxcpath": (["-P", "/srv/lxc"], ["stop", "--", "NAME"]),
    "backend-xen": (["-b", "xen"], ["mem-set", "--", "NAME", "2048M"]),
    "backend-openvz": (["-b", "openvz"], ["save", "--", "NAME", "/dumps/NAME.dump"]),
    "vmctl-form": (["--explain=vmctl"], ["stop", "--force", "--timeout", "5", "--", "NAME"]),
}

# Cases kept in files of their own by subject (cases_<subject>.py, each a
# CASES dict of the same form), so that work on one vocabulary does not
# touch the others' lines.
import glob as _glob  # noqa: E402
import importlib.util as _ilu  # noqa: E402
import os as _os  # noqa: E402

for _path in sorted(_glob.glob(_os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "cases_*.py"))):
    _spec = _ilu.spec_from_file_location(_os.path.basename(_path)[:-3], _path)
    _mod = _ilu.module_from_spec(_spec)
    _spec.loader.exec_module(_mod)
    for _k, _v in _mod.CASES.items():
        assert _k not in CASES, "case %s defined twice" % _k
        CASES[_k] = _v


# A verb or sub-verb with no case of its own gets one from its row: its
# required operands, each with a sample of its kind, so that a new verb
# has golden files in every vocabulary (golden.py --update writes them)
# without a line here.  Write cases here for its options and for what the
# sample does not show.
SAMPLES = {"guest": "NAME", "name": "s1", "count": "2", "size": "512M", "path": "/srv/vm/NAME.img",
           "device": "vdb", "dest": "qemu+ssh://h2/system", "uri": "qemu+ssh://h2/system", "word": "x"}


def _derive():
    import sys as _sys
    _sys.path.insert(0, _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "..", "lib"))
    from vmtest import table
    for verb in table()["verbs"]:
        if not verb["explains"]:
            continue
        for words, row in [([verb["name"], s["name"]], s) for s in verb["subs"]] or [([verb["name"]], verb)]:
            if any(not glob and argv[:len(words)] == words for glob, argv in CASES.values()):
                continue
            ops = [o for o in row["operands"] if not o["optional"]]
            if any(o["kind"] not in SAMPLES and o["kind"] != "argv" for o in ops):
                continue  # raw words (translate): the verb needs a case written here
            dash = ["--"] if any(o["kind"] == "guest" for o in ops) else []
            argv = [w for o in ops for w in (["--", "uname", "-a"] if o["kind"] == "argv" else [SAMPLES[o["kind"]]])]
            CASES["-".join(words)] = ([], words + dash + argv)


_derive()


def expand(case_id, name):
    """The full vmctl argv (after the binary) of a case for one guest name."""
    glob, argv = CASES[case_id]
    sub = lambda a: a.replace("NAME", name)  # noqa: E731
    explain = [] if any(a.startswith("--explain") for a in glob) else ["--explain"]
    return explain + [sub(a) for a in glob] + [sub(a) for a in argv]


def variants(case_id):
    """The name variants a case runs with."""
    glob, argv = CASES[case_id]
    if any("NAME" in a for a in glob + argv):
        return list(NAMES.items())
    return [("plain", "web1")]
