"""A closed client leaves no socket open: not even one it was still connecting on another
thread when it closed (a world switch did that, and the socket stayed open)."""

import socket
import threading
import time
from collections.abc import Callable

import httpx
import pytest

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.api.errors import ApiError, NetworkError
from aitasker_desktop.api.net import DeadlineTransport
from tests.unanswered import connect_waits, unanswered_port, waiting_connects


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


def test_close_ends_a_connect_the_server_never_answers_at_once() -> None:
    """A connect to an address that does not answer (SYN dropped) is no read or write that a
    shutdown could end, and closing a socket does not wake the thread connecting it: a world
    switch then waited for the old world's connects to time out (10 s)."""
    with unanswered_port() as port:
        assert connect_waits(port)
        client = AITaskerClient(f"http://127.0.0.1:{port}", "aitk_test_k")
        failed: list[BaseException] = []

        def call() -> None:
            try:
                client.balance()
            except ApiError as exc:
                failed.append(exc)

        caller = threading.Thread(target=call)
        before = waiting_connects(port)
        caller.start()
        _wait_for(lambda: waiting_connects(port) > before)  # in its connect now
        client.close()  # the world switched
        caller.join(5)  # well within the 10 s connect timeout
        assert not caller.is_alive()
        assert waiting_connects(port) == before  # its socket is closed too
    assert len(failed) == 1 and isinstance(failed[0], NetworkError)
    assert "stopped talking" in failed[0].message  # cut short, not tried again


def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Until `condition` holds (a condition wait, as qtbot.waitUntil's, without Qt)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
