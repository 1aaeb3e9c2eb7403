"""The sandbox in-process: a real uvicorn server on loopback in a daemon thread.

with EmbeddedSandbox(tmp_path, speed=0) as sb:
    httpx.get(sb.base_url + "/health")
    sb.advance(420)

`surface="documented"` serves only what AITasker documents; tests then move time and add
credit through this object (`advance`, `top_up`), since the /sandbox/ routes are absent.
"""

import contextlib
import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx

from .app import create_app
from .conventions import HEALTH, SANDBOX_DEFAULT_KEY, STARTING_CREDIT_USD, Surface
from .ratelimit import Limits
from .runtime import SandboxRuntime
from .server import bind, make_server, url_host


class EmbeddedSandbox:
    """`**limits` are `Limits` fields, e.g. `create_per_minute=3`, to test rate limiting."""

    def __init__(
        self,
        data_dir: Path,
        *,
        api_key: str = SANDBOX_DEFAULT_KEY,
        speed: float = 1.0,
        compress: float = 1.0,
        host: str = "127.0.0.1",
        port: int = 0,
        surface: Surface | str = Surface.FULL,
        starting_credit_usd: float = STARTING_CREDIT_USD,
        **limits: Any,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.surface = Surface(surface)
        self.starting_credit_usd = starting_credit_usd
        self.api_key = api_key
        self.speed = speed
        self.compress = compress
        self.host = host
        self.port = port
        self.limits = Limits(**limits)
        self.runtime: SandboxRuntime | None = None
        self._thread: threading.Thread | None = None
        self._server: Any = None
        self._error: BaseException | None = None

    @property
    def base_url(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}"

    def start(self, timeout: float = 15.0) -> Self:
        if self._thread is not None:
            return self
        self.runtime = SandboxRuntime(
            self.data_dir,
            api_key=self.api_key,
            speed=self.speed,
            limits=self.limits,
            compress=self.compress,
            starting_credit_usd=self.starting_credit_usd,
        )
        try:
            sock = bind(self.host, self.port)
        except BaseException:
            self.runtime.close()
            self.runtime = None
            raise
        self.port = sock.getsockname()[1]
        server = make_server(create_app(self.runtime, self.surface))
        self._server = server

        def serve() -> None:
            try:
                server.run(sockets=[sock])
            except BaseException as exc:  # reported by start()
                self._error = exc
            finally:
                sock.close()

        self._thread = threading.Thread(target=serve, name="aitasker-sandbox", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2.0, trust_env=False) as client:
            while True:
                if self._error is not None or not self._thread.is_alive():
                    self.stop()
                    raise RuntimeError(f"the sandbox server did not start: {self._error!r}")
                try:
                    if server.started and client.get(self.base_url + HEALTH).status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    self.stop()
                    raise TimeoutError("the sandbox server did not answer in time")
                time.sleep(0.02)

    def advance(self, seconds: float) -> None:
        """Move simulated time forward and run every step that became due."""
        if self.runtime is None:
            raise RuntimeError("the sandbox is not running")
        self.runtime.advance(seconds)

    def top_up(self, amount_usd: float) -> None:
        """Add pretend credit to the sandbox key's account (any surface)."""
        if self.runtime is None:
            raise RuntimeError("the sandbox is not running")
        self.runtime.buyer.top_up(self.runtime.caller_id, amount_usd)

    def stop(self) -> None:
        server = self._server
        if server is not None:
            server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if server is not None:
            _cut_connections(server)
        self._server = None
        if self.runtime is not None:
            self.runtime.close()
            self.runtime = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _cut_connections(server: Any) -> None:
    """End every connection the server still holds, as a stopped server process would: a
    client's kept-alive socket must see the server gone at once, not wait out its deadline
    writing to a socket nobody reads (uvicorn leaves such sockets to the garbage collector
    when its loop ends before their close has run)."""
    for connection in list(server.server_state.connections):
        transport = getattr(connection, "transport", None)
        sock = transport.get_extra_info("socket") if transport is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
