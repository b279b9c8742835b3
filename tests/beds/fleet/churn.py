#!/usr/bin/env python3
"""churn.py NODE_XML DEFS_DIR: the virsh commands of the fleet bed's churn, on
standard output, for `virsh -c .../default` to read: remove the test driver's
own guest, define every guest of NODE_XML (one file each in DEFS_DIR), start
those that run, then forever, every 50 ms, one change to a random guest:
suspend, resume, destroy, start, or undefine and define again."""
import os
import random
import re
import sys
import time


def main():
    node, defs = sys.argv[1], sys.argv[2]
    os.makedirs(defs, exist_ok=True)
    text = open(node).read()
    doms = re.findall(r"<domain .*?</domain>", text, re.S)
    names, running = [], []
    out = sys.stdout
    out.write("destroy test\nundefine test\n")
    for i, d in enumerate(doms):
        name = re.search(r"<name>(.*?)</name>", d).group(1)
        path = os.path.join(defs, f"{i}.xml")
        with open(path, "w") as f:
            f.write(re.sub(r"<test:runstate>.*?</test:runstate>", "", d))
        names.append((name, path))
        out.write(f"define {path}\n")
        if "<test:runstate>5" not in d:
            running.append(name)
    for name in running:
        out.write(f"start {name}\n")
    out.flush()
    rng = random.Random(1)
    while True:
        name, path = rng.choice(names)
        cmd = rng.choice(["suspend {n}", "resume {n}", "destroy {n}", "start {n}",
                          "undefine {n}\ndefine {p}"])
        out.write(cmd.format(n=name, p=path) + "\n")
        out.flush()
        time.sleep(0.05)


if __name__ == "__main__":
    try:
        main()
    except (BrokenPipeError, KeyboardInterrupt):
        pass
