#!/usr/bin/env python3
"""The fleet bed's guests: gen.py DIR N NET TCP_PORT SSH_PORT writes, for host K in 1..N,
DIR/K/node.xml (50 guests for libvirt's test driver), DIR/K/node1.xml (one
guest), DIR/K/names (node.xml's names in the order of `virsh list --all
--name`: active guests by id, then shut-off ones by name, case-insensitively)
and DIR/K/uri.{tcp,ssh,direct}; and DIR/hosts.{tcp,ssh,direct}: one URI a
line, host after host (files for `vmctl --hosts`).

Host K's guests: h<K>-g01..g47 (every seventh one in capitals, H<K>-G<j>),
h<K>-Alpha, h<K>-beta, and either twin-<K'> (a name that hosts K' and K'+1
both have, K' = 1, 11, 21, ...) or h<K>-g48.  About 60 % run, 10 % are
paused, 30 % are shut off; the file order is shuffled (seeded by K), so ids
do not follow names.  The test driver gives ids in file order to the active
guests, from 1.  Everything is deterministic: the same N gives the same files.
"""
import os
import random
import sys

NS = "http://libvirt.org/schemas/domain/test/1.0"
RUNNING, PAUSED, SHUTOFF = 1, 3, 5


def guests(k, n):
    names = []
    for j in range(1, 48):
        names.append(f"H{k:03d}-G{j:02d}" if j % 7 == 3 else f"h{k:03d}-g{j:02d}")
    names += [f"h{k:03d}-Alpha", f"h{k:03d}-beta"]
    base = k - (k - 1) % 10          # 1, 11, 21, ...
    if (k % 10 == 1 and k + 1 <= n) or k % 10 == 2:
        names.append(f"twin-{base:03d}")
    else:
        names.append(f"h{k:03d}-g48")
    rng = random.Random(k)
    out = []
    for j, name in enumerate(names, 1):
        r = rng.random()
        state = RUNNING if r < 0.6 else PAUSED if r < 0.7 else SHUTOFF
        out.append({"name": name, "state": state, "uuid": f"{k:08x}-0000-4000-8000-{j:012x}",
                    "mem": 131072 * (1 + j % 4), "vcpu": 1 + j % 4})
    rng.shuffle(out)
    return out


def domain_xml(g):
    rs = "" if g["state"] == RUNNING else f"<test:runstate>{g['state']}</test:runstate>"
    return (f"<domain type='test' xmlns:test='{NS}'><name>{g['name']}</name><uuid>{g['uuid']}</uuid>"
            f"<memory>{g['mem']}</memory><currentMemory>{g['mem']}</currentMemory>"
            f"<vcpu>{g['vcpu']}</vcpu><os><type arch='x86_64'>hvm</type></os>{rs}</domain>\n")


def virsh_order(gs):
    active = [g for g in gs if g["state"] != SHUTOFF]      # ids 1.. in file order
    inactive = sorted((g for g in gs if g["state"] == SHUTOFF), key=lambda g: g["name"].lower())
    return [g["name"] for g in active + inactive]


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    d, n, net, tcp, ssh = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    lines = {"tcp": [], "ssh": [], "direct": []}
    key = os.path.join(d, "ssh", "id_ed25519")
    for k in range(1, n + 1):
        hd = os.path.join(d, str(k))
        os.makedirs(hd, exist_ok=True)
        gs = guests(k, n)
        write(os.path.join(hd, "node.xml"), "<node>\n" + "".join(domain_xml(g) for g in gs) + "</node>\n")
        first = dict(gs[0], state=RUNNING)
        write(os.path.join(hd, "node1.xml"), "<node>\n" + domain_xml(first) + "</node>\n")
        write(os.path.join(hd, "names"), "\n".join(virsh_order(gs)) + "\n")
        node = f"{hd}/node.xml"
        uris = {"tcp": f"test+tcp://{net}.1.{k}:{tcp}{node}",
                "ssh": f"test+ssh://root@{net}.1.{k}:{ssh}{node}?keyfile={key}&no_verify=1&command={d}/ssh/ssh",
                "direct": f"test+tcp://{net}.0.{k}:{tcp}{node}"}
        for kind, uri in uris.items():
            write(os.path.join(hd, "uri." + kind), uri + "\n")
            lines[kind].append(uri)
    for kind, ls in lines.items():
        write(os.path.join(d, "hosts." + kind), "\n".join(ls) + "\n")


if __name__ == "__main__":
    main()
