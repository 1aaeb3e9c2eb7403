"""A stand-in for the desktop's notices that keeps what a person would have read."""

from __future__ import annotations

from aitasker_desktop.services.desktop_notices import NoticeSink


class RecordingNotices:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []  # (title, body), in the order shown
        self.closed = False

    def show(self, title: str, body: str) -> None:
        self.shown.append((title, body))

    def close(self) -> None:
        self.closed = True

    def titles(self) -> list[str]:
        return [title for title, _ in self.shown]


def _conforms(sink: RecordingNotices) -> NoticeSink:
    return sink  # mypy: the fake implements the same Protocol as the real sinks
