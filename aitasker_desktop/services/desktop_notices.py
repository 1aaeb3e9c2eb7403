"""Where a notice pops up on the desktop: the platform's own notifications (desktop-notifier:
D-Bus on Linux, which stock GNOME shows without any tray; Notification Center; WinRT), else
a tray icon's message where a tray exists (ui/tasks/tray.py), else nowhere: the in-app list,
the count in the window title and the taskbar alert tell the person anyway. Clicking a notice
calls its `on_click` on the GUI thread (the app opens the task it is about).

desktop-notifier is asyncio-based and QtAsyncio cannot carry it (no sockets), so it runs on
one small thread with its own event loop: `show` only hands the notice over and never waits
on D-Bus. The first failure is logged once; from then on the fallback shows every notice.
asyncio is imported when the first notice is shown, not at start-up (it costs about 50 ms on
the GUI thread, and most sessions show no notice).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)

APP_NAME = "AITasker Desktop"
_JOIN_TIMEOUT_S = 2.0  # at shutdown: a hung D-Bus must not hold the app open


OnClick = Callable[[], None]


class NoticeSink(Protocol):
    """Shows a notice outside the window; what a person reads is `title` and `body`.
    `on_click` is called on the GUI thread when the person clicks the notice."""

    def show(self, title: str, body: str, on_click: OnClick | None = None) -> None: ...

    def close(self) -> None: ...


class NoSink:
    """No way to pop up a notice here (no notification service, no tray)."""

    def show(self, title: str, body: str, on_click: OnClick | None = None) -> None:
        pass

    def close(self) -> None:
        pass


class AsyncNotifier(Protocol):
    """What is used of desktop-notifier (tests give a stand-in)."""

    async def send(
        self,
        title: str,
        message: str,
        *,
        on_dispatched: Callable[[], Any] | None = None,
        on_clicked: Callable[[], Any] | None = None,
    ) -> str: ...

    async def aclose(self) -> None: ...


class _Library:
    """desktop-notifier's notifier for this platform, made on the notices' own thread."""

    def __init__(self, icon: Path | None) -> None:
        from desktop_notifier import DEFAULT_ICON, DesktopNotifier, Icon

        self._notifier = DesktopNotifier(
            APP_NAME, Icon(path=icon) if icon is not None else DEFAULT_ICON
        )
        self._body_markup: bool | None = None  # None: not known yet

    async def send(
        self,
        title: str,
        message: str,
        *,
        on_dispatched: Callable[[], Any] | None = None,
        on_clicked: Callable[[], Any] | None = None,
    ) -> str:
        if await self._reads_body_as_markup():
            import html

            # Such a server (GNOME Shell, KDE Plasma, dunst, mako) parses the body as markup:
            # a task called "Logo & <b>banner</b>" would lose words or not show at all. The
            # title is plain text everywhere.
            message = html.escape(message, quote=False)
        return await self._notifier.send(
            title, message, on_dispatched=on_dispatched, on_clicked=on_clicked
        )

    async def _reads_body_as_markup(self) -> bool:
        """Whether the D-Bus notification server says "body-markup" among its capabilities,
        asked once. desktop-notifier does not pass that one on, so its D-Bus backend's
        interface is asked; other platforms (no such interface) show the body as text."""
        if self._body_markup is None:
            backend: Any = getattr(self._notifier, "_backend", None)
            if not hasattr(backend, "interface"):
                self._body_markup = False
                return False
            try:
                await self._notifier.get_capabilities()  # connects to the bus on first use
                capabilities = await backend.interface.call_get_capabilities()
            except Exception:  # no bus or no server: `send` fails next, and says so
                return False
            self._body_markup = "body-markup" in capabilities
        return self._body_markup

    async def aclose(self) -> None:
        # The library offers no close; its D-Bus backend keeps its connection as `bus`.
        # Closing it at shutdown releases the socket instead of leaving it to the collector.
        bus = getattr(getattr(self._notifier, "_backend", None), "bus", None)
        if bus is not None:
            bus.disconnect()
            await bus.wait_for_disconnect()


class NativeNotices(QObject):
    """The platform's notifications on their own asyncio thread, with a fallback sink."""

    # From the notices' thread: this notice was not shown; show it through the fallback.
    _undelivered = Signal(str, str, object)
    # From the notices' thread: a notice was clicked; its on_click runs on the GUI thread.
    _clicked = Signal(object)

    def __init__(
        self,
        fallback: NoticeSink,
        *,
        icon: Path | None = None,
        make_notifier: Callable[[Path | None], AsyncNotifier] = _Library,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fallback = fallback
        self._icon = icon
        self._make_notifier = make_notifier
        self._available = True
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._notifier: AsyncNotifier | None = None
        self._lock: asyncio.Lock | None = None
        self._undelivered.connect(self.on_undelivered)
        self._clicked.connect(self.on_clicked)

    @property
    def available(self) -> bool:
        """False once the platform's notifications failed: the fallback shows notices."""
        return self._available

    def show(self, title: str, body: str, on_click: OnClick | None = None) -> None:
        if not self._available:
            self._fallback.show(title, body, on_click)
            return
        import asyncio

        loop = self._ensure_loop()
        asyncio.run_coroutine_threadsafe(self._send(title, body, on_click), loop)

    def close(self) -> None:
        """Stop the notices' thread (at shutdown); notices still in flight are dropped."""
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        if loop is not None and thread is not None:
            import asyncio

            closing = asyncio.run_coroutine_threadsafe(self._aclose(), loop)
            try:
                closing.result(_JOIN_TIMEOUT_S)
            except Exception:
                log.warning("The desktop notices did not close cleanly", exc_info=True)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(_JOIN_TIMEOUT_S)
            if not thread.is_alive():
                loop.close()
        self._fallback.close()

    def on_undelivered(self, title: str, body: str, on_click: OnClick | None) -> None:
        self._fallback.show(title, body, on_click)

    def on_clicked(self, on_click: OnClick) -> None:
        on_click()

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            import asyncio

            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="desktop-notices", daemon=True)
            thread.start()
            self._loop, self._thread = loop, thread
        return self._loop

    async def _aclose(self) -> None:
        if self._notifier is not None:
            await self._notifier.aclose()

    async def _send(self, title: str, body: str, on_click: OnClick | None) -> None:
        """On the notices' thread: send one; on failure, say so once and fall back."""
        if self._lock is None:  # on the notices' loop, where it is used
            import asyncio

            self._lock = asyncio.Lock()
        async with self._lock:  # one at a time: two first sends would open two connections
            await self._send_one(title, body, on_click)

    async def _send_one(self, title: str, body: str, on_click: OnClick | None) -> None:
        if not self._available:
            self._undelivered.emit(title, body, on_click)
            return
        clicked = None if on_click is None else lambda: self._clicked.emit(on_click)
        shown = threading.Event()
        try:
            if self._notifier is None:
                self._notifier = self._make_notifier(self._icon)
            # desktop-notifier logs a failed send instead of raising: `on_dispatched` is
            # called only when the platform took the notice.
            await self._notifier.send(title, body, on_dispatched=shown.set, on_clicked=clicked)
        except Exception:
            log.warning("Desktop notifications are not available here", exc_info=True)
        else:
            if shown.is_set():
                return
            log.warning("Desktop notifications are not available here; using the fallback")
        self._available = False
        self._undelivered.emit(title, body, on_click)
