"""Finding a task type by the words people use: ranking, synonyms, narrower types."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.type_search import guess, more_specific, search
from aitasker_desktop.sandbox.catalog_data import build_catalog

# The sandbox's catalog as the client reads it (through JSON, as from the server).
CATALOG = Catalog.model_validate_json(build_catalog().model_dump_json())
ALL_KEYS = [f"{c.slug}/{t.slug}" for c in CATALOG.categories for t in c.task_types]
NAMES = [t.name for c in CATALOG.categories for t in c.task_types]


def first_name(query: str) -> str:
    hits = search(CATALOG, query)
    assert hits, f"{query!r} finds nothing"
    return hits[0].task_type.name


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("flyer", "Flyer & poster"),
        ("Flyers", "Flyer & poster"),
        ("leaflet", "Flyer & poster"),
        ("translate", "Translation"),
        ("excel", "Spreadsheet"),
        ("powerpoint", "Presentation slides"),
        ("presentation", "Presentation slides"),
        ("resume", "Resume & CV"),
        ("Résumé", "Resume & CV"),
        ("cv", "Resume & CV"),
        ("api", "API integration"),
        ("logo", "Logo design"),
        ("wordmark", "Wordmark"),
        ("scrape", "Web scraping"),
        ("slides", "Presentation slides"),
    ],
)
def test_common_words_find_a_sensible_type_first(query: str, expected: str) -> None:
    assert first_name(query) == expected


def test_api_ranks_the_api_type_before_web_scraping() -> None:
    names = [h.task_type.name for h in search(CATALOG, "api")]
    assert names.index("API integration") < names.index("Web scraping")


def test_prefix_of_a_name_comes_before_a_word_inside_a_name() -> None:
    names = [h.task_type.name for h in search(CATALOG, "data")]
    # "Data analysis", "Data analysis summary", "Data cleaning" start with it; then others.
    assert names[:3] == ["Data analysis", "Data analysis summary", "Data cleaning"]


def test_several_words_must_all_match() -> None:
    names = [h.task_type.name for h in search(CATALOG, "email sequence")]
    assert names[0] == "Email campaign"
    assert not search(CATALOG, "logo zzzz")


def test_search_within_one_category_only() -> None:
    hits = search(CATALOG, "post", category="digital-marketing")
    assert hits and {h.category for h in hits} == {"digital-marketing"}


def test_nothing_typed_or_only_punctuation_finds_nothing() -> None:
    assert search(CATALOG, "") == [] and search(CATALOG, " ?! ") == []


def test_a_catalog_of_bare_slugs_still_searches_by_synonym() -> None:
    bare = Catalog.model_validate(
        {"categories": [{"slug": "data", "task_types": ["data-analysis", "spreadsheet"]}]}
    )
    assert [h.task_type.slug for h in search(bare, "excel")] == ["spreadsheet"]


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(st.text(max_size=30))
def test_results_are_a_subset_of_the_catalog_without_repeats(query: str) -> None:
    keys = [h.key for h in search(CATALOG, query)]
    assert set(keys) <= set(ALL_KEYS)
    assert len(keys) == len(set(keys))


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(st.sampled_from(NAMES), st.sampled_from(["", " ", "  "]), st.booleans())
def test_an_exact_name_is_always_first(name: str, pad: str, upper: bool) -> None:
    typed = pad + (name.upper() if upper else name) + pad
    hits = search(CATALOG, typed)
    assert hits[0].task_type.name == name and hits[0].rank == 0


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(st.text(alphabet="abcdefghilmnoprstu ", max_size=8))
def test_order_is_stable_within_a_rank(query: str) -> None:
    hits = search(CATALOG, query)
    for a, b in itertools.pairwise(hits):
        assert a.rank < b.rank or ALL_KEYS.index(a.key) < ALL_KEYS.index(b.key)


# -- a narrower type -----------------------------------------------------------------------


def test_a_text_only_logo_brief_points_to_wordmark() -> None:
    hit = more_specific(
        CATALOG,
        "graphics-design",
        "logo-design",
        "Our name in a clean typeface, text only, no symbol.",
    )
    assert hit is not None and hit.task_type.name == "Wordmark"


def test_a_brief_naming_a_wordmark_points_to_it() -> None:
    hit = more_specific(CATALOG, "graphics-design", "logo-design", "A wordmark for Acme")
    assert hit is not None and hit.key == "graphics-design/wordmark"


def test_an_ordinary_logo_brief_gets_no_suggestion() -> None:
    brief = "A logo with an owl symbol for our bakery, warm colours."
    assert more_specific(CATALOG, "graphics-design", "logo-design", brief) is None


def test_no_suggestion_once_the_narrow_type_is_chosen() -> None:
    assert more_specific(CATALOG, "graphics-design", "wordmark", "A wordmark") is None


def test_an_unknown_type_gets_no_suggestion() -> None:
    assert more_specific(CATALOG, "nope", "logo-design", "wordmark") is None


# -- guessing from an idea -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("idea", "expected"),
    [
        ("A flyer for our summer sale", "Flyer & poster"),
        ("Translate our menu into Spanish", "Translation"),
        ("An excel sheet to track invoices", "Spreadsheet"),
        ("A wordmark for my bakery", "Wordmark"),
        ("A logo for my bakery", "Logo design"),
    ],
)
def test_guess_from_an_idea(idea: str, expected: str) -> None:
    hit = guess(CATALOG, idea)
    assert hit is not None and hit.task_type.name == expected


def test_guess_says_nothing_for_an_idea_without_a_type_word() -> None:
    assert guess(CATALOG, "Something nice for my mother") is None


def test_placeholders_left_in_a_drafted_brief_cover_nothing() -> None:
    from aitasker_desktop.domain.checklist import evaluate

    drafted = "I need a flyer.\n\nAudience: <describe the audience>\nTone: <describe the tone>"
    assert not any(item.covered for item in evaluate(("Audience", "Tone"), drafted))
    filled = drafted.replace("<describe the audience>", "parents of young children")
    covered = {item.label: item.covered for item in evaluate(("Audience", "Tone"), filled)}
    assert covered == {"Audience": True, "Tone": False}
