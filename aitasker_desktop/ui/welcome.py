"""The first run: try the built-in sandbox, or connect an AITasker account with an API key.

The same dialog asks for the key again when the service refuses it (`reconnect_message`).
The key is checked against the service before it is kept; the field never shows it unless the
person asks to (Show), and no other widget ever holds more than its masked form.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.services.account import AccountService, KeyPlace
from aitasker_desktop.ui.theme import paint_message_colour

MIN_WIDTH = 560
API_KEYS_URL_TEXT = "Find your key in the AITasker dashboard under Settings → API keys."


def _label(text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class WelcomeDialog(QDialog):
    """Window-modal over the main window. On a first run: two equal choices, the sandbox (the
    default: nothing real happens there) and an account, whose key entry opens below. Esc or
    closing takes the sandbox, unless a key is being checked: then the check goes on and a
    refusal brings the dialog back with its message."""

    sandbox_chosen = Signal()
    account_connected = Signal(str)  # the key kind, in words

    def __init__(
        self,
        account: AccountService,
        *,
        reconnect_message: str | None = None,
        connect_later: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._account = account
        self._first_run = reconnect_message is None
        self._checking = False
        self._connected = False
        self.setObjectName("welcome")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        first_run = self._first_run
        self.setWindowTitle("Welcome to AITasker Desktop" if first_run else "Connect your account")

        self._heading = _label("Welcome to AITasker Desktop" if first_run else "Your API key")
        intro = self._intro = _label(
            "Post tasks to AI agents, compare their bids and approve the work. "
            "How would you like to start?"
            if first_run
            else reconnect_message or ""
        )
        self._choices = self._build_choices(connect_later)
        self._choices.setVisible(first_run)
        self.key_section = self._build_key_section()
        self.key_section.setVisible(not first_run)

        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(
            "Done" if first_run else "Cancel", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setAccessibleName(self.close_button.text())
        self.close_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        self.close_button.setVisible(not first_run)

        layout = self._layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self._heading)
        layout.addWidget(intro)
        layout.addWidget(self._choices)
        layout.addWidget(self.key_section)
        layout.addStretch(1)
        layout.addWidget(buttons)

        chain = (self.sandbox_button, self.account_button, self.key_edit, self.show_button)
        for first, second in pairwise((*chain, self.connect_button, self.close_button)):
            self.setTabOrder(first, second)
        self._refresh_fonts()
        self._paint_messages()
        account.key_place_changed.connect(self.on_account_key_place_changed)
        if first_run:
            self.sandbox_button.setDefault(True)
            self.sandbox_button.setFocus()
        else:
            self.connect_button.setDefault(True)
            self.key_edit.setFocus()

    def _build_choices(self, connect_later: str) -> QWidget:
        """The two paths side by side, the same size: neither is the small print."""
        self.sandbox_button = QPushButton("Try the sandbox")
        self.sandbox_button.clicked.connect(self.on_sandbox_button_clicked)
        sandbox_note = _label(
            "Practise with pretend credit and simulated agents that bid on your tasks. "
            "Nothing real is charged or sent."
        )
        self.account_button = QPushButton("Connect my AITasker account")
        self.account_button.clicked.connect(self.on_account_button_clicked)
        account_note = _label(
            "Paste an API key from your AITasker dashboard: tasks go to real agents and are "
            "paid from your AITasker balance."
        )
        later = (
            f"You can connect an account later in {connect_later}."
            if connect_later
            else "You can connect an account later."
        )
        self.later_label = _label(later)
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        for column, (button, note) in enumerate(
            ((self.sandbox_button, sandbox_note), (self.account_button, account_note))
        ):
            button.setAccessibleName(button.text())
            button.setAccessibleDescription(note.text())
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(button, 0, column)
            grid.addWidget(note, 1, column)
            grid.setColumnStretch(column, 1)
        grid.addWidget(self.later_label, 2, 0, 1, 2)
        self._grid = grid
        return box

    def _build_key_section(self) -> QWidget:
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
        self.show_button.setAutoDefault(False)
        self.show_button.toggled.connect(self.on_show_button_toggled)
        self.connect_button = QPushButton("Connect")
        self.connect_button.setAccessibleName("Connect")
        self.connect_button.clicked.connect(self.on_connect_button_clicked)
        self.key_edit.returnPressed.connect(self.on_connect_button_clicked)
        row = QHBoxLayout()
        row.addWidget(key_label)
        row.addWidget(self.key_edit, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.connect_button)
        self.error_label = _label()
        self.error_label.setObjectName("key_error")
        self.error_label.hide()
        self.status_label = _label()
        self.status_label.setObjectName("key_status")
        self.status_label.hide()
        self.place_label = _label()
        self.place_label.setObjectName("key_place")
        self.place_label.hide()
        # Ordinary text colour: help a person needs must not look disabled.
        self.help_label = _label(
            API_KEYS_URL_TEXT + " Your key is checked with AITasker first, and "
            "kept in this computer’s keychain."
        )
        self.help_label.setObjectName("key_help")
        section = QWidget()
        column = QVBoxLayout(section)
        column.setContentsMargins(0, 8, 0, 0)  # apart from the choices above
        self._entry = QWidget()  # the field and its buttons: gone once the key is accepted
        self._entry.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._entry)
        for label in (self.error_label, self.help_label, self.status_label, self.place_label):
            column.addWidget(label)
        return section

    # -- keeping up with fonts and themes ------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Theme and font changes arrive as posted events (ApplicationPaletteChange is not
        # passed on to changeEvent): follow them here, after Qt has resolved the new values.
        handled = super().event(event)
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._refresh_fonts()
        elif kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._paint_messages()
        elif kind in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self._fit_size()
        return handled

    def _fit_size(self) -> None:
        """At least as wide as the layout needs, and tall enough for every wrapped line at the
        current width (a window's layout does not ask for that height on its own)."""
        layout = self._layout
        width = max(MIN_WIDTH, layout.totalMinimumSize().width())
        height = layout.totalMinimumSize().height()
        if layout.hasHeightForWidth():
            height = max(height, layout.totalHeightForWidth(max(width, self.width())))
        if self.minimumSize() != QSize(width, height):
            self.setMinimumSize(width, height)
        if self.width() < width or self.height() < height:
            self.resize(max(width, self.width()), max(height, self.height()))

    def _fit_to_content(self) -> None:
        """Lines came or went: as tall as what is shown now needs, no taller. (adjustSize
        cannot shrink it: the minimum set for the old lines holds until the layout catches
        up, at the next turn of the event loop.)"""
        self._layout.activate()
        self._fit_size()
        self.resize(self.width(), self.minimumHeight())

    def _refresh_fonts(self) -> None:
        """The heading larger than the text, and both choices as wide as the wider one."""
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self._heading.setFont(font)
        choices = (self.sandbox_button, self.account_button)
        bold = QFont(self.font())
        bold.setBold(True)
        for button in choices:
            button.setFont(bold)
            button.setMinimumHeight(round(button.fontMetrics().height() * 2.4))
        width = max(button.sizeHint().width() for button in choices)
        for column in (0, 1):
            self._grid.setColumnMinimumWidth(column, width)

    def _paint_messages(self) -> None:
        paint_message_colour(self.error_label, "error")
        warn = self._account.key_place in (KeyPlace.SESSION, KeyPlace.FILE)
        paint_message_colour(self.place_label, "warning" if warn else None)

    def reject(self) -> None:
        """Esc, the close button, Done or Cancel."""
        if self._first_run and not (self._connected or self._checking):
            self.on_sandbox_button_clicked()  # the default, and what is already running
            return
        super().reject()

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

    def on_account_button_clicked(self) -> None:
        self.key_section.show()
        self.sandbox_button.setDefault(False)
        self.connect_button.setDefault(True)
        self.key_edit.setFocus()
        self.adjustSize()

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
        self._connected = True
        # The field is cleared: the key lives in the keychain (or this session) from now on.
        self.key_edit.clear()
        self.on_show_button_toggled(False)
        self.show_button.setChecked(False)
        self.status_label.setText(f"Connected as {self._account.key_hint}. {kind_text}")
        self._intro.setText("Your AITasker account is connected.")
        for done in (self._choices, self._entry, self.help_label):  # the choice is made
            done.hide()
        self.close_button.setText("Done")
        self.close_button.setAccessibleName("Done")
        self.close_button.show()
        self._fit_to_content()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.account_connected.emit(kind_text)

    def on_key_refused(self, message: str) -> None:
        self._busy(False)
        self.status_label.hide()
        self.error_label.setText(message)
        self._paint_messages()
        self.error_label.show()
        if not self.isVisible():  # closed while the key was checked: say why it did not work
            self.show()
        self._fit_to_content()
        self.key_edit.setFocus()
        self.key_edit.selectAll()

    def on_account_key_place_changed(self, place: str, note: str) -> None:
        self.place_label.setText(note)
        self.place_label.setVisible(bool(note) and place != KeyPlace.NONE)
        self._paint_messages()
        self._fit_to_content()

    def _busy(self, busy: bool) -> None:
        self._checking = busy
        self.connect_button.setEnabled(not busy)
        self.key_edit.setReadOnly(busy)
