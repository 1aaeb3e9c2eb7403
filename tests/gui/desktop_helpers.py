"""Building the whole app for a test, as app.py does, with the seams a test swaps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop, build_desktop
from aitasker_desktop.options import Options
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.desktop_notices import NoSink, NoticeSink
from aitasker_desktop.services.sandbox_process import SandboxSetup
from aitasker_desktop.ui.main_window import MainWindow


def real_time_sandbox(setup: SandboxSetup, **limits: Any) -> EmbeddedSandbox:
    """The real server on loopback, in this process, as the app asked for it (its surface, its
    starting credit), with windows as long as the platform's (tests move its clock with
    `desktop.sandbox.server.advance(seconds)`). `limits`: the sandbox's `Limits` fields."""
    if setup.starting_credit_usd is not None:
        limits["starting_credit_usd"] = setup.starting_credit_usd
    return EmbeddedSandbox(data_dir=setup.data_dir, speed=1.0, surface=setup.surface, **limits)


def no_notices(_window: object) -> NoticeSink:
    return NoSink()


def start_desktop(
    qtbot: QtBot,
    options: Options,
    *,
    welcome: bool = False,
    connected: bool = True,
    **seams: Any,
) -> Desktop:
    """A shown window with everything built and started; `connected`: wait for the client."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    seams.setdefault("sandbox_factory", real_time_sandbox)
    seams.setdefault("notifier", no_notices)
    desktop = build_desktop(options, window, **seams)
    desktop.start(welcome=welcome)
    if connected:
        qtbot.waitUntil(lambda: desktop.connection.client is not None, timeout=20_000)
    return desktop


class MovingClock:
    """The app's clock, moved forward with the sandbox's (`advance`): a day passes in a test,
    and the tracker's pace (domain/follow.py) sees it pass too."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


def advance(desktop: Desktop, clock: MovingClock, seconds: float) -> None:
    desktop.sandbox.server.advance(seconds)
    clock.offset += timedelta(seconds=seconds)
