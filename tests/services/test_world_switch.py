"""A world switch never waits for the last world's calls, and their late answers show nowhere.

A close cuts the old world's reads, writes and connects (api/net.py, api/tcp.py), but not
everything a call can wait on (a name lookup, for one). So the services must not hold the new
world's task list, balance or catalog until an old call has ended either."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.domain import protocol
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.task import Balance
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.balance import BalanceService
from aitasker_desktop.services.capabilities import CapabilitiesService
from aitasker_desktop.services.catalog import CatalogService
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.runner import Runner
from aitasker_desktop.services.tracker import Intervals, TrackerService
from aitasker_desktop.storage.capabilities_store import CapabilitiesStore
from aitasker_desktop.storage.catalog_cache import CatalogCache
from aitasker_desktop.storage.db import Store

ACCOUNT = "https://api.example.test"
QUIET = Intervals(fast=600, waiting=600, slow=600, offline=(600,))
STALE_TASK = {
    "id": "old-world-task",
    "title": "Old world task",
    "category": "writing-translation",
    "task_type": "blog-post",
    "budget_usd": 9.5,
    "status": "open",
    "updated_at": "2026-01-01T00:00:00Z",
}


class StuckServer(httpx.BaseTransport):
    """An account whose answers wait until released, whatever closes the client (as a name
    lookup does); then its task list and balance come, and the rest fails."""

    def __init__(self) -> None:
        self.waiting: set[str] = set()
        self.released = threading.Event()
        self.returned = 0
        self._lock = threading.Lock()  # several threads answer at once

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        with self._lock:
            self.waiting.add(path)
        self.released.wait(30)
        with self._lock:
            self.returned += 1
        if path == protocol.TASKS:
            return httpx.Response(200, json={"tasks": [STALE_TASK], "has_more": False})
        if path == protocol.BALANCE:
            return httpx.Response(200, json={"caller_id": "old", "balance_usd": 999.0})
        raise httpx.ConnectError("the old world's catalog failed")


class Rig:
    def __init__(self, sandbox: EmbeddedSandbox, tmp_path: Path) -> None:
        self.runner = Runner()
        self.connection = Connection(self.runner)
        self.store = Store(tmp_path / "app.sqlite")
        self.tracker = TrackerService(self.connection, self.store, intervals=QUIET)
        self.balance = BalanceService(self.connection)
        self.catalog = CatalogService(self.connection, CatalogCache(tmp_path / "cache"))
        # As in the app: with it, the account's calls take every one of the runner's threads.
        self.capabilities = CapabilitiesService(self.connection, CapabilitiesStore(self.store))
        self.server = StuckServer()
        self.account = AITaskerClient(ACCOUNT, "aitk_test_key", transport=self.server)
        self.sandbox = AITaskerClient(sandbox.base_url, sandbox.api_key)
        self.events: list[tuple[str, Any]] = []

    def close(self) -> None:
        self.server.released.set()
        self.tracker.close()
        self.balance.stop()
        self.capabilities.stop()
        self.runner.wait_for_idle(10_000)
        self.connection.close()
        self.account.close()
        self.store.close()


@pytest.fixture
def rig(qtbot: QtBot, sandbox: EmbeddedSandbox, tmp_path: Path) -> Iterator[Rig]:
    r = Rig(sandbox, tmp_path)
    yield r
    r.close()
    qtbot.wait(10)  # the runner's last callbacks run before the objects go


def test_the_sandbox_shows_at_once_while_the_accounts_calls_still_wait(
    qtbot: QtBot, rig: Rig, sandbox: EmbeddedSandbox
) -> None:
    account = World(WorldKind.ACCOUNT, ACCOUNT, key_hint="aitk_test_…_key", key_kind="test")
    rig.connection.set_client(rig.account, account)
    rig.tracker.start()
    rig.balance.start()
    wanted = {protocol.TASKS, protocol.BALANCE, protocol.CATEGORIES, protocol.OPENAPI}
    qtbot.waitUntil(lambda: wanted <= rig.server.waiting, timeout=10_000)
    assert len(rig.server.waiting) == 4  # every thread of the runner is held

    rig.connection.set_client(rig.sandbox, World(WorldKind.SANDBOX, sandbox.base_url))
    rig.tracker.poll_failed.connect(lambda exc: rig.events.append(("poll failed", exc)))
    rig.tracker.offline_changed.connect(lambda off: rig.events.append(("offline", off)))
    rig.catalog.load_failed.connect(lambda text: rig.events.append(("catalog failed", text)))

    def shown() -> bool:
        return (
            rig.tracker.synced
            and rig.balance.balance is not None
            and rig.catalog.catalog is not None
            and rig.catalog.is_fresh
        )

    # The sandbox's list, balance and catalog come while the account's calls still wait.
    qtbot.waitUntil(shown, timeout=5_000)
    assert rig.server.returned == 0
    balance = rig.balance.balance
    assert isinstance(balance, Balance) and balance.caller_id != "old"
    catalog = rig.catalog.catalog
    assert isinstance(catalog, Catalog)

    # The account answers at last: none of it shows in the sandbox.
    balances: list[object] = []
    rig.balance.balance_changed.connect(balances.append)
    rig.server.released.set()
    qtbot.waitUntil(lambda: rig.server.returned >= 4, timeout=10_000)
    qtbot.waitUntil(lambda: not rig.runner.busy, timeout=10_000)
    assert rig.tracker.tasks() == []
    assert rig.balance.balance is balance and balances == []
    assert rig.catalog.catalog is catalog
    assert rig.events == []
    assert not rig.tracker.offline
