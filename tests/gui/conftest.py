"""The whole app, built as app.py builds it, on a temp data dir and its embedded sandbox."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.options import Options
from aitasker_desktop.ui.editor import BriefEditor
from tests.gui.desktop_helpers import start_desktop
from tests.gui.editor_helpers import ready


@pytest.fixture
def desktop(qtbot: QtBot, tmp_path: Path) -> Iterator[Desktop]:
    """A started app on the embedded sandbox (real server on loopback), clock at speed 1.

    Tests move the sandbox's time with `desktop.sandbox.server.advance(seconds)`.
    """
    app = start_desktop(qtbot, Options(data_dir=tmp_path / "data"))
    yield app
    app.shutdown()


@pytest.fixture
def editor(desktop: Desktop, qtbot: QtBot) -> BriefEditor:
    """New brief, shown with its catalog loaded, in an active window: focus events (which
    finish a typed pick) only reach an active window."""
    return ready(desktop, qtbot)
