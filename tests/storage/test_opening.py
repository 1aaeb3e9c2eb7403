"""The data file at start (issue 9, item 17): damaged, read-only or full, the store opens, the
person's drafts are kept or recovered, a damaged file is set aside unchanged, and the notice
says which it was. Damage is made by writing garbage over the file's pages; read-only and full
are a real small disk where the tests may mount one (tests/disks.py)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from aitasker_desktop.domain.brief import Brief, Draft
from aitasker_desktop.storage.db import Store, StoreError
from aitasker_desktop.storage.drafts import Drafts
from aitasker_desktop.storage.failures import DiskProblem, disk_problem
from aitasker_desktop.storage.opening import open_store
from tests.disks import small_disk

PAGE = 4096
DRAFTS = 40


def text_of(i: int) -> str:
    return f"Brief number {i}: a flyer for the spring market, warm tone. " * 40


def write_drafts(path: Path) -> None:
    with Store(path) as store:
        for i in range(DRAFTS):
            draft = Draft(
                id=f"draft-{i:02d}", brief=Brief(title=f"Draft {i}", description=text_of(i))
            )
            Drafts(store).save(draft)


def smash(path: Path, pages: range) -> bytes:
    """Garbage over `pages` of the file (as a failing disk or a stray write leaves it)."""
    data = bytearray(path.read_bytes())
    for page in pages:
        data[page * PAGE : (page + 1) * PAGE] = b"\xde\xad\xbe\xef" * (PAGE // 4)
    path.write_bytes(bytes(data))
    return bytes(data)


def no_shell() -> str | None:
    return None


def shell_if_installed() -> str | None:
    return shutil.which("sqlite3")


def test_a_healthy_file_opens_without_a_notice(db_path: Path) -> None:
    write_drafts(db_path)
    store, notice = open_store(db_path)
    with store:
        assert notice is None and store.writable
        assert len(Drafts(store).list_drafts()) == DRAFTS


@pytest.mark.parametrize("shell", [no_shell, shell_if_installed], ids=["row-by-row", "shell"])
def test_damaged_pages_set_the_file_aside_and_recover_the_intact_drafts(
    db_path: Path, shell
) -> None:
    write_drafts(db_path)
    pages = db_path.stat().st_size // PAGE
    damaged = smash(db_path, range(pages * 2 // 3, pages * 2 // 3 + 2))
    store, notice = open_store(db_path, sqlite_shell=shell, now=lambda: datetime(2026, 5, 1, 9, 30))
    with store:
        assert notice is not None and notice.problem is DiskProblem.DAMAGED
        aside = db_path.with_name("store.damaged-20260501-093000.sqlite3")
        assert notice.set_aside == aside
        assert aside.read_bytes() == damaged  # moved, never changed, never deleted
        recovered = Drafts(store).list_drafts()
        assert 0 < len(recovered) < DRAFTS
        for draft in recovered:  # every draft recovered is whole, not half a page
            number = int(draft.id.split("-")[1])
            assert draft.brief.title == f"Draft {number}"
            assert draft.brief.description == text_of(number)
        assert notice.drafts_recovered == len(recovered)
        assert notice.text == (
            "The app's data file was damaged, so it was set aside and a new one made. "
            f"{len(recovered)} drafts were recovered from it. The damaged file is kept, "
            f"unchanged, at {aside}."
        )
        assert store.writable and store.integrity_check() == "ok"
        Drafts(store).save(Draft(id="new", brief=Brief(title="Life goes on")))


def test_a_file_that_is_not_a_database_is_set_aside_too(db_path: Path) -> None:
    write_drafts(db_path)
    damaged = smash(db_path, range(0, 1))  # the header and the schema's first page
    store, notice = open_store(db_path, sqlite_shell=no_shell)
    with store:
        assert notice is not None and notice.problem is DiskProblem.DAMAGED
        assert notice.set_aside is not None and notice.set_aside.read_bytes() == damaged
        assert "No drafts could be recovered from it." in notice.text
        assert Drafts(store).list_drafts() == [] and store.writable


def test_a_read_only_disk_shows_the_drafts_and_writes_again_when_writable(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        path = disk.folder / "store.sqlite3"
        write_drafts(path)
        if not disk.can_be_read_only:
            pytest.skip("root without a mount cannot make a folder read-only")
        disk.make_read_only()
        store, notice = open_store(path)
        with store:
            assert notice is not None and notice.problem is DiskProblem.READ_ONLY
            assert "is read-only" in notice.text and "damaged" not in notice.text
            assert "Your drafts are shown" in notice.text
            assert len(Drafts(store).list_drafts()) == DRAFTS
            draft = Draft(id="typed", brief=Brief(title="Typed while read-only"))
            with pytest.raises(StoreError) as failure:
                Drafts(store).save(draft)
            assert disk_problem(failure.value, disk.folder) is DiskProblem.READ_ONLY
            disk.make_writable()
            Drafts(store).save(draft)  # writing resumes by itself
            assert store.writable
        with Store(path) as again:
            assert Drafts(again).get("typed") is not None


def test_a_full_disk_is_told_as_full_and_saving_resumes_with_room(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", size_kb=4096) as disk:
        path = disk.folder / "store.sqlite3"
        write_drafts(path)
        opened = Store(path)
        disk.fill(opened.read)  # real: no room left; emulated: the file may not grow
        if not disk.real:
            # SQLite's size limit belongs to one connection: a fresh start does not see it.
            pytest.skip("a full disk at start needs a real small disk (run as root)")
        opened.close()
        store, notice = open_store(path)
        with store:
            assert notice is not None and notice.problem is DiskProblem.FULL
            assert "is full" in notice.text and "damaged" not in notice.text
            assert len(Drafts(store).list_drafts()) == DRAFTS
            draft = Draft(id="typed", brief=Brief(title="x", description="y" * 20_000))
            with pytest.raises((StoreError, sqlite3.Error)) as failure:
                Drafts(store).save(draft)
            assert disk_problem(failure.value, disk.folder) is DiskProblem.FULL
            disk.free()
            Drafts(store).save(draft)
            assert Drafts(store).get("typed") is not None
