"""A delivery under review: its files (type in words, size, preview), opening one with the
system's app, saving them to a folder, and what was asked before (earlier revisions'
feedback, a dispute's reason) with the revisions left.

The list shows up to five files without scrolling and the preview takes the rest; in a small
window the list gives way down to two rows, and below that the whole view scrolls up and
down, so nothing is ever drawn over anything."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QSize,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.file_types import file_type_words
from aitasker_desktop.domain.filenames import safe_filename
from aitasker_desktop.domain.task import Delivery, FileRef
from aitasker_desktop.services import formatting
from aitasker_desktop.services.formatting import date_time as when
from aitasker_desktop.ui.task_page.files_table import FilesModel, FilesTable
from aitasker_desktop.ui.task_page.format import one_line, plain_label, scroll_into, trim
from aitasker_desktop.ui.task_page.previews import ArtifactPreview, Sources
from aitasker_desktop.ui.wrapping import WrapRow

FILES_IN_SIGHT = 5  # rows of the file list shown without scrolling
FILES_AT_LEAST = 2  # rows of it in sight in a small window
PREVIEW_LEAST = 180  # px of preview in a small window
PREVIEW_BOX = QSize(640, 420)


def revisions_text(delivery: Delivery) -> str:
    """'Revisions asked for so far: 1. You can ask for 2 more.' (the count left when known)."""
    asked = max(len(delivery.feedback_history), delivery.revision)
    text = (
        f"Revisions asked for so far: {formatting.count(asked)}."
        if asked
        else "No revision asked for yet."
    )
    left = delivery.revisions_remaining
    if left is not None:
        text += (
            f" You can ask for {formatting.count(left)} more."
            if left > 0
            else " No more revisions can be asked for."
        )
    return text


def history_text(delivery: Delivery) -> str:
    """What the buyer asked for earlier, numbered by revision, and a dispute's reason."""
    lines = [
        f"Revision {n}: “{trim(item.strip(), 600)}”"
        for n, item in enumerate(delivery.feedback_history, start=1)
        if item.strip()
    ]
    if delivery.dispute_reason and delivery.dispute_reason.strip():
        lines.append(f"Your reason for the dispute: “{trim(delivery.dispute_reason.strip(), 600)}”")
    return "\n".join(lines)


