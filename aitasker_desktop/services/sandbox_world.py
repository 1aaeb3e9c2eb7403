"""The built-in sandbox as a world the app can connect to.

The server is made and started on a worker (`runner`), never on the GUI thread, and by
default it runs in a child process (services/sandbox_process.py): the window, the cached
catalog and the cached tasks must not wait for FastAPI to load. It is started the first time
a sandbox world is asked for, and connected once it answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

from aitasker_desktop.services.connection import ClientFactory, Connection, World, WorldKind
from aitasker_desktop.services.sandbox_process import SandboxProcess, SandboxSetup
from aitasker_desktop.storage.paths import FolderProblem

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

log = logging.getLogger(__name__)


class SandboxServer(Protocol):
    """What the app needs of a running sandbox (sandbox/embedded.py in this process,
    services/sandbox_process.py in a child process)."""

    @property
    def base_url(self) -> str: ...

    @property
    def api_key(self) -> str: ...

    def start(self) -> object: ...

    def advance(self, seconds: float) -> None: ...

    def stop(self) -> None: ...


SandboxFactory = Callable[[SandboxSetup], SandboxServer]


def sandbox_process(setup: SandboxSetup) -> SandboxServer:
    """The server in a child process (services/sandbox_process.py): the app's default."""
    return SandboxProcess(setup)


class SandboxWorld(QObject):
    failed = Signal(str)  # a plain message: the sandbox did not start

    def __init__(
        self,
        connection: Connection,
        setup: SandboxSetup,
        client_factory: ClientFactory,
        *,
        factory: SandboxFactory = sandbox_process,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._setup = setup
        self._client_factory = client_factory
        self._factory = factory
        self._server: SandboxServer | None = None
        self._starting = False

    @property
    def server(self) -> SandboxServer:
        """The running server (for tests and diagnostics); raises before it has started."""
        if self._server is None:
            raise RuntimeError("the built-in sandbox has not started")
        return self._server

    @property
    def running(self) -> bool:
        return self._server is not None

    def open(self) -> None:
        """Switch to the sandbox: at once when it runs, else once it has started."""
        server = self._server
        if server is not None:
            if not self._connected_to(server):
                self._use(server, self._client_factory(server.base_url, server.api_key))
            return
        # The world is known before its server runs: the cached catalog and tasks show now,
        # and the client follows once the server answers (on_started checks it is still
        # the sandbox that is wanted: the person may have connected an account meanwhile).
        world = self._connection.world
        if world is None or not world.is_sandbox:
            self._connection.set_client(None, World(WorldKind.SANDBOX, ""))
        if not self._starting:
            self._starting = True
            factory, setup, make_client = self._factory, self._setup, self._client_factory

            def start() -> tuple[SandboxServer, ClientApi]:
                started = factory(setup)
                started.start()
                # The first client loads httpx: here, not on the GUI thread.
                return started, make_client(started.base_url, started.api_key)

            self._connection.runner.run(start, self.on_started, self.on_failed, owner=self)

    def _connected_to(self, server: SandboxServer) -> bool:
        """Already on this server: choosing the sandbox again (the welcome's "Try the sandbox"
        once it has connected) keeps the client. A new one would close the old under the
        calls in flight, and the task list, the balance and the catalog would wait on them."""
        world = self._connection.world
        return (
            self._connection.client is not None
            and world is not None
            and world.is_sandbox
            and world.base_url == server.base_url
        )

    def on_started(self, started: tuple[SandboxServer, ClientApi]) -> None:
        server, client = started
        self._starting = False
        self._server = server
        world = self._connection.world
        if world is not None and not world.is_sandbox:
            client.close()
            return  # the person connected an account while the sandbox was starting
        self._use(server, client)

    def on_failed(self, exc: BaseException) -> None:
        self._starting = False
        if isinstance(exc, FolderProblem):  # the person's to fix: no traceback in the log
            log.error("The built-in sandbox did not start: %s", exc)
            self.failed.emit(f"The built-in sandbox cannot start. {exc.text}")
            return
        log.error("The built-in sandbox did not start", exc_info=exc)
        self.failed.emit(
            "The built-in sandbox could not start. Restart the app; if it keeps happening, "
            "copy the diagnostics from the Help menu for support."
        )

    def _use(self, server: SandboxServer, client: ClientApi) -> None:
        self._connection.set_client(client, World(WorldKind.SANDBOX, server.base_url))

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
