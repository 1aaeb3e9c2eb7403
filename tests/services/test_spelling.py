"""Incremental spell checking gives exactly what a full check gives, edit after edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aitasker_desktop.services.runner import InlineRunner
from aitasker_desktop.services.spelling import SpellingService, read_word_frequencies
from aitasker_desktop.storage.editor_files import UserDictionary


@pytest.fixture(scope="module")
def spelling(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SpellingService]:
    folder: Path = tmp_path_factory.mktemp("spelling")
    service = SpellingService(InlineRunner(), UserDictionary(folder / "words.json"))
    assert service.is_ready
    yield service


def test_the_word_list_read_in_slices_is_the_whole_list() -> None:
    import gzip
    import importlib.resources
    import json

    resource = importlib.resources.files("spellchecker") / "resources" / "en.json.gz"
    whole = json.loads(gzip.decompress(resource.read_bytes()))
    assert read_word_frequencies("en", chunk_chars=10_000) == whole


def test_marks_misspelled_words(spelling: SpellingService) -> None:
    text = "Please recieve the fiel, don't wory"
    assert [text[a : a + n] for a, n in spelling.misspelled(text)] == ["recieve", "fiel", "wory"]


# Words, typos, apostrophes and separators: edits that join, split and retype words.
_pieces = st.sampled_from(
    [
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
)
_text = st.lists(_pieces, max_size=30).map("".join)
_edit = st.tuples(st.integers(0, 400), st.integers(0, 8), _text)


@settings(max_examples=300, deadline=None)
@given(start=_text, edits=st.lists(_edit, min_size=1, max_size=12))
def test_incremental_equals_full(spelling: SpellingService, start: str, edits: list) -> None:  # type: ignore[type-arg]
    text, ranges = start, spelling.misspelled(start)
    for position, removed, inserted in edits:
        at = min(position, len(text))
        new = text[:at] + inserted + text[at + removed :]
        ranges = spelling.misspelled(new, (text, ranges))
        assert ranges == spelling.misspelled(new), (text, new)
        text = new
