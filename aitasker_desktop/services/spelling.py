"""Spell checking for the title and the brief, in the person's English: misspelled word
ranges, suggestions, a personal dictionary.

The dictionary follows the person's locale (`person_dictionary`: en_GB accepts "colour", en_US
flags it); the engine (spell_engine.py) is real Hunspell, exact but slow, so it runs only on
the runner this service is given (a thread of its own in the app) and every verdict is cached.
Until `ready`, and for a word whose verdict has not come back yet, nothing is marked: the
word is asked about in a batch, and `verdicts_arrived` says which words now have one, so the
highlighters repaint only the paragraphs holding them. Typing never waits for the checker.

Checking is incremental, because it runs on the GUI thread on every key: `misspelled(text,
previous)` re-checks only the words around what changed since `previous` (the last text of
the same paragraph and its result), reusing the rest. A 5,000 character paragraph costs
microseconds per key instead of re-reading every word.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from aitasker_desktop.services.runner import TaskRunner
from aitasker_desktop.services.spell_engine import SpellEngine, dictionary_for, engine_for
from aitasker_desktop.storage.editor_files import UserDictionary

log = logging.getLogger(__name__)

# Letters with inner apostrophes ("don't"); digits or underscores make a token not a word.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
BATCH = 200  # words per trip to the checker's thread
AHEAD_UP_TO = 8  # letters: corrections of longer words are looked up only when asked for
AHEAD_MAX = 10  # words per batch of verdicts whose corrections are looked up ahead

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


def person_dictionary() -> str:
    """The dictionary for the person's locale (QLocale's default: the system's, or a test's)."""
    return dictionary_for(QLocale().name())


class SpellingService(QObject):
    ready = Signal()
    dictionary_changed = Signal()  # the personal dictionary changed: every verdict may have
    verdicts_arrived = Signal(list)  # words (casefolded) that now have a verdict
    suggestions_ready = Signal(str)  # a casefolded word whose corrections are now known

    def __init__(
        self,
        runner: TaskRunner,
        user_words: UserDictionary,
        parent: QObject | None = None,
        *,
        language: str = "en_US",
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._user_words_store = user_words
        self._engine: SpellEngine | None = None
        self._user_words: set[str] = set()
        self._known: dict[str, bool] = {}  # casefolded word -> spelled right
        self._suggested: dict[str, list[str]] = {}  # casefolded word -> corrections
        self._wanted: dict[str, str] = {}  # casefolded -> as written, awaiting a verdict
        self._suggesting: set[str] = set()  # corrections being looked up
        self._asking = False
        self.language = language
        self._ask_timer = QTimer(self)  # one trip for all the words of one event loop turn
        self._ask_timer.setSingleShot(True)
        self._ask_timer.setInterval(0)
        self._ask_timer.timeout.connect(self._ask)
        self._loading = False
        self._stopped = False

    def load(self) -> None:
        """Read the dictionary on the spell checker's thread, the first time a text needs
        it: seconds of work that a session in which nobody writes should not pay for."""
        if self._engine is None and not self._loading:
            self._loading = True  # also after a failure: no retry at every keystroke
            self._runner.run(self._load, self._on_loaded, self._on_load_failed, owner=self)

    def _load(self) -> tuple[SpellEngine, set[str]]:
        return engine_for(self.language), self._user_words_store.load()

    def _on_loaded(self, result: object) -> None:
        assert isinstance(result, tuple)
        self._engine, self._user_words = result
        self._known.clear()
        self.ready.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        log.warning("Spell checking is unavailable: %s", exc)

    @property
    def is_ready(self) -> bool:
        return self._engine is not None

    @property
    def is_settled(self) -> bool:
        """Ready, and every word asked about has its verdict."""
        return self.is_ready and not self._wanted and not self._asking

    def is_correct(self, word: str) -> bool:
        """False only for a word known to be misspelled; a word not checked yet is asked
        about (and counts as right until the answer comes)."""
        if self._engine is None or _skip(word):
            return True
        key = word.casefold().replace("’", "'")
        if key in self._user_words:
            return True
        known = self._known.get(key)
        if known is None:
            if key not in self._wanted:
                self._wanted[key] = word
                if not self._asking and not self._ask_timer.isActive() and not self._stopped:
                    self._ask_timer.start()
            return True
        return known

    def stop(self) -> None:
        """The app is closing: nothing more is asked of the speller's thread (a text
        re-checked as the window goes, or a verdict still on its way, would start it)."""
        self._stopped = True
        self._ask_timer.stop()

    def _ask(self) -> None:
        if self._asking or not self._wanted or self._engine is None:
            return
        engine = self._engine
        keys = list(self._wanted)[:BATCH]
        words = [self._wanted.pop(k) for k in keys]
        self._asking = True

        def check() -> list[tuple[str, bool]]:
            verdicts = engine.verdicts(words)
            return [(k, verdicts[w]) for k, w in zip(keys, words, strict=True)]

        self._runner.run(check, self._on_verdicts, self._on_verdicts_failed, owner=self)

    def _on_verdicts(self, result: object) -> None:
        assert isinstance(result, list)
        self._asking = False
        self._known.update(result)
        self.verdicts_arrived.emit([key for key, _ok in result])
        if self._wanted and not self._stopped:
            self._ask_timer.start()
        # Corrections for the first few short words just found wrong, looked up before a
        # right-click asks (after the verdicts: underlines come first). A longer word with
        # nothing one letter away (a name, a code) takes a second or more of CPU to search,
        # and most are never right-clicked: theirs are looked up when asked for.
        wrong = [
            k for k, ok in result if not ok and k not in self._suggested and len(k) <= AHEAD_UP_TO
        ]
        self._look_up(wrong[:AHEAD_MAX])

    def _on_verdicts_failed(self, exc: BaseException) -> None:
        self._asking = False
        log.warning("Spell checking failed for a batch of words: %s", exc)

    def misspelled(self, text: str, previous: tuple[str, Ranges] | None = None) -> Ranges:
        """(start, length) of each word in `text` known to be misspelled.

        `previous` is an earlier text and the result for it (with the same verdicts): only
        the words around the difference are checked again.
        """
        if self._engine is None:
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

    @staticmethod
    def words(text: str) -> list[str]:
        return _WORD.findall(text)

    def word_at(self, text: str, position: int) -> tuple[int, str] | None:
        """The word around `position` in `text` (start, word), if any."""
        for m in _WORD.finditer(text):
            if m.start() <= position <= m.end():
                return m.start(), m.group()
        return None

    def suggestions(self, word: str) -> list[str] | None:
        """Likely corrections for a misspelled word; None while they are being looked up
        (asked for now, `suggestions_ready` follows)."""
        key = word.casefold().replace("’", "'")
        found = self._suggested.get(key)
        if found is not None:
            return [c[:1].upper() + c[1:] for c in found] if word[:1].isupper() else found
        self._look_up([key])
        return None

    def _look_up(self, keys: list[str]) -> None:
        keys = [k for k in keys if k not in self._suggesting]
        if not keys or self._engine is None:
            return
        engine = self._engine
        self._suggesting.update(keys)
        self._runner.run(
            lambda: [(k, engine.suggestions(k)) for k in keys],
            self._on_suggestions,
            lambda exc: self._on_suggestions_failed(keys, exc),
            owner=self,
        )

    def _on_suggestions(self, result: object) -> None:
        assert isinstance(result, list)
        for key, found in result:
            self._suggesting.discard(key)
            self._suggested[key] = found
            self.suggestions_ready.emit(key)

    def _on_suggestions_failed(self, keys: list[str], exc: BaseException) -> None:
        self._suggesting.difference_update(keys)
        log.warning("No spelling suggestions: %s", exc)

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
