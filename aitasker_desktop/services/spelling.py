"""Spell checking for the brief: misspelled word ranges, suggestions, a personal dictionary.

pyspellchecker is pure Python (its English word list ships inside the package), so no system
dictionary is needed. Loading it takes a few hundred milliseconds, so it happens on the
runner; until `ready`, nothing is marked.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from aitasker_desktop.services.runner import TaskRunner
from aitasker_desktop.storage.editor_files import UserDictionary

if TYPE_CHECKING:
    from spellchecker import SpellChecker

log = logging.getLogger(__name__)

# Letters with inner apostrophes ("don't"); digits or underscores make a token not a word.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_MAX_SUGGESTIONS = 5


def _skip(word: str) -> bool:
    # Acronyms (SEO, PDF), CamelCase names and single letters are not checked.
    return len(word) < 2 or word.isupper() or any(c.isupper() for c in word[1:])


class SpellingService(QObject):
    ready = Signal()
    dictionary_changed = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        user_words: UserDictionary,
        parent: QObject | None = None,
        *,
        language: str = "en",
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._user_words_store = user_words
        self._checker: SpellChecker | None = None
        self._user_words: set[str] = set()
        self._known: dict[str, bool] = {}  # casefolded word -> spelled right
        self._language = language
        runner.run(self._load, self._on_loaded, self._on_load_failed, owner=self)

    def _load(self) -> tuple[SpellChecker, set[str]]:
        from spellchecker import SpellChecker

        return SpellChecker(language=self._language), self._user_words_store.load()

    def _on_loaded(self, result: object) -> None:
        assert isinstance(result, tuple)
        self._checker, self._user_words = result
        self._known.clear()
        self.ready.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        log.warning("Spell checking is unavailable: %s", exc)

    @property
    def is_ready(self) -> bool:
        return self._checker is not None

    def is_correct(self, word: str) -> bool:
        if self._checker is None or _skip(word):
            return True
        key = word.casefold().replace("’", "'")
        if key in self._user_words:
            return True
        known = self._known.get(key)
        if known is None:
            known = key in self._checker or key.strip("'") in self._checker
            self._known[key] = known
        return known

    def misspelled(self, text: str) -> list[tuple[int, int]]:
        """(start, length) of each misspelled word in `text`."""
        if self._checker is None:
            return []
        return [
            (m.start(), m.end() - m.start())
            for m in _WORD.finditer(text)
            if not self.is_correct(m.group())
        ]

    def word_at(self, text: str, position: int) -> tuple[int, str] | None:
        """The word around `position` in `text` (start, word), if any."""
        for m in _WORD.finditer(text):
            if m.start() <= position <= m.end():
                return m.start(), m.group()
        return None

    def suggestions(self, word: str) -> list[str]:
        """Likely corrections, most common first, in the word's own capitalisation."""
        if self._checker is None:
            return []
        lower = word.casefold()
        candidates = self._checker.candidates(lower) or set()
        ranked = sorted(
            (c for c in candidates if c != lower),
            key=lambda c: (-self._checker.word_usage_frequency(c), c) if self._checker else (0, c),
        )[:_MAX_SUGGESTIONS]
        if word[:1].isupper():
            ranked = [c[:1].upper() + c[1:] for c in ranked]
        return ranked

    def add_word(self, word: str) -> None:
        """Remember `word` as spelled right, here and in later sessions."""
        key = word.casefold().replace("’", "'")
        self._user_words.add(key)
        self._known[key] = True
        words = set(self._user_words)
        self._runner.run(lambda: self._user_words_store.save(words), None, self._on_save_failed)
        self.dictionary_changed.emit()

    @staticmethod
    def _on_save_failed(exc: BaseException) -> None:
        log.warning("Could not save the personal dictionary: %s", exc)
