"""Anything a server sends is parsed leniently: shown, never a crash."""

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.task import Bid, BidGallery, Delivery, FileRef, Task

json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def test_task_keeps_unknown_status_and_accepts_the_guides_brief() -> None:
    task = Task.model_validate(
        {"id": "t1", "status": "paused_by_ops", "brief": "from the guide", "extra": 1}
    )
    assert task.status == "paused_by_ops"
    assert task.known_status is None
    assert task.description == "from the guide"


def test_task_with_missing_fields_gets_defaults() -> None:
    task = Task.model_validate({"id": "t2", "status": None, "requirements": "oops"})
    assert task.status == "unknown"
    assert task.requirements == {}
    assert task.price_usd is None


def test_bid_breakdown_drops_non_numbers_and_artifacts_accept_strings() -> None:
    bid = Bid.model_validate(
        {
            "id": "b1",
            "eval_breakdown": {"quality": 0.9, "note": "great", "flag": True},
            "artifacts": ["https://files.example/x/report.md", {"file_id": "f1", "name": "a.svg"}],
        }
    )
    assert bid.eval_breakdown == {"quality": 0.9}
    assert bid.artifacts[0].name == "report.md"
    assert bid.artifacts[1].id == "f1"


def test_gallery_shows_presented_bids_or_all() -> None:
    gallery = BidGallery.model_validate(
        {"bids": [{"id": "a", "status": "presented"}, {"id": "b", "status": "declined"}]}
    )
    assert [b.id for b in gallery.presented_bids] == ["a"]
    assert len(BidGallery.model_validate({"bids": [{"id": "c"}]}).presented_bids) == 1


def test_catalog_drops_malformed_task_types() -> None:
    catalog = Catalog.model_validate(
        {"categories": [{"slug": "data", "task_types": ["spreadsheet", 7, {"name": "no slug"}]}]}
    )
    assert [t.slug for t in catalog.categories[0].task_types] == ["spreadsheet"]
    assert catalog.categories[0].task_types[0].name == "Spreadsheet"


@given(st.dictionaries(st.sampled_from(["id", "status", "title", "budget_usd"]), json_values))
def test_random_task_payloads_either_parse_or_raise_validation_error(data: dict[str, Any]) -> None:
    from pydantic import ValidationError

    try:
        Task.model_validate(data)
    except ValidationError:
        pass


def test_delivery_and_fileref_defaults() -> None:
    delivery = Delivery.model_validate({"files": [{"id": "f", "name": "x.csv"}]})
    assert delivery.files == [FileRef(id="f", name="x.csv")]
    assert delivery.revision == 0
