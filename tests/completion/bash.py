#!/usr/bin/env python3
"""The completion generated from the verb table (build/completion/): bash's
completion function called with COMP_WORDS/COMP_CWORD for verbs, options,
option values, operands and guest names (from `vmctl list --name` on libvirt's
test driver), compared with the table, --help and `help VERB`; the same
prefixes typed with TAB in an interactive bash (readline splits
test:///default at ':'), and in zsh when it is installed (zsh -n, then
compinit and TAB).

usage: bash.py COMPLETION-DIR (the build tree's completion/)"""
import os
import pty
import re
import shlex
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import VMCTL, Tap, is_ci, run, table, verb_names  # noqa: E402

COMPDIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(VMCTL), "completion")
BASH_FILE = os.path.join(COMPDIR, "vmctl.bash")
ZSH_FILE = os.path.join(COMPDIR, "_vmctl")
VMCTL_ABS = os.path.abspath(VMCTL)
URI = "test:///default"  # libvirt's test driver: one guest, "test"


def table_verbs():
    return verb_names()


def main_c_long_options():
    """The global long options vmctl parses (the table main.c reads)."""
    return [g["name"] for g in table()["globals"]]


def verb_help_options(verb):
    """The options `vmctl help VERB` lists."""
    _, out, _ = run(["help", verb])
    m = re.search(rb"\nOptions:\n(.*?)(?:\n\n|\Z)", out, re.S)
    return set(re.findall(r"^  (--[a-z-]+)", m.group(1).decode(), re.M)) if m else set()


def complete(*words, env=None):
    """Calls _vmctl as bash would for the command line `words` (the last one
    being completed); returns (COMPREPLY, stderr)."""
    script = ('source "$1" || exit 99; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); '
              '_vmctl; printf "%s\\n" "${COMPREPLY[@]}"')
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run(["bash", "--norc", "--noprofile", "-c", script, "bash", BASH_FILE, VMCTL_ABS] + list(words),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e, timeout=60)
    if p.returncode != 0:
        return None, p.stderr.decode()
    return [w for w in p.stdout.decode().split("\n") if w], p.stderr.decode()


class Pty:
    """An interactive shell on a pseudo-terminal.  keys() types a line up to
    TAB, then ^X^P, bound to a command that appends the edited line to a log
    file, then ^U; returns the line as completion left it."""

    def __init__(self, argv, env, setup, log):
        self.log = log
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        for line in setup:
            os.write(self.fd, line.encode() + b"\n")
            self.drain(0.2)

    def drain(self, quiet):
        end = time.time() + quiet
        while time.time() < end:
            r, _, _ = select.select([self.fd], [], [], 0.05)
            if r:
                try:
                    if not os.read(self.fd, 65536):
                        return
                except OSError:
                    return
                end = time.time() + quiet

    def keys(self, typed, timeout=30):
        before = self.lines()
        os.write(self.fd, typed.encode())
        self.drain(0.5)
        os.write(self.fd, b"\x18\x10")
        end = time.time() + timeout
        while time.time() < end and len(self.lines()) == len(before):
            self.drain(0.1)
        os.write(self.fd, b"\x15")
        self.drain(0.1)
        after = self.lines()
        return after[-1] if len(after) > len(before) else None

    def lines(self):
        try:
            return open(self.log).read().splitlines()
        except FileNotFoundError:
            return []

    def close(self):
        try:
            os.write(self.fd, b"exit\n")
            self.drain(0.3)
        except OSError:
            pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def shell_env(tmp):
    e = {k: v for k, v in os.environ.items() if k not in ("BASH_ENV", "ENV", "ZDOTDIR", "HISTFILE")}
    e.update({"PATH": os.path.dirname(VMCTL_ABS) + os.pathsep + e.get("PATH", "/usr/bin:/bin"),
              "TERM": "dumb", "INPUTRC": "/dev/null", "HOME": tmp, "HISTFILE": "/dev/null"})
    return e


