"""First run and the key: the welcome's two paths, a refused key, keychain failure modes."""

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.options import Options
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services import formatting
from aitasker_desktop.ui.tasks.empty_state import EMPTY_NO_TASKS
from aitasker_desktop.ui.welcome import WelcomeDialog
from tests.gui.desktop_helpers import start_desktop
from tests.keyrings import HangingKeyring

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

    def make(
        api_url: str | None = None, force_sandbox: bool = False, keychain_timeout_s: float = 5.0
    ) -> Desktop:
        options = Options(data_dir=tmp_path / "data", api_url=api_url, force_sandbox=force_sandbox)
        app = start_desktop(
            qtbot, options, welcome=True, connected=False, keychain_timeout_s=keychain_timeout_s
        )
        apps.append(app)
        return app

    yield make
    for app in apps:
        if app not in closed:
            app.shutdown()


def _welcome(app: Desktop) -> WelcomeDialog:
    assert app.accounts is not None and app.accounts.welcome is not None
    return app.accounts.welcome


def _key_entry(qtbot: QtBot, app: Desktop) -> WelcomeDialog:
    """The welcome with its key entry open, as a person opens it: "Connect my account"."""
    welcome = _welcome(app)
    qtbot.mouseClick(welcome.account_button, Qt.MouseButton.LeftButton)
    assert welcome.key_edit.isVisible() and welcome.focusWidget() is welcome.key_edit
    return welcome


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


def test_try_the_sandbox_once_on_it_keeps_the_connection_and_the_list_answers(
    qtbot: QtBot, make_app: MakeApp
) -> None:
    """The sandbox connects behind the welcome; choosing it then keeps what runs (no second
    client, no reconnect), so Tasks says at once that there are none, and the balance shows."""
    app = make_app()
    welcome = _welcome(app)
    qtbot.waitUntil(lambda: app.connection.client is not None, timeout=20_000)
    client, server = app.connection.client, app.sandbox.server
    switches: list[object] = []
    app.connection.world_changed.connect(switches.append)
    qtbot.mouseClick(welcome.sandbox_button, Qt.MouseButton.LeftButton)
    assert not welcome.isVisible()
    nav = app.window.nav
    tasks = nav.findItems("Tasks", Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(tasks).center()
    )
    assert app.window.current_place() == "tasks"
    qtbot.waitUntil(lambda: app.tasks_place.empty_label.text() == EMPTY_NO_TASKS)
    qtbot.waitUntil(lambda: app.balance_label.text() != formatting.balance(None))
    assert switches == []
    assert app.connection.client is client and app.sandbox.server is server
    assert app.window.windowTitle().endswith("SANDBOX")


def test_first_run_connect_an_account_with_a_test_key(
    qtbot: QtBot, make_app: MakeApp, account_server: EmbeddedSandbox, memory_keyring: object
) -> None:
    app = make_app(api_url=account_server.base_url)
    welcome = _key_entry(qtbot, app)
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
    qtbot.waitUntil(lambda: app.window.world_label.text() == "AITasker test account")
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
    welcome = _key_entry(qtbot, app)
    qtbot.keyClicks(welcome.key_edit, "aitk_live_WRONGkey999988887777")
    qtbot.keyClick(welcome.key_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(welcome.error_label.isVisible, timeout=20_000)
    assert "did not accept this key" in welcome.error_label.text()
    assert welcome.connect_button.isEnabled()
    assert memory_keyring.store == {}  # type: ignore[attr-defined]
    # The embedded sandbox comes up in the background: wait for it rather than race it.
    qtbot.waitUntil(_world_is(app, "sandbox"), timeout=20_000)
    # The choice is saved off the GUI thread, a moment after it is made: wait for the file.
    saved = tmp_path / "data" / "data" / "settings.json"
    qtbot.waitUntil(lambda: saved.exists() and "sandbox" in saved.read_text(), timeout=10_000)
    settings = saved.read_text()
    assert '"world": "sandbox"' in settings


def test_no_keychain_keeps_the_key_for_this_session_and_says_so(
    qtbot: QtBot, make_app: MakeApp, account_server: EmbeddedSandbox, no_keyring: object
) -> None:
    app = make_app(api_url=account_server.base_url)
    welcome = _key_entry(qtbot, app)
    qtbot.keyClicks(welcome.key_edit, TEST_KEY)
    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(_world_is(app, "account"), timeout=20_000)
    qtbot.waitUntil(welcome.place_label.isVisible)
    assert "session only" in welcome.place_label.text()
    assert "no keychain" in app.window.banner.text()
    assert (
        app.accounts is not None and app.accounts.key_status.text() == "API key: this session only"
    )


def _still_hanging(keychain: HangingKeyring) -> bool:
    """The keychain call has begun and is still blocked (it blocks for 30 s unless released)."""
    return keychain.entered.is_set() and not keychain.release.is_set()


def test_a_hanging_keychain_does_not_freeze_the_window(
    qtbot: QtBot,
    make_app: MakeApp,
    account_server: EmbeddedSandbox,
    hanging_keyring: HangingKeyring,
) -> None:
    app = make_app(api_url=account_server.base_url, keychain_timeout_s=1.0)
    welcome = _key_entry(qtbot, app)
    qtbot.keyClicks(welcome.key_edit, TEST_KEY)
    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(hanging_keyring.entered.is_set, timeout=20_000)
    # The window says so while the keychain is still stuck: the GUI thread never waited on it.
    qtbot.waitUntil(welcome.place_label.isVisible, timeout=20_000)
    assert _still_hanging(hanging_keyring)
    assert threading.main_thread().name not in hanging_keyring.entered_from
    assert "did not answer" in welcome.place_label.text()
    assert str(app.connection.world.kind) == "account"  # type: ignore[union-attr]


def test_startup_with_a_hanging_keychain_opens_the_sandbox_and_says_why(
    qtbot: QtBot,
    make_app: MakeApp,
    account_server: EmbeddedSandbox,
    tmp_path: Path,
    hanging_keyring: HangingKeyring,
) -> None:
    from aitasker_desktop.storage.settings import Settings, SettingsStore

    SettingsStore(tmp_path / "data" / "data" / "settings.json").save(Settings(world="account"))
    app = make_app(api_url=account_server.base_url, keychain_timeout_s=1.0)
    qtbot.waitUntil(lambda: "did not answer" in app.window.banner.text(), timeout=20_000)
    # Said while the keychain still hangs, and asked from a worker: the loop kept turning.
    assert _still_hanging(hanging_keyring)
    entered_from = hanging_keyring.entered_from
    assert entered_from and threading.main_thread().name not in entered_from
    qtbot.waitUntil(_world_is(app, "sandbox"), timeout=20_000)
