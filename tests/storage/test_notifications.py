"""The in-app notification list."""

from datetime import UTC, datetime, timedelta

import pytest

from aitasker_desktop.domain.notification import NotificationKind
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.notifications import Notifications


@pytest.fixture
def notes(store: Store) -> Notifications:
    return Notifications(store, "sandbox")


def test_append_list_read(notes: Notifications) -> None:
    a = notes.append(NotificationKind.BIDS_READY, "Bids are ready for “Logo”.", task_id="t1")
    b = notes.append("some_future_kind", "Something else.")
    assert a is not None and b is not None
    assert a.kind == "bids_ready" and a.task_id == "t1" and not a.read
    assert [n.id for n in notes.recent()] == [b.id, a.id]
    assert notes.unread_count() == 2
    assert notes.mark_read([a.id]) == 1
    assert notes.mark_read([a.id]) == 0
    assert notes.unread_count() == 1
    assert [n.id for n in notes.recent(unread_only=True)] == [b.id]
    assert notes.mark_all_read() == 1
    assert notes.unread_count() == 0
    assert notes.recent(limit=1)[0].id == b.id


def test_dedupe_key(notes: Notifications) -> None:
    first = notes.append("expired", "Expired.", task_id="t1", dedupe_key="t1:expired")
    assert first is not None
    assert notes.append("expired", "Expired.", task_id="t1", dedupe_key="t1:expired") is None
    assert len(notes.recent()) == 1


def test_worlds_are_separate(store: Store) -> None:
    a, b = Notifications(store, "a"), Notifications(store, "b")
    a.append("k", "in a", dedupe_key="same")
    assert b.append("k", "in b", dedupe_key="same") is not None
    assert [n.text for n in a.recent()] == ["in a"]
    a.clear()
    assert a.recent() == [] and b.unread_count() == 1


def test_prune_old_read(notes: Notifications) -> None:
    now = datetime(2025, 6, 1, tzinfo=UTC)
    old = notes.append("k", "old", now=now - timedelta(days=100))
    notes.append("k", "old unread", now=now - timedelta(days=100))
    assert old is not None
    notes.mark_read([old.id])
    assert notes.prune(now=now) == 1
    assert [n.text for n in notes.recent()] == ["old unread"]


def test_text_is_cleaned(notes: Notifications) -> None:
    n = notes.append("k", "bad \ud800 title")
    assert n is not None and n.text == "bad \ufffd title"