def interactive_bash(t, tmp):
    log = os.path.join(tmp, "bash.log")
    sh = Pty(["bash", "--norc", "--noprofile", "-i"], shell_env(tmp),
             ["PS1='$ '", "source %s" % shlex.quote(BASH_FILE),
              "bind -x '\"\\C-x\\C-p\": printf \"%%s\\n\" \"$READLINE_LINE\" >> %s'" % log], log)
    try:
        for typed, want in [("vmctl pa\t", "vmctl pause "),
                            ("vmctl -c %s pause \t" % URI, "vmctl -c %s pause test " % URI),
                            ("vmctl --connect=%s info te\t" % URI, "vmctl --connect=%s info test " % URI),
                            ("vmctl --explain=xl,vi\t", "vmctl --explain=xl,virsh "),
                            ("vmctl snapshot rev\t", "vmctl snapshot revert "),
                            ("vmctl -b ope\t", "vmctl -b openvz ")]:
            got = sh.keys(typed)
            t.ok(got == want, "bash, TAB: %r -> %r" % (typed, want), "got %r" % got)
    finally:
        sh.close()


def interactive_zsh(t, tmp):
    log = os.path.join(tmp, "zsh.log")
    sh = Pty(["zsh", "-f", "-i"], shell_env(tmp),
             ["PS1='$ '", "bindkey -e", "fpath=(%s $fpath)" % shlex.quote(COMPDIR), "autoload -Uz compinit && compinit -u -D",
              "_log_line() { print -r -- \"$BUFFER\" >> %s }" % log, "zle -N _log_line", "bindkey '^X^P' _log_line"],
             log)
    try:
        for typed, want in [("vmctl pa\t", "vmctl pause "),
                            ("vmctl -c %s pause \t" % URI, "vmctl -c %s pause test " % URI),
                            ("vmctl --explain=xl,vi\t", "vmctl --explain=xl,virsh "),
                            ("vmctl snapshot rev\t", "vmctl snapshot revert "),
                            ("vmctl -b ope\t", "vmctl -b openvz "),
                            ("vmctl vcpu-set --li\t", "vmctl vcpu-set --live "),
                            ("vmctl help vcpu-s\t", "vmctl help vcpu-set ")]:
            got = sh.keys(typed)
            t.ok(got == want, "zsh, TAB: %r -> %r" % (typed, want), "got %r" % got)
    finally:
        sh.close()


