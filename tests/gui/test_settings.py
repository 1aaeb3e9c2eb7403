"""The settings dialog: preferences saved, worlds switched, the key file choice, screenshots."""

import json
import logging
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QDialogButtonBox,
    QRadioButton,
)
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.options import Options
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services import formatting
from aitasker_desktop.storage.secrets import ACCOUNT_NAME, SERVICE_NAME
from aitasker_desktop.storage.settings import Settings, SettingsStore
from aitasker_desktop.ui.tasks.empty_state import EMPTY_NO_TASKS
from aitasker_desktop.ui.theme import apply_theme, is_dark
from tests.gui.desktop_helpers import start_desktop
from tests.keyrings import MemoryKeyring
from tests.screens import contrast, field_contrast, indicator_contrast, save_screen, screens_dir
from tests.unanswered import connect_waits, unanswered_port, waiting_connects

KEY = "aitk_live_SETTINGSkey0000abcd"
SCREENS = screens_dir("accounts")


@pytest.fixture
def account_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSandbox]:
    with EmbeddedSandbox(data_dir=tmp_path_factory.mktemp("acct"), api_key=KEY, speed=1.0) as s:
        yield s


@pytest.fixture
def app(qtbot: QtBot, tmp_path: Path, account_server: EmbeddedSandbox) -> Iterator[Desktop]:
    opts = Options(data_dir=tmp_path / "data", api_url=account_server.base_url)
    desktop = start_desktop(qtbot, opts, welcome=True, connected=False)
    qtbot.waitUntil(lambda: desktop.connection.world is not None, timeout=20_000)
    yield desktop
    desktop.shutdown()
    apply_theme(QApplication.instance(), "light")  # type: ignore[arg-type]


def _tick(qtbot: QtBot, button: QAbstractButton) -> None:
    # Click on the indicator and label (the left end), as a person does; the widget's centre
    # may lie past the end of its text, where a click does nothing.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def _kind(app: Desktop) -> str:
    return str(getattr(app.connection.world if app.connection else None, "kind", ""))


def _connect(qtbot: QtBot, app: Desktop) -> None:
    assert app.accounts is not None and app.accounts.welcome is not None
    welcome = app.accounts.welcome
    if not welcome.key_edit.isVisible():
        qtbot.mouseClick(welcome.account_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(welcome.key_edit, KEY)
    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _kind(app) == "account", timeout=20_000)


def test_preferences_are_saved_and_theme_applied(
    qtbot: QtBot, app: Desktop, tmp_path: Path
) -> None:
    assert app.accounts is not None
    app.accounts.welcome.close()  # type: ignore[union-attr]
    app.accounts.settings_action.trigger()
    dialog = app.accounts.settings_dialog
    assert dialog is not None and dialog.isVisible()
    assert app.accounts.settings_action.shortcut().toString() == "Ctrl+,"
    assert str(tmp_path / "data" / "data") == dialog.data_label.text()
    opened: list[str] = []
    dialog._open_folder = opened.append
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [dialog.data_label.text()]
    dialog.poll_combo.setCurrentIndex(dialog.poll_combo.findText("Every minute"))
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findText("Dark"))
    _tick(qtbot, dialog.notify_check)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    path = tmp_path / "data" / "data" / "settings.json"
    qtbot.waitUntil(lambda: json.loads(path.read_text())["theme"] == "dark")
    saved = json.loads(path.read_text())
    assert saved["poll_seconds"] == 60 and saved["notifications"] is False
    palette = QApplication.instance().palette()  # type: ignore[union-attr]
    assert palette.color(QPalette.ColorRole.Window).lightness() < 80


