"""Downloads write no more than the server announced, nor than a sane ratio to what it sent.

A real HTTP server on loopback sends a 2 MB gzip bomb (about 2 GB unpacked); the bytes on
disk are measured after every write.
"""

import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

import httpx
import pytest

from aitasker_desktop.api import body, errors
from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.domain.task import FileRef
from tests.api.conftest import FAKE_KEY

MB = 1024 * 1024
SERVICES_DOWNLOAD_CAP = 2 * 1024 * MB  # what the app's save service allows a file
# httpcore reads a socket at most 64 KB at a time.
SOCKET_READ = 64 * 1024


def make_bomb() -> bytes:
    """About 2 MB of gzip that unpacks to about 2 GB of zeros: concatenated gzip members,
    each 64 MB of zeros (gzip's own ratio is about 1,000 to 1)."""
    member = gzip.compress(b"\0" * (64 * MB), compresslevel=9)
    return member * (2 * MB // len(member))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, bomb: bytes, zeros: bytes) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.bomb = bomb
        self.zeros = zeros
        self.zeros_gz = gzip.compress(zeros)
        self.seen: list[tuple[str, str]] = []  # (path, Accept-Encoding)


class Handler(http.server.BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        encoding = self.headers.get("Accept-Encoding", "")
        self.server.seen.append((self.path, encoding))
        if self.path.startswith("/api/v1/files/bomb"):  # gzip, whatever was asked
            self.answer(self.server.bomb, "gzip")
        elif self.path.startswith("/api/v1/files/zeros"):  # honest: as the client asks
            if "gzip" in encoding:
                self.answer(self.server.zeros_gz, "gzip")
            else:
                self.answer(self.server.zeros, None)
        else:
            self.send_error(404)

    def answer(self, data: bytes, encoding: str | None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except OSError:
            pass  # the client stopped reading, as it should

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = make_bomb()
    assert 1.9 * MB < len(data) <= 2 * MB
    return data


@pytest.fixture
def server(bomb) -> Iterator[Server]:
    srv = Server(bomb, zeros=b"\0" * (3 * MB))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join()


class DiskFile(io.RawIOBase):
    """A real file on disk that notes its largest size after every write."""

    def __init__(self, path: Path) -> None:
        self._f = path.open("w+b")
        self.peak = 0

    def write(self, data: Any) -> int:
        n = self._f.write(data)
        self.peak = max(self.peak, os.fstat(self._f.fileno()).st_size)
        return n

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._f.seek(offset, whence)

    def tell(self) -> int:
        return self._f.tell()

    def truncate(self, size: int | None = None) -> int:
        return self._f.truncate(size)

    def close(self) -> None:
        self._f.close()
        super().close()


def client_for(server: Server) -> AITaskerClient:
    host, port = server.server_address[:2]
    return AITaskerClient(f"http://{host!s}:{port}", FAKE_KEY, attempt_timeout=30)


def test_bomb_with_an_announced_size_writes_no_more_than_that(server, tmp_path):
    out = DiskFile(tmp_path / "logo.png")
    with client_for(server) as client, pytest.raises(errors.BadResponse) as info:
        client.download(
            FileRef(id="bomb", name="logo.png", size_bytes=200_000),
            cast(BinaryIO, out),
            max_bytes=SERVICES_DOWNLOAD_CAP,
        )
    out.close()
    assert out.peak <= 200_000
    assert info.value.message == body.MORE_THAN_ANNOUNCED
    assert len(server.seen) == 1


def test_bomb_without_an_announced_size_is_bound_by_the_ratio(server, tmp_path, bomb):
    """A bare-URL artifact says no size: the ratio to the compressed bytes bounds it. The
    bomb is asked for once more uncompressed, sends gzip again, and is refused again."""
    out = DiskFile(tmp_path / "artifact.bin")
    with client_for(server) as client, pytest.raises(errors.BadResponse) as info:
        client.download(
            FileRef(url="/api/v1/files/bomb"), cast(BinaryIO, out), max_bytes=SERVICES_DOWNLOAD_CAP
        )
    out.close()
    # The ratio trips within the first two socket reads (their sum bounds what was read).
    bound = body.INFLATION_ALLOWANCE + body.MAX_INFLATION * 2 * SOCKET_READ
    print(f"gzip bomb: {len(bomb)} bytes sent, peak on disk {out.peak} bytes (bound {bound})")
    assert out.peak <= bound  # about 7.5 MB measured, against 2 GB unpacked
    assert (tmp_path / "artifact.bin").stat().st_size <= bound
    assert info.value.message == body.INFLATED
    assert [enc for _, enc in server.seen] == ["gzip", "identity"]


def test_an_honest_file_that_compresses_unusually_well_still_arrives(server, tmp_path):
    out = DiskFile(tmp_path / "zeros.bin")
    with client_for(server) as client:
        written = client.download(
            FileRef(id="zeros", size_bytes=3 * MB),
            cast(BinaryIO, out),
            max_bytes=SERVICES_DOWNLOAD_CAP,
        )
    out.close()
    assert written == 3 * MB
    assert (tmp_path / "zeros.bin").read_bytes() == b"\0" * (3 * MB)
    assert [enc for _, enc in server.seen] == ["gzip", "identity"]


def test_an_ordinary_compressed_file_arrives_in_one_request(server, make_client):
    text = b"".join(b"Line %d of an ordinary report, with words.\n" % i for i in range(50_000))
    packed = gzip.compress(text)
    assert len(text) / len(packed) < body.MAX_INFLATION

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(packed)
        )

    client = make_client(handler)
    out = io.BytesIO()
    assert client.download(FileRef(id="r", size_bytes=len(text)), out) == len(text)
    assert out.getvalue() == text


def test_an_uncompressed_body_longer_than_its_content_length_is_cut_there(make_client):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Length": "100"}, stream=httpx.ByteStream(b"x" * MB)
        )

    client = make_client(handler, max_attempts=1)
    out = io.BytesIO()
    with pytest.raises(errors.BadResponse) as info:
        client.download(FileRef(id="f"), out)
    assert len(out.getvalue()) <= 100
    assert info.value.message == body.MORE_THAN_ANNOUNCED


def test_a_preview_is_bound_by_the_announced_size_too(make_client):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=httpx.ByteStream(b"x" * MB))

    client = make_client(handler, max_attempts=1)
    with pytest.raises(errors.BadResponse):
        client.fetch_bytes(FileRef(id="f", size_bytes=1000))
    assert client.fetch_bytes(FileRef(id="f", size_bytes=MB)) == b"x" * MB
