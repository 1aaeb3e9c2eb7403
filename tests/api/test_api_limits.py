"""Deadlines, size caps and address rules, some against real sockets on 127.0.0.1."""

import gzip
import io
import socket
import threading
import time
from collections.abc import Iterable, Iterator

import httpx
import pytest

from aitasker_desktop.api import errors
from aitasker_desktop.api.client import AITaskerClient
from tests.api.conftest import FAKE_KEY


class DripServer:
    """Answers every connection by dripping bytes: headers first, or slowly, one per interval."""

    def __init__(self, *, drip_headers: bool, interval: float = 0.3) -> None:
        self.drip_headers = drip_headers
        self.interval = interval
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._serve, daemon=True)
        self._accept.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            t = threading.Thread(target=self._drip, args=(conn,), daemon=True)
            t.start()
            self._threads.append(t)

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                body = b'{"id": "t1", "title": "' + b"x" * 200 + b'"}'
                head += b"Content-Length: %d\r\n\r\n" % len(body)
                if not self.drip_headers:
                    conn.sendall(head)
                    head = b""
                for byte in head + body:
                    if self._stop.wait(self.interval):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return

    def close(self) -> None:
        self._stop.set()
        self._accept.join()
        for t in self._threads:
            t.join()
        self._sock.close()


@pytest.fixture(params=[False, True], ids=["body-drip", "header-drip"])
def drip(request) -> Iterator[DripServer]:
    server = DripServer(drip_headers=request.param)
    yield server
    server.close()


def test_attempt_abandoned_near_the_deadline(drip):
    with AITaskerClient(drip.url, FAKE_KEY, attempt_timeout=1.0, max_attempts=1) as client:
        started = time.monotonic()
        with pytest.raises(errors.TimeoutError_):
            client.get_task("t1")
        elapsed = time.monotonic() - started
    # httpx's per-read timeout alone would wait for all ~240 bytes (over a minute).
    assert 0.9 <= elapsed < 1.6, elapsed


def test_gzip_bomb_is_stopped_at_the_decoded_cap(make_client):
    inflated = b'{"id": "t1", "description": "' + b"a" * (50 * 1024 * 1024) + b'"}'
    bomb = gzip.compress(inflated, compresslevel=9)
    assert len(bomb) < 200 * 1024

    def handler(request):
        return httpx.Response(
            200,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
            stream=httpx.ByteStream(bomb),
        )

    client = make_client(handler, max_response_bytes=1024 * 1024, max_attempts=1)
    with pytest.raises(errors.BadResponse) as info:
        client.get_task("t1")
    assert "larger" in info.value.message


def test_gzip_body_within_the_cap_is_decoded(make_client):
    body = gzip.compress(b'{"id": "t9", "title": "Hello there"}')

    def handler(request):
        assert request.headers["Accept-Encoding"] == "gzip"
        return httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(body)
        )

    assert make_client(handler).get_task("t9").title == "Hello there"


def test_corrupt_gzip_is_bad_response(make_client):
    def handler(request):
        return httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip")
        )

    with pytest.raises(errors.BadResponse):
        make_client(handler, max_attempts=1).get_task("t1")


@pytest.mark.parametrize(
    "url",
    [
        "http://api.aitasker.co",
        "http://127.0.0.1.evil.example",
        "http://10.0.0.5:8000",
        # Names other than `localhost` itself go wherever DNS or a hosts file sends them.
        "http://sandbox.localhost:8765",
        "http://localhost.:8765",
        "http://localhost.evil.example",
        "http://127.0.0.1.nip.io:8765",
        "http://0.0.0.0:8765",
        "http://[::]:8765",
        "http://[fe80::1]:8765",
        "ftp://api.aitasker.co",
        "api.aitasker.co",
        "https://user:pw@api.aitasker.co",
        "",
    ],
)
def test_insecure_urls_refused(url):
    with pytest.raises(errors.InsecureURL):
        AITaskerClient(url, FAKE_KEY)


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("https://api.aitasker.co", False),
        ("https://api.aitasker.co/", False),
        ("http://127.0.0.1:8765", True),
        ("http://127.3.4.5:8765", True),
        ("http://localhost:8765", True),
        ("http://[::1]:8765", True),
        ("http://LOCALHOST:8765", True),
        ("http://127.255.255.254:8765", True),
        ("https://sandbox.localhost", False),  # any name may use https
    ],
)
def test_allowed_urls(url, loopback):
    with AITaskerClient(url, FAKE_KEY) as client:
        assert client.base_url.startswith("https://") or loopback
        assert not client.base_url.endswith("/")


def test_real_tls_failure_is_not_retried():
    """https:// to a server that speaks plain http: the handshake fails, once."""
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    accepted: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            accepted.append(1)
            with conn:
                conn.settimeout(1)
                try:
                    conn.recv(4096)
                    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    sleeps: list[float] = []
    try:
        # https to loopback is allowed, and TLS is still required.
        with (
            AITaskerClient(
                f"https://127.0.0.1:{port}", FAKE_KEY, sleep=sleeps.append, attempt_timeout=3
            ) as client,
            pytest.raises(errors.TLSError),
        ):
            client.get_task("t1")
    finally:
        stop.set()
        thread.join()
        sock.close()
    assert sleeps == []
    assert len(accepted) == 1


class _SlowStream(httpx.SyncByteStream):
    def __init__(self, chunks: list[bytes], pause: float) -> None:
        self.chunks, self.pause = chunks, pause

    def __iter__(self):
        for chunk in self.chunks:
            time.sleep(self.pause)
            yield chunk


def test_a_download_that_keeps_moving_earns_time_a_drip_does_not(make_client):
    from aitasker_desktop.domain.task import FileRef

    big = [b"x" * 64 * 1024] * 5  # 0.5 s in all, well past the 0.2 s attempt deadline
    client = make_client(
        lambda r: httpx.Response(200, stream=_SlowStream(big, 0.1)),
        attempt_timeout=0.2,
        max_attempts=1,
    )
    out = io.BytesIO()
    assert client.download(FileRef(id="f"), out) == 5 * 64 * 1024

    drip = [b"x"] * 5
    client = make_client(
        lambda r: httpx.Response(200, stream=_SlowStream(drip, 0.1)),
        attempt_timeout=0.2,
        max_attempts=1,
    )
    with pytest.raises(errors.TimeoutError_):
        client.download(FileRef(id="f"), io.BytesIO())


def test_a_large_upload_earns_time_as_it_is_sent(make_client, tmp_path):
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF" + b"0" * (700 * 1024))

    def handler(request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, Iterable)
        for _chunk in request.stream:
            time.sleep(0.1)  # a slow uplink: ~0.5 s in all against a 0.2 s deadline
        return httpx.Response(201, json={"id": "u1"})

    transport = httpx.MockTransport(handler)
    client = AITaskerClient(
        "https://api.example.test",
        FAKE_KEY,
        transport=transport,
        attempt_timeout=0.2,
        max_attempts=1,
    )
    with client:
        assert client.upload(path).id == "u1"
