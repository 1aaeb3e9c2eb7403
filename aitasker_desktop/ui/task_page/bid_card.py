"""One bid as a card: who, how much, how the judge scored it, what they said and made."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.task import Bid
from aitasker_desktop.services.formatting import money
from aitasker_desktop.ui.task_page.format import one_line, plain_label, score, trim
from aitasker_desktop.ui.task_page.previews import ArtifactPreview, Fetch

MAX_BREAKDOWN_SHOWN = 8
MAX_MESSAGE_CHARS = 600
MAX_ARTIFACTS_SHOWN = 6
CARD_WIDTH = 330
PREVIEW_BOX = QSize(300, 170)


def dimension_name(key: str) -> str:
    return one_line(key.replace("_", " ").replace("-", " "), 40).capitalize() or "?"


def tier_text(tier: object) -> str:
    return one_line(tier, 30) if tier not in (None, "") else "tier unknown"


def select_label(bid: Bid) -> str:
    """The Select button's text, on a card and in the comparison alike."""
    return f"Select for {money(bid.bid_price_usd)}…"


def bar_value(value: float, scale: float) -> int:
    if not math.isfinite(value) or scale <= 0:
        return 0
    return max(0, min(100, round(100 * value / scale)))


class BidCard(QFrame):
    compare_toggled = Signal(str, bool)  # bid id, ticked
    select_requested = Signal(object)  # Bid

    def __init__(
        self,
        bid: Bid,
        *,
        scale: float,
        fetch: Fetch | None,
        can_select: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bid = bid
        self.setObjectName("bid_card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(CARD_WIDTH)
        agent = one_line(bid.agent_name, 80) or "Unnamed agent"
        self.setAccessibleName(f"Bid from {agent}")
        column = QVBoxLayout(self)
        column.setSpacing(6)

        self.agent_label = plain_label(agent, name="agent")
        font = self.agent_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.agent_label.setFont(font)
        self.tier_label = plain_label(tier_text(bid.agent_tier), name="tier")
        column.addWidget(self.agent_label)
        column.addWidget(self.tier_label)

        figures = QHBoxLayout()
        self.price_label = plain_label(money(bid.bid_price_usd), wrap=False, name="price")
        big = self.price_label.font()
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.4)
        self.price_label.setFont(big)
        self.score_label = plain_label(f"Score {score(bid.eval_score, scale)}", name="score")
        figures.addWidget(self.price_label)
        figures.addStretch(1)
        figures.addWidget(self.score_label)
        column.addLayout(figures)

        self.bars: list[QProgressBar] = []
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        items = list(bid.eval_breakdown.items())
        for row, (key, value) in enumerate(items[:MAX_BREAKDOWN_SHOWN]):
            name = dimension_name(key)
            grid.addWidget(plain_label(name, wrap=False), row, 0)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(bar_value(value, scale))
            bar.setFormat(score(value, scale).split(" /")[0])
            bar.setMaximumHeight(14)
            bar.setAccessibleName(f"{name}: {score(value, scale)}")
            grid.addWidget(bar, row, 1)
            self.bars.append(bar)
        column.addLayout(grid)
        if len(items) > MAX_BREAKDOWN_SHOWN:
            more = len(items) - MAX_BREAKDOWN_SHOWN
            column.addWidget(plain_label(f"and {more} more dimensions (see Compare)"))

        self.message_label = plain_label(
            trim(bid.agent_message.strip(), MAX_MESSAGE_CHARS) or "(no message)", name="message"
        )
        self.message_label.setToolTip("The agent's message")
        self.summary_label = plain_label(
            trim(bid.prototype_summary.strip(), MAX_MESSAGE_CHARS) or "(no summary)",
            name="summary",
        )
        column.addWidget(plain_label("Message", name="heading"))
        column.addWidget(self.message_label)
        column.addWidget(plain_label("Prototype", name="heading"))
        column.addWidget(self.summary_label)

        self.previews: list[ArtifactPreview] = []
        if bid.artifacts:
            tabs = QTabWidget()
            tabs.setAccessibleName("Artifacts")
            tabs.setDocumentMode(True)
            for file in bid.artifacts[:MAX_ARTIFACTS_SHOWN]:
                preview = ArtifactPreview(file, fetch, PREVIEW_BOX)
                tabs.addTab(preview, one_line(file.name, 24) or "file")
                self.previews.append(preview)
            tabs.setMinimumHeight(PREVIEW_BOX.height() + 40)
            column.addWidget(tabs)
        else:
            column.addWidget(plain_label("No artifacts."))
        column.addStretch(1)

        actions = QHBoxLayout()
        self.compare_box = QCheckBox("Compare")
        self.compare_box.setAccessibleName("Compare")
        self.compare_box.setAccessibleDescription(f"Compare the bid from {agent}")
        self.compare_box.toggled.connect(self.on_compare_box_toggled)
        self.select_button = QPushButton(select_label(bid))
        self.select_button.setAccessibleName(self.select_button.text())
        self.select_button.setAccessibleDescription(f"Select the bid from {agent}")
        self.select_button.setEnabled(can_select)
        self.select_button.clicked.connect(self.on_select_button_clicked)
        actions.addWidget(self.compare_box)
        actions.addStretch(1)
        actions.addWidget(self.select_button)
        column.addLayout(actions)

    def load_previews(self) -> None:
        for preview in self.previews:
            preview.load()

    def on_compare_box_toggled(self, ticked: bool) -> None:
        self.compare_toggled.emit(self.bid.id, ticked)

    def on_select_button_clicked(self) -> None:
        self.select_requested.emit(self.bid)