def test_switch_worlds_and_keep_the_key_in_a_file(
    qtbot: QtBot, app: Desktop, tmp_path: Path
) -> None:
    _connect(qtbot, app)
    assert app.accounts is not None
    app.accounts.welcome.close()  # type: ignore[union-attr]
    dialog = app.accounts.show_settings()
    assert dialog.account_radio.isChecked()
    assert dialog.key_label.text() == "API key: aitk_live_…abcd (live key)"
    _tick(qtbot, dialog.sandbox_radio)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _kind(app) == "sandbox", timeout=20_000)
    assert app.window.windowTitle().endswith("SANDBOX")
    dialog = app.accounts.show_settings()
    _tick(qtbot, dialog.account_radio)
    # The explicit choice to keep the key in a file: warned before and while it stands.
    _tick(qtbot, dialog.key_file_check)
    assert "Warning" in dialog.key_note.text() and dialog.key_note.isVisible()
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    for mode in ("dark", "light"):  # the warning is readable on both, switched while open
        apply_theme(qapp, mode)
        qtbot.waitUntil(lambda: is_dark(dialog.palette()) == (mode == "dark"))  # noqa: B023
        assert contrast(dialog.key_note, dialog) >= 4.5
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _kind(app) == "account", timeout=20_000)
    key_file = tmp_path / "data" / "data" / "api-key.secret"
    qtbot.waitUntil(key_file.exists, timeout=20_000)  # a worker's write, on a busy machine
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    qtbot.waitUntil(lambda: app.accounts.key_status.isVisible(), timeout=20_000)
    assert "file" in app.accounts.key_status.text()
    assert "Warning" in app.window.banner.text()


def test_screenshots_light_and_dark(qtbot: QtBot, app: Desktop) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert app.accounts is not None and app.accounts.welcome is not None
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    for mode in ("light", "dark"):
        apply_theme(qapp, mode)
        welcome = app.accounts.welcome
        welcome.resize(560, welcome.sizeHint().height())
        qtbot.wait(50)
        save_screen(welcome, SCREENS / f"welcome-{mode}.png", texts=["Welcome to AITasker"])
    welcome = app.accounts.welcome
    qtbot.mouseClick(welcome.account_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(welcome.key_edit, "aitk_live_nope00000000")
    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(welcome.error_label.isVisible, timeout=20_000)
    save_screen(welcome, SCREENS / "welcome-refused-dark.png", texts=["did not accept"])
    welcome.key_edit.clear()
    _connect(qtbot, app)
    apply_theme(qapp, "dark")  # connecting saved the settings, which re-applied "system"
    qtbot.wait(50)
    save_screen(welcome, SCREENS / "welcome-connected-dark.png", texts=["live key"])
    welcome.close()
    dialog = app.accounts.show_settings()
    for mode in ("light", "dark"):
        apply_theme(qapp, mode)
        qtbot.wait(50)
        save_screen(dialog, SCREENS / f"settings-{mode}.png", texts=["Appearance"])


def _settings_json(tmp_path: Path) -> dict[str, object]:
    return dict(json.loads((tmp_path / "data" / "data" / "settings.json").read_text()))


def test_forget_key_waits_for_ok_and_cancel_keeps_the_key(
    qtbot: QtBot, app: Desktop, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    _connect(qtbot, app)
    assert app.accounts is not None
    app.accounts.welcome.close()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: KEY in memory_keyring.store.values(), timeout=20_000)
    qtbot.waitUntil(lambda: _settings_json(tmp_path)["world"] == "account")  # a worker writes
    for leave in ("Cancel", "Esc"):
        dialog = app.accounts.show_settings()
        qtbot.mouseClick(dialog.forget_key_button, Qt.MouseButton.LeftButton)
        # Shown as a change still to make, like any other in the dialog, and undoable.
        assert dialog.key_note.isVisible() and dialog.key_note.text().startswith(
            "The key will be forgotten when you press OK"
        )
        assert dialog.forget_key_button.text() == "Keep key"
        assert dialog.sandbox_radio.isChecked()
        note = dialog.key_note  # two lines now: the dialog grows to show them once laid out
        qtbot.waitUntil(lambda: note.height() >= note.heightForWidth(note.width()))  # noqa: B023
        save_screen(dialog, SCREENS / "settings-forget-pending.png", texts=["press OK"])
        assert KEY in memory_keyring.store.values() and _kind(app) == "account"
        if leave == "Cancel":
            cancel = dialog.findChild(QDialogButtonBox).button(  # type: ignore[union-attr]
                QDialogButtonBox.StandardButton.Cancel
            )
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
        # As it was: the key in the keychain, the account in use, and in the settings file.
        assert KEY in memory_keyring.store.values()
        assert _kind(app) == "account" and app.account.key_hint == "aitk_live_…abcd"
        assert _settings_json(tmp_path)["world"] == "account"
        assert not app.window.windowTitle().endswith("SANDBOX")

    dialog = app.accounts.show_settings()
    assert dialog.key_label.text() == "API key: aitk_live_…abcd (live key)"
    qtbot.mouseClick(dialog.forget_key_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.forget_key_button, Qt.MouseButton.LeftButton)  # Keep key: undone
    assert dialog.forget_key_button.text() == "Forget key" and dialog.account_radio.isChecked()
    assert "forgotten" not in dialog.key_note.text()
    qtbot.mouseClick(dialog.forget_key_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: KEY not in memory_keyring.store.values(), timeout=20_000)
    qtbot.waitUntil(lambda: _kind(app) == "sandbox", timeout=20_000)
    qtbot.waitUntil(lambda: _settings_json(tmp_path)["world"] == "sandbox")
    assert app.account.key_hint == ""
    assert app.window.windowTitle().endswith("SANDBOX")
    dialog = app.accounts.show_settings()
    assert dialog.key_label.text() == "No API key yet."
    assert not dialog.forget_key_button.isEnabled()
    dialog.reject()


def test_settings_asked_for_again_comes_to_the_front_with_its_changes(
    qtbot: QtBot, app: Desktop
) -> None:
    assert app.accounts is not None
    app.accounts.welcome.reject()  # type: ignore[union-attr]
    window = app.window

    def press_ctrl_comma() -> None:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window.nav, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)

    press_ctrl_comma()
    dialog = app.accounts.settings_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.notify_check.isChecked()
    _tick(qtbot, dialog.notify_check)  # a change not saved yet
    dialog.poll_combo.setCurrentIndex(dialog.poll_combo.findText("Every 5 minutes"))
    press_ctrl_comma()  # Settings again, from the window behind it (it is not modal)
    assert app.accounts.settings_dialog is dialog and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert not dialog.notify_check.isChecked()
    assert dialog.poll_combo.currentText() == "Every 5 minutes"
    shown = [w for w in QApplication.topLevelWidgets() if w.objectName() == "settings"]
    assert [w for w in shown if w.isVisible()] == [dialog]
    dialog.reject()


