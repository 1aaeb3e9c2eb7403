"""SubmissionService against the real sandbox on loopback and the real store: exactly once."""

from pathlib import Path

from pytestqt.qtbot import QtBot

from aitasker_desktop.api.client import AITaskerClient, new_idempotency_key
from aitasker_desktop.api.errors import PaymentRequired, ValidationError
from aitasker_desktop.domain.brief import Attachment, Brief, Draft, to_create_payload
from aitasker_desktop.domain.task import Task
from aitasker_desktop.sandbox.conventions import STARTING_CREDIT_USD
from aitasker_desktop.services.submission import SubmissionService, SubmissionState
from aitasker_desktop.storage.drafts import Drafts
from aitasker_desktop.storage.outbox import Outbox, OutboxState
from tests.services.submission_rig import Rig
from tests.services.submission_rig import a_draft as _draft


def test_double_click_posts_one_task(qtbot: QtBot, rig: Rig) -> None:
    draft = _draft()
    with qtbot.waitSignal(rig.service.submitted, timeout=10_000) as blocker:
        assert rig.service.submit(draft) is True
        assert rig.service.submit(draft) is True  # clicked again before the answer
        assert rig.service.state_of(draft.id) == SubmissionState.SENDING
    draft_id, task = blocker.args
    assert draft_id == draft.id and isinstance(task, Task)
    assert [t.id for t in rig.posted()] == [task.id]
    assert len(rig.wire.creates()) == 1
    # The draft records the task it became, in memory and on disk.
    assert draft.task_id == task.id
    stored = Drafts(rig.store).get(draft.id)
    assert stored is not None and stored.task_id == task.id
    assert rig.service.state_of(draft.id) == SubmissionState.SUBMITTED
    # A third click after success asks the service again, with the same key: still one task.
    with qtbot.waitSignal(rig.service.submitted, timeout=10_000):
        rig.service.submit(draft)
    assert len(rig.posted()) == 1


def test_offline_waits_then_sends_once_with_the_same_key(qtbot: QtBot, rig: Rig) -> None:
    rig.wire.offline = True
    draft = _draft()
    with qtbot.waitSignal(rig.service.queued, timeout=10_000) as blocker:
        rig.service.submit(draft)
    assert "posted automatically" in blocker.args[1]
    entry = rig.outbox.get_by_draft(draft.id)
    assert entry is not None and entry.state is OutboxState.PENDING
    key = entry.idempotency_key
    # Clicking again while offline neither makes a second entry nor a second key.
    rig.service.submit(draft)
    assert [e.idempotency_key for e in rig.outbox.list_all()] == [key]
    qtbot.waitUntil(lambda: rig.events.count(("queued", draft.id)) >= 3, timeout=10_000)
    assert rig.posted() == []

    rig.wire.offline = False  # the backoff retry finds the service again
    with qtbot.waitSignal(rig.service.submitted, timeout=10_000):
        pass
    creates = rig.wire.creates()
    assert creates and set(creates) == {key}
    assert len(rig.posted()) == 1


def test_pending_entry_is_resumed_after_a_restart(qtbot: QtBot, rig: Rig) -> None:
    rig.wire.offline = True
    draft = _draft()
    with qtbot.waitSignal(rig.service.queued, timeout=10_000):
        rig.service.submit(draft)
    rig.service.stop()
    key = rig.outbox.list_pending()[0].idempotency_key
    qtbot.waitUntil(lambda: not rig.runner.busy)

    # A new service over the same store (the app started again) sends it when online.
    rig.wire.offline = False
    again = SubmissionService(rig.connection, Outbox(rig.store), rig.drafts, retry_base_ms=50)
    try:
        with qtbot.waitSignal(again.submitted, timeout=10_000):
            again.resume()
    finally:
        again.stop()
    assert set(rig.wire.creates()) == {key}
    assert len(rig.posted()) == 1


def test_lost_answer_posts_exactly_one_task(qtbot: QtBot, rig: Rig) -> None:
    rig.wire.lose_answers = 1
    draft = _draft()
    with qtbot.waitSignal(rig.service.submitted, timeout=10_000) as blocker:
        rig.service.submit(draft)
    creates = rig.wire.creates()
    assert len(creates) == 2 and len(set(creates)) == 1  # the retry reused the key
    assert [t.id for t in rig.posted()] == [blocker.args[1].id]


def test_lost_answers_beyond_the_retries_stay_pending_then_resolve(qtbot: QtBot, rig: Rig) -> None:
    rig.wire.lose_answers = 3  # every attempt of the first round loses its answer
    draft = _draft()
    with qtbot.waitSignal(rig.service.queued, timeout=10_000) as blocker:
        rig.service.submit(draft)
    assert "cannot be posted twice" in blocker.args[1]
    with qtbot.waitSignal(rig.service.submitted, timeout=10_000):
        pass  # the automatic retry, same key
    assert len(set(rig.wire.creates())) == 1
    assert len(rig.posted()) == 1


def test_local_problems_are_reported_per_field_and_nothing_is_stored(
    qtbot: QtBot, rig: Rig
) -> None:
    draft = Draft(brief=Brief(title="Hi", description="short"))
    with qtbot.waitSignal(rig.service.failed) as blocker:
        assert rig.service.submit(draft) is False
    error = blocker.args[1]
    assert isinstance(error, ValidationError)
    assert {"title", "description", "category", "task_type", "budget_usd"} <= set(
        error.field_errors
    )
    assert rig.outbox.list_all() == [] and rig.wire.sent == []


