"""First run and the key: the welcome's two paths, a refused key, keychain failure modes."""

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from aitasker_desktop.app import Desktop
from aitasker_desktop.cli import Options
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.ui.main_window import MainWindow
from aitasker_desktop.ui.welcome import WelcomeDialog

TEST_KEY = "aitk_test_WELCOMEkey000011112222"

MakeApp = Callable[..., Desktop]
_CLOSED: list[Desktop] = []


def _shut(app: Desktop) -> None:
    app.shutdown()
    _CLOSED.append(app)


@pytest.fixture
def account_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSandbox]:
    """A sandbox server standing in for a real account: it accepts TEST_KEY only."""
    with EmbeddedSandbox(
        data_dir=tmp_path_factory.mktemp("account"), api_key=TEST_KEY, speed=1.0
    ) as server:
        yield server


@pytest.fixture
def make_app(qtbot: QtBot, tmp_path: Path) -> Iterator[MakeApp]:
    apps: list[Desktop] = []
    closed = _CLOSED

    def make(api_url: str | None = None, force_sandbox: bool = False) -> Desktop:
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        options = Options(data_dir=tmp_path / "data", api_url=api_url, force_sandbox=force_sandbox)
        app = Desktop(options, window, sandbox_speed=1.0, first_run_welcome=True)
        app.start()
        apps.append(app)
        return app

    yield make
    for app in apps:
        if app not in closed:
            app.shutdown()


def _welcome(app: Desktop) -> WelcomeDialog:
    assert app.accounts is not None and app.accounts.welcome is not None
    return app.accounts.welcome


def _world_is(app: Desktop, kind: str) -> Callable[[], bool]:
    return lambda: (
        app.connection is not None and str(getattr(app.connection.world, "kind", "")) == kind
    )


