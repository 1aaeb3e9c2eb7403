"""The store: pragmas, migrations, transactions, threads, surrogate cleaning."""

import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aitasker_desktop.domain.brief import Brief, Draft
from aitasker_desktop.domain.text import clean_text, clean_value
from aitasker_desktop.storage.db import Store, StoreError, to_json
from aitasker_desktop.storage.drafts import Drafts
from aitasker_desktop.storage.paths import AppPaths, FolderProblem, make_folder
from aitasker_desktop.storage.schema import MIGRATIONS


def test_pragmas(store: Store) -> None:
    with store.read() as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert c.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_migrates_an_empty_file(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.touch()  # zero bytes: a valid, empty SQLite file
    with Store(db_path) as s:
        assert s.schema_version == len(MIGRATIONS)
        assert s.integrity_check() == "ok"
        with s.read() as c:
            tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"drafts", "outbox", "tasks", "brand_kits", "notifications"} <= tables


def test_reopen_is_a_no_op(db_path: Path) -> None:
    with Store(db_path) as s:
        Drafts(s).save(Draft(id="d1"))
    with Store(db_path) as s:
        assert s.schema_version == len(MIGRATIONS)
        assert Drafts(s).get("d1") is not None


def test_migrations_run_in_order_and_resume(db_path: Path) -> None:
    steps = [("CREATE TABLE a (x)",), ("ALTER TABLE a ADD COLUMN y",)]
    with Store(db_path, migrations=steps[:1]) as s:
        assert s.schema_version == 1
    with Store(db_path, migrations=steps) as s:
        assert s.schema_version == 2
        with s.read() as c:
            cols = [r[1] for r in c.execute("PRAGMA table_info(a)")]
    assert cols == ["x", "y"]


def test_a_failing_migration_changes_nothing(db_path: Path) -> None:
    steps = [("CREATE TABLE a (x)",), ("CREATE TABLE b (x)", "THIS IS NOT SQL")]
    with pytest.raises(sqlite3.OperationalError):
        Store(db_path, migrations=steps)
    with Store(db_path, migrations=steps[:1]) as s:
        assert s.schema_version == 1
        with s.read() as c:
            assert c.execute("SELECT name FROM sqlite_master WHERE name='b'").fetchone() is None


def test_refuses_a_newer_schema(db_path: Path) -> None:
    with Store(db_path, migrations=[("SELECT 1",), ("SELECT 1",)]):
        pass
    with pytest.raises(StoreError, match="newer version"):
        Store(db_path, migrations=[("SELECT 1",)])


def test_refuses_a_file_that_is_not_a_database(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="damaged"):
        Store(db_path)


def test_transaction_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as c:
        c.execute("INSERT INTO task_cursors (world, cursor) VALUES ('w', 'c')")
        raise RuntimeError("boom")
    with store.read() as c:
        assert c.execute("SELECT count(*) FROM task_cursors").fetchone()[0] == 0


def test_nested_transactions_join(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as c:
        c.execute("INSERT INTO task_cursors (world, cursor) VALUES ('a', 'c')")
        with store.transaction() as inner:
            inner.execute("INSERT INTO task_cursors (world, cursor) VALUES ('b', 'c')")
        raise RuntimeError("boom")
    with store.read() as c:
        assert c.execute("SELECT count(*) FROM task_cursors").fetchone()[0] == 0


def test_closed_store_refuses_use(db_path: Path) -> None:
    s = Store(db_path)
    s.close()
    s.close()  # idempotent
    assert s.closed
    with pytest.raises(StoreError, match="closed"):
        Drafts(s).get("x")


def test_two_threads_share_the_store(store: Store) -> None:
    drafts = Drafts(store)
    errors: list[BaseException] = []

    def work(prefix: str) -> None:
        try:
            for i in range(150):
                d = Draft(id=f"{prefix}{i}", brief=Brief(title=f"{prefix} {i}"))
                drafts.save(d)
                assert drafts.get(d.id) == d
                drafts.list_drafts(prefix)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(p,)) for p in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(drafts.list_drafts()) == 300
    assert store.integrity_check() == "ok"