def main():
    t = Tap()
    verbs = table_verbs()
    t.ok(len(verbs) >= 19, "the verb table is read", verbs)
    t.ok(os.path.isfile(BASH_FILE) and os.path.isfile(ZSH_FILE), "the build made %s and %s" % (BASH_FILE, ZSH_FILE))
    if not os.path.isfile(BASH_FILE):
        t.done()

    got, err = complete("")
    t.ok(got == verbs, "`vmctl ` offers every verb of the table, in its order", "%s\n%s" % (got, err))
    got, _ = complete("pa")
    t.ok(got == ["pause"], "`vmctl pa` -> pause", got)
    got, _ = complete("vcpu-set", "--")
    t.ok(got is not None and {"--live", "--config"} <= set(got), "`vmctl vcpu-set --` -> --live --config", got)
    for v in verbs:
        got, _ = complete(v, "--")
        want = verb_help_options(v) | ({"--help"} if v != "translate" else set())
        t.ok(got is not None and set(got) == want, "`vmctl %s --` offers the options of `vmctl help %s`" % (v, v),
             "got %s, want %s" % (got, sorted(want)))
    got, _ = complete("-b", "")
    t.ok(got == ["libvirt", "xen", "lxc", "openvz"], "`vmctl -b ` -> the four backends", got)
    got, _ = complete("--backend", "l")
    t.ok(got == ["libvirt", "lxc"], "`vmctl --backend l` -> libvirt lxc", got)
    got, _ = complete("snapshot", "")
    t.ok(got == ["create", "list", "revert", "delete"], "`vmctl snapshot ` -> the subcommands", got)
    got, _ = complete("autostart", "web1", "")
    t.ok(got == ["on", "off"], "`vmctl autostart web1 ` -> on and off, the words of `on|off`", got)
    got, _ = complete("autostart", "web1", "of")
    t.ok(got == ["off"], "`vmctl autostart web1 of` -> off", got)
    got, _ = complete("-o", "")
    t.ok(got == ["text", "json"], "`vmctl -o ` -> text json", got)
    got, _ = complete("--explain=vi")
    t.ok(got == ["virsh"], "`vmctl --explain=vi` -> virsh (after the '=')", got)
    got, _ = complete("--explain=xl,q")
    t.ok(got == ["xl,qemu", "xl,qm"], "`vmctl --explain=xl,q` -> xl,qemu xl,qm", got)
    got, _ = complete("--explain=xl,inc")
    t.ok(got == ["xl,incus"], "`vmctl --explain=xl,inc` -> xl,incus (a management stack)", got)
    got, _ = complete("help", "")
    t.ok(got == verbs, "`vmctl help ` -> every verb", got)
    got, _ = complete("help", "s")
    t.ok(got == [v for v in verbs if v.startswith("s")], "`vmctl help s` -> the verbs in s", got)

    # guest names from `vmctl list --name`, with -c/-b/-P passed on
    got, err = complete("-c", URI, "pause", "")
    t.ok(got == ["test"], "`vmctl -c %s pause ` -> test" % URI, "%s\n%s" % (got, err))
    got, _ = complete("-c", URI, "-b", "libvirt", "info", "t")
    t.ok(got == ["test"], "`vmctl -c URI -b libvirt info t` -> test", got)
    got, _ = complete("--connect=" + URI, "snapshot", "list", "")
    t.ok(got == ["test"], "`vmctl --connect=URI snapshot list ` -> test", got)
    got, _ = complete("-c", URI, "snapshot", "create", "test", "")
    t.ok(got == [], "`vmctl -c URI snapshot create test ` -> nothing (a new snapshot's NAME)", got)
    got, _ = complete("-c", URI, "vcpu-set", "--live", "")
    t.ok(got == ["test"], "`vmctl -c URI vcpu-set --live ` -> test", got)
    got, _ = complete("-c", URI, "restore", "/nonexistent-dir/x", "")
    t.ok(got == ["test"], "`vmctl -c URI restore PATH ` -> test (GUEST second)", got)
    if "--all" in verb_help_options("stop"):
        got, _ = complete("-c", URI, "stop", "--all", "")
        t.ok(got is not None and "test" not in got, "`vmctl -c URI stop --all ` offers no guest", got)
    got, err = complete("-c", "bogus:///nowhere", "pause", "")
    t.ok(got == [] and err == "", "a failing `vmctl list --name` completes nothing, quietly", "%s\n%s" % (got, err))
    got, err = complete("-b", "nonsense", "pause", "")
    t.ok(got == [] and err == "", "an unknown -b completes nothing, quietly", "%s\n%s" % (got, err))

    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "subdir"))
        open(os.path.join(tmp, "guest.xml"), "w").close()
        got, _ = complete("start", "--from", tmp + "/g")
        t.ok(got == [tmp + "/guest.xml"], "`vmctl start --from DIR/g` -> the file", got)
        got, _ = complete("-P", tmp + "/")
        t.ok(got == [tmp + "/subdir"], "`vmctl -P DIR/` -> directories only", got)
        got, _ = complete("-f", tmp + "/gu")
        t.ok(got == [tmp + "/guest.xml"], "`vmctl -f DIR/gu` -> the batch file", got)

        # the global options: those of --help, each known to vmctl, and
        # every long option of the global options table
        got, _ = complete("-")
        got = got or []
        _, helptext, _ = run(["--help"])
        options = helptext.decode().split("\n\n")[2]  # "Options (before the verb):" and its lines
        documented = set(re.findall(r"^ +(?:-[a-zA-Z], )?(--[a-z-]+)", options, re.M))
        documented |= set(re.findall(r"^ +(-[a-zA-Z]),", options, re.M))
        t.ok(set(got) == documented, "`vmctl -` offers the options of --help", "got %s\nwant %s" % (got, documented))
        for o in got:
            _, _, err = run([o])
            t.ok(b"unknown option" not in err, "vmctl knows %s" % o, err)
        for o in main_c_long_options():
            t.ok("--" + o in got, "--%s of the global options is completed (and documented in --help)" % o, got)

        if shutil.which("bash"):
            interactive_bash(t, tmp)

        # zsh
        zsh_text = open(ZSH_FILE).read()
        m = re.search(r"_vmctl_verbs=\((.*?)\)", zsh_text)
        zverbs = re.findall(r"'([^']*)'", m.group(1)) if m else []
        t.ok(zverbs == verbs, "the zsh file has every verb of the table", zverbs)
        t.ok(zsh_text.startswith("#compdef vmctl\n"), "the zsh file starts with #compdef vmctl")
        zsh = shutil.which("zsh")
        if zsh:
            p = subprocess.run([zsh, "-n", ZSH_FILE], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            t.ok(p.returncode == 0 and not p.stdout, "zsh -n accepts _vmctl", p.stdout.decode())
            interactive_zsh(t, tmp)
        else:
            t.ok(not is_ci(), "zsh is installed (required in CI)")
    t.done()


if __name__ == "__main__":
    main()
