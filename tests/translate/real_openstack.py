#!/usr/bin/env python3
"""Every distinct openstack line vmctl prints, read by the real client
(python-openstackclient 6.0, Debian 12's /usr/bin/openstack): the lines of
every explain case x name variant (and the VMID 100) with --explain=openstack,
and those of the openstack translate cases shown again with --explain=openstack.

The client runs with no OS_* variable and no clouds.yaml (HOME,
XDG_CONFIG_HOME and the working directory are an empty temporary
directory).  cliff 4.0's App.run_subcommand (cliff/app.py) authenticates
(prepare_to_run_command) BEFORE argparse reads the command's words, so
without credentials every line, good or bad, stops at "Missing value
auth-url required for auth plugin password" and the parser is never
reached.  The lines therefore run with `--os-auth-type none --os-endpoint
http://127.0.0.1:9` (options, not variables: the `none` plugin needs no
keystone): argparse reads the line, and a good line ends at "Connection
refused" on the local discard port, never the network.  A canary checks
that a bad line is caught and that without those options it would not be.

Failures: argparse's "unrecognized arguments", "invalid choice", "the
following arguments are required", "expected one argument", "not allowed
with argument" (exit 2), and cliff's "is not an openstack command".

Lines whose words all read the same in cliff's interactive mode (no
quotes, spaces or shell characters; cliff splits an interactive line again
and loses quoting) run in one `openstack` process reading them from
standard input, each followed by a marker command (`vmctl-mark-N`, which
cliff answers "'vmctl-mark-N' is not an openstack command"), so that each
answer is attributed to its line; the others run one process each, as an
argv list through the client's own entry point (openstackclient.shell.main,
what /usr/bin/openstack calls), several in one Python process run by the
script's own interpreter: each line keeps its exact words, exit code and
output.  No shell anywhere.  With CI=true a missing openstack is a
failure, not a skip."""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from vmtest import Tap, is_ci, run, translate_batch  # noqa: E402


def _load(name, path):
    """A module by its path: tests/explain/cases.py and tests/translate/cases.py share a name."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


sys.path.insert(0, os.path.join(HERE, "..", "explain"))  # cases.py's own imports of cases_*.py
_explain = _load("explain_cases", os.path.join(HERE, "..", "explain", "cases.py"))
EXPLAIN_CASES, NAMES = _explain.CASES, _explain.NAMES
cases_openstack = _load("cases_openstack", os.path.join(HERE, "cases_openstack.py"))

NOAUTH = ["--os-auth-type", "none", "--os-endpoint", "http://127.0.0.1:9"]
BAD = re.compile(r"error: unrecognized arguments|error: invalid choice|the following arguments are required|"
                 r"expected one argument|not allowed with argument|is not an openstack command|"
                 r"EXCEPTION of type|usage: ")
SAFE = re.compile(r"^[A-Za-z0-9_./:=,+@%{}-]+$")


def explain_lines():
    """{line (tuple of words after 'openstack'): where it came from}."""
    lines = {}
    groups = {}  # global options -> [(case.variant, verb argv)]
    for case_id, (glob, argv) in EXPLAIN_CASES.items():
        names = dict(NAMES, vmid="100") if any("NAME" in a for a in glob + argv) else {"plain": "web1"}
        g = [a for a in glob if not a.startswith("--explain")]
        for variant, name in names.items():
            sub = [a.replace("NAME", name) for a in g]
            groups.setdefault(tuple(sub), []).append(("%s.%s" % (case_id, variant),
                                                      [a.replace("NAME", name) for a in argv]))
    for glob, items in groups.items():
        # one batch run per set of global options; a line explain refuses
        # (exit 4: no openstack equivalent) prints nothing and is skipped
        text = "".join(shlex.join(argv) + "\n" for _, argv in items)
        rc, out, err = run(["--explain=openstack", "-o", "json", "--keep-going"] + list(glob) + ["-f", "-"],
                           stdin=text.encode(), timeout=600)
        docs = [json.loads(line) for line in out.decode().splitlines()]
        # a verb that does not run in a batch (events, top without a
        # count) is explained on its own
        for m in re.finditer(r"^vmctl: line (\d+): .*does not run in a batch$", err.decode(), re.M):
            rc1, out1, _ = run(["--explain=openstack", "-o", "json"] + list(glob) + items[int(m.group(1)) - 1][1])
            docs += [json.loads(line) for line in out1.decode().splitlines()]
        for doc in docs:
            for c in doc.get("commands", []):
                if c["vocabulary"] == "openstack" and c["argv"]:
                    lines.setdefault(tuple(c["argv"][1:]), "explain %s%s" % (" ".join(glob) + " " if glob else "",
                                                                             doc["verb"]))
    return lines


def translate_lines():
    lines = {}
    natives = []
    for case_id, (argv, stdin) in cases_openstack.CASES.items():
        if stdin is not None:
            natives += [shlex.split(ln) for ln in stdin.decode().splitlines()]
        elif "translate" in argv:
            natives.append(argv[argv.index("translate") + 1:])
    got, _ = translate_batch(natives, explain="openstack")
    for words, (doc, msg) in zip(natives, got):
        for c in (doc or {}).get("commands", []):
            if c["vocabulary"] == "openstack" and c["argv"]:
                lines.setdefault(tuple(c["argv"][1:]), "translate " + " ".join(words))
    return lines


def client_env(tmp):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("OS_") and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update(HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "config"), PYTHONUNBUFFERED="1",
               NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
    return env


def one(exe, words, env, tmp, noauth=True):
    p = subprocess.run([exe] + (NOAUTH if noauth else []) + list(words), stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=tmp, timeout=120)
    return p.returncode, p.stdout.decode(errors="replace")


# Runs openstackclient.shell.main(argv) for each argv of a JSON list read
# from standard input; prints [[exit code, output], ...].
DRIVER = r"""
import io, json, sys
from openstackclient.shell import main
res = []
for argv in json.load(sys.stdin):
    buf = io.StringIO()
    so, se = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = buf
    try:
        rc = main(argv)
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else 1
    finally:
        sys.stdout, sys.stderr = so, se
    res.append([rc, buf.getvalue()])
