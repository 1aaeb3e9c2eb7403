"""The bell: a button with the unread count, opening the in-app notification list.

Notification texts quote server titles; a QListWidget item shows its text as plain text, so
a title with markup appears exactly as sent. Choosing a notification asks to open its task;
choosing a summary of several ("4 tasks need you") asks for the list of what needs the person.
When each came is worded against the app's clock (the one the notices were stamped with), not
the system's.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.clock import Clock
from aitasker_desktop.services import formatting
from aitasker_desktop.services.notifications import NotificationService
from aitasker_desktop.ui.plain_tip import plain_tip
from aitasker_desktop.ui.tasks.wording import one_line

ID_ROLE = Qt.ItemDataRole.UserRole + 1
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 2


class NotificationPanel(QFrame):
    """The list itself: newest first, unread in bold; Enter or a click opens the task."""

    task_requested = Signal(str)  # task id; "" for a summary of several tasks

    def __init__(
        self, service: NotificationService, *, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notification_panel")
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWidth(1)
        self._service = service
        self._clock = clock
        title = QLabel("Notifications")
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.mark_all_button = QPushButton("Mark all read")
        self.mark_all_button.setAccessibleName("Mark all read")
        self.mark_all_button.clicked.connect(self.on_mark_all_button_clicked)
        self.list = QListWidget()
        self.list.setAccessibleName("Notifications")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSpacing(2)
        self.list.itemActivated.connect(self.on_list_item_activated)
        self.list.itemClicked.connect(self.on_list_item_activated)
        self.empty_label = QLabel("No notifications yet. Bids, deliveries and deadlines show here.")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.mark_all_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)
        self.resize(460, 360)
        service.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        items = self._service.items()
        now = self._clock()
        self.list.clear()
        for note in items:
            when = formatting.moment_text(note.created_at, now)
            item = QListWidgetItem(f"{when}  {one_line(note.text, 200)}")
            item.setData(ID_ROLE, note.id)
            item.setData(TASK_ID_ROLE, note.task_id or "")
            item.setToolTip(plain_tip(one_line(note.text, 400)))
            if not note.read:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
        self.empty_label.setVisible(not items)
        self.list.setVisible(bool(items))
        self.mark_all_button.setEnabled(any(not n.read for n in items))

    def on_mark_all_button_clicked(self) -> None:
        self._service.mark_all_read()

    def on_list_item_activated(self, item: QListWidgetItem) -> None:
        note_id = item.data(ID_ROLE)
        task_id = str(item.data(TASK_ID_ROLE) or "")
        if isinstance(note_id, int):
            self._service.mark_read([note_id])
        self.task_requested.emit(task_id)  # "": a summary, whose place is the list


class NotificationBell(QToolButton):
    """'Notifications (3)' in the status bar; opens the panel as a popup under it."""

    task_requested = Signal(str)  # task id; "" for a summary of several tasks

    def __init__(
        self, service: NotificationService, *, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notification_bell")
        self.setAutoRaise(True)
        self._service = service
        # A child: it goes with the bell.
        self.panel = NotificationPanel(service, clock=clock, parent=self)
        self.panel.setWindowFlags(Qt.WindowType.Popup)
        self.panel.task_requested.connect(self.on_panel_task_requested)
        self.clicked.connect(self.on_clicked)
        service.unread_changed.connect(self.on_service_unread_changed)
        self.on_service_unread_changed(service.unread_count())
        self._shortcut = QShortcut(QKeySequence("Ctrl+Shift+N"), self)
        self._shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self._shortcut.activated.connect(self.on_clicked)

    def on_service_unread_changed(self, count: int) -> None:
        text = f"Notifications ({count})" if count else "Notifications"
        self.setText(text)
        self.setAccessibleName(text)
        self.setToolTip(f"{text} (Ctrl+Shift+N)")

    def on_clicked(self) -> None:
        if self.panel.isVisible():
            self.panel.hide()
            return
        self.panel.reload()
        size = self.panel.size()
        anchor = self.mapToGlobal(QPoint(self.width(), 0))
        self.panel.move(anchor.x() - size.width(), anchor.y() - size.height())
        self.panel.show()
        self.panel.list.setFocus()
        if self.panel.list.count():
            self.panel.list.setCurrentRow(0)

    def on_panel_task_requested(self, task_id: str) -> None:
        self.panel.hide()
        self.task_requested.emit(task_id)
