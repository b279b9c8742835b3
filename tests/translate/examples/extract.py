#!/usr/bin/env python3
"""Extract every example command line of the native tools' manual pages.

Pages (reference versions of docs/CLI.md):
  virsh(1)   libvirt-clients 9.0 (Debian 12), as installed
  xl(1)      xen-utils-common 4.17 (Debian 12), as installed
  lxc-*(1)   lxc 5.0 (Debian 12), as installed; pages that are symbolic links
             to another page (lxc-unpriv-attach, lxc-unpriv-start) are skipped
  qemu-system-x86_64(1)  qemu-system-x86 7.2 (Debian 12), as installed (it is
             the page qemu-system(1), "QEMU User Documentation")
  vzctl(8)   vzctl 4.11, not packaged in Debian 12: man/vzctl.8.in of
             https://github.com/kolyshkin/vzctl at tag 4.11 (commit
             06094811b61b5982d4c2c9aac03f391c1e4e2479).  Its extracted lines
             are committed in vzctl.8.lines; give --vzctl-man FILE (that file,
             e.g. `git show 4.11:man/vzctl.8.in > vzctl.8.in`) to regenerate them.

Each page is rendered by man-db, deterministically: LC_ALL=C.UTF-8,
MANWIDTH=1000 (no line is wrapped or hyphenated), `man -E UTF-8 -P cat`,
overstrikes removed, tabs expanded to 8 columns.

What counts as an example line (a rendered line, leading blanks stripped):
  1. It begins with the tool's name as a word, optionally after one prompt:
     `# `, `$ `, `virsh # ` (the virsh shell), or the rST leftover ``virsh``.
     Tool names: virsh; xl; lxc-NAME for the lxc pages; qemu-system-x86_64 for
     the qemu page; vzctl.  Also, on the qemu page, a line beginning with the
     monitor prompt `(qemu) ` is a monitor example, read as `hmp GUEST CMD`
     with GUEST = `vm1`.
  2. It is not in the NAME or SYNOPSIS section.
  3. It is an example, not prose: it is inside an EXAMPLE/EXAMPLES section or
     sub-heading (or after an `Example:`/`Examples:` label), or it carries a
     prompt, or it is indented deeper than the paragraph around it (a literal
     display: indented more than the nearest preceding non-blank line that is
     not itself such a tool line).
  4. It is not a syntax summary: no word is `...` or ends in `]...`, and it
     does not contain `[OPTION]`.
Lines starting with another program (qemu-img, qemu-system-ppc, bare `qemu`,
vi, ...) and option-only fragments (`-device i6300esb ...`) are not command
lines of the tool and are not extracted.

From the example line to the command (the first column of lines.txt):
  a. the prompt is removed;
  b. a line ending in `\\` or `,`, or with an unbalanced quote, continues on
     the following lines that are indented deeper than it (joined with one
     space, the backslash dropped; after a `,` without a space);
  c. a shell redirection `> FILE` at the end is removed (it is not the tool's
     argument);
  d. a word in square brackets, `[--current]`, is an optional part shown in
     the syntax: it is removed;
  e. a lone unmatched `"` at the end of the line (a typo of the qemu page:
     `-drive file=b"`) is removed;
  f. the tool name `qemu-system-x86_64` stays; `(qemu) CMD` becomes
     `hmp vm1 CMD`.
Identical commands are kept once (the first place they appear).

Output: lines.txt, one example a line, tab-separated:
  ID  COMMAND  PAGE:LINE  EXACT-SOURCE-LINE(S)
ID is page-N (N counts the page's examples from 1).  PAGE:LINE is the line of
the rendered page (as above); several source lines (a continued command) are
joined with ` | `.
"""
import argparse
import glob
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAN1 = "/usr/share/man/man1"
VZ_LINES = os.path.join(HERE, "vzctl.8.lines")
VZ_SOURCE = ("kolyshkin/vzctl tag 4.11 (06094811b61b5982d4c2c9aac03f391c1e4e2479) "
             "man/vzctl.8.in")


