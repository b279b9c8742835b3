#!/usr/bin/env python3
"""The test splitter of the quoting property
(tests/fuzz/fuzz_core_splitter.c, run here as the tool $SPLITTER) against
/bin/sh, on a fixed random sample:
1. random lines of blanks, quotes, backslashes, shell metacharacters,
   control bytes and non-UTF-8 bytes: wherever the splitter accepts a line,
   sh (printf '%s\\0' X LINE) must give exactly the same words; a good part
   of the sample must be accepted, or the check says nothing;
2. random byte strings (no NUL): sh_quote() (the tool's quote mode), pasted
   into sh, must be exactly the string again.
Exit 77 (skipped) without the tool."""
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from vmtest import Tap  # noqa: E402

SPLITTER = os.environ.get("SPLITTER", "")
PIECES = [b"a", b"b", b"xy", b" ", b"  ", b"\t", b"'", b"'", b'"', b'"', b"\\", b"\\", b"\n", b"$", b"`",
          b"#", b"*", b"?", b"~", b";", b"|", b"&", b"<", b">", b"(", b")", b"[", b"]", b"{", b"}", b"!",
          b"=", b"%", b"@", b",", b".", b"/", b"-", b"--", b"\xc3\xa9", b"\xff", b"\r", b"\x01", b"\x7f",
          b"'it'\\''s'", b'"a b"', b"\\'", b'\\"', b"''", b'""']


def sh_words(line):
    p = subprocess.run(["/bin/sh", "-c", b"printf '%s\\0' X " + line], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=20)
    if p.returncode != 0 or not p.stdout.startswith(b"X\0"):
        return None
    return p.stdout[2:].split(b"\0")[:-1]


def tool(mode, data):
    p = subprocess.run([SPLITTER, mode], input=data, stdout=subprocess.PIPE, timeout=20)
    return p.returncode, p.stdout


def main():
    if not SPLITTER or not os.access(SPLITTER, os.X_OK):
        print("1..0 # SKIP no $SPLITTER (the fuzz_core_splitter tool)")
        sys.exit(77)
    t = Tap()
    rnd = random.Random(9)
    # two lines in three without the metacharacters the splitter refuses
    plain = [p for p in PIECES if not any(c in p for c in b"\n$`#*?~;|&<>()[]{}!")]
    lines = [b"".join(rnd.choice(plain if i % 3 else PIECES) for _ in range(rnd.randint(0, 12)))
             for i in range(240)]
    lines += [b"", b" ", b"''", b"a\\ b", b"'a\nb'", b'"\\\\"', b'"\\a"', b"a'b'c", b"-x --", b"\xff\xfe"]
    accepted = refused = 0
    bad = []
    for line in lines:
        rc, out = tool("split", line)
        if rc == 3:
            refused += 1
            continue
        if rc != 0:
            bad.append((line, "splitter exit %d" % rc))
            continue
        accepted += 1
        mine = out.split(b"\0")[:-1]
        theirs = sh_words(line)
        if mine != theirs:
            bad.append((line, "splitter %r, sh %r" % (mine, theirs)))
    t.ok(not bad, "the splitter agrees with /bin/sh on every line it accepts (%d accepted, %d refused)"
         % (accepted, refused), "\n".join("%r: %s" % b for b in bad[:20]))
    t.ok(accepted >= len(lines) // 4, "at least a quarter of the sample is accepted (%d of %d)"
         % (accepted, len(lines)))

    bad = []
    alphabet = list(range(1, 256))
    strings = [bytes(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16))) for _ in range(150)]
    strings += [b"", b"'", b"''", b"'\\''", b"-x", b"a b", b"$(id)", b"`id`", b"~root", b"#", b"*", b"\n"]
    for s in strings:
        rc, q = tool("quote", s)
        words = sh_words(q) if rc == 0 else None
        if words != [s]:
            bad.append((s, "quoted %r, sh gives %r" % (q, words)))
    t.ok(not bad, "sh_quote of %d random strings is read back by /bin/sh as exactly the string" % len(strings),
         "\n".join("%r: %s" % b for b in bad[:20]))
    t.done()


if __name__ == "__main__":
    main()
