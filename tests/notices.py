"""A stand-in for the desktop's notices that keeps what a person would have read."""

from __future__ import annotations

from aitasker_desktop.services.desktop_notices import NoticeSink, OnClick


class RecordingNotices:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []  # (title, body), in the order shown
        self.on_clicks: list[OnClick | None] = []  # what clicking each of them does
        self.closed = False

    def show(self, title: str, body: str, on_click: OnClick | None = None) -> None:
        self.shown.append((title, body))
        self.on_clicks.append(on_click)

    def click(self, index: int = -1) -> None:
        """The person clicks a notice shown (the last, by default), as the platform tells."""
        on_click = self.on_clicks[index]
        assert on_click is not None, "this notice does nothing when clicked"
        on_click()

    def close(self) -> None:
        self.closed = True

    def titles(self) -> list[str]:
        return [title for title, _ in self.shown]


def _conforms(sink: RecordingNotices) -> NoticeSink:
    return sink  # mypy: the fake implements the same Protocol as the real sinks
