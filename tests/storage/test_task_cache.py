"""The task cache: per world, fast for 10,000 tasks, cursor applied with its page."""

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aitasker_desktop.domain.task import Bid, BidGallery, Delivery, FileRef, StatusChange, Task
from aitasker_desktop.storage.db import Store, StoreError, to_json
from aitasker_desktop.storage.schema import MIGRATIONS
from aitasker_desktop.storage.task_cache import SANDBOX_WORLD, TaskCache, world_id
from aitasker_desktop.storage.task_rows import RowOrder, TaskRowReader, row_values

T0 = datetime(2025, 3, 1, tzinfo=UTC)


def make_tasks(n: int, status: str = "review") -> list[Task]:
    return [
        Task(
            id=f"task-{i:05d}",
            title=f"Task number {i} <b>bold</b>",
            description="A brief of moderate length. " * 10,
            category="writing-translation",
            task_type="blog-post",
            requirements={"tone": "warm", "word_count": 800},
            budget_usd=20 + i % 50,
            status=status,
            created_at=T0 + timedelta(minutes=i),
            updated_at=T0 + timedelta(minutes=i, seconds=30),
            history=[StatusChange(status="open", at=T0), StatusChange(status=status, at=T0)],
        )
        for i in range(n)
    ]


@pytest.fixture
def cache(store: Store) -> TaskCache:
    return TaskCache(store, SANDBOX_WORLD)


def test_ten_thousand_tasks_round_trip(cache: TaskCache) -> None:
    tasks = make_tasks(10_000)
    start = time.perf_counter()
    assert cache.upsert(tasks, cursor="c-1") == 10_000
    upsert_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    docs = cache.load_json()
    sql_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    loaded = cache.load_all()
    load_ms = (time.perf_counter() - start) * 1000
    assert len(docs) == 10_000
    assert sorted(loaded, key=lambda t: t.id) == tasks
    assert cache.count() == 10_000
    assert cache.get_cursor() == "c-1"
    print(f"\ntask_cache_upsert_10k_ms: {upsert_ms:.1f} ms")
    print(f"task_cache_load_10k_sql_ms: {sql_ms:.1f} ms")
    print(f"task_cache_load_10k_ms: {load_ms:.1f} ms")


def test_upsert_replaces(cache: TaskCache) -> None:
    cache.upsert(make_tasks(3, "open"))
    changed = make_tasks(2, "matching")
    cache.upsert(changed)
    by_id = {t.id: t for t in cache.load_all()}
    assert by_id["task-00000"].status == "matching"
    assert by_id["task-00002"].status == "open"
    assert cache.get("task-00001") == changed[1]
    assert cache.get("missing") is None
    cache.remove(["task-00000"])
    assert cache.count() == 2


def test_unknown_fields_and_statuses_survive(cache: TaskCache) -> None:
    t = Task.model_validate({"id": "x", "status": "weird_new_state", "title": "t\ud800"})
    cache.upsert([t])
    got = cache.get("x")
    assert got is not None and got.status == "weird_new_state" and got.title == "t\ufffd"


def test_worlds_are_separate(store: Store) -> None:
    live = TaskCache(store, world_id("https://api.aitasker.co/", "aitk_live_secret123456"))
    sandbox = TaskCache(store, SANDBOX_WORLD)
    live.upsert(make_tasks(2), cursor="live-c")
    sandbox.upsert(make_tasks(5), cursor="sb-c")
    assert live.count() == 2 and sandbox.count() == 5
    sandbox.clear()
    assert sandbox.count() == 0 and sandbox.get_cursor() is None
    assert live.count() == 2 and live.get_cursor() == "live-c"


def test_world_id_hides_the_key() -> None:
    key = "aitk_live_secret123456"
    w = world_id("https://api.aitasker.co/", key)
    assert w.startswith("https://api.aitasker.co#")
    assert key not in w and "secret" not in w
    assert w != world_id("https://api.aitasker.co", "aitk_live_other")
    assert w == world_id("https://api.aitasker.co", key)


def test_cursor(cache: TaskCache) -> None:
    assert cache.get_cursor() is None
    cache.set_cursor("a")
    cache.set_cursor("b")
    assert cache.get_cursor() == "b"
    cache.set_cursor(None)
    assert cache.get_cursor() is None