def test_two_stores_on_one_file(db_path: Path) -> None:
    """A second process (here: a second connection) sees committed data at once."""
    with Store(db_path) as a, Store(db_path) as b:
        Drafts(a).save(Draft(id="x", brief=Brief(title="from a")))
        got = Drafts(b).get("x")
    assert got is not None and got.brief.title == "from a"


# -- text cleaning ----------------------------------------------------------------------


def test_clean_text() -> None:
    assert clean_text("plain é 😀") == "plain é 😀"
    assert clean_text("a\ud800b") == "a\ufffdb"
    assert clean_text("\udc00") == "\ufffd"
    assert clean_text("\ud83d\ude00") == "😀"  # a pair split in two code points is joined
    assert clean_value({"k\ud800": ["x\udfff", ("y",), 3]}) == {"k\ufffd": ["x\ufffd", ("y",), 3]}


@given(st.text())
def test_clean_text_always_encodes(s: str) -> None:
    cleaned = clean_text(s)
    cleaned.encode("utf-8")
    assert len(cleaned) <= len(s)


def test_to_json_cleans_models_and_values() -> None:
    d = Draft(brief=Brief(title="a\ud800", requirements={"t\udc00": "v\ud800"}))
    doc = to_json(d)
    back = Draft.model_validate_json(doc)
    assert back.brief.title == "a\ufffd"
    assert back.brief.requirements == {"t\ufffd": "v\ufffd"}
    assert to_json({"x": "\ud800"}) == '{"x":"\ufffd"}'


def test_a_draft_with_surrogates_is_saved_cleaned(store: Store) -> None:
    drafts = Drafts(store)
    d = Draft(brief=Brief(title="Logo\ud800", description="pasted \udcff text"))
    assert drafts.save(d)
    got = drafts.get(d.id)
    assert got is not None
    assert got.brief.title == "Logo\ufffd"
    assert got.brief.description == "pasted \ufffd text"
    assert [x.id for x in drafts.list_drafts("logo")] == [d.id]


# -- paths ----------------------------------------------------------------------------


def test_paths_under_a_root(tmp_path: Path) -> None:
    p = AppPaths.under(tmp_path / "root").ensure()
    for d in (p.data_dir, p.log_dir, p.cache_dir, p.brand_kits_dir):
        assert d.is_dir()
        assert d.is_relative_to(tmp_path / "root")
    assert not p.sandbox_dir.exists()  # made when the sandbox starts: its fault is its own
    for f in (p.db_path, p.settings_path, p.downloads_dir):
        assert f.is_relative_to(tmp_path / "root")
    assert p.db_path.parent == p.data_dir


def test_a_file_in_the_way_of_a_folder_is_named_in_plain_words(tmp_path: Path) -> None:
    (tmp_path / "root").write_text("x")
    with pytest.raises(FolderProblem) as raised:
        AppPaths.under(tmp_path / "root").ensure()
    assert raised.value.text == (
        f"AITasker Desktop cannot use its data folder {tmp_path / 'root' / 'data'}: a file is "
        f"in the way of the folder “root” ({tmp_path / 'root'} is a file, not a folder). Move "
        "or rename that file, then start AITasker Desktop again."
    )
    assert (tmp_path / "root").read_text() == "x"


def test_the_sandbox_folder_alone_blocked_still_lets_the_app_start(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path / "root")
    paths.data_dir.mkdir(parents=True)
    paths.sandbox_dir.write_text("x")
    assert paths.ensure().data_dir.is_dir()  # the sandbox says so when it starts
    with pytest.raises(FolderProblem, match=r"its sandbox folder .* a file is in the way"):
        make_folder(paths.sandbox_dir, "sandbox folder")


def test_default_paths_are_per_user_and_not_created() -> None:
    p = AppPaths.default()
    assert "AITasker Desktop" in str(p.data_dir)
    assert "AITasker Desktop" in str(p.cache_dir)
    assert p.db_path.name.endswith(".sqlite3")