def test_unticked_boxes_radio_buttons_and_pickers_stand_out_in_light_and_dark(
    qtbot: QtBot, app: Desktop
) -> None:
    assert app.accounts is not None
    app.accounts.welcome.reject()  # type: ignore[union-attr]
    dialog = app.accounts.show_settings()
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    unticked: list[QCheckBox | QRadioButton] = [dialog.key_file_check, dialog.account_radio]
    for mode in ("dark", "light"):
        apply_theme(qapp, mode)
        qtbot.waitUntil(lambda: is_dark(dialog.palette()) == (mode == "dark"))  # noqa: B023
        for button in unticked:
            assert indicator_contrast(button) >= 3, (mode, button.text())
        for combo in (dialog.poll_combo, dialog.theme_combo):  # and the pickers' edges
            assert field_contrast(combo) >= 3, (mode, combo.accessibleName())
    dialog.reject()


class _Held:
    """Answers of a server that wait until released, as a slow account's do."""

    def __init__(self) -> None:
        self.waiting: list[str] = []
        self.released = threading.Event()
        self.returned = 0

    def hold(self, name: str, answer: Callable[..., object]) -> Callable[..., object]:
        def held(*args: object, **kwargs: object) -> object:
            self.waiting.append(name)
            self.released.wait(60)
            self.returned += 1
            return answer(*args, **kwargs)

        return held


@pytest.fixture
def held() -> Iterator[_Held]:
    held = _Held()
    yield held
    held.released.set()  # the server's threads end even when the test failed


def _shows_its_tasks_and_balance(app: Desktop, kind: str) -> bool:
    return (
        _kind(app) == kind
        and app.tasks_place.empty_label.text() == EMPTY_NO_TASKS
        and app.balance_label.text() != formatting.balance(None)
    )


