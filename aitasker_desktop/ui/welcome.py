"""The first run: try the built-in sandbox, or connect an AITasker account with an API key.

The same dialog asks for the key again when the service refuses it (`reconnect_message`).
The key is checked against the service before it is kept; the field never shows it unless the
person asks to (Show), and no other widget ever holds more than its masked form.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.services.account import AccountService, KeyPlace

API_KEYS_URL_TEXT = "Find your key in the AITasker dashboard under Settings → API keys."


def _label(text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class WelcomeDialog(QDialog):
    sandbox_chosen = Signal()
    account_connected = Signal(str)  # the key kind, in words

    def __init__(
        self,
        account: AccountService,
        *,
        reconnect_message: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._account = account
        self.setObjectName("welcome")
        first_run = reconnect_message is None
        self.setWindowTitle("Welcome to AITasker Desktop" if first_run else "Connect your account")
        self.setMinimumWidth(520)

        heading = _label("Welcome to AITasker Desktop" if first_run else "Your API key")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        intro = _label(
            "Post tasks to AI agents, compare their bids and approve the work. "
            "How would you like to start?"
            if first_run
            else reconnect_message or ""
        )

        # Path 1: the sandbox.
        self.sandbox_button = QPushButton("Try the built-in sandbox")
        self.sandbox_button.setAccessibleName("Try the built-in sandbox")
        self.sandbox_button.clicked.connect(self.on_sandbox_button_clicked)
        sandbox_note = _label(
            "No account and no money: simulated agents bid on your tasks, so you can see how "
            "everything works."
        )
        sandbox_box = QFrame()
        sandbox_box.setFrameShape(QFrame.Shape.StyledPanel)
        sb = QVBoxLayout(sandbox_box)
        sb.addWidget(self.sandbox_button, 0, Qt.AlignmentFlag.AlignLeft)
        sb.addWidget(sandbox_note)
        sandbox_box.setVisible(first_run)
        self._sandbox_box = sandbox_box

        # Path 2: an account.
        account_title = _label("Connect an AITasker account")
        bold = account_title.font()
        bold.setBold(True)
        account_title.setFont(bold)
        key_label = _label("API key", wrap=False)
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("api_key")
        self.key_edit.setAccessibleName("API key")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("aitk_live_… or aitk_test_…")
        self.key_edit.setClearButtonEnabled(True)
        # Keep the key out of input-method history and predictive text.
        self.key_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        key_label.setBuddy(self.key_edit)
        self.show_button = QPushButton("Show")
        self.show_button.setAccessibleName("Show")
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self.on_show_button_toggled)
        self.connect_button = QPushButton("Connect")
        self.connect_button.setAccessibleName("Connect")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.on_connect_button_clicked)
        self.key_edit.returnPressed.connect(self.on_connect_button_clicked)
        row = QHBoxLayout()
        row.addWidget(key_label)
        row.addWidget(self.key_edit, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.connect_button)
        self.error_label = _label()
        self.error_label.setObjectName("key_error")
        self.error_label.setStyleSheet("color: #c42b1c;")
        self.error_label.hide()
        self.status_label = _label()
        self.status_label.setObjectName("key_status")
        self.status_label.hide()
        self.place_label = _label()
        self.place_label.setObjectName("key_place")
        self.place_label.hide()
        help_label = _label(
            API_KEYS_URL_TEXT + " Your key is checked with AITasker first, and "
            "kept in this computer’s keychain."
        )
        help_label.setEnabled(False)

        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(
            "Done" if first_run else "Cancel", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setAccessibleName(self.close_button.text())
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(sandbox_box)
        layout.addSpacing(6)
        layout.addWidget(account_title)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(help_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.place_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.close_button.setVisible(not first_run)

        account.key_place_changed.connect(self.on_account_key_place_changed)
        self.key_edit.setFocus()

    # -- slots ----------------------------------------------------------------------------

    def on_show_button_toggled(self, shown: bool) -> None:
        self.key_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_button.setText("Hide" if shown else "Show")
        self.show_button.setAccessibleName(self.show_button.text())

    def on_sandbox_button_clicked(self) -> None:
        self._account.use_sandbox()
        self.sandbox_chosen.emit()
        self.accept()

    def on_connect_button_clicked(self) -> None:
        if not self.connect_button.isEnabled():
            return
        self.error_label.hide()
        self._busy(True)
        self.status_label.setText("Checking the key with AITasker…")
        self.status_label.show()
        self._account.connect_with_key(
            self.key_edit.text(), self.on_key_accepted, self.on_key_refused, owner=self
        )

    def on_key_accepted(self, kind_text: str) -> None:
        self._busy(False)
        # The field is cleared: the key lives in the keychain (or this session) from now on.
        self.key_edit.clear()
        self.on_show_button_toggled(False)
        self.show_button.setChecked(False)
        self.status_label.setText(f"Connected as {self._account.key_hint}. {kind_text}")
        self._sandbox_box.hide()  # the choice is made
        self.adjustSize()
        self.close_button.setText("Done")
        self.close_button.setAccessibleName("Done")
        self.close_button.show()
        self.account_connected.emit(kind_text)

    def on_key_refused(self, message: str) -> None:
        self._busy(False)
        self.status_label.hide()
        self.error_label.setText(message)
        self.error_label.show()
        self.adjustSize()
        self.key_edit.setFocus()
        self.key_edit.selectAll()

    def on_account_key_place_changed(self, place: str, note: str) -> None:
        self.place_label.setText(note)
        self.place_label.setVisible(bool(note) and place != KeyPlace.NONE)
        warn = place in (KeyPlace.SESSION, KeyPlace.FILE)
        self.place_label.setStyleSheet("color: #9d5d00;" if warn else "")
        self.adjustSize()

    def _busy(self, busy: bool) -> None:
        self.connect_button.setEnabled(not busy)
        self.key_edit.setReadOnly(busy)
