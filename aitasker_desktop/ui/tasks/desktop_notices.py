"""The desktop's notices as the app shows them: the platform's own notifications, with a tray
icon's message as the fallback where a tray exists (stock GNOME has none), else none."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from aitasker_desktop.services.desktop_notices import NativeNotices, NoSink, NoticeSink, OnClick

_MESSAGE_MS = 8_000


class TrayNotices:
    """showMessage of a tray icon, made only where the system has a tray. A tray shows one
    message at a time: a click is about the last one shown."""

    def __init__(self, parent: QWidget) -> None:
        self._tray = QSystemTrayIcon(parent.windowIcon(), parent)
        self._tray.setToolTip("AITasker Desktop")
        self._on_click: OnClick | None = None
        self._tray.messageClicked.connect(self.on_message_clicked)
        self._tray.show()

    def show(self, title: str, body: str, on_click: OnClick | None = None) -> None:
        self._on_click = on_click
        if self._tray.supportsMessages():
            self._tray.showMessage(
                title, body, QSystemTrayIcon.MessageIcon.Information, _MESSAGE_MS
            )

    def on_message_clicked(self) -> None:
        if self._on_click is not None:
            self._on_click()

    def close(self) -> None:
        self._tray.hide()


def _icon_file() -> Path | None:
    """The icon's file for the platform's notifications (a real file only: not in a zip)."""
    resource = files("aitasker_desktop") / "resources" / "icons" / "aitasker-desktop-128.png"
    path = Path(str(resource))
    return path if path.is_file() else None


def desktop_notices(window: QWidget) -> NoticeSink:
    """Native notifications, falling back to the tray where there is one."""
    fallback: NoticeSink = (
        TrayNotices(window) if QSystemTrayIcon.isSystemTrayAvailable() else NoSink()
    )
    return NativeNotices(fallback, icon=_icon_file(), parent=window)
