"""The `rig` fixture: a SubmissionService on the real sandbox (see submission_rig.py)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services.connection import Connection, World, WorldKind
from aitasker_desktop.services.drafts import DraftsService
from aitasker_desktop.services.runner import Runner
from aitasker_desktop.services.submission import SubmissionService
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.drafts import Drafts
from aitasker_desktop.storage.outbox import Outbox
from tests.services.submission_rig import Rig, Wire


@pytest.fixture
def rig(qtbot: QtBot, sandbox: EmbeddedSandbox, tmp_path: Path) -> Iterator[Rig]:
    wire = Wire()
    store = Store(tmp_path / "data" / "store.sqlite3")
    runner = Runner()
    connection = Connection(runner)
    client = AITaskerClient(
        sandbox.base_url, sandbox.api_key, transport=wire, sleep=lambda _s: None, max_attempts=3
    )
    connection.set_client(client, World(WorldKind.SANDBOX, sandbox.base_url))
    drafts = DraftsService(Drafts(store), runner)
    outbox = Outbox(store)
    service = SubmissionService(connection, outbox, drafts, retry_base_ms=50, retry_cap_ms=200)
    r = Rig(sandbox, wire, store, runner, connection, drafts, outbox, service)
    service.queued.connect(lambda d, m: r.events.append(("queued", d)))
    service.failed.connect(lambda d, e: r.events.append(("failed", d)))
    service.submitted.connect(lambda d, t: r.events.append(("submitted", d)))
    yield r
    service.stop()
    qtbot.waitUntil(lambda: not runner.busy)
    runner.wait_for_idle(10_000)
    connection.close()
    wire.close()
    store.close()