class DeliveryView(QWidget):
    save_requested = Signal(list)  # [FileRef]
    open_requested = Signal(object)  # FileRef: open with the system's app
    stop_requested = Signal()

    def __init__(self, sources: Sources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Delivery")
        self._sources = sources
        self.delivery: Delivery | None = None
        self._previews: dict[int, ArtifactPreview] = {}
        self.saved_folder: Path | None = None

        self.heading = plain_label("", name="delivery_heading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.message_label = plain_label("", name="delivery_message")
        self.revisions_label = plain_label("", name="revisions")
        self.history_label = plain_label("", name="feedback_history")
        self.history_label.setToolTip("What you asked for before, as AITasker has it")

        self.files = FilesModel(self)
        self.table = self._build_table()
        buttons, status_row = self._build_buttons()
        self.preview_host = QWidget()
        # At least PREVIEW_LEAST, else what is left: it asks for none, so the view scrolls
        # only when even that does not fit.
        self.preview_host.setMinimumHeight(PREVIEW_LEAST)
        self.preview_host.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self._preview_column = QVBoxLayout(self.preview_host)
        self._preview_column.setContentsMargins(0, 0, 0, 0)
        self.preview_title = plain_label("Select a file to preview it.", name="preview_title")
        self._preview_column.addWidget(self.preview_title)

        # A box layout, not a splitter: the list gets the height of its rows first, the
        # preview the rest (a stretched item gives way first), neither less than its least.
        inside = QWidget()
        column = QVBoxLayout(inside)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.message_label, self.revisions_label, self.history_label):
            column.addWidget(widget)
        column.addWidget(self.table)
        column.addWidget(buttons)
        column.addLayout(status_row)
        column.addWidget(self.preview_host, 1)
        self.scroll_area = scroll_into(self, inside)
        self._update_buttons()

    def _build_table(self) -> FilesTable:
        table = FilesTable()
        table.setModel(self.files)
        table.setAccessibleName("Delivered files")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)
        # A double-click opens the file (as a file manager does), never a folder picker.
        table.doubleClicked.connect(self.on_table_double_clicked)

        return table

    def _build_buttons(self) -> tuple[WrapRow, QHBoxLayout]:
        self.open_button = QPushButton("Open")
        self.open_button.setAccessibleName("Open")
        self.open_button.setToolTip(
            "Open the selected file with your computer's app for it (it is saved to the "
            "app's Downloads folder first)"
        )
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.save_button = QPushButton("Save…")
        self.save_button.setAccessibleName("Save…")
        self.save_button.setToolTip("Save the selected file to a folder you choose")
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.save_all_button = QPushButton("Save all…")
        self.save_all_button.setAccessibleName("Save all…")
        self.save_all_button.clicked.connect(self.on_save_all_button_clicked)
        self.stop_button = QPushButton("Stop saving")
        self.stop_button.setAccessibleName("Stop saving")
        self.stop_button.clicked.connect(self.stop_requested)
        self.stop_button.hide()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Saving progress")
        self.progress.hide()
        self.save_status = plain_label("", name="save_status")
        self.open_folder_button = QPushButton("Open folder")
        self.open_folder_button.setAccessibleName("Open folder")
        self.open_folder_button.setToolTip("Show the saved files in your file manager")
        self.open_folder_button.clicked.connect(self.on_open_folder_button_clicked)
        self.open_folder_button.hide()
        for button in (self.open_button, self.save_button, self.save_all_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # Three buttons on a line, or two and one under them in a narrow window.
        one = WrapRow([(self.open_button, 0), (self.save_button, 0)])
        files = QHBoxLayout()
        files.addWidget(WrapRow([(one, 0), (self.save_all_button, 0)]))
        files.addStretch(1)
        saving = QHBoxLayout()
        saving.addWidget(self.progress, 1)
        saving.addWidget(self.stop_button)
        # The progress beside the buttons, or under them in a narrow window.
        buttons = WrapRow([(files, 0), (saving, 1)])
        status_row = QHBoxLayout()
        status_row.addWidget(self.save_status, 1)
        status_row.addWidget(self.open_folder_button)
        return buttons, status_row

    def show_delivery(self, delivery: Delivery) -> None:
        self.delivery = delivery
        for preview in self._previews.values():
            preview.deleteLater()
        self._previews = {}
        agent = one_line(delivery.agent_name, 80) or "the agent"
        kind = f"Revision {delivery.revision}" if delivery.revision else "Delivery"
        self.heading.setText(f"{kind} from {agent}, {when(delivery.created_at)}")
        self.message_label.setText(trim(delivery.message.strip(), 2000) or "(no message)")
        self.show_asked(delivery)
        self.files.set_files(delivery.files)
        self._fit_table()
        self.preview_title.setText(
            "Select a file to preview it." if delivery.files else "This delivery has no files."
        )
        if delivery.files:
            self.table.selectRow(0)
        self._update_buttons()

    def _fit_table(self) -> None:
        """Tall enough for every file up to FILES_IN_SIGHT of them, so a delivery's few
        files are all in sight without scrolling (the preview below gives way); in a small
        window, at least FILES_AT_LEAST rows."""
        table = self.table
        files = self.files.rowCount()

        def rows_height(rows: int) -> int:
            return (
                table.horizontalHeader().sizeHint().height()
                + max(1, rows) * table.verticalHeader().defaultSectionSize()
                + 2 * table.frameWidth()
            )

        table.wanted = rows_height(min(files, FILES_IN_SIGHT))
        table.setMinimumHeight(rows_height(min(files, FILES_AT_LEAST)))
        table.updateGeometry()

    def show_asked(self, delivery: Delivery) -> None:
        """What was asked for before and how many revisions are left (these change with a
        dispute or a new answer while the files stay the same)."""
        self.delivery = delivery
        self.revisions_label.setText(revisions_text(delivery))
        history = history_text(delivery)
        self.history_label.setText(f"What you asked for earlier:\n{history}" if history else "")
        self.history_label.setVisible(bool(history))

    def selected_file(self) -> FileRef | None:
        rows = self.table.selectionModel().selectedRows()
        return self.files.file_at(rows[0].row()) if rows else None

    def on_table_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = rows[0].row()
        file = self.files.file_at(row)
        if file is None:
            return
        for other in self._previews.values():
            other.hide()
        self.preview_title.setText(
            f"Preview of {safe_filename(file.name)} ({file_type_words(file.media_type, file.name)})"
        )
        shown = self._previews.get(row)
        if shown is None:
            shown = ArtifactPreview(file, self._sources, PREVIEW_BOX)
            self._previews[row] = shown
            self._preview_column.addWidget(shown, 1)
            shown.load()
        shown.show()

    def current_preview(self) -> ArtifactPreview | None:
        return next((p for p in self._previews.values() if not p.isHidden()), None)

    def _update_buttons(self) -> None:
        busy = not self.progress.isHidden()
        chosen = self.selected_file() is not None
        self.open_button.setEnabled(chosen and not busy)
        self.save_button.setEnabled(chosen and not busy)
        self.save_all_button.setEnabled(bool(self.files.files) and not busy)

    def on_table_double_clicked(self, index: QModelIndex) -> None:
        file = self.files.file_at(index.row())
        if file is not None and self.open_button.isEnabled():
            self.open_requested.emit(file)

    def on_open_button_clicked(self) -> None:
        file = self.selected_file()
        if file is not None:
            self.open_requested.emit(file)

    def on_save_button_clicked(self) -> None:
        file = self.selected_file()
        if file is not None:
            self.save_requested.emit([file])

    def on_save_all_button_clicked(self) -> None:
        if self.files.files:
            self.save_requested.emit(self.files.files)

    def on_open_folder_button_clicked(self) -> None:
        if self.saved_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_folder)))

    # -- progress, driven by the page from the DownloadService ----------------------------

    def set_saving(self, saving: bool) -> None:
        self.progress.setVisible(saving)
        self.stop_button.setVisible(saving)
        if saving:
            self.progress.setRange(0, 0)
            self.save_status.setText("Saving…")
            self.open_folder_button.hide()
        self._update_buttons()

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(min(1000, int(1000 * done / total)))
        else:
            self.progress.setRange(0, 0)

    def set_save_status(self, text: str, folder: Path | None = None) -> None:
        """What the last save of this task's files said; "Open folder" when it saved some."""
        self.save_status.setText(text)
        self.saved_folder = folder
        self.open_folder_button.setVisible(folder is not None)
