"""Incremental spell checking gives exactly what a full check gives, edit after edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QCoreApplication

from aitasker_desktop.services.runner import InlineRunner
from aitasker_desktop.services.spell_engine import dictionary_for, read_word_frequencies
from aitasker_desktop.services.spelling import SpellingService
from aitasker_desktop.storage.editor_files import UserDictionary


def settle(service: SpellingService) -> None:
    """Let the asked-about words come back (the runner is inline; the batch waits for the
    event loop's next turn)."""
    for _ in range(1000):
        if service.is_settled:
            return
        QCoreApplication.processEvents()
    raise AssertionError("the spell checker never answered")


def judged(service: SpellingService, text: str) -> list[str]:
    """The misspelled words of `text` once every word of it has a verdict."""
    service.misspelled(text)
    settle(service)
    return [text[a : a + n] for a, n in service.misspelled(text)]


def _service(folder: Path, language: str) -> SpellingService:
    service = SpellingService(
        InlineRunner(), UserDictionary(folder / "words.json"), language=language
    )
    assert not service.is_ready  # nothing is read until a text needs it
    service.load()
    assert service.is_ready and service.language == language
    return service


@pytest.fixture(scope="module")
def spelling(tmp_path_factory: pytest.TempPathFactory, qapp: object) -> Iterator[SpellingService]:
    service = _service(tmp_path_factory.mktemp("spelling"), "en_US")
    judged(service, " ".join(_WORDS))  # the pieces' own verdicts, known before the property test
    yield service


@pytest.fixture(scope="module")
def british(tmp_path_factory: pytest.TempPathFactory, qapp: object) -> SpellingService:
    return _service(tmp_path_factory.mktemp("british"), "en_GB")


def test_the_word_list_read_in_slices_is_the_whole_list() -> None:
    import gzip
    import importlib.resources
    import json

    resource = importlib.resources.files("spellchecker") / "resources" / "en.json.gz"
    whole = json.loads(gzip.decompress(resource.read_bytes()))
    assert read_word_frequencies("en", chunk_chars=10_000) == whole


def test_marks_misspelled_words(spelling: SpellingService) -> None:
    text = "Please recieve the fiel, don't wory"
    assert judged(spelling, text) == ["recieve", "fiel", "wory"]


def test_a_word_not_judged_yet_is_not_marked_until_its_verdict_comes(
    tmp_path: Path, spelling: SpellingService
) -> None:
    text = "A brand new mispeling"
    assert spelling.misspelled(text) == []  # asked about, not waited for
    arrived: list[list[str]] = []
    spelling.verdicts_arrived.connect(arrived.append)
    settle(spelling)
    assert ["mispeling"] in [[w for w in batch if w == "mispeling"] for batch in arrived]
    assert spelling.misspelled(text) == [(12, 9)]


@pytest.mark.parametrize(
    ("locale", "dictionary"),
    [
        ("en_GB", "en_GB"),
        ("en_US", "en_US"),
        ("en_AU", "en_AU"),
        ("en_IE", "en_GB"),
        ("en_NZ", "en_GB"),
        ("en_PH", "en_US"),
        ("de_DE", "en_US"),
        ("C", "en_US"),
        ("en-CA", "en_CA"),
    ],
)
def test_the_dictionary_follows_the_locale(locale: str, dictionary: str) -> None:
    assert dictionary_for(locale) == dictionary


BRITISH = ["colour", "organise", "centre", "travelling", "favourite", "catalogue", "grey"]
AMERICAN = ["color", "center", "traveling", "favorite", "gray", "analyze"]


def test_british_english_accepts_british_spellings_and_flags_american_ones(
    british: SpellingService,
) -> None:
    assert judged(british, " ".join(BRITISH)) == []
    assert judged(british, "organize") == []  # Oxford spelling: British dictionaries take it
    assert judged(british, " ".join(AMERICAN)) == AMERICAN


def test_american_english_flags_british_spellings(spelling: SpellingService) -> None:
    assert judged(spelling, " ".join(AMERICAN)) == []
    assert judged(spelling, " ".join(BRITISH)) == BRITISH


def _suggested(service: SpellingService, word: str) -> list[str]:
    service.suggestions(word)
    for _ in range(1000):
        found = service.suggestions(word)
        if found is not None:
            return found
        QCoreApplication.processEvents()
    raise AssertionError("no suggestions came")


def test_suggestions_are_in_the_persons_english(
    spelling: SpellingService, british: SpellingService
) -> None:
    assert _suggested(spelling, "recieve")[0] == "receive"
    assert _suggested(spelling, "Recieve")[0] == "Receive"
    assert "colour" in _suggested(british, "colur")
    us = _suggested(spelling, "colur")
    assert "color" in us and "colour" not in us


# Words, typos, apostrophes and separators: edits that join, split and retype words.
_WORDS = [
    "the",
    "recieve",
    "file",
    "fiel",
    "don't",
    "do",
    "n't",
    "'",
    "’",
    " ",
    ", ",
    "\n",
    "x",
    "SEO",
    "a",
    "wory",
    "1",
    "_",
    "é",
    "colour",
]
_pieces = st.sampled_from(_WORDS)
_text = st.lists(_pieces, max_size=30).map("".join)
_edit = st.tuples(st.integers(0, 400), st.integers(0, 8), _text)


@pytest.mark.timeout(600)  # about 30 s alone; a busy machine takes several times that
@settings(max_examples=200, deadline=None)
@given(start=_text, edits=st.lists(_edit, min_size=1, max_size=12))
def test_incremental_equals_full(spelling: SpellingService, start: str, edits: list) -> None:  # type: ignore[type-arg]
    text, ranges = start, spelling.misspelled(start)
    for position, removed, inserted in edits:
        at = min(position, len(text))
        new = text[:at] + inserted + text[at + removed :]
        ranges = spelling.misspelled(new, (text, ranges))
        assert ranges == spelling.misspelled(new), (text, new)
        text = new


def test_a_stopped_checker_asks_nothing_more(tmp_path: Path, qapp: object) -> None:
    """The app is closing: a text re-checked as the window goes (or a verdict that comes
    last) must not start the speller again, or it runs on into the shutdown."""
    service = _service(tmp_path, "en_US")
    asked: list[list[str]] = []
    service.verdicts_arrived.connect(asked.append)
    service.misspelled("first wordz")  # asked about on the next turn of the event loop
    service.stop()
    service.misspelled("second wurds")  # the window's last repaint
    for _ in range(50):
        QCoreApplication.processEvents()
    assert asked == []
    assert service.misspelled("second wurds") == []  # nothing judged: nothing marked