json.dump(res, sys.stdout)
"""


def interpreter(exe):
    """The interpreter of the openstack script (its #! line)."""
    with open(exe, "rb") as f:
        first = f.readline().decode(errors="replace")
    return first[2:].strip().split()[0] if first.startswith("#!") else sys.executable


def entry_point(exe, lines, env, tmp):
    """[(exit code, output)] of each line (a list of words), in one process."""
    argvs = [NOAUTH + list(w) for w in lines]
    p = subprocess.run([interpreter(exe), "-c", DRIVER], input=json.dumps(argvs).encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, cwd=tmp, timeout=600)
    try:
        return [tuple(r) for r in json.loads(p.stdout.decode())]
    except ValueError:
        return [(None, p.stderr.decode(errors="replace")[-600:])] * len(lines)


def interactive(exe, lines, env, tmp):
    """{line: what the client answered to it}, all in one process."""
    text = "vmctl-mark-0\n" + "".join("%s\nvmctl-mark-%d\n" % (" ".join(w), i + 1) for i, w in enumerate(lines))
    p = subprocess.run([exe] + NOAUTH, input=text.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env=env, cwd=tmp, timeout=600)
    out = p.stdout.decode(errors="replace")
    parts = re.split(r"openstack: 'vmctl-mark-(\d+)' is not an openstack command[^\n]*\n"
                     r"(?:Did you mean one of these\?\n(?:  [^\n]*\n)*)?", out)
    answers = {}
    # parts: [before mark 0, "0", after mark 0 (line 1's answer), "1", ...]
    for k in range(1, len(parts) - 1, 2):
        n = int(parts[k])
        if n < len(lines):
            answers[lines[n]] = parts[k + 1]
    return answers


def main():
    t = Tap()
    exe = shutil.which("openstack")
    if not exe:
        if is_ci():
            t.ok(False, "the openstack client is installed (apt-get install --no-install-recommends python3-openstackclient)")
            t.done()
        print("1..0 # SKIP no openstack client (python3-openstackclient)")
        return
    lines = explain_lines()
    for k, v in translate_lines().items():
        lines.setdefault(k, v)
    t.ok(len(lines) >= 40, "at least 40 distinct openstack lines (%d)" % len(lines))
    with tempfile.TemporaryDirectory() as tmp:
        env = client_env(tmp)
        # canaries: a bad line is caught, alone and among good ones; without
        # an auth type the client never reaches its parser
        rc, out = one(exe, ["server", "list", "--bogus"], env, tmp)
        t.ok(rc == 2 and BAD.search(out), "canary: a bad option is caught by argparse (exit 2)", out[-400:])
        rc, out = one(exe, ["server", "list", "--bogus"], env, tmp, noauth=False)
        t.ok(rc == 1 and "auth-url" in out and not BAD.search(out),
             "canary: without an auth type the client stops at authentication, before parsing (exit 1)", out[-400:])
        safe = sorted(w for w in lines if all(SAFE.match(x) for x in w))
        rest = sorted(w for w in lines if w not in set(safe))
        canary_bad = ("server", "pause")
        answers = interactive(exe, safe + [canary_bad], env, tmp)
        t.ok(canary_bad in answers and BAD.search(answers[canary_bad]),
             "canary: a bad line among the others is attributed to itself", answers.get(canary_bad, "")[-400:])
        for w in safe:
            a = answers.get(w)
            t.ok(a is not None and not BAD.search(a) and a.strip(),
                 "openstack %s (%s) is read by the client" % (shlex.join(w), lines[w]),
                 "no answer" if a is None else a[-600:])
        ep = entry_point(exe, rest + [canary_bad], env, tmp)
        t.ok(ep[-1][0] == 2 and BAD.search(ep[-1][1]), "canary: the entry point reports a bad line as exit 2",
             "exit %s: %s" % (ep[-1][0], ep[-1][1][-400:]))
        for w, (rc, out) in zip(rest, ep):
            t.ok(rc == 1 and not BAD.search(out), "openstack %s (%s) is read by the client's entry point" %
                 (shlex.join(w), lines[w]), "exit %s: %s" % (rc, out[-600:]))
    t.done()


if __name__ == "__main__":
    main()
