"""Drafts: save, search, sort, duplicate, trash with undo, purge."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from aitasker_desktop.domain.brief import Attachment, Brief, Draft
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.drafts import Drafts

T0 = datetime(2025, 1, 1, 12, tzinfo=UTC)


def _draft(title: str, description: str = "", minutes: int = 0, **kw: object) -> Draft:
    at = T0 + timedelta(minutes=minutes)
    return Draft(
        brief=Brief(title=title, description=description),
        created_at=at,
        updated_at=at,
        **kw,
    )


@pytest.fixture
def drafts(store: Store) -> Drafts:
    return Drafts(store)


def test_round_trip(drafts: Drafts) -> None:
    d = Draft(
        brief=Brief(
            title="Blog post about tea",
            description="x" * 5000,
            category="writing-translation",
            task_type="blog-post",
            budget_usd=25,
            requirements={"tone": "warm", "word_count": 800},
            attachments=[Attachment(path="/tmp/a.png", name="a.png", media_type="image/png")],
            metadata={"ref": 1},
        )
    )
    assert drafts.save(d) is True
    assert drafts.get(d.id) == d
    assert drafts.get("missing") is None


def test_unchanged_save_is_skipped(drafts: Drafts, store: Store) -> None:
    d = _draft("Same")
    assert drafts.save(d) is True
    assert drafts.save(d) is False
    assert drafts.save(d.model_copy()) is False
    changed = d.model_copy(update={"brief": Brief(title="Changed")})
    assert drafts.save(changed) is True
    # A fresh repository (e.g. after a restart) learns the stored state from a read.
    again = Drafts(store)
    assert again.get(d.id) == changed
    assert again.save(changed) is False


def test_update_keeps_created_at_and_sets_columns(drafts: Drafts, store: Store) -> None:
    d = _draft("First")
    drafts.save(d)
    later = d.model_copy(update={"brief": Brief(title="Second"), "updated_at": T0 + timedelta(1)})
    drafts.save(later)
    with store.read() as c:
        title, updated = c.execute("SELECT title, updated_at FROM drafts").fetchone()
    assert title == "Second"
    assert updated == (T0 + timedelta(1)).timestamp()


def test_list_sorted_by_last_edit(drafts: Drafts) -> None:
    a, b, c = _draft("A", minutes=1), _draft("B", minutes=3), _draft("C", minutes=2)
    for d in (a, b, c):
        drafts.save(d)
    assert [d.brief.title for d in drafts.list_drafts()] == ["B", "C", "A"]
    drafts.save(a.model_copy(update={"updated_at": T0 + timedelta(hours=1)}))
    assert [d.brief.title for d in drafts.list_drafts()] == ["A", "B", "C"]


def test_search_title_and_brief(drafts: Drafts) -> None:
    drafts.save(_draft("Logo for Café Noir", "A wordmark, black and gold", minutes=1))
    drafts.save(_draft("Blog post", "About COFFEE and tea", minutes=2))
    drafts.save(_draft("Spreadsheet", "Quarterly numbers", minutes=3))

    def titles(q: str) -> list[str]:
        return [d.brief.title for d in drafts.list_drafts(q)]

    assert titles("café") == ["Logo for Café Noir"]
    assert titles("CAFÉ") == ["Logo for Café Noir"]
    assert titles("coffee") == ["Blog post"]
    assert titles("gold wordmark") == ["Logo for Café Noir"]  # every word, any order
    assert titles("gold coffee") == []
    assert titles("  ") == ["Spreadsheet", "Blog post", "Logo for Café Noir"]
    assert titles("100%_") == []  # no LIKE wildcards


def test_duplicate(drafts: Drafts) -> None:
    d = _draft("Brief", "text", task_id="posted-1")
    drafts.save(d)
    copy = drafts.duplicate(d.id)
    assert copy is not None
    assert copy.id != d.id
    assert copy.brief.title == "Brief (copy)"
    assert copy.brief.description == "text"
    assert copy.task_id is None
    assert copy.updated_at > d.updated_at
    assert drafts.get(copy.id) == copy
    assert drafts.list_drafts()[0].id == copy.id
    assert drafts.duplicate("missing") is None
    untitled = _draft("")
    drafts.save(untitled)
    dup = drafts.duplicate(untitled.id)
    assert dup is not None and dup.brief.title == ""


def test_trash_and_undo(drafts: Drafts) -> None:
    keep, gone = _draft("Keep", minutes=1), _draft("Gone", minutes=2)
    drafts.save(keep)
    drafts.save(gone)
    assert drafts.delete(gone.id) is True
    assert drafts.delete(gone.id) is False
    assert [d.id for d in drafts.list_drafts()] == [keep.id]
    assert drafts.is_trashed(gone.id)
    trash = drafts.list_trash()
    assert [t.draft.id for t in trash] == [gone.id]
    assert trash[0].deleted_at.tzinfo is not None
    assert drafts.get(gone.id) == gone  # still readable in the trash
    # an autosave landing after the delete updates it in place, still trashed
    drafts.save(gone.model_copy(update={"brief": Brief(title="Gone!")}))
    assert drafts.is_trashed(gone.id)
    assert drafts.restore(gone.id) is True
    assert drafts.restore(gone.id) is False
    assert not drafts.is_trashed(gone.id)
    assert {d.id for d in drafts.list_drafts()} == {keep.id, gone.id}
    assert drafts.list_trash() == []


def test_purge_trash(drafts: Drafts) -> None:
    now = datetime(2025, 6, 1, tzinfo=UTC)
    old, recent, live = _draft("Old"), _draft("Recent"), _draft("Live")
    for d in (old, recent, live):
        drafts.save(d)
    drafts.delete(old.id, now=now - timedelta(days=31))
    drafts.delete(recent.id, now=now - timedelta(days=29))
    assert drafts.purge_trash(now=now) == 1
    assert drafts.get(old.id) is None
    assert [t.draft.id for t in drafts.list_trash()] == [recent.id]
    assert drafts.purge_trash(older_than_days=0, now=now) == 1
    assert drafts.list_trash() == []
    assert [d.id for d in drafts.list_drafts()] == [live.id]
    # a purged draft still open in an editor is saved again on its next autosave
    assert drafts.save(old) is True


def test_delete_forever_and_find_by_task(drafts: Drafts) -> None:
    d = _draft("Posted", task_id="t-1")
    drafts.save(d)
    found = drafts.find_by_task("t-1")
    assert found is not None and found.id == d.id
    assert drafts.find_by_task("t-2") is None
    assert drafts.delete_forever(d.id) is True
    assert drafts.delete_forever(d.id) is False
    assert drafts.get(d.id) is None


def test_save_time_of_a_5000_char_draft(drafts: Drafts) -> None:
    """Not a timed assertion (see bench/storage.py); checks many saves stay consistent."""
    d = _draft("Typing", "")
    start = time.perf_counter()
    for i in range(50):
        d = d.model_copy(
            update={"brief": Brief(title="Typing", description="é" * (4950 + i)), "updated_at": T0}
        )
        assert drafts.save(d)
    elapsed_ms = (time.perf_counter() - start) * 1000 / 50
    got = drafts.get(d.id)
    assert got is not None and len(got.brief.description) == 4999
    print(f"draft_save_ms: {elapsed_ms:.2f} ms")
