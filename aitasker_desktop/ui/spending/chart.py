"""A small bar chart of spending per month, drawn with QPainter (QtCharts is not shipped).

One bar per month, stacked: spent at the bottom, then held, then refunded. Colours come in a
light and a dark set chosen from the palette, with a legend that names them. What the bars
say is also text: each bar's tooltip, and the chart's accessible description, which a screen
reader reads in place of the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from aitasker_desktop.domain.spending import BUCKETS, Bucket
from aitasker_desktop.services import formatting

WORDS: dict[Bucket, str] = {
    Bucket.SPENT: "Spent",
    Bucket.HELD: "Held",
    Bucket.REFUNDED: "Refunded",
}
# (light theme, dark theme): distinct in hue and lightness, legible on either background.
COLOURS: dict[Bucket, tuple[str, str]] = {
    Bucket.SPENT: ("#2f6fd1", "#6ea8ff"),
    Bucket.HELD: ("#c98a00", "#f2c14e"),
    Bucket.REFUNDED: ("#2e9457", "#62d08f"),
}
GRID_LINES = 4
PAD = 8


@dataclass(frozen=True)
class Bar:
    month: str  # month key
    cents: tuple[int, int, int]  # spent, held, refunded

    @property
    def total(self) -> int:
        return sum(self.cents)


def bar_text(bar: Bar) -> str:
    """'November 2026: spent $12.00, held $0.00, refunded $3.50'."""
    parts = ", ".join(
        f"{WORDS[b].lower()} {formatting.money(c / 100)}"
        for b, c in zip(BUCKETS, bar.cents, strict=True)
    )
    return f"{formatting.month(bar.month)}: {parts}"


# Tops of the scale, before the zeros: each splits into GRID_LINES round steps, and each is
# at most half again the one before, so the highest bar takes two thirds of the height or more.
TOPS = (10, 12, 16, 20, 30, 40, 50, 60, 80)


def nice_top(cents: int) -> int:
    """A round top for the scale (cents), at or above the highest bar; one dollar at least."""
    scale = 10
    while True:
        for top in TOPS:
            if top * scale >= cents:
                return top * scale
        scale *= 10


class SpendingChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Spending per month")
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)
        self._bars: list[Bar] = []
        self._rects: list[tuple[QRectF, Bar]] = []
        self.labelled: list[str] = []  # the months named under the bars at the last paint

    @property
    def bars(self) -> list[Bar]:
        return list(self._bars)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = list(bars)
        texts = [bar_text(b) for b in self._bars if b.total]
        self.setAccessibleDescription(
            "; ".join(texts) if texts else "No money was spent, held or refunded in this period."
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 220)

    def _dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Window).lightness() < 128

    def colour(self, bucket: Bucket) -> QColor:
        return QColor(COLOURS[bucket][1 if self._dark() else 0])

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            bar = self.bar_at(event.pos())
            if bar is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), bar_text(bar), self)
            return True
        return super().event(event)

    def bar_at(self, pos: QPoint) -> Bar | None:
        """The month whose column is under `pos` (the whole column, not just the bar)."""
        for rect, bar in self._rects:
            if rect.left() <= pos.x() <= rect.right():
                return bar
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        grid_colour = QColor(text_colour)
        grid_colour.setAlpha(60)  # a faint line of the text's colour: seen in either theme
        legend_bottom = self._paint_legend(painter, metrics, text_colour)
        top_cents = nice_top(max((b.total for b in self._bars), default=0))
        scale_width = max(
            metrics.horizontalAdvance(formatting.money(top_cents * i / GRID_LINES / 100))
            for i in range(GRID_LINES + 1)
        )
        plot_width = self.width() - scale_width - 3 * PAD
        labels = month_labels(self._bars, plot_width, metrics)
        lines = max((label.count("\n") + 1 for label in labels.values()), default=1)
        plot = QRectF(
            PAD + scale_width + PAD,
            legend_bottom + line // 2,
            plot_width,
            self.height() - legend_bottom - line // 2 - lines * line - 2 * PAD,
        )
        for i in range(GRID_LINES + 1):
            y = plot.bottom() - plot.height() * i / GRID_LINES
            painter.setPen(grid_colour)
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(text_colour)
            label = formatting.money(top_cents * i / GRID_LINES / 100)
            painter.drawText(
                QRectF(PAD, y - line / 2, scale_width, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
        self._paint_bars(painter, plot, top_cents, text_colour, labels)
        painter.end()

    def _paint_legend(self, painter: QPainter, metrics: QFontMetrics, colour: QColor) -> int:
        x, line = PAD, metrics.height()
        for bucket in BUCKETS:
            painter.fillRect(QRectF(x, PAD + 2, line - 4, line - 4), self.colour(bucket))
            x += line
            painter.setPen(colour)
            painter.drawText(x, PAD + metrics.ascent(), WORDS[bucket])
            x += metrics.horizontalAdvance(WORDS[bucket]) + 2 * PAD
        return PAD + line

    def _paint_bars(
        self,
        painter: QPainter,
        plot: QRectF,
        top: int,
        colour: QColor,
        labels: dict[int, str],
    ) -> None:
        self._rects = []
        self.labelled = [label.replace("\n", " ") for _, label in sorted(labels.items())]
        if not self._bars:
            return
        slot = plot.width() / len(self._bars)
        width = max(2.0, min(48.0, slot * 0.6))
        for index, bar in enumerate(self._bars):
            centre = plot.left() + slot * (index + 0.5)
            self._rects.append((QRectF(centre - slot / 2, plot.top(), slot, plot.height()), bar))
            y = plot.bottom()
            for bucket, amount in zip(BUCKETS, bar.cents, strict=True):
                height = plot.height() * amount / top if top else 0.0
                if height > 0:
                    painter.fillRect(
                        QRectF(centre - width / 2, y - height, width, height), self.colour(bucket)
                    )
                y -= height
            if index in labels:
                painter.setPen(colour)
                painter.drawText(  # centred under the bar, as wide as it needs (month_labels)
                    QRectF(centre - 100, plot.bottom() + PAD / 2, 200, 100),
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                    labels[index],
                )


def month_labels(bars: Sequence[Bar], width: float, metrics: QFontMetrics) -> dict[int, str]:
    """Which bars get a month under them, and the words: every month ("Dec 2026") when each
    fits its column; else the month above its year, two lines as narrow as "Sep"; and when
    not every one fits even so, the months with money first (the one bar of a year must be
    named), then every second, third... month where there is room."""
    if not bars:
        return {}
    slot = width / len(bars)
    one_line = [formatting.month(b.month, short=True) for b in bars]
    if max(metrics.horizontalAdvance(t) for t in one_line) + PAD <= slot:
        return dict(enumerate(one_line))
    texts = [t.replace(" ", "\n", 1) for t in one_line]

    def span(index: int) -> tuple[float, float]:
        half = max(metrics.horizontalAdvance(part) for part in texts[index].split("\n")) / 2
        centre = slot * (index + 0.5)
        return centre - half - PAD / 2, centre + half + PAD / 2

    every = max(1, int(max(span(i)[1] - span(i)[0] for i in range(len(bars))) // slot) + 1)
    money = [i for i, b in enumerate(bars) if b.total]
    others = [i for i in range(0, len(bars), every) if i not in money]
    placed: dict[int, str] = {}
    taken: list[tuple[float, float]] = []
    for index in (*money, *others):
        left, right = span(index)
        if all(right <= a or left >= b for a, b in taken):
            placed[index] = texts[index]
            taken.append((left, right))
    return placed