def test_service_422_fails_with_field_errors_and_draft_can_be_resubmitted(
    qtbot: QtBot, rig: Rig
) -> None:
    draft = _draft()
    draft.brief.category = "no-such-category"  # the service knows; there is no local catalog
    with qtbot.waitSignal(rig.service.failed, timeout=10_000) as blocker:
        rig.service.submit(draft)
    error = blocker.args[1]
    assert isinstance(error, ValidationError) and error.status_code == 422
    assert "category" in error.field_errors
    assert rig.service.state_of(draft.id) == SubmissionState.FAILED
    assert rig.posted() == []

    draft.brief.category = "writing-translation"  # fixed: a new entry with a new key
    with qtbot.waitSignal(rig.service.submitted, timeout=10_000):
        rig.service.submit(draft)
    keys = [e.idempotency_key for e in rig.outbox.list_all()]
    assert len(set(keys)) == 2 and len(rig.posted()) == 1


def test_payment_required(qtbot: QtBot, rig: Rig) -> None:
    # The sandbox's pretend credit, all but 50 USD of it held by tasks posted elsewhere.
    with AITaskerClient(rig.sandbox.base_url, rig.sandbox.api_key) as plain:
        for _ in range(3):
            plain.create_task(
                to_create_payload(_draft(budget=150.0).brief, [], None),
                idempotency_key=new_idempotency_key(),
            )
    draft = _draft(budget=60.0)
    with qtbot.waitSignal(rig.service.failed, timeout=10_000) as blocker:
        rig.service.submit(draft)
    error = blocker.args[1]
    assert isinstance(error, PaymentRequired)
    assert error.current_balance_usd == STARTING_CREDIT_USD and error.amount_usd == 60.0
    assert rig.service.state_of(draft.id) == SubmissionState.FAILED
    assert len(rig.posted()) == 3


def test_attachments_upload_with_progress(qtbot: QtBot, rig: Rig, tmp_path: Path) -> None:
    files = []
    for name, data in (("notes.txt", b"tone: warm\n" * 2000), ("data.csv", b"a,b\n1,2\n" * 9000)):
        path = tmp_path / name
        path.write_bytes(data)
        files.append(path)
    attachments = [
        Attachment(
            path=str(files[0]),
            name="notes.txt",
            media_type="text/plain",
            size_bytes=files[0].stat().st_size,
        ),
        Attachment(
            path=str(files[1]),
            name="data.csv",
            media_type="text/csv",
            size_bytes=files[1].stat().st_size,
        ),
    ]
    draft = _draft(attachments=attachments)
    progress: list[tuple[int, int, str]] = []
    rig.service.progress.connect(lambda _d, done, total, what: progress.append((done, total, what)))
    with qtbot.waitSignal(rig.service.submitted, timeout=10_000) as blocker:
        rig.service.submit(draft)
    task = blocker.args[1]
    entry = rig.outbox.get_by_draft(draft.id)
    assert entry is not None
    upload_ids = [a.upload_id for a in entry.attachments]
    assert all(upload_ids) and task.attachments == upload_ids
    server_task = next(t for t in rig.posted() if t.id == task.id)
    assert server_task.attachments == upload_ids
    total = sum(a.size_bytes for a in attachments) + 1
    assert {t for _d, t, _w in progress} == {total}
    dones = [d for d, _t, _w in progress]
    assert dones == sorted(dones) and dones[-1] == total - 1
    assert any("notes.txt" in w for _d, _t, w in progress)
    assert progress[-1][2] == "Posting your task…"


def test_missing_attachment_fails_permanently(qtbot: QtBot, rig: Rig, tmp_path: Path) -> None:
    gone = Attachment(path=str(tmp_path / "gone.png"), name="gone.png", media_type="image/png")
    draft = _draft(attachments=[gone])
    with qtbot.waitSignal(rig.service.failed, timeout=10_000) as blocker:
        rig.service.submit(draft)
    error = blocker.args[1]
    assert isinstance(error, ValidationError) and "attachments" in error.field_errors
    assert "gone.png" in error.message
    assert rig.wire.creates() == []


def test_brand_kit_resolver_is_used(qtbot: QtBot, rig: Rig) -> None:
    seen: list[str] = []

    def resolve(local_id: str) -> str | None:
        seen.append(local_id)
        return None  # the kit was deleted locally

    rig.service.set_brand_kit_resolver(resolve)
    draft = _draft(brand_kit_id="local-kit-1")
    with qtbot.waitSignal(rig.service.failed, timeout=10_000) as blocker:
        rig.service.submit(draft)
    assert seen == ["local-kit-1"]
    assert "brand_kit_id" in blocker.args[1].field_errors
    assert rig.wire.creates() == []


def test_brand_kit_sent_by_its_remote_id(qtbot: QtBot, rig: Rig) -> None:
    def resolve(local_id: str) -> str | None:
        with AITaskerClient(rig.sandbox.base_url, rig.sandbox.api_key) as plain:
            kit = plain.create_brand_kit(
                name=f"Kit {local_id}", colors=["#112233"], fonts=[], voice_notes="", asset_ids=[]
            )
        return kit.id

    rig.service.set_brand_kit_resolver(resolve)
    draft = _draft(brand_kit_id="local-kit-2")
    with qtbot.waitSignal(rig.service.submitted, timeout=10_000) as blocker:
        rig.service.submit(draft)
    entry = rig.outbox.get_by_draft(draft.id)
    assert entry is not None and entry.brand_kit is not None
    assert blocker.args[1].brand_kit_id == entry.brand_kit.remote_id is not None
