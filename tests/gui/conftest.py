"""The whole app, built as app.py builds it, on a temp data dir and its embedded sandbox."""

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.options import Options
from aitasker_desktop.ui.editor import BriefEditor
from tests.gui.desktop_helpers import start_desktop
from tests.gui.editor_helpers import ready


class AppOptions:
    """The options the `desktop` fixture builds the app with. Fixtures listed before
    `desktop` may change them; once the app is built, a change is a mistake in the test."""

    def __init__(self, data_dir: Path) -> None:
        self._options = Options(data_dir=data_dir)
        self.built = False

    @property
    def options(self) -> Options:
        return self._options

    def change(self, **fields: Any) -> None:
        if self.built:
            raise RuntimeError("the app is already built: list this fixture before `desktop`")
        self._options = dataclasses.replace(self._options, **fields)


@pytest.fixture
def app_options(tmp_path: Path) -> AppOptions:
    return AppOptions(tmp_path / "data")


@pytest.fixture
def desktop(qtbot: QtBot, app_options: AppOptions) -> Iterator[Desktop]:
    """A started app on the embedded sandbox (real server on loopback), clock at speed 1.

    Tests move the sandbox's time with `desktop.sandbox.server.advance(seconds)`.
    """
    app_options.built = True
    app = start_desktop(qtbot, app_options.options)
    yield app
    app.shutdown()


@pytest.fixture
def platform_credit(app_options: AppOptions) -> None:
    """The app's sandbox starts a new account with AITasker's own 10 USD instead of its
    pretend credit (the app's --sandbox-credit). List it before `desktop`."""
    app_options.change(sandbox_credit_usd=10.0)


@pytest.fixture
def editor(desktop: Desktop, qtbot: QtBot) -> BriefEditor:
    """New brief, shown with its catalog loaded, in an active window: focus events (which
    finish a typed pick) only reach an active window."""
    return ready(desktop, qtbot)
