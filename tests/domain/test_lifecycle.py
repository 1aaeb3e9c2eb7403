"""The lifecycle state machine: what each state allows, and unknown statuses kept as data."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from aitasker_desktop.domain.lifecycle import (
    ACTION_EXPLANATIONS,
    ACTION_TARGET,
    ALLOWED_ACTIONS,
    TERMINAL,
    TRANSITIONS,
    Action,
    Status,
    allowed_actions,
    can,
    can_transition,
    describe,
    is_terminal,
)


def test_every_status_has_transitions_and_a_description() -> None:
    for status in Status:
        assert status in TRANSITIONS
        info = describe(status)
        assert info.known and info.label and info.explanation.endswith(".")


def test_terminal_states_allow_nothing_and_go_nowhere() -> None:
    for status in TERMINAL:
        assert is_terminal(status)
        assert allowed_actions(status) == ()
        assert TRANSITIONS[status] == frozenset()


def test_review_offers_the_buyer_its_four_choices() -> None:
    assert set(allowed_actions(Status.REVIEW)) == {
        Action.SELECT,
        Action.REMIX,
        Action.EXTEND_REVIEW,
        Action.CANCEL,
    }
    assert not can(Status.REVIEW, Action.APPROVE)


def test_delivery_decisions_only_once_delivered() -> None:
    decisions = {Action.APPROVE, Action.REQUEST_REVISION, Action.DISPUTE}
    assert set(allowed_actions(Status.AWAITING_APPROVAL)) == decisions
    for status in (Status.DELIVERING, Status.REVISION_REQUESTED, Status.DISPUTED):
        assert not decisions & set(allowed_actions(status))


def test_cancel_only_before_a_bid_is_chosen() -> None:
    cancellable = {s for s in Status if can(s, Action.CANCEL)}
    assert cancellable == {Status.OPEN, Status.MATCHING, Status.PROTOTYPING, Status.REVIEW}


def test_every_allowed_action_leads_somewhere_the_machine_permits() -> None:
    for status, actions in ALLOWED_ACTIONS.items():
        for action in actions:
            target = ACTION_TARGET[action]
            assert target == status or can_transition(status, target), (status, action)
            assert ACTION_EXPLANATIONS[action]


def test_happy_path_is_a_walk_through_the_machine() -> None:
    path = [
        Status.OPEN,
        Status.MATCHING,
        Status.PROTOTYPING,
        Status.REVIEW,
        Status.DELIVERING,
        Status.AWAITING_APPROVAL,
        Status.REVISION_REQUESTED,
        Status.AWAITING_APPROVAL,
        Status.COMPLETED,
    ]
    for current, new in itertools.pairwise(path):
        assert can_transition(current, new), (current, new)
    assert not can_transition(Status.COMPLETED, Status.OPEN)


@given(st.text(max_size=200))
def test_any_status_string_is_described_without_crashing(status: str) -> None:
    info = describe(status)
    assert info.label
    assert len(info.label) <= 40 or info.known
    assert allowed_actions(status) == ALLOWED_ACTIONS.get(status, ())


def test_unknown_status_is_shown_verbatim() -> None:
    info = describe("on_hold_for_legal")
    assert not info.known
    assert info.label == "on_hold_for_legal"
    assert "on_hold_for_legal" in info.explanation
