#!/usr/bin/env python3
"""Quoting property: for generated guest names covering every byte 0x20..0xff
that the validator accepts, every explained command line, split by /bin/sh,
is exactly the argv that vmctl reports in JSON for the same request.  All
names go through one batch run per format (-f); a sample, the tricky names
among them, also as command-line words, which must give what the batch gave."""
import json
import os
import random
import shlex
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


def verb_argv(i, name):
    if i % 2 == 0:
        return [b"pause", b"--", name]
    return [b"cd-change", b"--", name, b"hdc", b"/iso/" + name + b".iso"]


def batch_line(argv):
    """One line of a batch file holding argv: each word quoted as sh(1) reads
    it (the batch splitter's rules, man page BATCH MODE)."""
    return b" ".join(shlex.quote(w.decode()).encode() for w in argv)


def argv_sample(all_names, rng, size):
    """The fixed tricky names, the longest one and a seeded sample of the rest."""
    fixed = [n for n in all_names if len(n) <= 8 and n.startswith((b"-", b"'", b"\\", b"a b"))]
    rest = [n for n in all_names if n not in fixed]
    return set(fixed + [max(all_names, key=len)] + rng.sample(rest, min(size, len(rest))))


def main():
    t = Tap()
    rng = random.Random(20261126)
    all_names = names(1100, rng)
    t.ok(len(all_names) >= 1000, "at least 1000 names (%d)" % len(all_names))
    covered = set(b for n in all_names for b in n)
    want = set(b for b in range(0x20, 0x100) if b != 0x2f and b not in (0x7f, 0xc0, 0xc1) and b < 0xf5)
    t.ok(want <= covered, "names cover every byte the validator accepts", sorted(want - covered))
    requests = [(name, verb_argv(i, name)) for i, name in enumerate(all_names)]
    requests = [(n, v) for n, v in requests if len(v) == 3 or len(v[4]) <= 4095]
    # Every name through one batch run in text and one in JSON: the same
    # request parser and explain code as a command line, where a process per
    # name and format would be 2200 sanitised processes (minutes).  The tricky
    # names and a seeded sample of the others also as command-line words,
    # which must give exactly what the batch gave for them.
    with tempfile.NamedTemporaryFile("wb", suffix=".batch", delete=False) as f:
        for _, argv in requests:
            f.write(batch_line(argv) + b"\n")
        batch = f.name
    try:
        rc, out, err = run([b"-q", b"--explain=all", b"-f", batch.encode()], timeout=600)
        rcj, outj, errj = run([b"-o", b"json", b"--explain=all", b"-f", batch.encode()], timeout=600)
    finally:
        os.unlink(batch)
    t.ok(rc == 0 and rcj == 0 and err == b"" and errj == b"",
         "every generated name is accepted (batch of %d lines)" % len(requests), (rc, rcj, err[:400], errj[:400]))
    docs = [json.loads(d) for d in outj.splitlines()]
    t.ok(len(docs) == len(requests), "one JSON document per batch line (%d)" % len(docs))
    text_lines = out.splitlines()
    lines, argvs, labels, per_request = [], [], [], []
    pos = 0
    for (name, _), doc in zip(requests, docs):
        cmd_argvs = [[a.encode("utf-8", "surrogateescape") for a in c["argv"]] for c in doc["commands"] if c["argv"]]
        mine = text_lines[pos:pos + len(cmd_argvs)]
        pos += len(cmd_argvs)
        per_request.append((mine, doc))
        lines += mine
        argvs += cmd_argvs
        labels += [name] * len(cmd_argvs)
    t.ok(pos == len(text_lines), "the text lines are as many as the JSON commands (%d, %d)" % (len(text_lines), pos))
    sample = int(os.environ.get("VMCTL_QUOTING_SAMPLE") or 40)
    picked = argv_sample(all_names, rng, sample)
    differ, tried = [], 0
    for (name, argv), (mine, doc) in zip(requests, per_request):
        if name not in picked:
            continue
        tried += 1
        rc1, out1, err1 = run([b"-q", b"--explain=all"] + argv)
        rc2, out2, err2 = run([b"-o", b"json", b"--explain=all"] + argv)
        if rc1 or rc2 or err1 or err2 or out1.splitlines() != mine or json.loads(out2) != doc:
            differ.append((name, rc1, rc2, err1 or err2, out1))
    t.ok(not differ, "%d requests (%d names) as command-line words: exactly what the batch gave" % (tried, len(picked)), differ[:5])
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