def render(page_or_file, local=False):
    env = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="1000")
    env.pop("MAN_KEEP_FORMATTING", None)
    env.pop("MANPAGER", None)
    env.pop("PAGER", None)
    cmd = ["man", "-E", "UTF-8", "-P", "cat"] + (["-l"] if local else []) + [page_or_file]
    out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         check=True).stdout.decode("utf-8")
    out = re.sub(r".\x08", "", out)
    return [line.expandtabs(8).rstrip() for line in out.split("\n")]


PROMPT = r"(?:#\s+|\$\s+|virsh\s+#\s+|``virsh``\s*)?"


def tool_re(page):
    if page == "virsh":
        return r"``virsh``|virsh"
    if page == "xl":
        return r"xl"
    if page.startswith("lxc-"):
        return r"lxc-[a-z-]+"
    if page == "qemu-system-x86_64":
        return r"qemu-system-x86_64"
    if page == "vzctl":
        return r"vzctl"
    raise ValueError(page)


def indent(line):
    return len(line) - len(line.lstrip(" "))


def unbalanced(text):
    try:
        shlex.split(text)
        return False
    except ValueError:
        return True


BODY = 7                # man-db's indent of a section's body text
SKIPPED = {}
SECTION = re.compile(r"^[A-Z][A-Z /-]*$")
# "EXAMPLE", "Examples:", "Example 2:", "Example (CHAP ...):", "Example: boot from ..."
EX_LABEL = re.compile(r"^\s*(EXAMPLES?|Examples?(\s+\d+)?(\s*\(.*\))?(:.*)?)\s*$")
# Lines that open a display without being prose: a shell comment, an
# environment assignment continued on the next line.
DISPLAY_ONLY = re.compile(r"^\s*(#|[A-Z_][A-Z0-9_]*=\S*\s*\\$)")


def extract_page(page, lines):
    """Return [(lineno, command, source)] for one rendered page."""
    tool = tool_re(page)
    start = re.compile(r"^\s*(?:(?P<vprompt>virsh\s+#\s+)|(?P<prompt>#\s+|\$\s+))?(?P<tool>" +
                       tool + r")(?=\s|$)")
    vshell = re.compile(r"^\s*virsh\s+#\s+\S")
    monitor = re.compile(r"^\s*\(qemu\)\s+(?P<cmd>\S.*)$")
    section = ""
    example_at = None       # indent of the current EXAMPLE heading/label
    prev_prose = BODY       # indent of the last paragraph's first line
    found = []
    i = 0
    skipped = SKIPPED.setdefault(page, [])
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if SECTION.match(line):
            section = line.strip()
            example_at = -1 if section.startswith("EXAMPLE") else None
            prev_prose = BODY
            i += 1
            continue
        ind = indent(line)
        if EX_LABEL.match(line):
            example_at = ind
            i += 1
            continue
        if example_at is not None and example_at >= 0 and ind < example_at:
            example_at = None   # left the example sub-heading
        first = not lines[i - 1].strip() or SECTION.match(lines[i - 1])
        m = None if page == "virsh" and vshell.match(line) else start.match(line)
        vsh = vshell.match(line) if page == "virsh" else None
        mon = monitor.match(line) if page == "qemu-system-x86_64" else None
        if section in ("NAME", "SYNOPSIS") or not (m or mon or vsh):
            if first and not DISPLAY_ONLY.match(line):
                prev_prose = ind
            if example_at is not None and example_at >= 0 and ind <= example_at \
                    and not line.strip().endswith(":"):
                example_at = None
            i += 1
            continue
        text = line.strip()
        is_example = (example_at is not None or (m and m.group("prompt")) or mon or vsh
                      or ind > prev_prose)
        if not is_example:
            if first:
                prev_prose = ind
            i += 1
            continue
        src = [(i + 1, text)]
        # b. continuation lines
        j = i
        while j + 1 < len(lines):
            cur = src[-1][1]
            joined = " ".join(s for _, s in src)
            cont = cur.endswith("\\") or cur.endswith(",") or unbalanced(joined)
            nxt = lines[j + 1]
            if not cont or not nxt.strip() or indent(nxt) <= ind:
                break
            j += 1
            src.append((j + 1, nxt.strip()))
        cmd = ""
        for _, s in src:
            if cmd.endswith(",\\"):
                cmd = cmd[:-1] + s
            elif cmd.endswith("\\"):
                cmd = cmd[:-1].rstrip() + " " + s
            elif cmd.endswith(","):
                cmd = cmd + s
            elif cmd:
                cmd = cmd + " " + s
            else:
                cmd = s
        # a. prompt
        if mon:
            cmd = "hmp vm1 " + mon.group("cmd").strip()
        elif vsh:
            cmd = "virsh " + re.sub(r"^virsh\s+#\s+", "", cmd)
        else:
            cmd = cmd[m.start("tool") - indent(line):]
            cmd = re.sub(r"^``virsh``", "virsh", cmd)
        # e. stray quote
        if unbalanced(cmd) and cmd.endswith('"'):
            cmd = cmd[:-1]
        # c. redirection
        cmd = re.sub(r"\s+>\s*\S+$", "", cmd)
        # d. optional words
        cmd = re.sub(r"\s+\[[^\]\s]*\]", "", cmd)
        cmd = re.sub(r"\s+", " ", cmd).strip()
        # 4. syntax summaries and elided commands
        if "[OPTION" in src[0][1] or any(re.fullmatch(r"\.\.\.+,?|.*\]\.\.\.", w) or w.startswith("...,")
                                         for w in cmd.split()):
            skipped.append((src[0][0], "syntax summary or elided command", src[0][1]))
            i = j + 1
            continue
        found.append((src[0][0], cmd, " | ".join(s for _, s in src)))
        i = j + 1
    return found


