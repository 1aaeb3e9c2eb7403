"""The bid gallery: a row per bid (price, judge's score and Select always in sight), sorted
by score or price; below the rows, the chosen bid in full, or two to four bids compared.

Nothing scrolls sideways. The rows take the room they need (five fit a 1280x800 window with
the task list above), and only the part below them scrolls, up and down. In a window too
small for both, the rows wrap (bid_card.py) and the whole gallery scrolls up and down."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.task import Bid, BidGallery
from aitasker_desktop.services import formatting
from aitasker_desktop.ui.task_page.bid_card import BidCard
from aitasker_desktop.ui.task_page.bid_details import BidDetails
from aitasker_desktop.ui.task_page.comparison import MAX_COMPARED, MIN_COMPARED, ComparisonView
from aitasker_desktop.ui.task_page.format import plain_label, score_scale, scroll_into
from aitasker_desktop.ui.task_page.previews import Sources
from aitasker_desktop.ui.wrapping import WrapRow

MAX_CARDS = 20
BELOW_LEAST = 160  # px: a bid's details (or the comparison) in a small window
SORTS = (
    ("score", "Judge's score, best first"),
    ("price", "Price, lowest first"),
    ("price_desc", "Price, highest first"),
)


def _number(value: float | None, missing: float) -> float:
    return value if value is not None and math.isfinite(value) else missing


def sorted_bids(bids: list[Bid], key: str) -> list[Bid]:
    """Bids in the chosen order; bids without a score or price go last, ties keep theirs."""
    if key == "price":
        return sorted(bids, key=lambda b: _number(b.bid_price_usd, math.inf))
    if key == "price_desc":
        return sorted(bids, key=lambda b: -_number(b.bid_price_usd, -math.inf))
    return sorted(bids, key=lambda b: -_number(b.eval_score, -math.inf))


def summary_text(shown: int, generated: int) -> str:
    """In words: how many bids are here and how many the agents made."""
    if shown == 0:
        return "No bids to show yet."
    bids = formatting.count_of(shown, "bid")
    if generated > shown:
        return (
            f"{formatting.count(generated)} agents bid; the judge picked the best {bids} for you. "
            "The others are not shown."
        )
    return f"{bids} from the agents, checked by the judge."


class BidGalleryView(QWidget):
    select_requested = Signal(object)  # Bid
    open_requested = Signal(object)  # FileRef: an artifact, full size
    save_requested = Signal(object)  # FileRef: an artifact, to a folder

    def __init__(self, sources: Sources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Bid gallery")
        self._sources = sources
        self.gallery: BidGallery | None = None
        self.cards: list[BidCard] = []
        self._ticked: list[str] = []
        self._can_select = False
        self._busy = False  # a decision is on its way: no second one is offered
        self._scale = 10.0
        self.current_id: str | None = None

        self.summary_label = plain_label("", name="gallery_summary")
        self.save_status = plain_label("", name="artifact_save_status")
        self.save_status.hide()
        self.saved_folder: Path | None = None
        self.sort_box = QComboBox()
        self.sort_box.setAccessibleName("Sort bids by")
        for key, text in SORTS:
            self.sort_box.addItem(text, key)
        self.sort_box.currentIndexChanged.connect(self.on_sort_box_changed)
        self.compare_hint = plain_label("", name="compare_hint")
        self.compare_button = QPushButton("Compare")
        self.compare_button.setAccessibleName("Compare")
        self.compare_button.setEnabled(False)
        self.compare_button.clicked.connect(self.on_compare_button_clicked)
        self.close_compare_button = QPushButton("Close comparison")
        self.close_compare_button.setAccessibleName("Close comparison")
        self.close_compare_button.clicked.connect(self.on_close_compare_button_clicked)
        self.close_compare_button.hide()
        # Its whole text in sight: a sort order cut to "Judge's s" says nothing.
        self.sort_box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        sort = QHBoxLayout()
        sort.addWidget(plain_label("Sort by", wrap=False))
        sort.addWidget(self.sort_box)
        compare = QHBoxLayout()
        compare.addWidget(self.compare_hint, 1)
        compare.addWidget(self.compare_button)
        compare.addWidget(self.close_compare_button)
        bar = WrapRow([(sort, 0), (compare, 1)], spacing=12)

        self._rows_host = QWidget()
        self._rows_host.setAccessibleName("Bids")
        self._rows = QVBoxLayout(self._rows_host)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(4)

        self.details = BidDetails(sources)
        self.details.open_requested.connect(self.open_requested)
        self.details.save_requested.connect(self.save_requested)
        self.comparison = ComparisonView(sources)
        self.comparison.select_requested.connect(self.select_requested)
        self.below = QStackedWidget()
        self.below.addWidget(self.details)
        self.below.addWidget(self.comparison)
        # Room to read a bid's details, or to compare, below the rows in a small window;
        # else what is left (it asks for none, so the gallery scrolls only when it must).
        self.below.setMinimumHeight(BELOW_LEAST)
        self.below.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)

        inside = QWidget()
        column = QVBoxLayout(inside)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.summary_label)
        column.addWidget(bar)
        column.addWidget(self.save_status)
        column.addWidget(self._rows_host)
        column.addWidget(self.below, 1)
        self.scroll_area = scroll_into(self, inside)
        self._update_compare_controls()

    @property
    def sort_key(self) -> str:
        return str(self.sort_box.currentData())

    def show_gallery(self, gallery: BidGallery, *, can_select: bool) -> None:
        self.gallery = gallery
        self._can_select = can_select
        self._ticked = []
        self.set_save_status("")
        bids = gallery.presented_bids
        self._scale = score_scale(
            [b.eval_score for b in bids] + [v for b in bids for v in b.eval_breakdown.values()]
        )
        generated = max(gallery.total_bids_generated, len(bids))
        self.summary_label.setText(summary_text(len(bids), generated))
        if len(bids) > MAX_CARDS:
            self.summary_label.setText(
                self.summary_label.text() + f" The first {MAX_CARDS} are listed here."
            )
        self._fill_rows()
        self.on_close_compare_button_clicked()
        self._update_compare_controls()

    def _fill_rows(self) -> None:
        for card in self.cards:
            self._rows.removeWidget(card)
            card.deleteLater()
        self.cards = []
        bids = self.gallery.presented_bids if self.gallery is not None else []
        for bid in sorted_bids(bids[:MAX_CARDS], self.sort_key):
            card = BidCard(bid, scale=self._scale, can_select=self.selectable)
            card.compare_box.setChecked(bid.id in self._ticked)
            card.compare_toggled.connect(self.on_card_compare_toggled)
            card.select_requested.connect(self.select_requested)
            card.chosen.connect(self.show_details)
            self._rows.addWidget(card)
            self.cards.append(card)
        keep = self.current_id if self.card_for(self.current_id or "") else None
        self.show_details(keep or (self.cards[0].bid.id if self.cards else ""))

    def on_sort_box_changed(self, _index: int) -> None:
        """The same rows (ticks, focus and all) in the new order."""
        order = {
            bid.id: n
            for n, bid in enumerate(sorted_bids([c.bid for c in self.cards], self.sort_key))
        }
        self.cards.sort(key=lambda card: order[card.bid.id])
        for card in self.cards:
            self._rows.removeWidget(card)
        for card in self.cards:
            self._rows.addWidget(card)

    def show_details(self, bid_id: str) -> None:
        card = self.card_for(bid_id)
        self.current_id = card.bid.id if card is not None else None
        for other in self.cards:
            other.set_current(other is card)
        if card is None or self.details.bid is not card.bid:
            self.details.show_bid(card.bid if card is not None else None, self._scale)

    def set_save_status(self, text: str, folder: Path | None = None) -> None:
        """What saving one of the bids' artifacts said."""
        self.save_status.setText(text)
        self.save_status.setVisible(bool(text))
        self.saved_folder = folder

    @property
    def selectable(self) -> bool:
        """Whether a Select button may be pressed now."""
        return self._can_select and not self._busy

    def set_can_select(self, can_select: bool) -> None:
        self._can_select = can_select
        self._update_select_buttons()

    def set_busy(self, busy: bool) -> None:
        """While a decision is on its way, no bid can be chosen: it comes back after."""
        self._busy = busy
        self._update_select_buttons()

    def _update_select_buttons(self) -> None:
        for card in self.cards:
            card.select_button.setEnabled(self.selectable)
        self.comparison.set_can_select(self.selectable)

    def card_for(self, bid_id: str) -> BidCard | None:
        return next((c for c in self.cards if c.bid.id == bid_id), None)

    def ticked_bids(self) -> list[Bid]:
        return [c.bid for bid_id in self._ticked if (c := self.card_for(bid_id)) is not None]

    def on_card_compare_toggled(self, bid_id: str, ticked: bool) -> None:
        if ticked and bid_id not in self._ticked:
            self._ticked.append(bid_id)
        elif not ticked and bid_id in self._ticked:
            self._ticked.remove(bid_id)
        if self.is_comparing():
            self._refresh_comparison()
        self._update_compare_controls()

    def is_comparing(self) -> bool:
        return self.below.currentWidget() is self.comparison

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
        self.comparison.show_bids(bids[:MAX_COMPARED], can_select=self.selectable)

    def on_compare_button_clicked(self) -> None:
        self.below.setCurrentWidget(self.comparison)
        self.close_compare_button.show()
        self.compare_button.hide()
        self._refresh_comparison()
        # In a small window the comparison is below the rows: bring it into sight.
        self.scroll_area.ensureWidgetVisible(self.below, 0, 0)

    def on_close_compare_button_clicked(self) -> None:
        self.below.setCurrentWidget(self.details)
        self.close_compare_button.hide()
        self.compare_button.show()
