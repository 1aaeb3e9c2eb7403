"""The outbox: the idempotency key is committed before sending; a draft posts once."""

import threading
from pathlib import Path

import pytest

from aitasker_desktop.domain.brief import Attachment, BrandKit, Brief, to_create_payload
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.outbox import Outbox, OutboxState

BRIEF = Brief(
    title="Logo for a bakery",
    description="A friendly wordmark for a small bakery in Lyon.",
    category="graphics-design",
    task_type="logo-design",
    budget_usd=40,
)
FILES = [
    Attachment(path="/home/u/a.png", name="a.png", media_type="image/png"),
    Attachment(path="/home/u/b.pdf", name="b.pdf", media_type="application/pdf"),
]


@pytest.fixture
def outbox(store: Store) -> Outbox:
    return Outbox(store)


def test_key_is_committed_before_anything_is_sent(db_path: Path) -> None:
    with Store(db_path) as store:
        entry = Outbox(store).enqueue("d1", to_create_payload(BRIEF, [], None), FILES)
        # Another connection (another process, or the app after a crash) sees the key.
        with Store(db_path) as other:
            seen = Outbox(other).get(entry.id)
    assert seen == entry
    assert entry.state is OutboxState.PENDING
    assert entry.attempts == 0
    assert len(entry.idempotency_key) >= 32
    assert entry.payload["title"] == "Logo for a bakery"


def test_second_enqueue_returns_the_same_entry(outbox: Outbox) -> None:
    first = outbox.enqueue("d1", {"title": "one"})
    second = outbox.enqueue("d1", {"title": "changed meanwhile"})
    assert second == first
    assert len(outbox.list_pending()) == 1
    sending = outbox.mark_sending(first.id)
    assert outbox.enqueue("d1", {"title": "x"}).idempotency_key == first.idempotency_key
    outbox.mark_sent(sending.id, "task-1")
    again = outbox.enqueue("d1", {"title": "x"})
    assert again.id == first.id and again.state is OutboxState.SENT
    assert outbox.enqueue("d2", {"title": "other"}).id != first.id


