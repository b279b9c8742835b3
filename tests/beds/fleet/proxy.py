#!/usr/bin/env python3
"""The fleet bed's slow link: proxy.py DIR N NET PORT... listens, for host K in
1..N, on NET.1.K:PORT for every PORT given and relays each connection to
NET.0.K:PORT (host K's libvirtd or sshd), holding every chunk DELAY ms in each
direction, in order, so a round trip costs 2 x DELAY (this kernel has no
netem).  DELAY is read from DIR/delay (milliseconds, default 10) at start and
again on SIGHUP; so is DIR/down (host numbers, one a line): a host that is
down has no listener, so connecting to it is refused, as to a host that is off.  One process for all hosts (asyncio).

When a connection closes, one line is appended to DIR/proxy.log:
  K PORT up_chunks down_chunks turns up_bytes down_bytes seconds
where turns counts the client's sends that follow a reply (the first send
included): the round trips that a client waited for, whatever it pipelined.
Writes its PID to DIR/proxy.pid once every port listens."""
import asyncio
import os
import signal
import sys
import time


class Link:
    def __init__(self):
        self.up = self.down = self.turns = self.upb = self.downb = 0
        self.last = None          # 'up' or 'down': who sent last


def read_down(d):
    try:
        with open(os.path.join(d, "down")) as f:
            return {int(x) for x in f.read().split()}
    except (OSError, ValueError):
        return set()


def read_delay(d):
    try:
        with open(os.path.join(d, "delay")) as f:
            return float(f.read().strip()) / 1000
    except (OSError, ValueError):
        return 0.010


async def pump(reader, writer, state, link, direction):
    queue = asyncio.Queue()
    loop = asyncio.get_running_loop()

    async def send():
        try:
            while True:
                due, data = await queue.get()
                if data is None:
                    break
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()
        except (OSError, ConnectionError):
            pass
        finally:
            try:
                if writer.can_write_eof():
                    writer.write_eof()
                else:
                    writer.close()
            except (OSError, RuntimeError):
                writer.close()

    sender = asyncio.create_task(send())
    try:
        while True:
            data = await reader.read(1 << 16)
            if data:
                if direction == "up":
                    link.up += 1
                    link.upb += len(data)
                    if link.last != "up":
                        link.turns += 1
                else:
                    link.down += 1
                    link.downb += len(data)
                link.last = direction
            queue.put_nowait((loop.time() + state["delay"], data or None))
            if not data:
                break
    except (OSError, ConnectionError):
        queue.put_nowait((loop.time(), None))
    await sender


async def main():
    d, n, net = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    ports = [int(p) for p in sys.argv[4:]]
    state = {"delay": read_delay(d)}
    log = open(os.path.join(d, "proxy.log"), "a", buffering=1)
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, lambda: loop.stop())

    def handler(k, port):
        async def client(r1, w1):
            t0 = time.monotonic()
            try:
                r2, w2 = await asyncio.open_connection(f"{net}.0.{k}", port)
            except OSError:
                w1.close()
                log.write(f"{k} {port} 0 0 0 0 0 0.000 refused\n")
                return
            link = Link()
            await asyncio.gather(pump(r1, w2, state, link, "up"), pump(r2, w1, state, link, "down"),
                                 return_exceptions=True)
            for w in (w1, w2):
                w.close()
            log.write(f"{k} {port} {link.up} {link.down} {link.turns} {link.upb} {link.downb} "
                      f"{time.monotonic() - t0:.3f}\n")
        return client

    servers = {}

    async def listen(k):
        servers[k] = [await asyncio.start_server(handler(k, port), f"{net}.1.{k}", port,
                                                 backlog=1024, reuse_address=True) for port in ports]

    async def reload():
        state["delay"] = read_delay(d)
        down = read_down(d)
        for k in range(1, n + 1):
            if k in down and k in servers:
                for s in servers.pop(k):
                    s.close()
            elif k not in down and k not in servers:
                await listen(k)

    loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(reload()))
    await reload()
    with open(os.path.join(d, "proxy.pid.tmp"), "w") as f:
        f.write(f"{os.getpid()}\n")
    os.replace(os.path.join(d, "proxy.pid.tmp"), os.path.join(d, "proxy.pid"))
    await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except RuntimeError:      # the loop stopped by SIGTERM
        pass
