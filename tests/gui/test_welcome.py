"""The welcome as a new person meets it: modal, two equal choices, the keyboard, Esc, readable
help in light and dark, and nothing cut off at 1280x800 or with a font twice the size."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.options import Options
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.ui.theme import apply_theme, is_dark
from aitasker_desktop.ui.welcome import WelcomeDialog
from tests.gui.desktop_helpers import start_desktop
from tests.screens import contrast, save_screen, screens_dir

KEY = "aitk_test_WELCOMEtest00001111"
SCREENS = screens_dir("welcome")


@pytest.fixture
def account_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSandbox]:
    """A server standing in for AITasker: it accepts KEY only."""
    with EmbeddedSandbox(data_dir=tmp_path_factory.mktemp("acct"), api_key=KEY, speed=1.0) as s:
        yield s


@pytest.fixture
def app(qtbot: QtBot, tmp_path: Path, account_server: EmbeddedSandbox) -> Iterator[Desktop]:
    """A first run: no settings, no key."""
    options = Options(data_dir=tmp_path / "data", api_url=account_server.base_url)
    desktop = start_desktop(qtbot, options, welcome=True, connected=False)
    desktop.window.resize(1280, 800)
    yield desktop
    desktop.shutdown()
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    apply_theme(qapp, "light")


def _welcome(app: Desktop) -> WelcomeDialog:
    assert app.accounts is not None and app.accounts.welcome is not None
    return app.accounts.welcome


def _kind(app: Desktop) -> str:
    return str(getattr(app.connection.world, "kind", ""))


def _saved_world(tmp_path: Path) -> str:
    path = tmp_path / "data" / "data" / "settings.json"
    return str(json.loads(path.read_text())["world"])


def _visible_labels(root: QWidget) -> list[QLabel]:
    return [w for w in root.findChildren(QLabel) if w.isVisibleTo(root) and w.text()]


def test_first_run_welcome_is_window_modal_with_two_equal_choices(app: Desktop) -> None:
    welcome = _welcome(app)
    assert welcome.isVisible() and welcome.isModal()
    assert welcome.windowModality() == Qt.WindowModality.WindowModal
    assert welcome.parentWidget() is app.window
    sandbox, account = welcome.sandbox_button, welcome.account_button
    assert sandbox.isVisible() and account.isVisible()
    assert sandbox.text() == "Try the sandbox"
    assert account.text() == "Connect my AITasker account"
    assert sandbox.size() == account.size()
    assert sandbox.font() == account.font()
    assert sandbox.y() == account.y()  # side by side: neither is the small print
    texts = " ".join(label.text() for label in _visible_labels(welcome))
    assert "pretend credit" in texts and "simulated agents" in texts
    assert "Nothing real is charged or sent" in texts
    assert "later in Edit › Settings… (Ctrl+,)" in texts
    # The place named is where the menu bar really has it.
    assert app.accounts is not None and app.accounts.settings_action in (
        app.window.edit_menu.actions()
    )
    assert not welcome.key_edit.isVisible()  # the key entry opens when asked for


def test_try_the_sandbox_starts_the_app_on_the_sandbox(
    qtbot: QtBot, app: Desktop, tmp_path: Path
) -> None:
    welcome = _welcome(app)
    qtbot.mouseClick(welcome.sandbox_button, Qt.MouseButton.LeftButton)
    assert not welcome.isVisible()
    qtbot.waitUntil(lambda: _kind(app) == "sandbox", timeout=20_000)
    assert app.window.windowTitle().endswith("SANDBOX")
    assert _saved_world(tmp_path) == "sandbox"


def test_the_keyboard_reaches_both_choices_and_enter_takes_the_sandbox(
    qtbot: QtBot, app: Desktop
) -> None:
    welcome = _welcome(app)
    welcome.activateWindow()
    qtbot.waitUntil(lambda: welcome.sandbox_button.hasFocus())
    assert welcome.sandbox_button.isDefault()
    qtbot.keyClick(welcome.focusWidget(), Qt.Key.Key_Tab)
    assert welcome.account_button.hasFocus()
    qtbot.keyClick(welcome.focusWidget(), Qt.Key.Key_Backtab)
    assert welcome.sandbox_button.hasFocus()
    qtbot.keyClick(welcome.focusWidget(), Qt.Key.Key_Return)
    assert not welcome.isVisible()
    qtbot.waitUntil(lambda: _kind(app) == "sandbox", timeout=20_000)


def test_connect_opens_the_key_entry_and_the_keyboard_goes_on_through_it(
    qtbot: QtBot, app: Desktop
) -> None:
    welcome = _welcome(app)
    welcome.activateWindow()
    qtbot.waitUntil(lambda: welcome.sandbox_button.hasFocus())
    qtbot.keyClick(welcome.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(welcome.focusWidget(), Qt.Key.Key_Space)  # "Connect my AITasker account"
    assert welcome.key_edit.isVisible() and welcome.key_edit.hasFocus()
    assert welcome.connect_button.isDefault() and not welcome.sandbox_button.isDefault()
    assert welcome.sandbox_button.isVisible()  # the other choice is still there
    help_text = welcome.help_label.text()
    assert welcome.help_label.isVisible() and welcome.help_label.isEnabled()
    assert "Settings → API keys" in help_text
    qtbot.keyClick(welcome.key_edit, Qt.Key.Key_Tab)
    assert welcome.show_button.hasFocus()
    qtbot.keyClick(welcome.focusWidget(), Qt.Key.Key_Tab)
    assert welcome.connect_button.hasFocus()
    welcome.key_edit.setFocus()
    qtbot.keyClicks(welcome.key_edit, KEY)
    qtbot.keyClick(welcome.key_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _kind(app) == "account", timeout=20_000)
    assert "test key" in welcome.status_label.text()
    assert not welcome.sandbox_button.isVisible()  # the choice is made
    assert not welcome.key_edit.isVisible() and welcome.close_button.isDefault()
    # The dialog fits what is left: no empty area above Done where the choices were.
    save_screen(welcome, SCREENS / "connected.png", texts=["is connected", "Connected as"])
    last_line = max(
        label.mapTo(welcome, label.rect().bottomLeft()).y() for label in _visible_labels(welcome)
    )
    done_top = welcome.close_button.mapTo(welcome, welcome.close_button.rect().topLeft()).y()
    assert done_top - last_line < 2 * welcome.fontMetrics().height(), (last_line, done_top)
    qtbot.keyClick(welcome, Qt.Key.Key_Escape)  # Done: the account stays
    assert not welcome.isVisible() and _kind(app) == "account"


def test_escape_takes_the_sandbox_and_says_where_to_connect_later(
    qtbot: QtBot, app: Desktop, tmp_path: Path
) -> None:
    welcome = _welcome(app)
    qtbot.mouseClick(welcome.account_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(welcome.key_edit, "aitk_live_half")
    qtbot.keyClick(welcome, Qt.Key.Key_Escape)
    assert not welcome.isVisible()
    qtbot.waitUntil(lambda: _kind(app) == "sandbox", timeout=20_000)
    assert _saved_world(tmp_path) == "sandbox"
    assert "no real money" in app.window.world_banner.text()


def test_escape_while_the_key_is_checked_keeps_the_check_and_its_answer(
    qtbot: QtBot, app: Desktop, tmp_path: Path
) -> None:
    welcome = _welcome(app)
    qtbot.mouseClick(welcome.account_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(welcome.key_edit, "aitk_live_WRONGkey999988887777")
    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
    assert not welcome.connect_button.isEnabled()  # the check is under way
    qtbot.keyClick(welcome, Qt.Key.Key_Escape)
    assert not welcome.isVisible()
    # The refusal is not lost: the dialog comes back with it, next to the field.
    qtbot.waitUntil(welcome.error_label.isVisible, timeout=20_000)
    assert welcome.isVisible()
    assert "did not accept this key" in welcome.error_label.text()
    assert welcome.key_edit.text() == "aitk_live_WRONGkey999988887777"  # to correct, not retype
    qtbot.keyClick(welcome, Qt.Key.Key_Escape)
    assert not welcome.isVisible()
    qtbot.waitUntil(lambda: _kind(app) == "sandbox", timeout=20_000)


def test_a_key_that_cannot_be_checked_offline_says_what_to_do_and_connect_tries_again(
    qtbot: QtBot, app: Desktop, account_server: EmbeddedSandbox
) -> None:
    welcome = _welcome(app)
    qtbot.mouseClick(welcome.account_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(welcome.key_edit, KEY)
    account_server.stop()  # AITasker cannot be reached
    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(welcome.error_label.isVisible, timeout=30_000)
    said = welcome.error_label.text()
    assert said.startswith("The key could not be checked: Could not reach AITasker.")
    assert "press Connect to try again" in said and "you can use the sandbox" in said
    assert "keep trying" not in said  # nothing checks it again by itself
    assert welcome.sandbox_button.isVisible()  # the sandbox it offers is right there
    save_screen(welcome, SCREENS / "offline-key-check.png", texts=["press Connect"])
    # It is as said: AITasker back, Connect again, and the same key is accepted.
    account_server.start()
    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _kind(app) == "account", timeout=30_000)
    assert not welcome.error_label.isVisible()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_line_is_readable_and_nothing_is_cut(qtbot: QtBot, app: Desktop, mode: str) -> None:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    apply_theme(qapp, mode)
    welcome = _welcome(app)
    qtbot.waitUntil(lambda: is_dark(welcome.palette()) == (mode == "dark"))
    save_screen(welcome, SCREENS / f"welcome-{mode}.png", texts=["Try the sandbox"])
    qtbot.mouseClick(welcome.account_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(welcome.key_edit, "not a key")  # refused at once, before any call
    qtbot.keyClick(welcome.key_edit, Qt.Key.Key_Return)
    assert welcome.error_label.isVisible()
    save_screen(welcome, SCREENS / f"welcome-key-{mode}.png", texts=["does not look like"])
    labels = _visible_labels(welcome)
    assert welcome.help_label in labels and welcome.error_label in labels
    ratios = {label.text()[:40]: round(contrast(label, welcome), 2) for label in labels}
    assert min(ratios.values()) >= 4.5, sorted(ratios.items(), key=lambda kv: kv[1])
    # Switching the theme with the dialog open recolours the error line too.
    other = "dark" if mode == "light" else "light"
    apply_theme(qapp, other)  # Qt passes the change on at the next turn of the event loop
    qtbot.waitUntil(lambda: is_dark(welcome.palette()) == (other == "dark"))
    assert contrast(welcome.error_label, welcome) >= 4.5
    assert contrast(welcome.help_label, welcome) >= 4.5


def test_a_font_twice_the_size_wraps_and_fits_a_1280x800_screen(qtbot: QtBot, app: Desktop) -> None:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    before = QFont(qapp.font())
    big = QFont(before)
    big.setPointSizeF(before.pointSizeF() * 2)
    try:
        qapp.setFont(big)
        welcome = _welcome(app)
        qtbot.mouseClick(welcome.account_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: welcome.sandbox_button.font().pointSizeF() == big.pointSizeF())
        welcome.adjustSize()
        for mode in ("light", "dark"):
            apply_theme(qapp, mode)
            qtbot.waitUntil(lambda: is_dark(welcome.palette()) == (mode == "dark"))  # noqa: B023
            save_screen(welcome, SCREENS / f"welcome-200pc-{mode}.png", texts=["Try the sandbox"])
        assert welcome.width() <= 1280 and welcome.height() <= 760, welcome.size()
        assert welcome.sandbox_button.size() == welcome.account_button.size()
    finally:
        qapp.setFont(before)
