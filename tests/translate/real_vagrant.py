#!/usr/bin/env python3
"""Every distinct vagrant line vmctl prints, run once through the real
vagrant (Debian 12's 2.3, no provider plugin): the lines of every explain
case x name variant (--explain=vagrant) and of the vagrant translate cases
(translate/cases_vagrant.py, shown with --explain=vagrant).

Each runs with VAGRANT_CHECKPOINT_DISABLE=1 (no call to the network),
VAGRANT_HOME in a temporary directory, in a temporary directory whose
Vagrantfile defines every machine the lines name.  With no provider
installed, vagrant's "No usable default provider" error (exit 1) is what a
line that reached its machine gets; global-status, which needs no machine,
exits 0.  An option-parser error (an invalid option, a usage text) or a
machine "not found" is a failure.  No shell: argv lists, the explain lines
split with shlex as a shell would.  Two vagrant processes at a time.
Without vagrant: skipped (exit 77), a failure when CI is set."""
import concurrent.futures
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "explain"))
from cases import CASES as EXPLAIN_CASES, expand, variants  # noqa: E402
from vmtest import Tap, is_ci, run  # noqa: E402

import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location("cases_vagrant", os.path.join(HERE, "cases_vagrant.py"))
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
TRANSLATE_CASES = _mod.CASES

# Every machine name the lines use (a missing one shows as "not found").
# (100 and 101: the VMIDs of the qm and pct explain cases, cases_qm.py, cases_pct.py)
MACHINES = ["web1", "a b'c", "-x", "ct1", "db", "default", "100", "101"]

EXPECTED = ("No usable default provider", "could not be found")
PARSER_ERRORS = ("An invalid option was specified", "invalid option", "Usage: vagrant", "was not found configured")


def ruby_string(s):
    """A Ruby single-quoted string literal holding s exactly."""
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def vagrantfile():
    names = ", ".join(ruby_string(n) for n in MACHINES)
    return ('Vagrant.configure("2") do |config|\n'
            '  config.vm.box = "none"\n'
            '  [%s].each do |name|\n'
            '    config.vm.define name\n'
            '  end\n'
            'end\n' % names)


def explain_lines(t):
    """The vagrant lines of every explain case x name variant: one batch
    (-f -) for the cases a batch takes, the others one by one."""
    batch, single = [], []
    for case_id in EXPLAIN_CASES:
        glob, _ = EXPLAIN_CASES[case_id]
        if any(a.startswith("--explain") for a in glob):
            continue
        for _, name in variants(case_id):
            argv = expand(case_id, name)[1:]  # without --explain
            (single if glob else batch).append(argv)
    lines = []
    rc, out, err = run(["-q", "--explain=vagrant", "--keep-going", "-f", "-"],
                       stdin="".join(shlex.join(a) + "\n" for a in batch).encode())
    lines += out.decode(errors="surrogateescape").splitlines()
    refused = set()
    for msg in err.decode(errors="replace").splitlines():
        # "vmctl: line N: 'exec' does not run in a batch"
        if msg.startswith("vmctl: line ") and "does not run in a batch" in msg:
            refused.add(int(msg.split()[2].rstrip(":")))
        else:
            t.ok(False, "explain batch: " + msg)
    single += [batch[n - 1] for n in sorted(refused)]
    for argv in single:
        rc, out, err = run(["-q", "--explain=vagrant"] + argv)
        t.ok(rc in (0, 4) and not err, "explain %s" % shlex.join(argv), "exit %d %r" % (rc, err))
        lines += out.decode(errors="surrogateescape").splitlines()
    return [shlex.split(line) for line in lines if line and not line.startswith("#")]


def translate_lines(t):
    argvs = []
    for case_id, (argv, stdin) in TRANSLATE_CASES.items():
        rc, out, err = run(["-o", "json"] + argv, stdin=stdin)
        if rc != 0:
            continue  # translate's refusals are the golden files' business
        for c in json.loads(out)["commands"]:
            if c["vocabulary"] == "vagrant" and c["argv"]:
                argvs.append(c["argv"])
    t.ok(len(argvs) >= 20, "the translate cases give %d vagrant lines" % len(argvs))
    return argvs


def run_vagrant(argv, cwd, env):
    start = time.monotonic()
    p = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=600)
    return p.returncode, p.stdout.decode(errors="replace"), time.monotonic() - start


def main():
    t = Tap()
    vagrant = shutil.which("vagrant")
    if not vagrant:
        if is_ci():
            t.ok(False, "vagrant is installed (CI is set: apt-get install --no-install-recommends vagrant)")
            t.done()
        print("1..0 # SKIP vagrant is not installed")
        sys.exit(77)
    started = time.monotonic()
    seen, lines = set(), []
    for argv in explain_lines(t) + translate_lines(t):
        t_argv = tuple(argv)
        if t_argv not in seen:
            seen.add(t_argv)
            lines.append(argv)
    t.ok(all(a[0] == "vagrant" for a in lines), "every line is a vagrant command",
         [a for a in lines if a[0] != "vagrant"])
    t.ok(len(lines) >= 30, "%d distinct vagrant lines" % len(lines))
    with tempfile.TemporaryDirectory(prefix="vmctl-vagrant-") as tmp:
        home = os.path.join(tmp, "home")
        work = os.path.join(tmp, "project")
        os.makedirs(home)
        os.makedirs(work)
        with open(os.path.join(work, "Vagrantfile"), "w") as f:
            f.write(vagrantfile())
        env = {k: v for k, v in os.environ.items() if not k.startswith("VAGRANT_")}
        env.update(VAGRANT_CHECKPOINT_DISABLE="1", VAGRANT_HOME=home, HOME=tmp)
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda a: run_vagrant([vagrant] + a[1:], work, env), lines))
    slowest = 0.0
    for argv, (rc, out, secs) in zip(lines, results):
        slowest = max(slowest, secs)
        bad = [e for e in PARSER_ERRORS if e in out]
        if argv[1] == "global-status":
            good = rc == 0 and not bad
        else:
            good = rc == 1 and not bad and any(e in out for e in EXPECTED)
        t.ok(good, "%s: %s" % (shlex.join(argv), "parsed; no provider" if good else "exit %d" % rc),
             out[-1500:])
    print("# %d lines in %.1f s (slowest %.1f s)" % (len(lines), time.monotonic() - started, slowest))
    t.done()


if __name__ == "__main__":
    main()