def test_first_run_try_the_sandbox(qtbot: QtBot, make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    welcome = _welcome(app)
    assert welcome.isVisible()
    qtbot.mouseClick(welcome.sandbox_button, Qt.MouseButton.LeftButton)
    assert not welcome.isVisible()
    qtbot.waitUntil(_world_is(app, "sandbox"), timeout=20_000)
    assert app.window.windowTitle().endswith("SANDBOX")
    assert "no real money" in app.window.world_banner.text()
    _shut(app)
    # The welcome is a first-run thing: the next start goes straight to the sandbox.
    again = make_app()
    assert again.accounts is not None and again.accounts.welcome is None
    qtbot.waitUntil(_world_is(again, "sandbox"), timeout=20_000)


def test_first_run_connect_an_account_with_a_test_key(
    qtbot: QtBot, make_app: MakeApp, account_server: EmbeddedSandbox, memory_keyring: object
) -> None:
    app = make_app(api_url=account_server.base_url)
    welcome = _welcome(app)
    assert welcome.key_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(welcome.key_edit, TEST_KEY)
    qtbot.mouseClick(welcome.show_button, Qt.MouseButton.LeftButton)
    assert welcome.key_edit.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(_world_is(app, "account"), timeout=20_000)
    assert "test key" in welcome.status_label.text()
    assert "aitk_test_…2222" in welcome.status_label.text()
    assert (
        welcome.key_edit.text() == "" and welcome.key_edit.echoMode() == QLineEdit.EchoMode.Password
    )
    assert not app.window.windowTitle().endswith("SANDBOX")
    assert not app.window.world_banner.isVisible()
    assert app.window.world_label.text() == "AITasker test account"
    qtbot.waitUntil(lambda: memory_keyring.store.get(("AITasker Desktop", "api-key")) == TEST_KEY)  # type: ignore[attr-defined]
    assert "MainThread" not in memory_keyring.threads  # type: ignore[attr-defined]
    _shut(app)
    # Next start: settings say account and the keychain has the key → straight to the account.
    again = make_app(api_url=account_server.base_url)
    qtbot.waitUntil(_world_is(again, "account"), timeout=20_000)
    assert again.accounts is not None and again.accounts.welcome is None
    # --sandbox wins over the settings.
    _shut(again)
    forced = make_app(api_url=account_server.base_url, force_sandbox=True)
    qtbot.waitUntil(_world_is(forced, "sandbox"), timeout=20_000)


def test_a_refused_key_says_so_next_to_the_field_and_keeps_nothing(
    qtbot: QtBot,
    make_app: MakeApp,
    account_server: EmbeddedSandbox,
    memory_keyring: object,
    tmp_path: Path,
) -> None:
    app = make_app(api_url=account_server.base_url)
    welcome = _welcome(app)
    qtbot.keyClicks(welcome.key_edit, "aitk_live_WRONGkey999988887777")
    qtbot.keyClick(welcome.key_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(welcome.error_label.isVisible, timeout=20_000)
    assert "did not accept this key" in welcome.error_label.text()
    assert welcome.connect_button.isEnabled()
    assert memory_keyring.store == {}  # type: ignore[attr-defined]
    # The embedded sandbox comes up in the background: wait for it rather than race it.
    qtbot.waitUntil(_world_is(app, "sandbox"), timeout=20_000)
    settings = (tmp_path / "data" / "data" / "settings.json").read_text()
    assert '"world": "sandbox"' in settings


def test_no_keychain_keeps_the_key_for_this_session_and_says_so(
    qtbot: QtBot, make_app: MakeApp, account_server: EmbeddedSandbox, no_keyring: object
) -> None:
    app = make_app(api_url=account_server.base_url)
    welcome = _welcome(app)
    qtbot.keyClicks(welcome.key_edit, TEST_KEY)
    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(_world_is(app, "account"), timeout=20_000)
    qtbot.waitUntil(welcome.place_label.isVisible)
    assert "session only" in welcome.place_label.text()
    assert "no keychain" in app.window.banner.text()
    assert (
        app.accounts is not None and app.accounts.key_status.text() == "API key: this session only"
    )


def test_a_hanging_keychain_does_not_freeze_the_window(
    qtbot: QtBot, make_app: MakeApp, account_server: EmbeddedSandbox, hanging_keyring: object
) -> None:
    app = make_app(api_url=account_server.base_url)
    assert app.accounts is not None
    app.accounts.account._timeout_s = 1.0
    ticks: list[int] = []
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start(50)
    try:
        welcome = _welcome(app)
        qtbot.keyClicks(welcome.key_edit, TEST_KEY)
        qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(hanging_keyring.entered.is_set, timeout=20_000)  # type: ignore[attr-defined]
        before = len(ticks)
        qtbot.waitUntil(welcome.place_label.isVisible, timeout=5_000)
        assert len(ticks) - before >= 10  # the event loop kept running during the 1 s wait
        assert "did not answer" in welcome.place_label.text()
        assert str(app.connection.world.kind) == "account"  # type: ignore[union-attr]
    finally:
        heartbeat.stop()


def test_startup_with_a_hanging_keychain_opens_the_sandbox_and_says_why(
    qtbot: QtBot,
    make_app: MakeApp,
    account_server: EmbeddedSandbox,
    tmp_path: Path,
    hanging_keyring: object,
) -> None:
    from aitasker_desktop.storage.settings import Settings, SettingsStore

    SettingsStore(tmp_path / "data" / "data" / "settings.json").save(Settings(world="account"))
    import aitasker_desktop.services.account as account_module

    original = account_module.KEYCHAIN_TIMEOUT_S
    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
    heartbeat.start(50)
    account_module.AccountService.__init__.__kwdefaults__["keychain_timeout_s"] = 1.0  # type: ignore[index]
    try:
        app = make_app(api_url=account_server.base_url)
        started = time.monotonic()  # start() is done: from here the loop must keep turning
        qtbot.waitUntil(lambda: "did not answer" in app.window.banner.text(), timeout=10_000)
        # The keychain was asked from a worker thread, never the GUI thread...
        entered_from = hanging_keyring.entered_from  # type: ignore[attr-defined]
        assert entered_from and threading.main_thread().name not in entered_from
        # ...so the loop kept turning while it hung (it hangs for 30 s; a GUI-thread call
        # would stall the loop that long; the bound is loose for busy CI machines).
        after = [t for t in beats if t >= started]
        gaps = [b - a for a, b in itertools.pairwise([started, *after])]
        assert max(gaps, default=0.0) < 25
        qtbot.waitUntil(_world_is(app, "sandbox"), timeout=20_000)
    finally:
        account_module.AccountService.__init__.__kwdefaults__["keychain_timeout_s"] = original  # type: ignore[index]
        heartbeat.stop()
