"""The brief rules, with messages a non-technical person understands."""

import pytest

from aitasker_desktop.domain.brief import (
    Brief,
    budget_advice,
    same_kit_name,
    to_create_payload,
    validate_brief,
)
from aitasker_desktop.domain.catalog import Catalog

CATALOG = Catalog.model_validate(
    {
        "categories": [
            {
                "slug": "writing-translation",
                "name": "Writing & Translation",
                "task_types": [
                    {
                        "slug": "blog-post",
                        "name": "Blog post",
                        "budget_min_usd": 10,
                        "budget_max_usd": 150,
                        "median_win_usd": 40,
                    },
                    "copywriting",
                ],
            },
            {"slug": "graphics-design", "task_types": ["logo-design"]},
        ]
    }
)

GOOD = Brief(
    title="Launch post for our spring range",
    description="An 800-word blog post for small shop owners announcing our spring range.",
    category="writing-translation",
    task_type="blog-post",
    budget_usd=40,
)


def fields(brief: Brief, catalog: Catalog | None = CATALOG) -> dict[str, str]:
    return {p.field: p.message for p in validate_brief(brief, catalog)}


def test_a_good_brief_has_no_problems() -> None:
    assert fields(GOOD) == {}


@pytest.mark.parametrize(
    ("title", "expected"),
    [("", "Give your task a title."), ("Logo", "too short"), ("x" * 201, "too long")],
)
def test_title_limits(title: str, expected: str) -> None:
    assert expected in fields(GOOD.model_copy(update={"title": title}))["title"]


def test_title_limits_are_inclusive() -> None:
    assert "title" not in fields(GOOD.model_copy(update={"title": "Logos"}))
    assert "title" not in fields(GOOD.model_copy(update={"title": "x" * 200}))


def test_brief_limits() -> None:
    assert (
        "at least 20"
        in fields(GOOD.model_copy(update={"description": "Too short."}))["description"]
    )
    long = fields(GOOD.model_copy(update={"description": "y" * 5001}))["description"]
    assert "5,001 of at most 5,000" in long
    assert "description" not in fields(GOOD.model_copy(update={"description": "z" * 5000}))


def test_budget_uses_the_catalog_range_for_the_type() -> None:
    low = fields(GOOD.model_copy(update={"budget_usd": 5}))
    assert low["budget_usd"] == "The budget must be at least $10.00 for this type of task."
    high = fields(GOOD.model_copy(update={"budget_usd": 151}))
    assert high["budget_usd"] == "The budget can be at most $150.00 for this type of task."
    assert "budget_usd" in fields(GOOD.model_copy(update={"budget_usd": None}))


def test_budget_falls_back_to_3_to_300_without_a_range() -> None:
    copy = GOOD.model_copy(update={"task_type": "copywriting"})
    assert "budget_usd" not in fields(copy.model_copy(update={"budget_usd": 3}))
    assert "at least $3.00" in fields(copy.model_copy(update={"budget_usd": 2.5}))["budget_usd"]
    assert (
        "at most $300.00" in fields(GOOD.model_copy(update={"budget_usd": 301}), None)["budget_usd"]
    )


def test_without_a_type_the_range_is_said_plainly() -> None:
    """No type chosen (or none known offline): the platform's range, not "this type"."""
    untyped = GOOD.model_copy(update={"task_type": "", "budget_usd": 999})
    assert fields(untyped)["budget_usd"] == "The budget can be at most $300.00."
    assert fields(untyped, None)["budget_usd"] == "The budget can be at most $300.00."
    low = untyped.model_copy(update={"budget_usd": 1})
    assert fields(low)["budget_usd"] == "The budget must be at least $3.00."


def test_category_and_type_must_exist_and_belong_together() -> None:
    wrong = fields(GOOD.model_copy(update={"task_type": "logo-design"}))
    assert (
        wrong["task_type"]
        == "“logo-design” is not a type of Writing & Translation; choose another."
    )
    gone = fields(GOOD.model_copy(update={"category": "astrology"}))
    assert "not offered" in gone["category"]
    missing = fields(Brief())
    assert missing["category"] == "Choose what kind of work this is."
    assert missing["task_type"] == "Choose the type of task."


def test_messages_are_plain_words() -> None:
    for message in fields(Brief(budget_usd=1000, experimentation=3)).values():
        assert message[0].isupper() and message.endswith(".")
        for jargon in ("None", "float", "validation", "422", "field"):
            assert jargon not in message


def test_budget_advice_warns_low_and_high() -> None:
    assert budget_advice(GOOD, CATALOG) is None
    low = budget_advice(GOOD.model_copy(update={"budget_usd": 15}), CATALOG)
    assert low is not None and "fewer agents" in low and "$40" in low
    high = budget_advice(GOOD.model_copy(update={"budget_usd": 120}), CATALOG)
    assert high is not None and "more than you need" in high


def test_create_payload_is_what_agents_receive() -> None:
    brief = GOOD.model_copy(
        update={"title": "  Spaced  ", "metadata": {"po": "123"}, "requirements": {"tone": "warm"}}
    )
    payload = to_create_payload(brief, ["up-1"], "kit-9")
    assert payload["title"] == "Spaced"
    assert payload["description"] == GOOD.description
    assert payload["attachments"] == ["up-1"]
    assert payload["brand_kit_id"] == "kit-9"
    assert payload["metadata"] == {"po": "123"}
    assert payload["requirements"] == {"tone": "warm"}
    assert "brief" not in payload


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("Cafe Luna", "Cafe Luna", True),
        ("Cafe Luna", "  cafe LUNA ", True),
        ("Cafe Luna", "Cafe  Luna", True),  # a double space reads the same in the picker
        ("Straße", "STRASSE", True),
        ("Caf\u00e9", "Cafe\u0301", True),  # é typed as one character or two
        ("Cafe Luna", "Cafe Luna Summer", False),
        ("Cafe Luna", "CafeLuna", False),
    ],
)
def test_kit_names_are_the_same_when_a_person_could_not_tell_them_apart(
    one: str, other: str, same: bool
) -> None:
    assert same_kit_name(one, other) is same
