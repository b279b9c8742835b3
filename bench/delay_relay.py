#!/usr/bin/env python3
"""A slow link for benchmarks: listens on a unix socket and relays every
connection to an upstream unix socket (libvirtd's), holding each chunk
DELAY_MS milliseconds in each direction, in order, so that a round trip costs
about 2 x DELAY_MS whatever the bytes (netem is not in this machine's kernel).

Usage: bench/delay_relay.py LISTEN_SOCKET UPSTREAM_SOCKET [DELAY_MS=10]
Clients reach libvirtd through it as qemu+unix:///system?socket=LISTEN_SOCKET."""
import asyncio
import os
import sys


async def pump(reader, writer, delay):
    queue = asyncio.Queue()

    async def send():
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - asyncio.get_running_loop().time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        writer.close()

    sender = asyncio.create_task(send())
    while True:
        data = await reader.read(1 << 16)
        queue.put_nowait((asyncio.get_running_loop().time() + delay, data or None))
        if not data:
            break
    await sender


async def main():
    listen, upstream = sys.argv[1], sys.argv[2]
    delay = float(sys.argv[3] if len(sys.argv) > 3 else 10) / 1000

    async def client(r1, w1):
        try:
            r2, w2 = await asyncio.open_unix_connection(upstream)
        except OSError:
            w1.close()
            return
        await asyncio.gather(pump(r1, w2, delay), pump(r2, w1, delay), return_exceptions=True)

    if os.path.exists(listen):
        os.unlink(listen)
    server = await asyncio.start_unix_server(client, path=listen)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
