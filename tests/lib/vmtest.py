"""Shared helpers for vmctl's Python test scripts: run the binary, TAP output."""
import json
import os
import re
import shlex
import subprocess
import sys

VMCTL = os.environ.get("VMCTL") or os.path.join(os.path.dirname(__file__), "..", "..", "build", "vmctl")
SRCDIR = os.environ.get("SRCDIR") or os.path.join(os.path.dirname(__file__), "..", "..")


def run(args, stdin=None, env=None, timeout=60, **kw):
    """Runs vmctl with args (a list of str or bytes); returns (rc, stdout, stderr) as bytes."""
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([VMCTL] + list(args), input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=e, timeout=timeout, **kw)
    return p.returncode, p.stdout, p.stderr


def translate_batch(commands, explain=None):
    """Translates native commands (lists of words) in one `vmctl -o json
    translate -` run, each written as sh(1) reads it (explain: a
    vocabulary list for --explain=LIST).  Returns, for each,
    (its JSON document or None, the message of its stderr line or ""), and
    the whole of stderr."""
    text = "".join(shlex.join(words) + "\n" for words in commands)
    glob = ["--explain=" + explain] if explain else []
    rc, out, err = run(["-o", "json"] + glob + ["translate", "-"], stdin=text.encode(), timeout=600)
    got = [(None, "") for _ in commands]
    for line in out.decode().splitlines():
        doc = json.loads(line)
        got[doc["line"] - 1] = (doc, "")
    for line in err.decode(errors="replace").splitlines():
        m = re.match(r"^vmctl: line (\d+): (.*)$", line)
        if m:
            got[int(m.group(1)) - 1] = (None, m.group(2))
    return got, err


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what, detail=""):
        self.n += 1
        if not cond:
            self.failed += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, what))
        if not cond and detail:
            for line in str(detail).splitlines():
                print("#   " + line)
        sys.stdout.flush()
        return cond

    def done(self):
        print("1..%d" % self.n)
        print("%d passed, %d failed" % (self.n - self.failed, self.failed))
        sys.exit(1 if self.failed or self.n == 0 else 0)


def one_line_error(err):
    """stderr is exactly one line starting with 'vmctl: '."""
    return err.count(b"\n") == 1 and err.startswith(b"vmctl: ") and err.endswith(b"\n")


_table = None


def table():
    """vmctl's tables as the code has them (tools/dump-table.c): verbs with
    their sub-verbs, options and operands, global options, backends,
    states, vocabularies."""
    global _table
    if _table is None:
        exe = os.environ.get("VMCTL_TABLE") or os.path.join(os.path.dirname(VMCTL), "tests", "vmctl-table")
        _table = json.loads(subprocess.run([exe], stdout=subprocess.PIPE, check=True).stdout)
    return _table


def verb_names(explained_only=False):
    """Every verb name of the table, in its order."""
    return [v["name"] for v in table()["verbs"] if v["explains"] or not explained_only]


def is_ci():
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


class Pty:
    """A program (argv[0], a path) on a pseudo-terminal of rows x cols, its
    environment updated with env; what it wrote is in buf."""

    def __init__(self, argv, env=None, rows=24, cols=80):
        import pty
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(env or {})
            os.execv(argv[0], argv)
        self.size(rows, cols)
        self.buf = b""

    def size(self, rows, cols):
        import fcntl
        import struct
        import termios
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def read_until(self, pred, timeout):
        import select
        import time
        end = time.monotonic() + timeout
        while not pred(self.buf) and time.monotonic() < end:
            r, _, _ = select.select([self.fd], [], [], 0.1)
            if r:
                try:
                    self.buf += os.read(self.fd, 65536)
                except OSError:
                    break
        return pred(self.buf)

    def wait(self, timeout):
        """The exit code, or None when it had to be killed after timeout s."""
        import signal
        import time
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.read_until(lambda b: False, 0.1)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)  # the guard against a hang
        os.waitpid(self.pid, 0)
        return None
