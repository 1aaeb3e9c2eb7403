"""The socket level: which addresses are allowed, TLS, and a deadline every read must respect.

httpx's read timeout applies to each socket read, so a server that drips one byte at a time
holds a request open forever without ever tripping it. Here every read, write, connect and TLS
handshake made while a deadline is set (`deadline_scope`) is given at most the time left until
that deadline, and fails with a timeout once it has passed. That covers the status line and the
headers, which the per-chunk check in transport.py cannot see. It needs no thread: the deadline
lives in a thread-local, and the I/O happens on the calling thread.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import threading
import time
import typing
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import httpcore
import httpx
import truststore

# httpcore's own stream over a plain socket (TLS, TLS in TLS). It has no public name, so a
# later httpcore may move it: then connects are made by httpcore as before, and a world switch
# may wait out a connect to a silent address again (the runner still lets go of it).
try:
    from httpcore._backends.sync import SyncStream
except ImportError:  # pragma: no cover (the httpcore of the day has it)
    SyncStream = None  # type: ignore[assignment,misc]

from aitasker_desktop.api import tcp
from aitasker_desktop.api.errors import InsecureURL

# -- addresses ------------------------------------------------------------------------------


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1 and exactly `localhost`: the only hosts plain http may reach.

    Names are decided by DNS, so no other name counts, not even `*.localhost` (a resolver
    or a hosts file may send it anywhere, and the bearer key with it). `localhost` itself is
    the one name operating systems resolve to loopback without asking DNS.
    """
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return address.is_loopback


def check_base_url(base_url: str) -> httpx.URL:
    """The base URL, normalised; InsecureURL unless it is https or http to loopback."""
    try:
        url = httpx.URL(base_url.strip())
    except (httpx.InvalidURL, TypeError):
        raise InsecureURL(
            "That does not look like a web address.",
            hint="Enter the AITasker address, for example https://api.aitasker.co.",
        ) from None
    if not url.host:
        raise InsecureURL(
            "That does not look like a web address.",
            hint="Enter the AITasker address, for example https://api.aitasker.co.",
        )
    if url.username or url.password:
        raise InsecureURL(
            "The AITasker address must not contain a user name or password.",
            hint="Remove the part before the @ and enter the API key in Settings instead.",
        )
    plain_loopback = url.scheme == "http" and is_loopback_host(url.host)
    if url.scheme != "https" and not plain_loopback:
        raise InsecureURL()
    path = url.path.rstrip("/")
    return url.copy_with(path=path, query=None, fragment=None)


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


def tls_context() -> ssl.SSLContext:
    """The operating system's trust store; verification cannot be turned off."""
    ctx = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return typing.cast(ssl.SSLContext, ctx)


def is_tls_failure(exc: BaseException) -> bool:
    """Whether a connect failure was the TLS handshake or certificate check."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ssl.SSLError | ssl.CertificateError):
            return True
        cur = cur.__cause__ or cur.__context__
    text = str(exc).upper()
    return "CERTIFICATE_VERIFY_FAILED" in text or "SSL:" in text or "TLSV1" in text


# -- deadlines ------------------------------------------------------------------------------

_local = threading.local()


def current_deadline() -> float | None:
    value = getattr(_local, "deadline", None)
    return value if isinstance(value, float) else None


@contextmanager
def deadline_scope(deadline: float) -> Iterator[None]:
    """Every network operation on this thread must finish by `deadline` (time.monotonic)."""
    previous = current_deadline()
    _local.deadline = deadline
    try:
        yield
    finally:
        _local.deadline = previous


def extend_deadline(deadline: float) -> None:
    """Move the current scope's deadline (a download that keeps arriving earns more time)."""
    if current_deadline() is not None:
        _local.deadline = deadline


