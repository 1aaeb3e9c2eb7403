"""A2A tasks as the client reads them, and their states on our lifecycle."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from aitasker_desktop.domain.a2a import A2A_STATE_OF, A2ATask, lifecycle_status, score_from
from aitasker_desktop.domain.capabilities import Capabilities, Operation
from aitasker_desktop.domain.lifecycle import Status


@pytest.mark.parametrize(
    ("description", "score"),
    [
        ("Score: 0.85", 0.85),
        ("score:1", 1.0),
        ("Prototype by Quill. Score = 0.5 (judge)", 0.5),
        ("Score: 7", 7.0),
        ("No score yet", None),
        ("", None),
        ("Score: high", None),
    ],
)
def test_score_from_the_description(description, score):
    assert score_from(description) == score


@pytest.mark.parametrize(
    ("state", "selected", "status"),
    [
        ("submitted", False, Status.OPEN),
        ("working", False, Status.PROTOTYPING),
        ("working", True, Status.DELIVERING),
        ("completed", False, Status.REVIEW),
        ("completed", True, Status.AWAITING_APPROVAL),
        ("canceled", False, Status.CANCELLED),
        ("input-required", False, "input-required"),  # unknown: verbatim
    ],
)
def test_states_without_a_known_status(state, selected, status):
    assert lifecycle_status(state, selected=selected) == status


@pytest.mark.parametrize("known", list(A2A_STATE_OF))
def test_a_known_status_is_kept_while_it_shows_as_the_same_state(known):
    assert lifecycle_status(A2A_STATE_OF[known], known=known) == known


def test_a_known_status_moves_on_when_the_state_changes():
    assert lifecycle_status("working", known=Status.REVIEW, selected=True) == Status.DELIVERING
    assert lifecycle_status("canceled", known=Status.REVIEW) == Status.CANCELLED
    assert lifecycle_status("completed", known=Status.PROTOTYPING) == Status.REVIEW


def test_an_a2a_task_from_its_documented_shape():
    task = A2ATask.model_validate(
        {
            "id": "a2a-1",
            "status": {"state": "completed"},
            "artifacts": [
                {
                    "name": "prototype-1",
                    "description": "Score: 0.85",
                    "parts": [{"type": "text", "text": "Draft"}],
                    "artifactId": "bid-9",
                },
                "junk",
                {"name": "prototype-2", "description": None, "parts": "junk"},
            ],
            "metadata": {"task_id": "rest-1", "amount_usd": True, "selected_bid_id": 42},
        }
    )
    assert task.state == "completed" and task.rest_id == "rest-1"
    assert [(p.name, p.score, p.text, p.bid_id) for p in task.prototypes] == [
        ("prototype-1", 0.85, "Draft", "bid-9"),
        ("prototype-2", None, "", None),
    ]
    assert task.amount_usd is None  # true is not an amount
    assert task.selected_bid_id == "42"


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(
    st.dictionaries(
        st.sampled_from(["id", "status", "artifacts", "metadata"]),
        st.none()
        | st.text()
        | st.integers()
        | st.lists(st.text())
        | st.dictionaries(st.text(), st.text()),
    )
)
def test_anything_is_a_task_or_a_validation_error(data):
    try:
        task = A2ATask.model_validate(data)
    except ValidationError:
        return
    assert isinstance(task.state, str) and task.state


def test_capabilities_routes():
    both = Capabilities(rest=frozenset({Operation.SELECT}), a2a=True)
    assert both.route(Operation.SELECT) == "rest"
    assert both.route(Operation.CANCEL) == "a2a"
    assert both.route(Operation.REMIX) is None
    assert Operation.REMIX in both.unavailable
    assert Capabilities.everything().unavailable == frozenset()
