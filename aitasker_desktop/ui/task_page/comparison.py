"""Two to four bids side by side: a column per bid, a row per thing worth comparing (a
preview of what each agent made among them, the whole summary), and under each column a
Select button (the same confirmation as the bid's row)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QWidget,
)

from aitasker_desktop.domain.task import Bid, FileRef
from aitasker_desktop.services.formatting import money
from aitasker_desktop.ui.plain_tip import plain_tip
from aitasker_desktop.ui.task_page.bid_card import (
    bar_value,
    dimension_name,
    score_figure,
    score_out_of_100,
    select_label,
    tier_text,
)
from aitasker_desktop.ui.task_page.format import one_line, score_scale, trim
from aitasker_desktop.ui.task_page.previews import ArtifactPreview, Sources, preview_kind

MIN_COMPARED = 2
MAX_COMPARED = 4
MAX_DIMENSIONS = 40
SELECT_ROW = "Choose"
PREVIEW_ROW = "Preview"
PREVIEW_BOX = QSize(220, 140)
MAX_SUMMARY_CHARS = 2000

AnyIndex = QModelIndex | QPersistentModelIndex


class _Row:
    def __init__(
        self,
        title: str,
        text: Callable[[Bid], str],
        number: Callable[[Bid], float | None] | None = None,
        higher_is_better: bool = True,
    ) -> None:
        self.title = title
        self.text = text
        self.number = number
        self.higher_is_better = higher_is_better


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _dimension_row(key: str, scale: float) -> _Row:
    def value(bid: Bid) -> float | None:
        return bid.eval_breakdown.get(key)

    def text(bid: Bid) -> str:
        shown = value(bid)
        return "—" if shown is None else f"{bar_value(shown, scale)} / 100"

    return _Row(dimension_name(key), text, lambda b: score_out_of_100(value(b), scale))


class ComparisonModel(QAbstractTableModel):
    """Rows: agent, tier, price, score, the Select buttons' row, a preview, the summary, each
    judged dimension. Best values in bold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bids: list[Bid] = []
        self._rows: list[_Row] = []
        self._best: dict[int, set[int]] = {}

    def set_bids(self, bids: Sequence[Bid]) -> None:
        self.beginResetModel()
        self._bids = list(bids)[:MAX_COMPARED]
        scale = score_scale(
            [b.eval_score for b in self._bids]
            + [v for b in self._bids for v in b.eval_breakdown.values()]
        )
        rows = [
            _Row("Agent", lambda b: one_line(b.agent_name, 60) or "Unnamed agent"),
            _Row("Agent kind", lambda b: tier_text(b.agent_tier)),
            _Row(
                "Price",
                lambda b: money(b.bid_price_usd),
                lambda b: b.bid_price_usd,
                higher_is_better=False,
            ),
            _Row(
                "Judge's score", lambda b: score_figure(b.eval_score, scale), lambda b: b.eval_score
            ),
            # The Select buttons (index widgets; no text), under the price, in sight.
            _Row(SELECT_ROW, lambda b: ""),
            # A preview of the first file that has one (an index widget, like the buttons).
            _Row(PREVIEW_ROW, lambda b: "" if _first_previewable(b) else "No preview"),
            _Row(
                "Summary",
                lambda b: trim(b.prototype_summary.strip(), MAX_SUMMARY_CHARS) or "—",
            ),
        ]
        keys: list[str] = []
        for bid in self._bids:
            keys += [k for k in bid.eval_breakdown if k not in keys]
        rows += [_dimension_row(key, scale) for key in keys[:MAX_DIMENSIONS]]
        self._rows = rows
        self._best = {r: self._best_columns(row) for r, row in enumerate(rows) if row.number}
        self.endResetModel()

    def _best_columns(self, row: _Row) -> set[int]:
        assert row.number is not None
        values = [_finite(row.number(b)) for b in self._bids]
        known = [v for v in values if v is not None]
        if len(known) < 2 or min(known) == max(known):
            return set()
        target = max(known) if row.higher_is_better else min(known)
        return {c for c, v in enumerate(values) if v == target}

    @property
    def select_row(self) -> int:
        return self.row_of(SELECT_ROW)

    def row_of(self, title: str) -> int:
        return next((r for r, row in enumerate(self._rows) if row.title == title), -1)

    @property
    def bids(self) -> list[Bid]:
        return list(self._bids)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._bids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        bid = self._bids[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text(bid)
        if role == Qt.ItemDataRole.ToolTipRole:  # an agent's name or summary, as written
            return plain_tip(row.text(bid))
        if role == Qt.ItemDataRole.FontRole and index.column() in self._best.get(
            index.row(), set()
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and index.column() in self._best.get(
            index.row(), set()
        ):
            return "best of the compared bids"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return self._rows[section].title
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._bids):
            return one_line(self._bids[section].agent_name, 40) or f"Bid {section + 1}"
        return None

    def row_texts(self, title: str) -> list[str]:
        """What a row shows in each column (for tests and accessibility)."""
        for r, row in enumerate(self._rows):
            if row.title == title:
                return [str(self.data(self.index(r, c))) for c in range(len(self._bids))]
        return []


def _first_previewable(bid: Bid) -> FileRef | None:
    return next((f for f in bid.artifacts if preview_kind(f) in ("image", "svg")), None) or next(
        (f for f in bid.artifacts if preview_kind(f)), None
    )


class ComparisonView(QTableView):
    select_requested = Signal(object)  # Bid

    def __init__(self, sources: Sources | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sources = sources or Sources()
        self.previews: list[ArtifactPreview] = []
        self.comparison = ComparisonModel(self)
        self.setModel(self.comparison)
        self.setAccessibleName("Bid comparison")
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # Tab leaves the table for its Select buttons instead of walking the cells.
        self.setTabKeyNavigation(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.select_buttons: list[QPushButton] = []

    def show_bids(self, bids: Sequence[Bid], *, can_select: bool) -> None:
        """Compare these bids; a Select button under each (enabled while one may be chosen)."""
        self.comparison.set_bids(bids)  # the reset drops the old index widgets
        self.select_buttons = []
        row = self.comparison.select_row
        for column, bid in enumerate(self.comparison.bids):
            agent = one_line(bid.agent_name, 80) or "Unnamed agent"
            button = QPushButton(select_label(bid))
            button.setAccessibleName(button.text())
            button.setAccessibleDescription(f"Select the bid from {agent}")
            button.setEnabled(can_select)
            button.clicked.connect(lambda _checked=False, b=bid: self.select_requested.emit(b))
            cell = QWidget()  # centred in its column, as wide as its text
            box = QHBoxLayout(cell)
            box.setContentsMargins(4, 4, 4, 4)
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
            self.setIndexWidget(self.comparison.index(row, column), cell)
            self.select_buttons.append(button)
        # A column never narrower than its Select button: in a small window the comparison
        # scrolls sideways rather than cut the price off the button.
        widest = max((b.sizeHint().width() for b in self.select_buttons), default=0)
        self.horizontalHeader().setMinimumSectionSize(widest + 8)  # the cell's margins
        self._add_previews()
        # Made after the table, they would come last in the Tab order: put them right after it.
        previous: QWidget = self
        for button in self.select_buttons:
            QWidget.setTabOrder(previous, button)
            previous = button
        self.resizeRowsToContents()

    def _add_previews(self) -> None:
        self.previews = []
        row = self.comparison.row_of(PREVIEW_ROW)
        for column, bid in enumerate(self.comparison.bids):
            file = _first_previewable(bid)
            if file is None:
                continue
            preview = ArtifactPreview(file, self._sources, PREVIEW_BOX)
            preview.setFixedHeight(PREVIEW_BOX.height())
            self.setIndexWidget(self.comparison.index(row, column), preview)
            self.previews.append(preview)
            preview.load()

    def set_can_select(self, can_select: bool) -> None:
        for button in self.select_buttons:
            button.setEnabled(can_select)
