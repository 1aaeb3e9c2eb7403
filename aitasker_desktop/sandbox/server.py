"""Serving a sandbox app with uvicorn on a socket we bind ourselves (so port 0 works)."""

import asyncio
import socket

import uvicorn
from fastapi import FastAPI


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it, Nagle's algorithm and delayed ACKs add
    # about 40 ms to every small response on loopback.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
        # Listening from now on, so "listening on" is true when it is printed: a client that
        # connects while the app is still being built waits in the backlog, not refused.
        sock.listen(socket.SOMAXCONN)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def make_server(app: FastAPI) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        loop="asyncio",
        http="h11",
        ws="none",
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    return _Server(config)


class _Server(uvicorn.Server):
    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """uvicorn's graceful shutdown, then an end to any connection still open: one that
        a client opened as the server stopped outlives the graceful wait, and uvicorn leaves
        its socket to the garbage collector once the loop is gone."""
        await super().shutdown(sockets)
        for connection in list(self.server_state.connections):
            transport = getattr(connection, "transport", None)
            if transport is not None:
                transport.abort()
        # abort() closes each socket in a callback it queues; this yields after them.
        await asyncio.sleep(0)


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
