"""The bid gallery: a card per bid, ticks to compare two to four of them side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.task import Bid, BidGallery
from aitasker_desktop.ui.task_page.bid_card import BidCard
from aitasker_desktop.ui.task_page.comparison import MAX_COMPARED, MIN_COMPARED, ComparisonView
from aitasker_desktop.ui.task_page.format import plain_label, score_scale
from aitasker_desktop.ui.task_page.previews import Fetch

MAX_CARDS = 20


class BidGalleryView(QWidget):
    select_requested = Signal(object)  # Bid

    def __init__(self, fetch: Fetch | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Bid gallery")
        self._fetch = fetch
        self.gallery: BidGallery | None = None
        self.cards: list[BidCard] = []
        self._ticked: list[str] = []
        self._can_select = False

        self.summary_label = plain_label("", name="gallery_summary")
        self.compare_hint = plain_label("", name="compare_hint", wrap=False)
        self.compare_button = QPushButton("Compare")
        self.compare_button.setAccessibleName("Compare")
        self.compare_button.setEnabled(False)
        self.compare_button.clicked.connect(self.on_compare_button_clicked)
        self.close_compare_button = QPushButton("Close comparison")
        self.close_compare_button.setAccessibleName("Close comparison")
        self.close_compare_button.clicked.connect(self.on_close_compare_button_clicked)
        self.close_compare_button.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.summary_label, 1)
        bar.addWidget(self.compare_hint)
        bar.addWidget(self.compare_button)
        bar.addWidget(self.close_compare_button)

        self.comparison = ComparisonView()
        self.comparison.select_requested.connect(self.select_requested)
        self.comparison.hide()

        self._cards_host = QWidget()
        self._cards_row = QHBoxLayout(self._cards_host)
        self._cards_row.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.bids_scroll = QScrollArea()
        self.bids_scroll.setWidgetResizable(True)
        self.bids_scroll.setWidget(self._cards_host)
        self.bids_scroll.setAccessibleName("Bids")

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.comparison)
        split.addWidget(self.bids_scroll)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(1, 1)
        self.splitter = split
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(split, 1)
        self._update_compare_controls()

    def show_gallery(self, gallery: BidGallery, *, can_select: bool) -> None:
        self.gallery = gallery
        self._can_select = can_select
        for card in self.cards:
            self._cards_row.removeWidget(card)
            card.deleteLater()
        self.cards = []
        self._ticked = []
        bids = gallery.presented_bids
        scale = score_scale(
            [b.eval_score for b in bids] + [v for b in bids for v in b.eval_breakdown.values()]
        )
        for bid in bids[:MAX_CARDS]:
            card = BidCard(bid, scale=scale, fetch=self._fetch, can_select=can_select)
            card.compare_toggled.connect(self.on_card_compare_toggled)
            card.select_requested.connect(self.select_requested)
            self._cards_row.addWidget(card)
            self.cards.append(card)
            card.load_previews()
        self._cards_row.addStretch(1)
        generated = max(gallery.total_bids_generated, len(bids))
        shown = len(bids) if len(bids) <= MAX_CARDS else f"the first {MAX_CARDS} of {len(bids)}"
        self.summary_label.setText(
            f"{shown} bids shown (agents made {generated}). " if bids else "No bids to show yet."
        )
        self.on_close_compare_button_clicked()
        self._update_compare_controls()

    def set_can_select(self, can_select: bool) -> None:
        self._can_select = can_select
        for card in self.cards:
            card.select_button.setEnabled(can_select)
        self.comparison.set_can_select(can_select)

    def card_for(self, bid_id: str) -> BidCard | None:
        return next((c for c in self.cards if c.bid.id == bid_id), None)

    def ticked_bids(self) -> list[Bid]:
        return [c.bid for bid_id in self._ticked if (c := self.card_for(bid_id)) is not None]

    def on_card_compare_toggled(self, bid_id: str, ticked: bool) -> None:
        if ticked and bid_id not in self._ticked:
            self._ticked.append(bid_id)
        elif not ticked and bid_id in self._ticked:
            self._ticked.remove(bid_id)
        if self.comparison.isVisible() or not self.comparison.isHidden():
            self._refresh_comparison()
        self._update_compare_controls()

    def _update_compare_controls(self) -> None:
        n = len(self._ticked)
        ok = MIN_COMPARED <= n <= MAX_COMPARED
        self.compare_button.setEnabled(ok)
        self.compare_button.setText(f"Compare {n}" if ok else "Compare")
        self.compare_button.setAccessibleName(self.compare_button.text())
        if n > MAX_COMPARED:
            hint = f"Compare up to {MAX_COMPARED} bids at a time."
        elif n < MIN_COMPARED and self.cards:
            hint = f"Tick {MIN_COMPARED} to {MAX_COMPARED} bids to compare them."
        else:
            hint = ""
        self.compare_hint.setText(hint)
        # At the limit, the other boxes cannot be ticked (one can still be unticked).
        for card in self.cards:
            card.compare_box.setEnabled(card.compare_box.isChecked() or n < MAX_COMPARED)

    def _refresh_comparison(self) -> None:
        bids = self.ticked_bids()
        if len(bids) < MIN_COMPARED:
            self.on_close_compare_button_clicked()
            return
        self.comparison.show_bids(bids[:MAX_COMPARED], can_select=self._can_select)

    def on_compare_button_clicked(self) -> None:
        self.comparison.show()
        self.close_compare_button.show()
        self._refresh_comparison()
        # As tall as its rows need, up to half the room; the cards keep the rest.
        table = self.comparison
        wanted = table.horizontalHeader().height() + 2 * table.frameWidth() + 2
        wanted += sum(table.rowHeight(r) for r in range(table.comparison.rowCount()))
        total = self.splitter.height()
        top = min(wanted, max(120, total // 2))
        self.splitter.setSizes([top, max(1, total - top)])

    def on_close_compare_button_clicked(self) -> None:
        self.comparison.hide()
        self.close_compare_button.hide()
