""" "Suggest improvements": the platform's brief-suggestions tool, asked on a click.

The tool is free but limited per hour; when the limit is hit the person is told so in plain
words, with when to try again, instead of an error.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from aitasker_desktop.api.errors import ApiError, RateLimited
from aitasker_desktop.domain.brief import Draft
from aitasker_desktop.services.connection import Connection
from aitasker_desktop.ui.messages import error_text


def rate_limited_text(exc: RateLimited) -> str:
    if exc.retry_after:
        minutes = max(1, round(exc.retry_after / 60))
        wait = f"in about {minutes} minute{'s' if minutes != 1 else ''}"
    else:
        wait = "later this hour"
    return (
        "You have used all of this hour's suggestions (AITasker limits how many briefs it "
        f"checks per hour). Try again {wait}; your brief is saved meanwhile."
    )


class SuggestionsAsker(QObject):
    """Asks for suggestions on the button's click and shows the answer with `show`.

    An answer about another draft than the one on screen (the person started a new brief
    meanwhile) is dropped: suggestions are only ever shown beside the brief they are about.
    """

    def __init__(
        self,
        connection: Connection,
        button: QPushButton,
        draft: Callable[[], Draft],
        show: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._button = button
        self._draft = draft
        self._show = show
        self._asked_for = ""  # the draft id the question in flight is about
        button.clicked.connect(self.on_button_clicked)

    def _still_shown(self) -> bool:
        self._button.setEnabled(True)
        return self._draft().id == self._asked_for

    def on_button_clicked(self) -> None:
        draft = self._draft()
        self._asked_for = draft.id
        brief = draft.brief.model_copy(deep=True)
        self._button.setEnabled(False)
        self._show("Asking AITasker for suggestions…")
        self._connection.call(
            lambda client: client.brief_suggestions(brief),
            self.on_suggestions_received,
            self.on_suggestions_failed,
            owner=self,
        )

    def on_suggestions_received(self, suggestions: object) -> None:
        if not self._still_shown():
            return
        items = (
            [getattr(s, "message", "") for s in suggestions]
            if isinstance(suggestions, list)
            else []
        )
        items = [m for m in items if m]
        if not items:
            self._show("No suggestions: your brief already covers the basics.")
            return
        self._show("\n".join(f"• {m}" for m in items))

    def on_suggestions_failed(self, exc: BaseException) -> None:
        if not self._still_shown():
            return
        if isinstance(exc, RateLimited):
            self._show(rate_limited_text(exc))
        elif isinstance(exc, ApiError) and exc.retryable:
            self._show(
                "Suggestions need a connection to AITasker, which cannot be reached right "
                "now. Your brief is saved; try again when you are back online."
            )
        else:
            self._show(error_text(exc))
