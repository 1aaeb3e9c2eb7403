"""An address on loopback whose connects are never answered, as a server behind a firewall
that drops them (or a host that is gone): the client's SYN waits, and its connect with it.

A listening socket that never accepts, with a backlog of one already taken: Linux then drops
every further SYN (the accept queue is full), so a connect sits in SYN_SENT until its own
timeout. No internet needed, and nothing answers with a refusal either.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator


@contextlib.contextmanager
def unanswered_port() -> Iterator[int]:
    """The port on 127.0.0.1; closed (and its connects refused) on the way out."""
    with contextlib.ExitStack() as stack:
        listener = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = int(listener.getsockname()[1])
        # Linux keeps backlog + 1 connections waiting: two fill it whatever the rounding.
        for _ in range(2):
            filler = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
        yield port


def connect_waits(port: int) -> bool:
    """Whether a connect to `port` is still waiting after a moment (the address works)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.3)
        try:
            probe.connect(("127.0.0.1", port))
        except TimeoutError:
            return True
        except OSError:
            return False
        return False


def waiting_connects(port: int) -> int:
    """How many connects to 127.0.0.1:`port` are waiting for an answer (in SYN_SENT), read
    from Linux's /proc/net/tcp: what a test waits on, rather than on time."""
    wanted = f"0100007F:{port:04X}"
    count = 0
    with open("/proc/net/tcp", encoding="ascii") as table:
        next(table)  # the header
        for line in table:
            fields = line.split()
            if fields[2] == wanted and fields[3] == "02":  # remote address, SYN_SENT
                count += 1
    return count