def test_back_to_the_sandbox_while_the_account_answers_slowly_shows_it_at_once(
    qtbot: QtBot,
    app: Desktop,
    account_server: EmbeddedSandbox,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    held: _Held,
) -> None:
    """The account's calls still running when the person switches back are cut there and
    then: the sandbox's tasks and balance do not wait behind them (they did, for the calls'
    30 s deadline: closing a socket does not wake the thread reading it), nothing is tried
    again, and their late answers show nowhere."""
    _connect(qtbot, app)
    assert app.accounts is not None
    app.accounts.welcome.close()  # type: ignore[union-attr]
    nav = app.window.nav
    tasks = nav.findItems("Tasks", Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(tasks).center()
    )
    qtbot.waitUntil(lambda: _shows_its_tasks_and_balance(app, "account"), timeout=20_000)
    dialog = app.accounts.show_settings()
    _tick(qtbot, dialog.sandbox_radio)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _shows_its_tasks_and_balance(app, "sandbox"), timeout=20_000)
    sandbox_balance = app.balance_label.text()

    runtime = account_server.runtime
    assert runtime is not None
    monkeypatch.setattr(runtime.buyer, "balance", held.hold("balance", runtime.buyer.balance))
    monkeypatch.setattr(
        runtime.store, "changed_since", held.hold("tasks", runtime.store.changed_since)
    )
    dialog = app.accounts.show_settings()
    _tick(qtbot, dialog.account_radio)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # The account's balance and task list are asked for, and not answered yet.
    qtbot.waitUntil(lambda: {"balance", "tasks"} <= set(held.waiting), timeout=20_000)
    assert _kind(app) == "account"

    caplog.set_level(logging.INFO, logger="aitasker_desktop.api")
    banner = (app.window.banner.isVisible(), app.window.banner.accessibleName())
    dialog = app.accounts.show_settings()
    _tick(qtbot, dialog.sandbox_radio)  # the person does not wait for the account
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _shows_its_tasks_and_balance(app, "sandbox"), timeout=60_000)
    # Shown because the account's calls were cut, not because they ran out their time and
    # gave up, or were sent again.
    tried_again = [r.getMessage() for r in caplog.records if "attempt" in r.getMessage()]
    assert tried_again == []
    assert held.returned == 0
    assert app.balance_label.text() == sandbox_balance
    # No error of the account's cut calls shown in the sandbox.
    assert (app.window.banner.isVisible(), app.window.banner.accessibleName()) == banner

    held.released.set()  # the account answers at last: nothing of it shows here
    qtbot.waitUntil(lambda: held.returned == 2, timeout=20_000)
    assert _shows_its_tasks_and_balance(app, "sandbox")
    assert app.balance_label.text() == sandbox_balance


def test_to_the_sandbox_while_the_account_does_not_answer_shows_it_at_once(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring, sandbox: EmbeddedSandbox
) -> None:
    """The account's address does not answer (a firewall drops the connects): the app opens
    on it, its task list, balance and catalog each waiting in a connect, and the person picks
    the sandbox. The sandbox shows at once: the account's connects end when its client is
    closed, instead of holding the runner's threads and the task list for their 10 s."""
    with unanswered_port() as port:
        assert connect_waits(port)  # the address behaves as a silent server's does
        SettingsStore(tmp_path / "data" / "data" / "settings.json").save(Settings(world="account"))
        memory_keyring.store[(SERVICE_NAME, ACCOUNT_NAME)] = KEY
        opts = Options(data_dir=tmp_path / "data", api_url=f"http://127.0.0.1:{port}")
        app = start_desktop(qtbot, opts, sandbox_factory=lambda _setup: sandbox)
        try:
            assert _kind(app) == "account" and app.accounts is not None
            nav = app.window.nav
            tasks = nav.findItems("Tasks", Qt.MatchFlag.MatchExactly)[0]
            qtbot.mouseClick(
                nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(tasks).center()
            )
            # The account's calls are in their connects (the second filler's is one).
            qtbot.waitUntil(lambda: waiting_connects(port) >= 4, timeout=20_000)
            banner = (app.window.banner.isVisible(), app.window.banner.accessibleName())

            dialog = app.accounts.show_settings()
            _tick(qtbot, dialog.sandbox_radio)
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: _shows_its_tasks_and_balance(app, "sandbox"), timeout=5_000)
            sandbox_balance = app.balance_label.text()

            # The account's calls let go of their connects, and nothing of them shows here:
            # no error, no offline note, no other balance, no note over the task types.
            qtbot.waitUntil(lambda: waiting_connects(port) <= 1, timeout=5_000)
            assert _shows_its_tasks_and_balance(app, "sandbox")
            assert app.balance_label.text() == sandbox_balance
            assert (app.window.banner.isVisible(), app.window.banner.accessibleName()) == banner
            assert not app.tracker.offline
            for mode in ("light", "dark"):
                apply_theme(QApplication.instance(), mode)  # type: ignore[arg-type]
                save_screen(
                    app.window,
                    SCREENS / f"sandbox-after-silent-account-{mode}.png",
                    texts=[EMPTY_NO_TASKS, sandbox_balance],
                )
        finally:
            app.shutdown()
            apply_theme(QApplication.instance(), "light")  # type: ignore[arg-type]