def test_concurrent_enqueues_make_one_entry(outbox: Outbox) -> None:
    results = []

    def click() -> None:
        results.append(outbox.enqueue("d1", {"title": "t"}))

    threads = [threading.Thread(target=click) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({e.idempotency_key for e in results}) == 1
    assert len(outbox.list_all()) == 1


def test_retry_keeps_the_key_and_counts_attempts(outbox: Outbox) -> None:
    e = outbox.enqueue("d1", {"title": "t"})
    e1 = outbox.mark_sending(e.id)
    assert e1.state is OutboxState.SENDING and e1.attempts == 1
    e2 = outbox.mark_failed(
        e.id, "The service could not be reached.", permanent=False, may_have_posted=False
    )
    assert e2.state is OutboxState.PENDING
    assert e2.last_error == "The service could not be reached."
    e3 = outbox.mark_sending(e.id)
    assert e3.attempts == 2 and e3.idempotency_key == e.idempotency_key
    e4 = outbox.mark_sent(e.id, "task-9")
    assert e4.state is OutboxState.SENT and e4.task_id == "task-9" and e4.last_error == ""
    assert outbox.list_pending() == []
    with pytest.raises(ValueError):
        outbox.mark_sending(e.id)  # never send a sent entry again


def test_in_flight_entries_are_resent_after_a_crash(db_path: Path) -> None:
    with Store(db_path) as store:
        e = Outbox(store).enqueue("d1", {"title": "t"})
        Outbox(store).mark_sending(e.id)
    with Store(db_path) as store:  # the app restarts
        pending = Outbox(store).list_pending()
    assert [p.id for p in pending] == [e.id]
    assert pending[0].state is OutboxState.SENDING
    assert pending[0].idempotency_key == e.idempotency_key


def test_a_submission_that_may_be_posted_is_never_cancelled(outbox: Outbox) -> None:
    e = outbox.enqueue("d1", {"title": "t"})
    outbox.mark_sending(e.id)
    lost = outbox.mark_failed(e.id, "The answer was lost.", permanent=False, may_have_posted=True)
    assert lost.state is OutboxState.SENDING  # only the same key, sent again, can tell
    assert [p.id for p in outbox.list_pending()] == [e.id]
    assert outbox.cancel(e.id) is False
    assert outbox.get(e.id) == lost
    outbox.mark_sent(e.id, "task-1")
    assert outbox.cancel(e.id) is False  # a posted one neither


def test_a_pending_submission_is_cancelled_with_the_refused_ones(outbox: Outbox) -> None:
    refused = outbox.enqueue("d1", {"title": "t"})
    outbox.mark_failed(refused.id, "Too low.", permanent=True, may_have_posted=False)
    waiting = outbox.enqueue("d1", {"title": "t", "budget_usd": 10})
    other = outbox.enqueue("d2", {"title": "u"})
    outbox.mark_sending(waiting.id)
    outbox.mark_failed(waiting.id, "Offline.", permanent=False, may_have_posted=False)
    assert outbox.cancel(waiting.id) is True
    assert outbox.get_by_draft("d1") is None
    assert [e.id for e in outbox.list_all()] == [other.id]
    assert outbox.cancel(waiting.id) is False  # gone already


def test_permanent_failure_allows_a_new_submission(outbox: Outbox) -> None:
    e = outbox.enqueue("d1", {"title": "t"})
    outbox.mark_sending(e.id)
    failed = outbox.mark_failed(
        e.id, "The budget is below the minimum.", permanent=True, may_have_posted=True
    )
    assert failed.state is OutboxState.FAILED_PERMANENT
    assert outbox.list_pending() == []
    assert outbox.list_failed() == [failed]
    assert outbox.get_by_draft("d1") == failed
    fresh = outbox.enqueue("d1", {"title": "t", "budget_usd": 10})
    assert fresh.id != e.id and fresh.idempotency_key != e.idempotency_key
    assert outbox.get_by_draft("d1") == fresh
    assert outbox.get_by_draft("nope") is None
    assert outbox.remove(failed.id) is True
    assert [x.id for x in outbox.list_all()] == [fresh.id]


def test_attachments_and_brand_kit_uploads(outbox: Outbox) -> None:
    kit = BrandKit(name="Bakery", colors=["#aa3300"])
    e = outbox.enqueue("d1", to_create_payload(BRIEF, [], None), FILES, kit)
    assert not e.ready_to_post
    assert [a.path for a in e.pending_uploads] == ["/home/u/a.png", "/home/u/b.pdf"]
    e = outbox.mark_attachment_uploaded(e.id, "/home/u/b.pdf", "up-b")
    e = outbox.mark_attachment_uploaded(e.id, "/home/u/a.png", "up-a")
    assert e.needs_brand_kit_upload
    e = outbox.mark_brand_kit_uploaded(e.id, "kit-remote-1")
    assert e.ready_to_post
    body = e.request_body()
    assert body["attachments"] == ["up-a", "up-b"]  # in the user's order
    assert body["brand_kit_id"] == "kit-remote-1"
    assert body["title"] == "Logo for a bakery"
    assert outbox.get(e.id) == e
    with pytest.raises(KeyError):
        outbox.mark_attachment_uploaded(e.id, "/not/there", "x")


def test_plain_payload_without_uploads(outbox: Outbox) -> None:
    e = outbox.enqueue("d1", to_create_payload(BRIEF, [], None))
    assert e.ready_to_post
    assert e.request_body() == to_create_payload(BRIEF, [], None)


def test_error_text_is_cleaned(outbox: Outbox) -> None:
    e = outbox.enqueue("d1", {"title": "bad \ud800"})
    assert e.payload["title"] == "bad \ufffd"
    outbox.mark_sending(e.id)
    failed = outbox.mark_failed(e.id, "oops \udc00", permanent=False, may_have_posted=False)
    assert failed.last_error == "oops \ufffd"


def test_unknown_entry(outbox: Outbox) -> None:
    assert outbox.get("nope") is None
    with pytest.raises(KeyError):
        outbox.mark_sent("nope", "t")
