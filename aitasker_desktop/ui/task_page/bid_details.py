"""One bid in full, under the gallery's rows: the judge's marks, the agent's message, the
prototype's summary, and its artifacts, each previewed with "Open full size" and "Save…".
It scrolls up and down only; text wraps to its width."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.file_types import file_type_words
from aitasker_desktop.domain.filenames import safe_filename
from aitasker_desktop.domain.task import Bid, FileRef
from aitasker_desktop.ui.task_page.bid_card import (
    bar_value,
    dimension_name,
    score_words,
    tier_explanation,
    tier_text,
)
from aitasker_desktop.ui.task_page.format import one_line, plain_label, trim
from aitasker_desktop.ui.task_page.previews import ArtifactPreview, Sources

MAX_BREAKDOWN_SHOWN = 12
MAX_MESSAGE_CHARS = 4000
MAX_ARTIFACTS_SHOWN = 6
PREVIEW_BOX = QSize(260, 170)


class ArtifactTile(QFrame):
    """A preview of one artifact with its name, type, and what can be done with it."""

    open_requested = Signal(object)  # FileRef
    save_requested = Signal(object)  # FileRef

    def __init__(self, file: FileRef, sources: Sources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file = file
        self.setFrameShape(QFrame.Shape.StyledPanel)
        name = safe_filename(file.name)
        self.preview = ArtifactPreview(file, sources, PREVIEW_BOX)
        self.preview.setMinimumHeight(PREVIEW_BOX.height())
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.preview.setFixedHeight(PREVIEW_BOX.height())
        self.open_button = QPushButton("Open full size")
        self.open_button.setAccessibleName(self.open_button.text())
        self.open_button.setAccessibleDescription(f"Open {name} full size")
        self.open_button.clicked.connect(lambda: self.open_requested.emit(self.file))
        self.save_button = QPushButton("Save…")
        self.save_button.setAccessibleName(self.save_button.text())
        self.save_button.setAccessibleDescription(f"Save {name} to a folder you choose")
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.file))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        title = plain_label(f"{one_line(name, 40)} · {file_type_words(file.media_type, name)}")
        column.addWidget(title)
        column.addWidget(self.preview)
        column.addLayout(buttons)


class BidDetails(QScrollArea):
    open_requested = Signal(object)  # FileRef: show it full size
    save_requested = Signal(object)  # FileRef

    def __init__(self, sources: Sources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Bid details")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._sources = sources
        self.bid: Bid | None = None
        self.tiles: list[ArtifactTile] = []
        self.bars: list[QProgressBar] = []
        self.show_bid(None, 10.0)

    @property
    def previews(self) -> list[ArtifactPreview]:
        return [tile.preview for tile in self.tiles]

    def show_bid(self, bid: Bid | None, scale: float) -> None:
        self.bid = bid
        self.tiles, self.bars = [], []
        host = QWidget()
        column = QVBoxLayout(host)
        if bid is None:
            column.addWidget(plain_label("Choose a bid above to see what the agent made."))
            column.addStretch(1)
            self.setWidget(host)
            return
        agent = one_line(bid.agent_name, 80) or "Unnamed agent"
        heading = plain_label(
            f"{agent} · {tier_text(bid.agent_tier)} · {score_words(bid.eval_score, scale)}",
            name="details_heading",
        )
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setToolTip(tier_explanation(bid.agent_tier))
        column.addWidget(heading)
        column.addLayout(self._breakdown(bid, scale))
        column.addWidget(plain_label("What the agent says", name="heading"))
        self.message_label = plain_label(
            trim(bid.agent_message.strip(), MAX_MESSAGE_CHARS) or "(no message)", name="message"
        )
        column.addWidget(self.message_label)
        column.addWidget(plain_label("Prototype", name="heading"))
        self.summary_label = plain_label(
            trim(bid.prototype_summary.strip(), MAX_MESSAGE_CHARS) or "(no summary)",
            name="summary",
        )
        column.addWidget(self.summary_label)
        column.addLayout(self._artifacts(bid))
        column.addStretch(1)
        self.setWidget(host)
        for preview in self.previews:
            preview.load()

    def _breakdown(self, bid: Bid, scale: float) -> QGridLayout:
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        items = list(bid.eval_breakdown.items())
        for n, (key, value) in enumerate(items[:MAX_BREAKDOWN_SHOWN]):
            name = dimension_name(key)
            row, col = divmod(n, 2)  # two columns of marks: half the height
            grid.addWidget(plain_label(name, wrap=False), row, col * 2)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(bar_value(value, scale))
            bar.setFormat(f"{bar_value(value, scale)} / 100")
            bar.setMaximumHeight(16)
            bar.setAccessibleName(f"{name}: {bar_value(value, scale)} out of 100")
            grid.addWidget(bar, row, col * 2 + 1)
            self.bars.append(bar)
        if len(items) > MAX_BREAKDOWN_SHOWN:
            more = len(items) - MAX_BREAKDOWN_SHOWN
            grid.addWidget(plain_label(f"and {more} more marks (see Compare)"), 99, 0, 1, 4)
        return grid

    def _artifacts(self, bid: Bid) -> QVBoxLayout:
        column = QVBoxLayout()
        if not bid.artifacts:
            column.addWidget(plain_label("No files with this bid."))
            return column
        column.addWidget(plain_label("What the agent made", name="heading"))
        grid = QGridLayout()
        for n, file in enumerate(bid.artifacts[:MAX_ARTIFACTS_SHOWN]):
            tile = ArtifactTile(file, self._sources)
            tile.open_requested.connect(self.open_requested)
            tile.save_requested.connect(self.save_requested)
            grid.addWidget(tile, n // 3, n % 3)
            self.tiles.append(tile)
        for c in range(3):
            grid.setColumnStretch(c, 1)
        column.addLayout(grid)
        return column
