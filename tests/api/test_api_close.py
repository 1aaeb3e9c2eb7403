"""A closed client leaves no socket open: not even one it was still connecting on another
thread when it closed (a world switch did that, and the socket stayed open)."""

import socket
import threading

import httpx
import pytest

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.api.errors import ApiError, NetworkError
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


def test_close_ends_a_call_waiting_for_its_answer_at_once() -> None:
    """Closing a descriptor does not wake the thread reading it, and its number goes to the
    next socket: a world switch left the old world's calls waiting out their 30 s deadline."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(10)
        client = AITaskerClient(f"http://127.0.0.1:{server.getsockname()[1]}", "aitk_test_k")
        failed: list[BaseException] = []

        def call() -> None:
            try:
                client.balance()
            except ApiError as exc:
                failed.append(exc)

        caller = threading.Thread(target=call)
        caller.start()
        accepted, _ = server.accept()
        with accepted:
            accepted.settimeout(10)
            assert accepted.recv(1024).startswith(b"GET ")  # asked, and never answered
            client.close()  # the world switched
            caller.join(10)
            assert not caller.is_alive()
            assert accepted.recv(1024) == b""  # the client let go of the connection
        assert len(failed) == 1 and isinstance(failed[0], NetworkError)
        assert "stopped talking" in failed[0].message  # cut short, not tried again
