"""The whole app, built as app.py builds it, on a temp data dir and its embedded sandbox."""

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.app import Desktop
from aitasker_desktop.cli import Options
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.main_window import MainWindow
from tests.gui.editor_helpers import ready


@pytest.fixture
def desktop(qtbot: QtBot, tmp_path: Path) -> Iterator[Desktop]:
    """A started app on the embedded sandbox (real server on loopback), clock at speed 1.

    Tests move the sandbox's time with `desktop.sandbox.advance(seconds)`.
    """
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    app = Desktop(Options(data_dir=tmp_path / "data"), window, sandbox_speed=1.0)
    app.start()
    qtbot.waitUntil(
        lambda: app.connection is not None and app.connection.client is not None, timeout=20_000
    )
    yield app
    app.shutdown()


@pytest.fixture
def platform_credit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's sandbox starts a new account with AITasker's own 10 USD instead of its
    pretend credit. List it before `desktop` so the app is built with it."""
    from aitasker_desktop.sandbox import embedded

    monkeypatch.setattr(
        embedded,
        "EmbeddedSandbox",
        functools.partial(embedded.EmbeddedSandbox, starting_credit_usd=10.0),
    )


@pytest.fixture
def editor(desktop: Desktop, qtbot: QtBot) -> BriefEditor:
    """New brief, shown with its catalog loaded, in an active window: focus events (which
    finish a typed pick) only reach an active window."""
    return ready(desktop, qtbot)
