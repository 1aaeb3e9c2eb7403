"""The services against a server that serves only what AITasker documents (the sandbox's
`documented` surface, on loopback, with the real client): what it offers is learned once and
remembered per world; the tracker follows the known tasks by id, one GET each, after a single
404 from the list it lacks, or with no list request at all once the offer is known."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.api.errors import NetworkError
from aitasker_desktop.domain import protocol
from aitasker_desktop.domain.capabilities import Capabilities, Operation
from aitasker_desktop.domain.lifecycle import Status
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.capabilities import RELEARN_AFTER, CapabilitiesService
from aitasker_desktop.services.client_api import ClientApi
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.runner import Runner
from aitasker_desktop.services.tracker import Intervals, TrackerService
from aitasker_desktop.storage.capabilities_store import CapabilitiesStore
from aitasker_desktop.storage.db import Store
from tests.sample_brief import TO_REVIEW, post
from tests.services.test_tracker import CountingTransport

QUIET = Intervals(fast=600, waiting=600, slow=600, offline=(0.3,))


@pytest.fixture
def documented(tmp_path: Path) -> Iterator[EmbeddedSandbox]:
    with EmbeddedSandbox(data_dir=tmp_path / "sb", speed=0, surface="documented") as server:
        yield server


class Rig:
    def __init__(self, sandbox: EmbeddedSandbox, tmp_path: Path) -> None:
        self.sandbox = sandbox
        self.offset = timedelta()
        self.runner = Runner()
        self.connection = Connection(self.runner)
        self.transport = CountingTransport()
        self.client = AITaskerClient(sandbox.base_url, sandbox.api_key, transport=self.transport)
        self.store = Store(tmp_path / "app.sqlite")
        self.world = World(WorldKind.SANDBOX, sandbox.base_url)
        self.capabilities = CapabilitiesService(
            self.connection, CapabilitiesStore(self.store), clock=self.now
        )
        self.trackers: list[TrackerService] = []

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def tracker(self, *, knows_offer: bool) -> TrackerService:
        offer = (lambda: self.capabilities.current) if knows_offer else Capabilities.everything
        tracker = TrackerService(
            self.connection, self.store, intervals=QUIET, clock=self.now, offer=offer
        )
        self.trackers.append(tracker)
        return tracker

    def task_reads(self) -> list[str]:
        return [p for m, p, _q in self.transport.requests if m == "GET" and "/tasks/" in p]

    def lists(self) -> list[str]:
        return self.transport.lists()

    def close(self) -> None:
        for tracker in self.trackers:
            tracker.close()
        self.capabilities.stop()
        self.runner.wait_for_idle(10_000)
        self.connection.close()
        self.store.close()


@pytest.fixture
def rig(qtbot: QtBot, documented: EmbeddedSandbox, tmp_path: Path) -> Iterator[Rig]:
    r = Rig(documented, tmp_path)
    yield r
    r.close()
    qtbot.wait(10)


def test_what_the_server_offers_is_learned_once_and_remembered(qtbot: QtBot, rig: Rig) -> None:
    with qtbot.waitSignal(
        rig.capabilities.changed, timeout=10_000, check_params_cb=lambda c: c.source != "assumed"
    ):
        rig.connection.set_client(rig.client, rig.world)
    offer = rig.capabilities.current
    assert rig.capabilities.learned
    assert offer.source == "openapi"
    assert offer.route(Operation.GET) == "rest"
    assert offer.route(Operation.SELECT) == "a2a"
    assert not offer.allows(Operation.LIST_SINCE) and not offer.allows(Operation.REMIX)
    remembered = CapabilitiesStore(rig.store).get(rig.world.cache_key)
    assert remembered is not None and remembered.capabilities == offer
    assert rig.capabilities._timer.interval() == RELEARN_AFTER.total_seconds() * 1000

    # The next start, with the server unreachable: the remembered offer routes at once.
    class Unreachable(ClientApi):
        def capabilities(self) -> Capabilities:
            raise NetworkError("AITasker cannot be reached.")

        def close(self) -> None:
            pass

    again = CapabilitiesService(rig.connection, CapabilitiesStore(rig.store))
    rig.connection.set_client(Unreachable(), rig.world)
    qtbot.waitUntil(lambda: again.current == offer, timeout=5_000)
    assert not again.learned
    other = World(WorldKind.ACCOUNT, "https://api.aitasker.co", key_hint="aitk_…abcd")
    rig.connection.set_client(Unreachable(), other)
    assert again.current == Capabilities.everything()  # another world: nothing carried over
    again.stop()
    rig.runner.wait_for_idle(5_000)


def test_a_damaged_remembered_offer_reads_as_unknown(rig: Rig) -> None:
    store = CapabilitiesStore(rig.store)
    with rig.store.transaction() as c:
        c.execute("INSERT INTO world_capabilities VALUES ('w', '{not json', 0)")
    assert store.get("w") is None


def test_a_missing_list_turns_the_tracker_to_following_by_id(qtbot: QtBot, rig: Rig) -> None:
    tracker = rig.tracker(knows_offer=False)
    rig.connection.set_client(rig.client, rig.world)
    modes: list[bool] = []
    tracker.mode_changed.connect(modes.append)
    tracker.start()
    qtbot.waitUntil(lambda: tracker.following_by_id, timeout=10_000)
    assert modes == [True]
    for n in range(3):  # posted by this app: known from the create answer
        tracker.upsert(post(rig.client, title=f"Known task {n}"))
    qtbot.waitUntil(lambda: len(tracker.tasks()) == 3, timeout=10_000)
    with qtbot.waitSignal(tracker.polled, timeout=10_000):
        tracker.poll_now()
    assert len(rig.lists()) == 1  # asked once, answered 404, never again
    rig.sandbox.advance(TO_REVIEW)
    rig.offset += timedelta(seconds=TO_REVIEW)
    before = len(rig.task_reads())
    with qtbot.waitSignal(tracker.polled, timeout=10_000):
        tracker.poll_now()
    assert {t.status for t in tracker.tasks()} == {Status.REVIEW}
    assert len(rig.task_reads()) - before == 3  # one GET per known task
    assert len(rig.lists()) == 1


def test_with_the_offer_known_no_list_is_asked_for(qtbot: QtBot, rig: Rig) -> None:
    tracker = rig.tracker(knows_offer=True)
    rig.capabilities.changed.connect(tracker.on_capabilities_changed)
    with qtbot.waitSignal(tracker.mode_changed, timeout=10_000):
        rig.connection.set_client(rig.client, rig.world)
    tracker.start()  # once the offer is known (remembered, or learned as here)
    task = post(rig.client)
    tracker.upsert(task)
    qtbot.waitUntil(lambda: tracker.task(task.id) is not None, timeout=5_000)
    with qtbot.waitSignal(tracker.polled, timeout=10_000):
        tracker.poll_now()
    assert rig.lists() == []
    assert f"{protocol.TASKS}/{task.id}" in rig.task_reads()


def test_the_transport_is_counting(rig: Rig) -> None:
    # The helper this file leans on counts what goes out (a failing fake would pass silently).
    with httpx.Client(transport=rig.transport, base_url=rig.sandbox.base_url) as c:
        c.get(protocol.HEALTH)
    assert rig.transport.requests[-1][1] == protocol.HEALTH
