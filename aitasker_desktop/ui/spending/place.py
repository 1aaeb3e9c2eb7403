"""The Spending place: totals for a period, a bar per month, a table per month and category,
and "Export CSV…" for a report to a manager.

The sums come from `SpendingService` (read on a worker, again whenever the cached tasks
change while the place is on screen). Saving asks for a file in a save dialog that starts in
the app's downloads folder; the file is written on a worker, and the result (or what went
wrong) is said next to the button.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.spending import (
    BUCKETS,
    PERIOD_NAMES,
    UNDATED,
    Bucket,
    Period,
    months_between,
)
from aitasker_desktop.services import formatting
from aitasker_desktop.services.spending import (
    Names,
    SpendingReport,
    SpendingService,
    export_name,
)
from aitasker_desktop.ui.spending.chart import WORDS, Bar, SpendingChart
from aitasker_desktop.ui.spending.model import Column, SpendingTableModel, table_rows
from aitasker_desktop.ui.tasks.wording import KindNames

RULE = (
    "Spent: deliveries you approved. Held: money set aside for tasks still under way. "
    "Refunded: disputes decided in your favour and cancelled tasks. "
    "Each task counts once, in the month of its last change. "
    # AITasker publishes no record of the fees a task paid, only the fee a remix costs now.
    "Remix fees are taken from your balance when you remix and are not included here."
)
EMPTY = "Nothing was spent, held or refunded in this period."
READING = "Reading your tasks…"


def _plain_label(text: str = "", *, wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class SpendingPlace(QWidget):
    def __init__(self, service: SpendingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._names = KindNames()
        self.save_dialog: QFileDialog | None = None
        self.period_combo = QComboBox()
        self.export_button = QPushButton("Export CSV…")
        self.export_label = _plain_label(wrap=True)
        self.total_labels: dict[Bucket, QLabel] = {}
        self.rule_label = _plain_label(RULE, wrap=True)
        self.note_label = _plain_label(READING, wrap=True)
        self.chart = SpendingChart()
        self.model = SpendingTableModel()
        self.table = QTableView()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._header())
        layout.addWidget(self.export_label)
        layout.addLayout(self._totals())
        layout.addWidget(self.rule_label)
        layout.addWidget(self.note_label)
        layout.addWidget(self.chart)
        layout.addWidget(self._set_up_table(), 1)

        service.report_ready.connect(self.on_service_report_ready)
        service.read_failed.connect(self.on_service_read_failed)
        service.exported.connect(self.on_service_exported)
        service.export_failed.connect(self.on_service_export_failed)
        self._show_totals(None)

    def _header(self) -> QHBoxLayout:
        """The title, the period picker and Export CSV…; the export's outcome below them."""
        title = _plain_label("Spending")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.period_combo.setAccessibleName("Period")
        for period, name in PERIOD_NAMES.items():
            self.period_combo.addItem(name, period.value)
        self.period_combo.setCurrentIndex(self.period_combo.findData(self._service.period.value))
        self.period_combo.currentIndexChanged.connect(self.on_period_combo_changed)
        self.export_button.setToolTip("Save this period's tasks as a CSV file for a spreadsheet")
        self.export_button.clicked.connect(self.on_export_button_clicked)
        period_label = _plain_label("Period:")
        period_label.setBuddy(self.period_combo)
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.export_label.hide()
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(period_label)
        header.addWidget(self.period_combo)
        header.addWidget(self.export_button)
        return header

    def _totals(self) -> QHBoxLayout:
        totals = QHBoxLayout()
        for bucket in BUCKETS:
            label = _plain_label()
            label.setObjectName(f"{bucket.value}_total")
            bold = label.font()
            bold.setBold(True)
            bold.setPointSizeF(bold.pointSizeF() * 1.15)
            label.setFont(bold)
            self.total_labels[bucket] = label
            totals.addWidget(label)
            totals.addSpacing(24)
        totals.addStretch(1)
        return totals

    def _set_up_table(self) -> QTableView:
        self.table.setAccessibleName("Spending per month and category")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        # The other columns share the width (amounts as wide as names); the month is read
        # whole ("December 2026", never "December 20…") and the count needs little.
        head.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (Column.MONTH, Column.TASKS):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return self.table

    # -- showing ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._service.set_watching(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._service.set_watching(False)

    def on_catalog_changed(self, catalog: object) -> None:
        self._names = KindNames.from_catalog(catalog if isinstance(catalog, Catalog) else None)
        if self._service.report is not None:
            self.on_service_report_ready(self._service.report)

    def on_period_combo_changed(self, _index: int) -> None:
        self._service.set_period(Period(self.period_combo.currentData()))

    def on_service_report_ready(self, report: object) -> None:
        if not isinstance(report, SpendingReport):
            return
        summary = report.summary
        self._show_totals(report)
        self.model.set_rows(table_rows(summary, self._names.category))
        dated = [m for m in summary.months() if m != UNDATED]
        first = report.since or (dated[0] if dated else report.today)
        last = max([report.today, *dated])
        self.chart.set_bars(
            [
                Bar(m, tuple(summary.total(b, month=m) for b in BUCKETS))  # type: ignore[arg-type]
                for m in months_between(first, last)
            ]
        )
        notes = [] if summary.cells else [EMPTY]
        if summary.left_out:
            notes.append(
                f"{formatting.count_of(summary.left_out, 'task')} moved no money (expired, or "
                "a status this app does not know) and are not counted."
            )
        self.note_label.setText(" ".join(notes))
        self.note_label.setVisible(bool(notes))

    def on_service_read_failed(self, message: str) -> None:
        self.note_label.setText(message)
        self.note_label.show()

    def _show_totals(self, report: SpendingReport | None) -> None:
        for bucket, label in self.total_labels.items():
            amount = None if report is None else report.summary.total(bucket) / 100
            label.setText(f"{WORDS[bucket]}: {formatting.money(amount)}")

    # -- exporting -------------------------------------------------------------------------

    def on_export_button_clicked(self) -> None:
        """Ask where to save, in a dialog that starts in the app's downloads folder (Qt's
        own dialog, the same on every platform; opened, not exec'd, so nothing blocks)."""
        folder = self._service.downloads_dir
        dialog = QFileDialog(self, "Export spending as CSV", str(folder), "CSV files (*.csv)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setDefaultSuffix("csv")
        dialog.selectFile(str(folder / export_name(self._service.report)))
        dialog.fileSelected.connect(self.on_save_dialog_file_selected)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self.on_save_dialog_finished)
        self.save_dialog = dialog
        dialog.open()

    def on_save_dialog_finished(self, _result: int) -> None:
        self.save_dialog = None

    def on_save_dialog_file_selected(self, path: str) -> None:
        self.export_button.setEnabled(False)
        self.export_label.setText("Saving…")
        self.export_label.show()
        names = Names(self._names.category, self._names.task_type)
        self._service.export(Path(path), names)

    def on_service_exported(self, path: str) -> None:
        self.export_button.setEnabled(True)
        self.export_label.setText(f"Saved to {path}")

    def on_service_export_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.export_label.setText(message)
        self.export_label.show()
