"""Opening a TCP connection that gives up as soon as its client is closed.

A server whose address does not answer (a firewall that drops the connects, a host that is
gone) leaves a connect waiting for its whole timeout (10 s: transport.py), and nothing
another thread can do to the socket wakes a connect blocked in the kernel on every system:
closing it does not, and shutting it down does only on some. A world switch closed the old
client and the old world's calls still held the runner's threads for those 10 s, and the new
world's task list, balance and catalog waited behind them.

So the connect is started without blocking and waited for in short slices, and between two
slices it looks whether its client has been closed. Otherwise it keeps what
`socket.create_connection` does: each address the name resolves to is tried in turn, each
with the whole timeout, and the last failure is the one raised.

The name lookup before it (getaddrinfo) cannot be cut short this way. For that, and for
anything else a close cannot cut, the runner lets go of the old world's calls at a switch
(services/runner.py) and the services drop their answers (services/tracker.py and others).
"""

from __future__ import annotations

import errno
import os
import selectors
import socket
import time
from collections.abc import Callable

# How long a closed client's connect may go on: short enough that nobody sees it.
SLICE_S = 0.05

_UNDER_WAY = frozenset(
    code
    for code in (
        errno.EINPROGRESS,
        errno.EWOULDBLOCK,
        errno.EAGAIN,
        getattr(errno, "WSAEWOULDBLOCK", None),  # Windows
    )
    if code is not None
)


class ClientClosed(OSError):
    """The client was closed while this connection was being made."""


def open_tcp(
    host: str,
    port: int,
    timeout: float | None,
    source_address: tuple[str, int] | None,
    closed: Callable[[], bool],
) -> socket.socket:
    """A connected socket (in blocking mode with `timeout`, as create_connection leaves it);
    TimeoutError, ClientClosed once `closed()` says so, or the OSError of the last address."""
    failure: OSError | None = None
    for family, kind, proto, _name, address in socket.getaddrinfo(
        host, port, 0, socket.SOCK_STREAM
    ):
        sock = socket.socket(family, kind, proto)
        try:
            if source_address is not None:
                sock.bind(source_address)
            _connect(sock, address, timeout, closed)
        except BaseException as exc:
            sock.close()
            if isinstance(exc, ClientClosed) or not isinstance(exc, OSError):
                raise
            failure = exc
            continue
        sock.settimeout(timeout)
        return sock
    raise failure or OSError("getaddrinfo returns an empty list")


def _connect(
    sock: socket.socket,
    address: tuple[str, int] | tuple[str, int, int, int] | tuple[int, bytes],
    timeout: float | None,
    closed: Callable[[], bool],
) -> None:
    sock.setblocking(False)
    code = sock.connect_ex(address)
    if code == 0:
        return
    if code not in _UNDER_WAY:
        raise OSError(code, os.strerror(code))
    deadline = None if timeout is None else time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        # Writable once connected or refused (Windows reports a refusal as an exception,
        # which selectors counts as writable too).
        selector.register(sock, selectors.EVENT_WRITE)
        while not selector.select(_slice(deadline)):
            if closed():
                raise ClientClosed("the client was closed")
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError("timed out")
    code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if code:
        raise OSError(code, os.strerror(code))


def _slice(deadline: float | None) -> float:
    if deadline is None:
        return SLICE_S
    return max(0.0, min(SLICE_S, deadline - time.monotonic()))
