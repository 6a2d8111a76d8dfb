"""A TCP load balancer in front of server processes, as production has: each front door sends
new connections to its own backend while that one accepts them, else to the next one. A
client of a backend that dies reconnects through the same door and lands on a live one."""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

CHUNK = 64 * 1024


class Balancer:
    def __init__(self, backends: list[str]) -> None:
        self._backends = [_host_port(url) for url in backends]
        self._servers: list[asyncio.Server] = []
        self._pipes: set[asyncio.Task[None]] = set()
        self.fronts: list[str] = []

    async def start(self) -> list[str]:
        """One front door per backend, preferring it; their URLs."""
        for first in range(len(self._backends)):
            order = self._backends[first:] + self._backends[:first]

            async def accept(
                reader: asyncio.StreamReader,
                writer: asyncio.StreamWriter,
                order: list[tuple[str, int]] = order,
            ) -> None:
                task = asyncio.current_task()
                assert task is not None
                self._pipes.add(task)
                try:
                    await _relay(reader, writer, order)
                finally:
                    self._pipes.discard(task)

            server = await asyncio.start_server(accept, "127.0.0.1", 0)
            self._servers.append(server)
            port = server.sockets[0].getsockname()[1]
            self.fronts.append(f"http://127.0.0.1:{port}")
        return self.fronts

    async def stop(self) -> None:
        for server in self._servers:
            server.close()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    assert parts.hostname is not None
    assert parts.port is not None
    return parts.hostname, parts.port


async def _relay(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, order: list[tuple[str, int]]
) -> None:
    for host, port in order:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(host, port)
            break
        except OSError:
            continue
    else:
        writer.close()
        return
    await asyncio.gather(_copy(reader, upstream_writer), _copy(upstream_reader, writer))


async def _copy(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    """Until either side goes: a dead backend resets its connections, which then close on
    the client's side too."""
    try:
        while data := await source.read(CHUNK):
            sink.write(data)
            await sink.drain()
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            sink.close()