def _clamp(timeout: float | None, error: type[Exception]) -> float | None:
    deadline = current_deadline()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket bound to the calling thread's deadline, which any thread may close.

    Closing a descriptor does not wake a thread blocked reading it (Linux), and its number is
    free at once for the next socket: a call still waiting when its client closed (a world
    switch) then waited out its deadline (30 s), on its old server or on whichever new
    connection took the number. So a close while a read or write runs shuts the socket down
    instead, which ends that call at once, and the thread using it closes it on its way out."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner
        self._lock = threading.Lock()
        self._users = 0  # reads, writes or a handshake running now
        self._closing = False
        self._closed = False

    @contextmanager
    def _using(self, error: type[Exception]) -> Iterator[None]:
        with self._lock:
            if self._closing:
                raise error("the connection was closed")
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                last = self._closing and self._users == 0
            if last:
                self._close_now()

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with self._using(httpcore.ReadError):
            return self._inner.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        with self._using(httpcore.WriteError):
            self._inner.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        with self._lock:
            self._closing = True
            busy = self._users > 0
        if busy:
            self._shut_down()  # the call running now ends, and closes the socket as it does
        else:
            self._close_now()

    def _shut_down(self) -> None:
        sock = self._inner.get_extra_info("socket")
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                # The plain socket's own shutdown: a TLS socket's would also drop its TLS
                # state under the thread reading it.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def _close_now(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        with self._using(httpcore.ConnectError):
            self._inner = self._inner.start_tls(
                ssl_context, server_hostname, _clamp(timeout, httpcore.ConnectTimeout)
            )
        return self  # the same stream, now over TLS: the backend's `close` still reaches it

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """Opens the sockets, and closes every one of them at `close`: the pool's own close misses
    a connection still being made on another thread, whose socket then stayed open. A connect
    still waiting for its server's answer gives up at `close` (tcp.py)."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()
        self._lock = threading.Lock()
        self._open: weakref.WeakSet[httpcore.NetworkStream] = weakref.WeakSet()
        self._closed = False

    def _is_closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        with self._lock:
            self._closed = True
            streams = list(self._open)
        for stream in streams:
            stream.close()

    def _opened(self, stream: httpcore.NetworkStream) -> httpcore.NetworkStream:
        with self._lock:
            if not self._closed:
                self._open.add(stream)
                return stream
        stream.close()
        raise httpcore.ConnectError("the client was closed")

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        if SyncStream is None:  # pragma: no cover (see the import)
            stream = self._inner.connect_tcp(
                host, port, _clamp(timeout, httpcore.ConnectTimeout), local_address, socket_options
            )
            return self._opened(_DeadlineStream(stream))
        source = None if local_address is None else (local_address, 0)
        try:
            # Not the inner backend's blocking connect: a close must end this one (tcp.py).
            sock = tcp.open_tcp(
                host, port, _clamp(timeout, httpcore.ConnectTimeout), source, self._is_closed
            )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        try:
            for option in socket_options or ():
                sock.setsockopt(*option)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as httpcore does
        except OSError as exc:
            sock.close()
            raise httpcore.ConnectError(str(exc)) from exc
        return self._opened(_DeadlineStream(SyncStream(sock)))

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(
            path, _clamp(timeout, httpcore.ConnectTimeout), socket_options
        )
        return self._opened(_DeadlineStream(stream))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


_EXC_MAP: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    # Most specific first.
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextmanager
def _mapped() -> Iterator[None]:
    try:
        yield
    except httpcore.TimeoutException as exc:
        raise _map(exc) from exc
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.ProxyError) as exc:
        raise _map(exc) from exc
    except httpcore.UnsupportedProtocol as exc:
        raise _map(exc) from exc


def _map(exc: Exception) -> httpx.TransportError:
    for source, target in _EXC_MAP:
        if isinstance(exc, source):
            return target(type(exc).__name__)
    return httpx.TransportError(type(exc).__name__)  # pragma: no cover


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        with _mapped():
            yield from self._inner

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if callable(close):
            with _mapped():
                close()


class DeadlineTransport(httpx.BaseTransport):
    """httpx's HTTP/1.1 transport on httpcore, with every socket operation bound to the
    calling thread's deadline. No proxies here: the client mounts httpx's own proxy
    transports from the environment, and the per-chunk deadline check covers those."""

    def __init__(self, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self._backend = _DeadlineBackend()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or tls_context(),
            max_connections=10,
            max_keepalive_connections=5,
            keepalive_expiry=5.0,
            http1=True,
            http2=False,
            retries=0,
            network_backend=self._backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _mapped():
            resp = self._pool.handle_request(core_request)
        assert isinstance(resp.stream, Iterable)
        return httpx.Response(
            status_code=resp.status,
            headers=resp.headers,
            stream=_ResponseStream(resp.stream),
            extensions=resp.extensions,
        )

    def close(self) -> None:
        self._pool.close()
        self._backend.close()  # and the sockets the pool no longer knew of
