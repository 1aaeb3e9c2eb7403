"""The platform's notifications (desktop-notifier on its own asyncio thread) and the fallback."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.services.desktop_notices import AsyncNotifier, NativeNotices
from tests.notices import RecordingNotices
from tests.services.notification_server import (
    Shown,
    have_dbus_daemon,
    notification_server,
)

ICON = (
    Path(__file__).resolve().parents[2]
    / "aitasker_desktop/resources/icons/aitasker-desktop-128.png"
)


@pytest.mark.skipif(not have_dbus_daemon(), reason="needs dbus-daemon (package dbus)")
def test_a_desktop_with_a_notification_service_shows_the_notice_without_any_tray(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on stock GNOME: a session bus with org.freedesktop.Notifications and no tray."""
    fallback = RecordingNotices()
    with notification_server() as server:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", server.address)
        notices = NativeNotices(fallback, icon=ICON)
        try:
            notices.show("Bids ready", "Bids are ready for “Logo”: choose one.")
            notices.show("Decide soon", "About 15 min left to choose a bid for “Logo”.")
            qtbot.waitUntil(lambda: len(server.shown) == 2, timeout=10_000)
        finally:
            notices.close()
    assert server.shown == [
        Shown("AITasker Desktop", "Bids ready", "Bids are ready for “Logo”: choose one."),
        Shown("AITasker Desktop", "Decide soon", "About 15 min left to choose a bid for “Logo”."),
    ]
    assert notices.available and fallback.shown == []
    assert fallback.closed


@pytest.mark.skipif(not have_dbus_daemon(), reason="needs dbus-daemon (package dbus)")
@pytest.mark.parametrize("markup", [True, False], ids=["server reads markup", "plain text"])
def test_a_notice_reads_as_written_whether_or_not_the_server_reads_its_body_as_markup(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, markup: bool
) -> None:
    """Task titles are the buyer's own words: an ampersand, something in angle brackets or
    right-to-left text must reach the person as typed, not as formatting or an error."""
    title = "Bids ready & waiting"
    body = "Bids are ready for “Logo & <b>banner</b> <a href='x'>v2</a> שלום”: choose one."
    with notification_server(markup=markup) as server:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", server.address)
        notices = NativeNotices(RecordingNotices(), icon=ICON)
        try:
            notices.show(title, body)
            notices.show(title, body)  # and the next, once the server is known
            qtbot.waitUntil(lambda: len(server.shown) == 2, timeout=10_000)
        finally:
            notices.close()
    assert [s.summary for s in server.shown] == [title, title]  # the title is never markup
    assert server.read(1) == server.read(2) == body
    assert notices.available


@pytest.mark.skipif(not have_dbus_daemon(), reason="needs dbus-daemon (package dbus)")
def test_clicking_a_notice_calls_its_on_click_on_the_gui_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    clicked: list[tuple[str, bool]] = []
    gui = threading.get_ident()
    with notification_server() as server:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", server.address)
        notices = NativeNotices(RecordingNotices(), icon=ICON)
        try:
            notices.show("Bids ready", "For “Logo”.", lambda: clicked.append(("logo", _on(gui))))
            notices.show(
                "Delivery ready", "For “Flyer”.", lambda: clicked.append(("flyer", _on(gui)))
            )
            notices.show("Refunded", "No click wanted.")
            qtbot.waitUntil(lambda: len(server.shown) == 3, timeout=10_000)
            server.click(2)
            qtbot.waitUntil(lambda: clicked == [("flyer", True)], timeout=10_000)
            server.click(3)  # nothing to do: nothing happens, and nothing fails
            server.click(1)
            qtbot.waitUntil(lambda: len(clicked) == 2, timeout=10_000)
        finally:
            notices.close()
    assert clicked == [("flyer", True), ("logo", True)]


def _on(thread: int) -> bool:
    return threading.get_ident() == thread


def test_without_a_notification_service_the_fallback_shows_and_the_failure_is_logged_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: Any
) -> None:
    """A session without a bus (a headless machine, a broken desktop): the real library fails,
    and every notice goes to the fallback (the tray where there is one)."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    fallback = RecordingNotices()
    notices = NativeNotices(fallback)
    caplog.set_level(logging.WARNING, logger="aitasker_desktop.services.desktop_notices")
    try:
        notices.show("Bids ready", "one")
        qtbot.waitUntil(lambda: fallback.shown == [("Bids ready", "one")], timeout=10_000)
        notices.show("Refunded", "two")
        notices.show("Task completed", "three")
        qtbot.waitUntil(lambda: len(fallback.shown) == 3, timeout=10_000)
    finally:
        notices.close()
    assert fallback.titles() == ["Bids ready", "Refunded", "Task completed"]
    assert not notices.available
    ours = [r for r in caplog.records if r.name == "aitasker_desktop.services.desktop_notices"]
    assert len(ours) == 1 and "not available" in ours[0].getMessage()


class Refusing:
    """A notifier whose platform takes nothing (desktop-notifier logs and returns)."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(
        self,
        title: str,
        message: str,
        *,
        on_dispatched: Callable[[], Any] | None = None,
        on_clicked: Callable[[], Any] | None = None,
    ) -> str:
        self.sent.append(title)
        return "id"

    async def aclose(self) -> None:
        pass


def test_a_notice_the_platform_did_not_take_goes_to_the_fallback(qtbot: QtBot) -> None:
    refusing = Refusing()

    def make(_icon: Path | None) -> AsyncNotifier:
        return refusing

    fallback = RecordingNotices()
    notices = NativeNotices(fallback, make_notifier=make)
    try:
        clicked: list[str] = []
        notices.show("Delivery ready", "body", lambda: clicked.append("delivery"))
        qtbot.waitUntil(lambda: fallback.shown == [("Delivery ready", "body")], timeout=10_000)
        fallback.click(0)  # the fallback's notice opens the same task
        assert clicked == ["delivery"]
        notices.show("Refunded", "body 2")
        qtbot.waitUntil(lambda: len(fallback.shown) == 2, timeout=10_000)
    finally:
        notices.close()
    assert refusing.sent == ["Delivery ready"]  # not tried again once it failed
