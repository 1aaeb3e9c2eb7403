"""Spell checking for the brief: misspelled word ranges, suggestions, a personal dictionary.

pyspellchecker is pure Python (its English word list ships inside the package), so no system
dictionary is needed. Loading it takes a few hundred milliseconds, so it happens on the
runner; until `ready`, nothing is marked.

Checking is incremental, because it runs on the GUI thread on every key: each word's verdict
is cached, and `misspelled(text, previous)` re-checks only the words around what changed since
`previous` (the last text of the same paragraph and its result), reusing the rest. A 5,000
character paragraph costs microseconds per key instead of re-reading every word.
"""

from __future__ import annotations

import importlib.resources
import json
import logging
import re
import zlib
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

Ranges = list[tuple[int, int]]  # (start, length) of each misspelled word


def _is_word_char(ch: str) -> bool:
    # Letters and apostrophes: a boundary between anything else cannot split a word.
    return ch.isalpha() or ch in "'’"


def common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by bisection on slices (C-speed comparisons)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most `limit`."""
    lo, hi = 0, min(limit, len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _skip(word: str) -> bool:
    # Acronyms (SEO, PDF), CamelCase names and single letters are not checked.
    return len(word) < 2 or word.isupper() or any(c.isupper() for c in word[1:])


def read_word_frequencies(language: str, chunk_chars: int = 64_000) -> dict[str, int]:
    """pyspellchecker's word list, parsed a slice at a time.

    Its loader parses the whole 2.7 MB JSON in one call, which holds the GIL for ~230 ms: the
    GUI thread freezes meanwhile, although the load runs on a worker. The file has one
    `"word": count,` entry per line, so it can be cut at line ends into small objects, each
    parsed in a few milliseconds with the GIL free for the GUI thread in between. (What is
    left in one piece is pyspellchecker's own index of letters, ~40 ms.)
    """
    resource = importlib.resources.files("spellchecker") / "resources" / f"{language}.json.gz"
    data = resource.read_bytes()
    inflate = zlib.decompressobj(wbits=31)  # gzip; in slices, for the same reason
    parts = [inflate.decompress(data[i : i + 65_536]) for i in range(0, len(data), 65_536)]
    text = (b"".join(parts) + inflate.flush()).decode("utf-8")
    start, end = text.index("{") + 1, text.rindex("}")
    words: dict[str, int] = {}
    while start < end:
        stop = text.find("\n", min(start + chunk_chars, end))
        stop = end if stop < 0 or stop > end else stop
        piece = text[start:stop].strip().rstrip(",")
        if piece:
            words.update(json.loads("{" + piece + "}"))
        start = stop + 1
    return words


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

        try:
            checker = SpellChecker(language=None, case_sensitive=False)
            checker.word_frequency.load_json(read_word_frequencies(self._language))
        except (OSError, ValueError) as e:
            log.info("Loading the word list in pieces failed (%s); loading it whole", e)
            checker = SpellChecker(language=self._language)
        return checker, self._user_words_store.load()

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

    def misspelled(self, text: str, previous: tuple[str, Ranges] | None = None) -> Ranges:
        """(start, length) of each misspelled word in `text`.

        `previous` is an earlier text and the result for it (with the same dictionary):
        only the words around the difference are checked again.
        """
        if self._checker is None:
            return []
        if previous is None:
            return self._check(text, 0, len(text))
        old, old_ranges = previous
        prefix = common_prefix(old, text)
        suffix = common_suffix(old, text, min(len(old), len(text)) - prefix)
        start, end = prefix, len(text) - suffix
        # Widen to whole words: the characters just outside are then the same in both texts
        # and cannot be part of a word, so no word straddles either edge.
        while start > 0 and _is_word_char(text[start - 1]):
            start -= 1
        while end < len(text) and _is_word_char(text[end]):
            end += 1
        shift = len(text) - len(old)
        old_end = end - shift
        before = [r for r in old_ranges if r[0] + r[1] <= start]
        after = [(a + shift, n) for a, n in old_ranges if a >= old_end]
        return before + self._check(text, start, end) + after

    def _check(self, text: str, start: int, end: int) -> Ranges:
        return [
            (m.start(), m.end() - m.start())
            for m in _WORD.finditer(text, start, end)
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
