"""The services behind the task page: saving without overwriting, the balance, the actions."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.errors import ConflictError, NotFoundError
from aitasker_desktop.domain.task import Balance, FileRef, Task
from aitasker_desktop.services.balance import BalanceService
from aitasker_desktop.services.client_api import ClientApi
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.downloads import (
    DownloadService,
    SaveCancelled,
    place_without_overwrite,
    save_file,
)
from aitasker_desktop.services.formatting import balance as balance_text
from aitasker_desktop.services.runner import InlineRunner
from aitasker_desktop.services.task_actions import TaskActionsService

WORLD = World(WorldKind.SANDBOX, "http://127.0.0.1:1")


class Client(ClientApi):
    def __init__(self) -> None:
        self.balance_usd = 8.5
        self.calls: list[str] = []
        self.fail: Exception | None = None

    def balance(self) -> Balance:
        self.calls.append("balance")
        return Balance(balance_usd=self.balance_usd, held_usd=2)

    def select_bid(self, task_id: str, bid_id: str) -> Task:
        self.calls.append(f"select {bid_id}")
        if self.fail is not None:
            raise self.fail
        return Task(id=task_id, status="delivering")

    # Not what the client returns: an answer without the task, which the service reads back.
    def extend_review(self, task_id: str) -> dict[str, Any]:  # type: ignore[override]
        self.calls.append("extend")
        return {"ok": True}  # an answer without the task: the service reads it back

    def get_task(self, task_id: str) -> Task:
        self.calls.append("get")
        return Task(id=task_id, status="review", review_extensions_remaining=1)

    def close(self) -> None:
        pass


def connected(client: Client) -> Connection:
    connection = Connection(InlineRunner())
    connection.set_client(client, WORLD)
    return connection


def test_balance_text_says_what_can_be_spent_now() -> None:
    assert balance_text(None) == "Can spend now: —"
    assert (
        balance_text(Balance(balance_usd=8.5, held_usd=2))
        == "Can spend now: $6.50 (balance $8.50, $2.00 held)"
    )
    assert balance_text(Balance(balance_usd=1234.5)) == "Can spend now: $1,234.50"
    assert balance_text(Balance(balance_usd=math.nan)) == "Can spend now: ?"
    assert balance_text(Balance(balance_usd=-3)) == "Can spend now: -$3.00"
    # Everything held: nothing to spend, and the status bar says so, not "$10.00".
    assert balance_text(Balance(balance_usd=10, held_usd=10)).startswith("Can spend now: $0.00")


def test_balance_service_follows_the_world(qtbot: QtBot) -> None:
    client = Client()
    connection = connected(client)
    service = BalanceService(connection)
    seen: list[object] = []
    service.balance_changed.connect(seen.append)
    service.start()
    assert isinstance(service.balance, Balance) and service.balance.balance_usd == 8.5
    client.balance_usd = 7
    connection.set_client(client, WORLD)  # another world: unknown first, then fetched
    assert seen[-2] is None and isinstance(seen[-1], Balance) and seen[-1].balance_usd == 7
    service.stop()


def test_actions_report_the_task_and_refresh_the_balance(qtbot: QtBot) -> None:
    client = Client()
    sunk: list[Task] = []
    money: list[bool] = []
    service = TaskActionsService(
        connected(client), on_task_updated=sunk.append, on_money_moved=lambda: money.append(True)
    )
    with qtbot.waitSignal(service.action_succeeded) as blocker:
        service.select("t1", "b1")
    assert blocker.args[0] == "select"
    assert [t.status for t in sunk] == ["delivering"] and money == [True]
    service.extend_review("t1")  # no money moves; the task is read back
    assert client.calls[-2:] == ["extend", "get"]
    assert sunk[-1].review_extensions_remaining == 1 and money == [True]
    client.fail = ConflictError()
    with qtbot.waitSignal(service.action_failed) as failed:
        service.select("t1", "b2")
    assert failed.args[0] == "select" and isinstance(failed.args[1], ConflictError)
    assert not service.busy


def test_actions_before_a_client_fail_plainly(qtbot: QtBot) -> None:
    service = TaskActionsService(Connection(InlineRunner()))
    with qtbot.waitSignal(service.action_failed) as failed:
        service.approve("t1")
    assert "Not connected" in str(failed.args[1])


def test_existing_files_are_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"old")
    (tmp_path / "a (2).txt").write_bytes(b"old 2")
    path = save_file(lambda out: out.write(b"new"), tmp_path, "../a.txt")
    assert path.name == "a (3).txt" and path.read_bytes() == b"new"
    assert (tmp_path / "a.txt").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a (2).txt", "a (3).txt", "a.txt"]


def test_without_hard_links_a_reservation_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(_src: object, _dst: object) -> None:
        raise PermissionError("links not supported here")

    monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "b.md").write_bytes(b"keep")
    tmp = tmp_path / "x.part"
    tmp.write_bytes(b"data")
    placed = place_without_overwrite(tmp, tmp_path, "b.md")
    assert placed.name == "b (2).md" and placed.read_bytes() == b"data"
    assert (tmp_path / "b.md").read_bytes() == b"keep" and not tmp.exists()


def test_a_failed_download_leaves_nothing_behind(tmp_path: Path) -> None:
    def broken(out: Any) -> int:
        out.write(b"partial")
        raise NotFoundError()

    with pytest.raises(NotFoundError):
        save_file(broken, tmp_path, "c.csv")
    assert os.listdir(tmp_path) == []


class SlowFiles(Client):
    def download(self, file: FileRef, dest: Any, *, max_bytes: Any = None, progress: Any = None):
        for done in (3, 6, 9):
            dest.write(b"abc")
            progress(done, 9)
        return 9


def test_stopping_a_save_keeps_finished_files_and_removes_the_partial_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    service = DownloadService(connected(SlowFiles()), tmp_path / "downloads")
    files = [FileRef(id="1", name="one.txt", size_bytes=9), FileRef(id="2", name="two.txt")]
    service.progress_changed.connect(
        lambda _key, done, _total: service.cancel() if done > 10 else None
    )
    with qtbot.waitSignal(service.save_failed) as failed:
        assert service.save(files, tmp_path, key="t1")
    assert failed.args[0] == "t1"
    assert isinstance(failed.args[1], SaveCancelled)
    assert os.listdir(tmp_path) == ["one.txt"]
    assert not service.busy
