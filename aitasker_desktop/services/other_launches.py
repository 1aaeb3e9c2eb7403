"""A second launch on the same data folder hands over to the first (storage/instance_lock.py):
it asks the running app, over a local socket, to bring its window to the front, and ends.

The running app listens only once it is ready to work: QtNetwork stays off the way to ready
(10 to 40 ms to import here). A launch that comes sooner waits for it, for up to `patience` seconds.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

SHOW = b"show\n"
SHOWN = b"shown\n"
_STEP_MS = 100  # between tries to reach a running app that does not listen yet


def server_name(folder: Path) -> str:
    """The socket's name for a data folder: the same for every launch on that folder (and
    user), short enough for a Unix socket path."""
    key = f"{os.path.abspath(folder)}\0{_user()}".encode()
    return "aitasker-desktop-" + hashlib.sha256(key).hexdigest()[:24]


def _user() -> str:
    try:
        return str(os.getuid())
    except AttributeError:  # Windows: the pipe's namespace is the session's already
        return os.environ.get("USERNAME", "")


class Listener(QObject):
    """In the running app: brings the window forward (`show`) when another launch asks."""

    def __init__(self, folder: Path, show: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self._show = show
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        name = server_name(folder)
        # We hold the folder's lock: a socket left under this name is a crashed run's.
        QLocalServer.removeServer(name)
        if not self._server.listen(name):
            log.warning("Another launch cannot reach this one: %s", self._server.errorString())

    def _on_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():  # arrived before the connection was handed over
                self._on_ready_read(socket)

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(SHOW.strip()):
            log.info("Opened again on this data folder: the window is brought to the front")
            self._show()
            socket.write(SHOWN)
            socket.flush()
        socket.disconnectFromServer()

    def close(self) -> None:
        self._server.close()


SHOWN_THERE = "shown"  # the open app brought its window forward
ENDED = "ended"  # it ended meanwhile (opened again as it closed): this launch can start
SILENT = "silent"  # it holds the folder but did not answer in time


def ask_to_show(folder: Path, patience: float, ended: Callable[[], bool]) -> str:
    """From a second launch: ask the app open on `folder` to bring its window forward, for up
    to `patience` seconds; `ended` says whether it has let go of the folder. No event loop
    needed: blocking waits, in a process that ends or starts the app next."""
    name = server_name(folder)
    deadline = time.monotonic() + patience
    while True:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(_STEP_MS * 5):
            socket.write(SHOW)
            socket.flush()
            answer = b""
            while socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
                left = int((deadline - time.monotonic()) * 1000)
                if left <= 0:
                    break
                if not socket.waitForReadyRead(min(left, 1000)):
                    continue  # the loop's test notices a close
                answer += bytes(socket.readAll().data())
                if SHOWN in answer:
                    socket.disconnectFromServer()
                    return SHOWN_THERE
            # Answered and closed at once: the answer may wait in the buffer, unread.
            if SHOWN in answer + bytes(socket.readAll().data()):
                return SHOWN_THERE
            socket.abort()
        if ended():
            return ENDED
        if time.monotonic() >= deadline:
            return SILENT
        time.sleep(_STEP_MS / 1000)