def pages():
    yield "virsh", "virsh(1)", render("virsh")
    yield "xl", "xl(1)", render("xl")
    for path in sorted(glob.glob(os.path.join(MAN1, "lxc-*.1.gz"))):
        if os.path.islink(path):
            continue
        name = os.path.basename(path)[:-len(".1.gz")]
        yield name, name + "(1)", render(name)
    yield "qemu-system-x86_64", "qemu-system-x86_64(1)", render("qemu-system-x86_64")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vzctl-man", help="vzctl.8.in of vzctl 4.11, to regenerate vzctl.8.lines")
    ap.add_argument("--out", default=os.path.join(HERE, "lines.txt"))
    args = ap.parse_args()
    rows = []
    seen = set()

    def add(page, label, found):
        n = 0
        for lineno, cmd, src in found:
            if cmd in seen:
                continue
            seen.add(cmd)
            n += 1
            rows.append("%s-%d\t%s\t%s:%d\t%s" % (page, n, cmd, label, lineno, src))

    for page, label, lines in pages():
        add(page, label, extract_page(page, lines))
    if args.vzctl_man:
        found = extract_page("vzctl", render(args.vzctl_man, local=True))
        with open(VZ_LINES, "w") as f:
            f.write("# vzctl(8) example lines, extracted by extract.py from %s\n" % VZ_SOURCE)
            f.write("# LINE<TAB>COMMAND<TAB>SOURCE (line numbers of the page as man -l renders it)\n")
            for lineno, cmd, src in found:
                f.write("%d\t%s\t%s\n" % (lineno, cmd, src))
    found = []
    with open(VZ_LINES) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            lineno, cmd, src = line.rstrip("\n").split("\t")
            found.append((int(lineno), cmd, src))
    add("vzctl", "vzctl(8)", found)
    with open(args.out, "w") as f:
        f.write("# Example command lines of the native tools' manual pages: tests/translate/examples/extract.py\n")
        f.write("# ID<TAB>COMMAND<TAB>PAGE:LINE<TAB>SOURCE\n")
        for r in rows:
            f.write(r + "\n")
    for page, items in SKIPPED.items():
        for lineno, why, text in items:
            print("skipped %s:%d (%s): %s" % (page, lineno, why, text), file=sys.stderr)
    print("%d lines written to %s" % (len(rows), args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