def test_cursor_is_not_advanced_when_the_page_fails(cache: TaskCache) -> None:
    cache.set_cursor("before")

    class Boom(Exception):
        pass

    def tasks() -> list[Task]:
        raise Boom

    with pytest.raises(Boom):
        cache.upsert(iter(tasks()), cursor="after")
    assert cache.get_cursor() == "before"


def test_gallery_and_delivery(cache: TaskCache) -> None:
    cache.upsert(make_tasks(1))
    gallery = BidGallery(
        bids=[
            Bid(
                id="b1",
                agent_name="Agent",
                bid_price_usd=30,
                eval_breakdown={"fit": 0.9},
                artifacts=[FileRef(id="f1", name="proto.png")],
            )
        ],
        remix_fee_usd=1,
    )
    delivery = Delivery(id="d1", files=[FileRef(id="f2", name="final.pdf")], revision=1)
    assert cache.get_gallery("task-00000") is None
    assert cache.save_gallery("task-00000", gallery)
    assert cache.save_delivery("task-00000", delivery)
    assert cache.get_gallery("task-00000") == gallery
    assert cache.get_delivery("task-00000") == delivery
    assert not cache.save_gallery("not-cached", gallery)
    cache.remove(["task-00000"])
    assert cache.get_gallery("task-00000") is None  # removed with its task


def test_the_list_rows_in_every_order(cache: TaskCache, store: Store) -> None:
    now = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    tasks = [
        Task(
            id=f"t{i}",
            title=title,
            status=status,
            budget_usd=budget,
            selected_price_usd=chosen,
            updated_at=now - timedelta(hours=i),
            deadline_at=now + timedelta(minutes=10 - i),
        )
        for i, (title, status, budget, chosen) in enumerate(
            [
                ("Écrire", "review", 10.0, None),
                ("apple", "awaiting_approval", 10.0, 7.5),
                ("Banana", "prototyping", None, None),
                ("zebra", "completed", 300.0, None),
            ]
        )
    ]
    tasks.append(Task(id="undated", title="No date", status="open"))
    cache.upsert(tasks)
    reader = TaskRowReader(store.path)
    try:
        assert reader.order("sandbox", RowOrder.CHANGED, True) == [
            "t0",
            "t1",
            "t2",
            "t3",
            "undated",
        ]
        assert reader.order("sandbox", RowOrder.TITLE, False) == [
            "t1",
            "t2",
            "t0",  # 'Écrire' among the e's: no case, no accents, as the search has it
            "undated",
            "t3",
        ]
        # No price is lowest; the chosen bid's price counts over the budget.
        assert reader.order("sandbox", RowOrder.PRICE, False) == ["t2", "undated", "t1", "t0", "t3"]
        # Only a decision window counts (review, awaiting approval); the rest last, by id.
        assert reader.order("sandbox", RowOrder.DEADLINE, False) == [
            "t1",
            "t0",
            "t2",
            "t3",
            "undated",
        ]
        first = next(reader.entries("sandbox", RowOrder.CHANGED, True, limit=2))
        assert [(e[0], e[1], e[4]) for e in first] == [
            ("t0", "ecrire", "review"),
            ("t1", "apple", "awaiting_approval"),
        ]
        rows = {r.id: r for r in reader.rows("sandbox", ["t1", "undated", "gone"])}
        assert set(rows) == {"t1", "undated"}
        assert rows["t1"].price == 7.5 and rows["t1"].title == "apple"
        assert rows["t1"].changed_at == (now - timedelta(hours=1)).timestamp()
        assert rows["undated"].changed_at is None and rows["undated"].price is None
        assert reader.order("elsewhere", RowOrder.CHANGED, True) == []
        cache.remove(["t0"])
        assert reader.count("sandbox") == 4
        cache.clear()
        assert reader.count("sandbox") == 0
    finally:
        reader.close()


def test_ids_a_server_made_awkward_still_order(cache: TaskCache, store: Store) -> None:
    cache.upsert([Task(id="a\nb", title="x"), Task(id="c", title="y"), Task(id="", title="z")])
    reader = TaskRowReader(store.path)
    try:
        assert reader.order("sandbox", RowOrder.TITLE, False) == ["a\nb", "c", ""]
        assert len(reader.rows("sandbox", [f"t{i}" for i in range(1200)] + ["c"])) == 1
    finally:
        reader.close()


