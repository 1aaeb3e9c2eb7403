"""A bug in a slot does not end the session: it is logged and the window says so plainly."""

import logging
import sys

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.app import install_excepthook
from aitasker_desktop.ui.main_window import MainWindow


def test_an_unexpected_error_is_logged_and_shown_in_plain_words(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    previous = sys.excepthook
    try:
        install_excepthook(window)
        try:
            raise RuntimeError("internal detail: KeyError 'bids'")
        except RuntimeError as exc:
            with caplog.at_level(logging.CRITICAL):
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert "Something went wrong inside the app" in window.banner.text()
    assert "KeyError" not in window.banner.text()
    assert any("internal detail" in (r.exc_text or "") or r.exc_info for r in caplog.records)
