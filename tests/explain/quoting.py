#!/usr/bin/env python3
"""Quoting property: for generated guest names covering every byte 0x20..0xff
that the validator accepts, every explained command line, split by /bin/sh,
is exactly the argv that vmctl reports in JSON for the same request."""
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import Tap, run  # noqa: E402


def chars_covering_every_byte():
    """Valid UTF-8 characters (as bytes) such that every byte 0x20..0xff that
    can occur in valid UTF-8, except '/', occurs in at least one of them."""
    out = [bytes([b]) for b in range(0x20, 0x7f) if b != ord("/")]
    out += [bytes([0xc2, c]) for c in range(0x80, 0xc0)]          # every continuation byte
    out += [bytes([lead, 0x80]) for lead in range(0xc2, 0xe0)]     # 2-byte leads
    for lead in range(0xe0, 0xf0):                                 # 3-byte leads
        second = 0xa0 if lead == 0xe0 else 0x80
        out.append(bytes([lead, second, 0x80]))
    for lead in range(0xf0, 0xf5):                                 # 4-byte leads
        second = 0x90 if lead == 0xf0 else 0x80
        out.append(bytes([lead, second, 0x80, 0x80]))
    return out


def names(count, rng):
    chars = chars_covering_every_byte()
    special = [c for c in chars if c in (b"'", b'"', b"\\", b" ", b"$", b"`", b"-", b"*", b"?", b"[", b"#", b"~",
                                         b"!", b";", b"&", b"|", b"<", b">", b"(", b")", b"{", b"}", b"=", b"%")]
    result = []
    for c in chars:                       # each character alone, first, last, in the middle
        result += [c, c + b"x", b"x" + c, b"a" + c + b"b"]
    result += [b"-x", b"--", b"-", b"--domain", b"-n", b"'", b"''", b"a b'c", b"\\'"]
    while len(result) < count:
        n = rng.randint(1, 24)
        s = b"".join(rng.choice(special if rng.random() < 0.5 else chars) for _ in range(n))
        result.append(s[:255])
    long_name = b"".join(rng.choice(chars) for _ in range(200))
    while len(long_name) > 255:
        long_name = long_name[:-1]
    try:
        long_name.decode()
        result.append(long_name)
    except UnicodeDecodeError:
        pass
    return result


def sh_split_all(lines):
    """Splits each command line with /bin/sh in one process; returns a list of argv (bytes)."""
    with tempfile.NamedTemporaryFile("wb", suffix=".sh", delete=False) as f:
        f.write(b"p() { for a in \"$@\"; do printf '%s\\n' \"$a\"; done; printf '\\036END\\n'; }\n")
        for line in lines:
            f.write(b"p " + line + b"\n")
        script = f.name
    try:
        out = subprocess.run(["/bin/sh", script], stdout=subprocess.PIPE, check=True).stdout
    finally:
        os.unlink(script)
    chunks = out.split(b"\x1eEND\n")[:-1]
    return [c.split(b"\n")[:-1] for c in chunks]


def main():
    t = Tap()
    rng = random.Random(20261126)
    all_names = names(1100, rng)
    t.ok(len(all_names) >= 1000, "at least 1000 names (%d)" % len(all_names))
    covered = set(b for n in all_names for b in n)
    want = set(b for b in range(0x20, 0x100) if b != 0x2f and b not in (0x7f, 0xc0, 0xc1) and b < 0xf5)
    t.ok(want <= covered, "names cover every byte the validator accepts", sorted(want - covered))
    sample = int(os.environ.get("VMCTL_QUOTING_SAMPLE") or 0)
    if 0 < sample < len(all_names):
        # under valgrind (tests/valgrind/run.sh): the fixed tricky names, the
        # longest one, and a seeded sample of the rest
        fixed = [n for n in all_names if len(n) <= 8 and n.startswith((b"-", b"'", b"\\", b"a b"))]
        rest = [n for n in all_names if n not in fixed]
        all_names = fixed + [max(all_names, key=len)] + rng.sample(rest, sample)
        print("# VMCTL_QUOTING_SAMPLE: %d names of the generated set" % len(all_names))
    lines, argvs, labels = [], [], []
    rejected = []
    for i, name in enumerate(all_names):
        verb = [b"pause", b"--", name] if i % 2 == 0 else [b"cd-change", b"--", name, b"hdc", b"/iso/" + name + b".iso"]
        if len(verb) == 5 and len(verb[4]) > 4095:
            continue
        rc, out, err = run([b"-q", b"--explain"] + verb)
        rcj, outj, errj = run([b"-o", b"json", b"--explain"] + verb)
        if rc != 0 or rcj != 0:
            rejected.append((name, err))
            continue
        doc = json.loads(outj)
        text_lines = out.splitlines()
        cmd_argvs = [c["argv"] for c in doc["commands"] if c["argv"]]
        if len(text_lines) != len(cmd_argvs):
            t.ok(False, "line count matches JSON for %r" % name, out)
            continue
        for line, argv in zip(text_lines, cmd_argvs):
            lines.append(line)
            argvs.append([a.encode("utf-8", "surrogateescape") for a in argv])
            labels.append(name)
    t.ok(not rejected, "every generated name is accepted", rejected[:5])
    split = sh_split_all(lines)
    t.ok(len(split) == len(lines), "sh ran every line (%d)" % len(lines))
    bad = [(labels[i], lines[i], split[i], argvs[i]) for i in range(min(len(split), len(lines))) if split[i] != argvs[i]]
    t.ok(not bad, "every explained line split by /bin/sh is exactly its argv (%d lines)" % len(lines), bad[:5])
    # the guest name itself is one word of every line that names it
    missing = [(labels[i], lines[i]) for i in range(len(split))
               if labels[i] not in split[i] and b"--domain=" + labels[i] not in split[i]
               and not any(labels[i] in w for w in split[i])]
    t.ok(not missing, "every line carries the guest name intact", missing[:5])
    t.done()


if __name__ == "__main__":
    main()
