#!/usr/bin/env python3
"""The automated part of the security review: vmctl
never runs a shell or another program.
1. No source file under src/ (nor include/) calls system, popen, wordexp,
   any exec* function or posix_spawn*, nor names /bin/sh: a C tokenizer
   drops comments (strings are kept, so "/bin/sh" in a string is found),
   then whole words followed by '(' are searched for.
2. Neither the binary ($VMCTL) nor any module in modules/ beside it (or in
   $VMCTL_MODULE_DIR) imports one of them: the undefined dynamic symbols,
   from nm -D (objdump -T when nm is missing).
The one exception is the exec verb (vmctl(1), exec): it runs the user's
COMMAND inside the guest, word for word with execvp and never through a
shell, in a child that has already entered the guest (libvirt-LXC's
namespaces, liblxc's attach).  Those two call sites and the two modules
that hold them are listed in EXEC_VERB; anything else is a failure."""
import glob
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from vmtest import SRCDIR, VMCTL, Tap  # noqa: E402

FORBIDDEN = ["system", "popen", "wordexp", "execl", "execle", "execlp", "execv", "execve", "execvp",
             "execvpe", "execveat", "fexecve", "posix_spawn", "posix_spawnp"]
# (file, call) and (module, import) of the exec verb, and nothing else
EXEC_VERB = {("src/backends/libvirt_exec.c", "execvp("), ("src/backends/lxc_exec.c", "execvp(")}
EXEC_MODULES = {"vmctl-libvirt.so": {"execvp"}, "vmctl-lxc.so": {"execvp"}}
CALL = re.compile(r"\b(%s)\s*\(" % "|".join(FORBIDDEN))
SHELL = re.compile(r"/bin/(ba|da|z|k|c)?sh\b")


def strip_comments(text):
    """C text without its comments (each replaced by a space; newlines kept
    so that line numbers stay right); string and character literals kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(" " + "\n" * text.count("\n", i, j))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            out.append(" ")
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def self_test(t):
    sample = ('/* system("x") */ int a; // popen(\n'
              'const char *s = "/* not a comment */"; f(s); execvp (p, v);\n'
              'char *u = "qemu:///system"; g("/bin/sh");\n')
    s = strip_comments(sample)
    t.ok([m.group(1) for m in CALL.finditer(s)] == ["execvp"] and SHELL.search(s) is not None
         and "/* not a comment */" in s, "the scanner finds calls and /bin/sh outside comments only")


def scan_sources(t):
    files = sorted(glob.glob(os.path.join(SRCDIR, "src", "**", "*.[ch]"), recursive=True) +
                   glob.glob(os.path.join(SRCDIR, "include", "*.h")))
    t.ok(len(files) > 10, "%d source files under src/ and include/" % len(files))
    hits = []
    seen = set()
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = strip_comments(f.read())
        for lineno, line in enumerate(text.splitlines(), 1):
            for m in list(CALL.finditer(line)) + list(SHELL.finditer(line)):
                rel = os.path.relpath(path, SRCDIR)
                if (rel, re.sub(r"\s+", "", m.group(0))) in EXEC_VERB:
                    seen.add(rel)
                    continue
                hits.append("%s:%d: %s" % (rel, lineno, m.group(0)))
    t.ok(not hits, "no source calls %s or names /bin/sh, but the exec verb's execvp of the user's COMMAND"
         % "/".join(FORBIDDEN), "\n".join(hits))
    t.ok(seen == {f for f, _ in EXEC_VERB}, "the exec verb's call sites are where EXEC_VERB says", sorted(seen))


def imports(path):
    if shutil.which("nm"):
        out = subprocess.run(["nm", "-D", "--undefined-only", path], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, check=True).stdout.decode()
        return {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}
    out = subprocess.run(["objdump", "-T", path], stdout=subprocess.PIPE, check=True).stdout.decode()
    return {line.split()[-1].split("@")[0] for line in out.splitlines() if "*UND*" in line}


def scan_binaries(t):
    if not os.path.exists(VMCTL):
        t.ok(False, "the binary exists", VMCTL)
        return
    vmctl = os.path.realpath(VMCTL)
    moddir = os.environ.get("VMCTL_MODULE_DIR") or os.path.join(os.path.dirname(vmctl), "modules")
    objs = [vmctl] + sorted(glob.glob(os.path.join(moddir, "*.so")))
    t.ok(len(objs) >= 2, "the binary and at least one module (%s)" % moddir)
    for obj in objs:
        imp = imports(obj)
        bad = sorted(imp & (set(FORBIDDEN) - EXEC_MODULES.get(os.path.basename(obj), set())))
        t.ok(bool(imp) and not bad, "%s imports none of system/popen/exec*/posix_spawn* (%d imports)"
             % (os.path.relpath(obj, os.path.dirname(vmctl)), len(imp)), "imports: %s" % ", ".join(bad))


def main():
    t = Tap()
    self_test(t)
    scan_sources(t)
    scan_binaries(t)
    t.done()


if __name__ == "__main__":
    main()
