"""A closed client leaves no socket open: not even one it was still connecting on another
thread when it closed (a world switch did that, and the socket stayed open)."""

import socket

import httpx
import pytest

from aitasker_desktop.api.net import DeadlineTransport


def test_a_connection_made_after_close_is_closed_at_once_and_the_call_fails() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(10)
        port = server.getsockname()[1]
        transport = DeadlineTransport()
        transport.close()  # the world switched while this call was on its way
        request = httpx.Request("GET", f"http://127.0.0.1:{port}/api/v1/tasks")
        with pytest.raises(httpx.ConnectError):
            transport.handle_request(request)
        accepted, _ = server.accept()  # the connect itself had reached the server
        with accepted:
            accepted.settimeout(10)
            assert accepted.recv(1024) == b""  # closed by the client, nothing sent on it


def test_close_ends_a_connection_the_pool_holds() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(10)
        port = server.getsockname()[1]
        transport = DeadlineTransport()
        backend = transport._backend  # a socket opened as the pool closes, as on a worker
        stream = backend.connect_tcp("127.0.0.1", port, timeout=10)
        accepted, _ = server.accept()
        with accepted:
            accepted.settimeout(10)
            transport.close()
            assert accepted.recv(1024) == b""
        assert stream.get_extra_info("socket").fileno() == -1
