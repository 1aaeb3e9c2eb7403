"""The API key never shows up anywhere but masked: not in files, logs, widgets or errors.

A recognisable fake key is used against services that fail every call in the ways a real one
can (refused 401, forbidden 403, broken 500 echoing the request, unreachable), then every file
the app wrote and every widget's text is searched for it.
"""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.api.errors import ApiError
from aitasker_desktop.desktop import Desktop
from aitasker_desktop.options import Options
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.diagnostics import Diagnostics
from aitasker_desktop.storage.secrets import ACCOUNT_NAME, SERVICE_NAME
from aitasker_desktop.storage.settings import Settings, SettingsStore
from aitasker_desktop.ui.messages import error_text
from tests.gui.desktop_helpers import start_desktop

CANARY = "aitk_live_LEAKCANARY1234567890"
NEEDLES = (CANARY, "LEAKCANARY")


def _widget_texts(widget: QWidget) -> list[str]:
    texts = [widget.toolTip(), widget.windowTitle(), widget.accessibleName(), widget.statusTip()]
    if isinstance(widget, QLabel | QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts += [widget.placeholderText(), widget.displayText()]
    if isinstance(widget, QTextEdit):
        texts.append(widget.toPlainText())
    if isinstance(widget, QPlainTextEdit):
        texts.append(widget.toPlainText())
    return texts


def _assert_no_leak_in_widgets() -> None:
    for widget in QApplication.allWidgets():
        for text in _widget_texts(widget):
            for needle in NEEDLES:
                assert needle not in (text or ""), f"{type(widget).__name__} shows the key"


def _assert_no_leak_in_files(root: Path) -> int:
    count = 0
    for path in root.rglob("*"):
        if path.is_file():
            count += 1
            data = path.read_bytes()
            for needle in NEEDLES:
                assert needle.encode() not in data, f"{path} holds the key"
    return count


@pytest.fixture
def wrong_key_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSandbox]:
    """A service that refuses the canary (it expects another key): every call is a 401."""
    with EmbeddedSandbox(data_dir=tmp_path_factory.mktemp("other"), speed=1.0) as server:
        yield server


def _start(qtbot: QtBot, data: Path, api_url: str) -> Desktop:
    return start_desktop(qtbot, Options(data_dir=data, api_url=api_url), connected=False)


def test_the_key_leaks_nowhere(
    qtbot: QtBot,
    tmp_path: Path,
    memory_keyring,
    wrong_key_server: EmbeddedSandbox,
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = tmp_path / "data"
    SettingsStore(data / "data" / "settings.json").save(Settings(world="account"))
    memory_keyring.store[(SERVICE_NAME, ACCOUNT_NAME)] = CANARY

    # 1. The service cannot be reached (nothing listens on port 9 of loopback).
    app = _start(qtbot, data, "http://127.0.0.1:9")
    qtbot.waitUntil(
        lambda: (
            app.connection is not None
            and str(getattr(app.connection.world, "kind", "")) == "account"
        ),
        timeout=20_000,
    )
    assert app.accounts is not None
    assert app.account.key_hint == "aitk_live_…7890"
    # Make calls fail loudly, including an unexpected error logged with its traceback.
    failures: list[BaseException] = []
    app.connection.call(lambda c: c.balance(), None, failures.append)
    app.connection.call(
        lambda c: (_ for _ in ()).throw(RuntimeError(f"boom {CANARY}")), None, failures.append
    )
    qtbot.waitUntil(lambda: len(failures) == 2, timeout=30_000)
    for exc in failures:
        assert CANARY not in error_text(exc) and CANARY not in str(exc)
    settings_dialog = app.accounts.show_settings()
    assert "aitk_live_…7890" in settings_dialog.key_label.text()
    app.accounts.copy_diagnostics()
    report = QApplication.clipboard().text()
    assert "aitk_live_…7890" in report and CANARY not in report
    _assert_no_leak_in_widgets()
    app.shutdown()

    # 2. The service refuses the key (401): the app asks for it again, says so, and leaks nothing.
    app2 = _start(qtbot, data, wrong_key_server.base_url)
    qtbot.waitUntil(
        lambda: app2.accounts is not None and app2.accounts.welcome is not None, timeout=30_000
    )
    assert "did not accept" in app2.window.banner.text()
    welcome = app2.accounts.welcome
    assert welcome is not None
    # Typing the canary into the field and getting it refused: the error line stays clean.
    qtbot.keyClicks(welcome.key_edit, CANARY)
    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(welcome.error_label.isVisible, timeout=20_000)
    welcome.key_edit.clear()
    _assert_no_leak_in_widgets()
    app2.shutdown()

    files = _assert_no_leak_in_files(data)
    assert files >= 3  # settings, the store, the log at least
    assert (data / "logs" / "aitasker-desktop.log").exists()
    for record in caplog.records:
        assert CANARY not in record.getMessage()


@pytest.mark.parametrize("status", [401, 403, 500])
def test_error_answers_that_echo_the_key_never_carry_it(tmp_path: Path, status: int) -> None:
    """A server that echoes the Authorization header in its error body: the key stays out of
    the error shown to the person and out of the log file."""

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"detail": f"bad: {request.headers['Authorization']}"})

    diag = Diagnostics(tmp_path / "logs", secrets=lambda: [CANARY])
    try:
        client = AITaskerClient(
            "https://api.aitasker.co",
            CANARY,
            transport=httpx.MockTransport(echo),
            max_attempts=2,
            sleep=lambda s: None,
        )
        with pytest.raises(ApiError) as info:
            client.balance()
        client.close()
        shown = error_text(info.value)
        assert CANARY not in shown
        import logging

        logging.getLogger("aitasker_desktop.test").error(
            "call failed: %s", info.value, exc_info=info.value
        )
        report = diag.report({"World": "account"})
    finally:
        diag.close()
    assert CANARY not in report
    _assert_no_leak_in_files(tmp_path / "logs")