def test_merge_writes_only_news_and_tells_the_old_status(cache: TaskCache) -> None:
    [old] = make_tasks(1)
    cache.upsert([old], cursor="c-1")
    newer = old.model_copy(update={"status": "delivering", "updated_at": T0 + timedelta(days=1)})
    stale = old.model_copy(update={"status": "open", "updated_at": T0})  # overtaken
    fresh = Task(id="new-one", title="New")
    merged = cache.merge([old, stale, newer, fresh], cursor="c-2")
    # The last copy of a task wins within a page; equal and older copies are left out.
    assert [(m.task.id, m.task.status, m.old_status) for m in merged] == [
        ("task-00000", "delivering", "review"),
        ("new-one", "unknown", None),
    ]
    assert cache.merge([stale, newer]) == []
    assert cache.get("task-00000") == newer and cache.get_cursor() == "c-2"


def test_migration_3_fills_the_list_rows_from_the_cached_json(db_path: Path) -> None:
    """A data file from before the list rows: step 3 fills them as the app would write them."""
    tasks = [
        *make_tasks(3),
        Task(id="ÉCOLE", title="ÉCOLE Straße", selected_price_usd=12.5, budget_usd=20),
        Task(id="naive", title="", created_at=datetime(2025, 1, 1, 12, 30)),  # no zone: UTC
        Task(id="bare"),
    ]
    with Store(db_path, migrations=MIGRATIONS[:2]) as old, old.transaction() as c:
        c.executemany(
            "INSERT INTO tasks (world, id, json, status, title, updated_at)"
            " VALUES ('w', ?, ?, ?, ?, NULL)",
            [(t.id, to_json(t), t.status, t.title) for t in tasks],
        )
    with Store(db_path) as store, store.read() as c:
        rows = {
            r[1]: tuple(r)
            for r in c.execute(
                "SELECT world, id, title, title_key, category, task_type, status, price,"
                " deadline_at, changed_at FROM task_rows"
            )
        }
    for t in tasks:
        expected = row_values("w", t)
        got = rows[t.id]
        assert got[:8] == expected[:8], t.id
        for a, b in zip(got[8:], expected[8:], strict=True):  # julianday: to the millisecond
            assert (a is None and b is None) or abs(a - b) < 0.001, t.id


def test_migration_5_orders_titles_without_accents(db_path: Path) -> None:
    """A data file whose list rows were keyed by casefolded titles: step 5 folds them, so
    'Écrire' sorts among the e's, as a new one would."""
    tasks = [
        Task(id="z", title="zebra"),
        Task(id="e", title="Écrire un article"),
        Task(id="s", title="STRASSE Plan"),
        Task(id="f", title="ﬁnal ＰＬＡＮ"),  # a ligature and full-width letters
        Task(id="d", title="Dossier"),
    ]
    with Store(db_path, migrations=MIGRATIONS[:4]) as old:
        TaskCache(old, "w").upsert(tasks)
        with old.transaction() as c:  # as step 3 and the cache wrote them before step 5
            c.execute("UPDATE task_rows SET title_key = casefold(title)")
    with Store(db_path) as store:
        with store.read() as c:
            keys = dict(c.execute("SELECT id, title_key FROM task_rows").fetchall())
        reader = TaskRowReader(store.path)
        try:
            order = reader.order("w", RowOrder.TITLE, False)
        finally:
            reader.close()
    assert keys == {t.id: row_values("w", t)[3] for t in tasks}
    assert keys["e"] == "ecrire un article" and keys["f"] == "final plan"
    assert order == ["d", "e", "f", "s", "z"]


def test_the_reader_lends_connections_and_never_piles_them_up(
    cache: TaskCache, store: Store
) -> None:
    """Pool threads come and go: each read borrows an idle connection, so fifty short-lived
    threads share one; reads at the same moment get one each; close() closes them."""
    import threading

    cache.upsert(make_tasks(3))
    reader = TaskRowReader(store.path)
    seen: list[int] = []
    for _ in range(50):
        thread = threading.Thread(target=lambda: seen.append(reader.count("sandbox")))
        thread.start()
        thread.join()
    assert seen == [3] * 50 and len(reader._connections) == 1
    chunks = reader.entries("sandbox", RowOrder.TITLE, False)
    next(chunks)  # a read still going holds its connection: another read gets its own
    assert len(reader.rows("sandbox", ["task-00001"])) == 1
    assert len(reader._connections) == 2
    reader.close()
    assert len(reader._connections) == 1  # the busy one closes when its read ends
    chunks.close()
    with pytest.raises(StoreError):
        reader.count("sandbox")
