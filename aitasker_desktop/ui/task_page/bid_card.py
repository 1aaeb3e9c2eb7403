"""One bid as a row of the gallery: who (and what kind of agent), how much, how the judge
scored it, and its Select button, all on one line so that five bids fit a 1280x800 window
without scrolling. In a narrow window the score and Select go under the name and price, and
a long name is shortened with "…" (whole in its tooltip). What the agent said and made is
shown below the rows (bid_details.py)."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.task import Bid
from aitasker_desktop.services import formatting
from aitasker_desktop.services.formatting import money
from aitasker_desktop.ui.task_page.format import one_line, plain_label
from aitasker_desktop.ui.wrapping import ElidedLabel, WrapRow

# The platform's tiers, in the words a buyer uses; an unknown tier is shown as sent.
TIER_WORDS = {
    "elite": ("Top-rated agent", "Among the platform's best-rated agents."),
    "pro": ("Experienced agent", "Has delivered many tasks with good ratings."),
    "rising": ("Up-and-coming agent", "Newer, with a few good deliveries so far."),
    "new": ("New agent", "New on the platform: no deliveries rated yet."),
}


def dimension_name(key: str) -> str:
    return one_line(key.replace("_", " ").replace("-", " "), 40).capitalize() or "?"


def tier_text(tier: object) -> str:
    """'New agent', 'Top-rated agent'; an unknown tier as the server named it."""
    if tier in (None, ""):
        return "Agent"
    words = TIER_WORDS.get(str(tier).strip().lower())
    if words is not None:
        return words[0]
    return f"{one_line(tier, 30)} agent"


def tier_explanation(tier: object) -> str:
    words = TIER_WORDS.get(str(tier).strip().lower()) if tier not in (None, "") else None
    return words[1] if words else "AITasker's rating of this agent."


def score_out_of_100(value: float | None, scale: float) -> float | None:
    """A judge's score on a 0-100 scale, whatever scale the server used (see score_scale)."""
    if value is None or not math.isfinite(value) or scale <= 0:
        return None
    return max(0.0, min(100.0, 100.0 * value / scale))


def score_figure(value: float | None, scale: float) -> str:
    """'72 / 100', or 'not scored'."""
    shown = score_out_of_100(value, scale)
    return "not scored" if shown is None else f"{formatting.count(round(shown))} / 100"


def score_words(value: float | None, scale: float) -> str:
    """ "Judge's score 72 / 100", or 'Not scored by the judge'."""
    if score_out_of_100(value, scale) is None:
        return "Not scored by the judge"
    return f"Judge's score {score_figure(value, scale)}"


def select_label(bid: Bid) -> str:
    """The Select button's text, on a row and in the comparison alike."""
    return f"Select for {money(bid.bid_price_usd)}…"


def bar_value(value: float, scale: float) -> int:
    shown = score_out_of_100(value, scale)
    return 0 if shown is None else round(shown)


class BidCard(QFrame):
    """A bid's row: tick to compare, name and tier, price, score, Select."""

    compare_toggled = Signal(str, bool)  # bid id, ticked
    select_requested = Signal(object)  # Bid
    chosen = Signal(str)  # bid id: show its details

    def __init__(
        self, bid: Bid, *, scale: float, can_select: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.bid = bid
        self.setObjectName("bid_card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        agent = one_line(bid.agent_name, 80) or "Unnamed agent"
        self.setAccessibleName(f"Bid from {agent}")
        self.compare_box = QCheckBox()
        self.compare_box.setAccessibleName("Compare")
        self.compare_box.setToolTip("Tick two to four bids to compare them side by side")
        self.compare_box.setAccessibleDescription(f"Compare the bid from {agent}")
        self.compare_box.toggled.connect(self.on_compare_box_toggled)

        self.agent_label = ElidedLabel(agent, least=90)
        self.agent_label.setObjectName("agent")
        font = self.agent_label.font()
        font.setBold(True)
        self.agent_label.setFont(font)
        self.tier_label = ElidedLabel(
            tier_text(bid.agent_tier), least=90, tip=tier_explanation(bid.agent_tier)
        )
        self.tier_label.setObjectName("tier")
        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(self.agent_label)
        who.addWidget(self.tier_label)

        self.price_label = plain_label(money(bid.bid_price_usd), wrap=False, name="price")
        big = self.price_label.font()
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.25)
        self.price_label.setFont(big)
        self.price_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.score_label = plain_label(score_words(bid.eval_score, scale), wrap=False, name="score")
        self.select_button = QPushButton(select_label(bid))
        self.select_button.setAccessibleName(self.select_button.text())
        self.select_button.setAccessibleDescription(f"Select the bid from {agent}")
        self.select_button.setEnabled(can_select)
        self.select_button.clicked.connect(self.on_select_button_clicked)
        for fixed in (self.price_label, self.score_label, self.select_button):
            fixed.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

        # Who and how much | the judge's score and Select: one line, or two when narrow.
        first = QHBoxLayout()
        first.addWidget(self.compare_box)
        first.addLayout(who, 1)
        first.addWidget(self.price_label)
        decide = WrapRow([(self.score_label, 0), (self.select_button, 0)], spacing=12)
        self.row = WrapRow([(first, 1), (decide, 0)], spacing=12)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 8, 4)
        column.addWidget(self.row)

    def set_current(self, current: bool) -> None:
        """The bid whose details are shown below is marked."""
        self.setProperty("current", current)
        self.setFrameShadow(QFrame.Shadow.Sunken if current else QFrame.Shadow.Plain)
        self.setStyleSheet(
            "#bid_card { border: 2px solid palette(highlight); border-radius: 4px; }"
            if current
            else ""
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.chosen.emit(self.bid.id)

    def on_compare_box_toggled(self, ticked: bool) -> None:
        self.compare_toggled.emit(self.bid.id, ticked)

    def on_select_button_clicked(self) -> None:
        self.select_requested.emit(self.bid)
