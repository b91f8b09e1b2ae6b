"""A slow web server for the crawler benchmark: every answer takes 200 ms, on many loopback hosts.

asyncio, HTTP/1.1 keep-alive, one listener per 127.0.0.x address (Scrapy's download slots are
per host name, so each address is a separate "site" with its own 2-request limit). It must
itself hold hundreds of slow requests at once, or it would be the bottleneck being measured.
"""

from __future__ import annotations

import asyncio
import threading

BODY = (
    b"<!doctype html><html><head><title>Register</title></head>"
    b"<body><h1>Register search</h1><p>Search by name or number.</p></body></html>"
)
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
    + str(len(BODY)).encode()
    + b"\r\n\r\n"
    + BODY
)


class SlowServer:
    """``start()`` returns the (host, port) pairs; ``requests`` counts the answered requests."""

    def __init__(self, hosts: int, delay: float = 0.2) -> None:
        self.hosts = [f"127.0.0.{n}" for n in range(1, hosts + 1)]
        self.delay = delay
        self.requests = 0
        self.active = 0
        self.peak = 0
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._servers: list[asyncio.base_events.Server] = []

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                try:
                    await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                self.active += 1
                self.peak = max(self.peak, self.active)
                await asyncio.sleep(self.delay)
                self.active -= 1
                self.requests += 1
                writer.write(RESPONSE)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def _listen(self, host: str) -> tuple[str, int]:
        server = await asyncio.start_server(self._handle, host, 0, backlog=512)
        self._servers.append(server)
        return host, server.sockets[0].getsockname()[1]

    def start(self) -> list[tuple[str, int]]:
        self._thread.start()

        async def listen_all() -> list[tuple[str, int]]:
            return list(await asyncio.gather(*(self._listen(h) for h in self.hosts)))

        return asyncio.run_coroutine_threadsafe(listen_all(), self._loop).result(30)

    def stop(self) -> None:
        async def close() -> None:
            for server in self._servers:
                server.close()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
