"""A desktop's notification service for tests: a private D-Bus session bus (dbus-daemon) and
a server of org.freedesktop.Notifications on it, as GNOME Shell or KDE Plasma provide, that
records what it was asked to show and can be clicked, as a person clicks a notice's body.

dbus-fast reads each D-Bus type from the annotation ("s", "as", "a{sv}"), which neither a
type checker nor a linter takes for a type; hence the file-wide exceptions below."""

# ruff: noqa: F821, F722
# mypy: disable-error-code="name-defined, valid-type, no-untyped-def"

import asyncio
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method, signal

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"


@dataclass
class Shown:
    app_name: str
    summary: str
    body: str


@dataclass
class NotificationServer:
    address: str
    capabilities: list[str]
    shown: list[Shown] = field(default_factory=list)
    invoke: Callable[[int, str], object] | None = None  # set while the server runs

    def read(self, number: int) -> str:
        """What a person reads in the body of the `number`th notice shown (from 1). A server
        that reads markup shows the text of it: tags are formatting, entities characters
        (and a body that is not well-formed fails here, as it does in GNOME Shell)."""
        body = self.shown[number - 1].body
        if "body-markup" not in self.capabilities:
            return body
        return "".join(ElementTree.fromstring(f"<body>{body}</body>").itertext())

    def click(self, number: int) -> None:
        """The person clicks the body of the `number`th notice shown (from 1): the server
        says so with the spec's "default" action."""
        assert self.invoke is not None
        self.invoke(number, "default")


class _Notifications(ServiceInterface):
    def __init__(self, server: NotificationServer) -> None:
        super().__init__(BUS_NAME)
        self._server = server
        self._next = 0

    @method()
    def Notify(
        self,
        app_name: "s",
        replaces_id: "u",
        app_icon: "s",
        summary: "s",
        body: "s",
        actions: "as",
        hints: "a{sv}",
        expire_timeout: "i",
    ) -> "u":
        self._next += 1
        self._server.shown.append(Shown(app_name, summary, body))
        return self._next

    @method()
    def GetCapabilities(self) -> "as":
        return self._server.capabilities

    @method()
    def CloseNotification(self, notification_id: "u") -> None:
        pass

    @method()
    def GetServerInformation(self) -> "ssss":
        return ["test-notifications", "tests", "1", "1.2"]

    @signal()
    def NotificationClosed(self) -> "uu":
        return [0, 0]

    @signal()
    def ActionInvoked(self, notification_id: int, action_key: str) -> "us":
        return [notification_id, action_key]


def have_dbus_daemon() -> bool:
    return shutil.which("dbus-daemon") is not None


@contextmanager
def notification_server(*, markup: bool = False) -> Iterator[NotificationServer]:
    """A private session bus with a notification service on it, for the `with` block.
    `markup`: the server reads a notice's body as markup ("body-markup"), as GNOME Shell,
    KDE Plasma, dunst and mako do."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        text=True,
    )
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="test-notifications", daemon=True)
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        server = NotificationServer(
            address, ["body", "actions", *(["body-markup"] if markup else [])]
        )
        thread.start()

        async def serve() -> Any:
            bus = await MessageBus(bus_address=address).connect()
            service = _Notifications(server)
            bus.export(OBJECT_PATH, service)
            await bus.request_name(BUS_NAME)
            server.invoke = lambda n, key: loop.call_soon_threadsafe(service.ActionInvoked, n, key)
            return bus

        bus = asyncio.run_coroutine_threadsafe(serve(), loop).result(timeout=10)
        try:
            yield server
        finally:

            async def disconnect() -> None:
                bus.disconnect()
                await bus.wait_for_disconnect()

            asyncio.run_coroutine_threadsafe(disconnect(), loop).result(timeout=10)
    finally:
        if thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
        loop.close()
        daemon.terminate()
        daemon.wait(10)
        if daemon.stdout is not None:
            daemon.stdout.close()
