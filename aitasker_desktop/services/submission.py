"""Posting a brief as a task, exactly once, even offline or after a crash.

The sequence for `submit(draft)`:

1. Validate locally (domain.brief.validate_brief); problems come back as a ValidationError
   with one message per field, and nothing is stored.
2. Write the draft (DraftsService.save_now) and enqueue it in the outbox (storage/outbox.py),
   on the GUI thread, so the idempotency key is committed before any byte is sent and a second
   click finds the same entry (one live entry per draft) instead of making another.
3. On a worker: upload the attachments not yet uploaded (each upload id is recorded in the
   outbox as it completes, so a retry skips it), make sure the brand kit is on the service,
   then `create_task` with the stored key. A lost answer is resolved by sending again with the
   same key and the same body: the service returns the same task.

Errors that need the user (the service refused the request: 422, 402, 403, 404, a file that
is gone) mark the entry failed and emit `failed`; the draft stays editable and a new submit
makes a new entry. Everything else (offline, lost answer, 5xx, 429, a refused key) keeps the
entry with the SAME key: `queued` is emitted and it is retried with backoff, when the
connection comes back online, and when the app starts again. It stays pending while no create
request can have reached the service, and becomes sending once one may have (see outbox.py).

Deleting a waiting draft withdraws its submission first (`withdraw`): a pending one is
cancelled (`cancelled`), and it is never sent; one that may already be posted, or is being
sent this moment, cannot be withdrawn, and its draft stays, so the task is never lost track of.

Outbox entries belong to the world (sandbox or account) they were submitted in: the world's
key is kept in the stored payload under `_world` (stripped before sending) and an entry is only
ever sent to that world, so a sandbox draft can never be posted to a paying account.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from aitasker_desktop.api.errors import ApiError, NotFoundError, ValidationError
from aitasker_desktop.domain.brief import BrandKit, Draft, to_create_payload, validate_brief
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.task import Task
from aitasker_desktop.services import formatting
from aitasker_desktop.services.connection import Connection, ConnectionState
from aitasker_desktop.services.drafts import DraftsService
from aitasker_desktop.services.submission_outcomes import (
    OFFLINE_MESSAGE,
    UNCONFIRMED_MESSAGE,
    SubmissionState,
    Withdrawal,
    entry_may_be_posted,
    failure_message,
    is_permanent,
    log_failure,
    may_have_posted,
    outbox_facts,
    queued_message,
)
from aitasker_desktop.storage.outbox import Outbox, OutboxEntry, OutboxState

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

__all__ = ["SubmissionService", "SubmissionState", "Withdrawal"]

log = logging.getLogger(__name__)

WORLD_KEY = "_world"
RETRY_BASE_MS = 2_000
RETRY_CAP_MS = 120_000

BrandKitResolver = Callable[[str], str | None]
CatalogProvider = Callable[[], Catalog | None]
OnTask = Callable[[Task], None]


class SubmissionService(QObject):
    progress = Signal(str, int, int, str)  # draft id, bytes done, bytes total, what
    submitted = Signal(str, object)  # draft id, Task
    queued = Signal(str, str)  # draft id, plain message: waiting in the outbox
    failed = Signal(str, object)  # draft id, ApiError (ValidationError has field_errors)
    cancelled = Signal(str)  # draft id: its waiting submission was withdrawn, never sent
    # Private: progress from a worker, re-emitted on the GUI thread.
    _worker_progress = Signal(str, int, int, str)

    def __init__(
        self,
        connection: Connection,
        outbox: Outbox,
        drafts: DraftsService,
        *,
        brand_kit_resolver: BrandKitResolver | None = None,
        catalog_provider: CatalogProvider | None = None,
        on_task_posted: OnTask | None = None,
        on_money_moved: Callable[[], None] | None = None,
        retry_base_ms: int = RETRY_BASE_MS,
        retry_cap_ms: int = RETRY_CAP_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._outbox = outbox
        self._drafts = drafts
        self._resolve_kit = brand_kit_resolver
        self._catalog_provider = catalog_provider
        self._on_task_posted = on_task_posted
        self._on_money_moved = on_money_moved
        self._retry_base_ms = retry_base_ms
        self._retry_cap_ms = retry_cap_ms
        self._in_flight: set[str] = set()  # entry ids being processed on a worker
        self._live_drafts: dict[str, Draft] = {}  # draft id -> the editor's object
        self._failures = 0  # consecutive transient failures, for the backoff
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self.resume)
        self._worker_progress.connect(self.progress.emit, Qt.ConnectionType.QueuedConnection)
        connection.state_changed.connect(self.on_connection_state_changed)
        connection.world_changed.connect(self.on_connection_world_changed)

    def set_brand_kit_resolver(self, resolver: BrandKitResolver | None) -> None:
        self._resolve_kit = resolver

    def set_catalog_provider(self, provider: CatalogProvider | None) -> None:
        self._catalog_provider = provider

    # -- submitting ------------------------------------------------------------------------

    def submit(self, draft: Draft, catalog: Catalog | None = None) -> bool:
        """Validate, store and start posting `draft`; False if it cannot be submitted now.

        Outcomes arrive as signals. A second call while the first is pending or sending is
        a no-op: it never makes a second task.
        """
        if catalog is None and self._catalog_provider is not None:
            catalog = self._catalog_provider()
        problems = validate_brief(draft.brief, catalog, money=formatting.money)
        if problems:
            self.failed.emit(
                draft.id,
                ValidationError(
                    "Some things need fixing before this can be posted.",
                    field_errors={p.field: p.message for p in problems},
                    hint="Correct the highlighted fields, then submit again.",
                    status_code=None,
                ),
            )
            return False
        world = self._connection.world
        if world is None:
            self.queued.emit(draft.id, OFFLINE_MESSAGE)
            return False
        self._drafts.save_now(draft)
        self._live_drafts[draft.id] = draft
        payload = to_create_payload(draft.brief, [], None)
        payload[WORLD_KEY] = world.cache_key
        kit = BrandKit(id=draft.brief.brand_kit_id, name="") if draft.brief.brand_kit_id else None
        entry = self._outbox.enqueue(draft.id, payload, draft.brief.attachments, kit)
        if entry.state is OutboxState.SENT and entry.task_id:
            self._confirm_sent(entry)
            return True
        self._start(entry)
        return True

    def state_of(self, draft_id: str) -> str:
        entry = self._outbox.get_by_draft(draft_id)
        if entry is None:
            return SubmissionState.DRAFT
        if entry.id in self._in_flight:
            return SubmissionState.SENDING
        return {
            OutboxState.PENDING: SubmissionState.QUEUED,
            OutboxState.SENDING: SubmissionState.QUEUED,  # interrupted: will be sent again
            OutboxState.SENT: SubmissionState.SUBMITTED,
            OutboxState.FAILED_PERMANENT: SubmissionState.FAILED,
        }[entry.state]

    def withdrawal_of(self, draft_id: str) -> str:
        """What deleting the draft would do to its submission (a `Withdrawal`)."""
        entry = self._outbox.get_by_draft(draft_id)
        if entry is None or entry.state in (OutboxState.SENT, OutboxState.FAILED_PERMANENT):
            return Withdrawal.NOTHING
        if entry.id in self._in_flight:
            return Withdrawal.SENDING_NOW
        if entry_may_be_posted(entry):
            return Withdrawal.MAY_BE_POSTED
        return Withdrawal.CANCELS

    def withdraw(self, draft_id: str) -> str:
        """Cancel the draft's waiting submission, before its draft is deleted. Answers as
        `withdrawal_of` did before: CANCELS (now cancelled: it will never be sent) and
        NOTHING let the delete go on; the others mean the draft must stay, since its task
        is being posted or may already exist, and forgetting it could lose track of that.

        Asked again at the moment of cancelling: a retry may have started since."""
        what = self.withdrawal_of(draft_id)
        entry = self._outbox.get_by_draft(draft_id)
        if what != Withdrawal.CANCELS or entry is None:
            return what
        if not self._outbox.cancel(entry.id):  # not pending any more: ask again
            return self.withdrawal_of(draft_id)
        self._live_drafts.pop(draft_id, None)
        self.cancelled.emit(draft_id)
        return Withdrawal.CANCELS

    def last_error(self, draft_id: str) -> str:
        entry = self._outbox.get_by_draft(draft_id)
        return entry.last_error if entry is not None else ""

    def pending_count(self) -> int:
        return len(self._outbox.list_pending())

    def support_facts(self) -> dict[str, str]:
        """For Help › Copy diagnostics: the posts waiting or refused, and why."""
        return outbox_facts(self._outbox.list_pending(), self._outbox.list_failed())

    # -- resuming --------------------------------------------------------------------------

    def resume(self) -> None:
        """Send every pending entry of the current world that is not already in flight."""
        world = self._connection.world
        if world is None or self._connection.client is None:
            return
        for entry in self._outbox.list_pending():
            if self._cancel_if_orphan(entry):
                continue
            if entry.payload.get(WORLD_KEY, world.cache_key) == world.cache_key:
                self._start(entry)

    def _cancel_if_orphan(self, entry: OutboxEntry) -> bool:
        """A waiting submission whose draft is in the trash or gone (left by an older
        version, which let such a draft be deleted) is withdrawn, never sent: restoring
        the draft must not post it. One that may already be posted is sent, to know."""
        draft_id = entry.draft_id
        if self._drafts.get(draft_id) is not None and not self._drafts.is_trashed(draft_id):
            return False
        if entry.id in self._in_flight or entry_may_be_posted(entry):
            return False
        if not self._outbox.cancel(entry.id):
            return False
        log.info("Withdrew a waiting submission whose draft was deleted")
        self.cancelled.emit(draft_id)
        return True

    def on_connection_state_changed(self, state: str) -> None:
        if state == ConnectionState.ONLINE:
            self.resume()

    def on_connection_world_changed(self, _world: object) -> None:
        self._failures = 0
        self.resume()

    # -- the work --------------------------------------------------------------------------

    def _start(self, entry: OutboxEntry) -> None:
        if entry.id in self._in_flight:
            return
        self._in_flight.add(entry.id)
        entry_id, draft_id = entry.id, entry.draft_id

        def done(task: object) -> None:
            self.on_post_done(entry_id, draft_id, task)

        def failed(exc: BaseException) -> None:
            self.on_post_failed(entry_id, draft_id, exc)

        self._connection.call(lambda client: self._post(client, entry_id), done, failed)

    def _post(self, client: ClientApi, entry_id: str) -> Task:
        """Uploads, brand kit, create: the blocking part, on a worker."""
        entry = self._outbox.get(entry_id)
        if entry is None:
            raise NotFoundError("This submission was removed.", hint="Submit the brief again.")
        if entry.state is OutboxState.SENT and entry.task_id:
            return client.get_task(entry.task_id)
        # Whether the task may exist: already so (an earlier request's answer was lost), or
        # from the moment the create request below may go out.
        maybe = entry.state is OutboxState.SENDING
        creating = False
        try:
            entry = self._upload_attachments(client, entry)
            entry = self._ensure_brand_kit(entry)
            total = self._total_bytes(entry)
            self._worker_progress.emit(entry.draft_id, total, total + 1, "Posting your task…")
            body = entry.request_body()
            body.pop(WORLD_KEY, None)
            entry = self._outbox.mark_sending(entry_id)  # committed before it goes out
            creating = True
            task = client.create_task(body, idempotency_key=entry.idempotency_key)
        except ApiError as exc:
            permanent = is_permanent(exc)
            message = failure_message(exc) if permanent else queued_message(exc)
            maybe = maybe or (creating and may_have_posted(exc))
            self._outbox.mark_failed(entry_id, message, permanent=permanent, may_have_posted=maybe)
            raise
        except BaseException:
            self._outbox.mark_failed(
                entry_id, UNCONFIRMED_MESSAGE, permanent=False, may_have_posted=maybe or creating
            )
            raise
        self._outbox.mark_sent(entry_id, task.id)
        return task

    @staticmethod
    def _total_bytes(entry: OutboxEntry) -> int:
        return sum(max(0, a.size_bytes) for a in entry.attachments)

    def _upload_attachments(self, client: ClientApi, entry: OutboxEntry) -> OutboxEntry:
        draft_id = entry.draft_id
        total = self._total_bytes(entry) + 1  # the last unit is the post itself
        done = sum(max(0, a.size_bytes) for a in entry.attachments if a.upload_id is not None)
        pending = entry.pending_uploads
        for number, attachment in enumerate(pending, start=1):
            what = f"Uploading “{attachment.name}” ({number} of {len(pending)})…"
            self._worker_progress.emit(entry.draft_id, done, total, what)
            base = done

            def on_bytes(sent: int, _size: int | None, base: int = base, what: str = what) -> None:
                self._worker_progress.emit(draft_id, base + sent, total, what)

            path = Path(attachment.path)
            try:
                uploaded = client.upload(
                    path, media_type=attachment.media_type or None, progress=on_bytes
                )
            except OSError as exc:
                raise ValidationError(
                    f"“{attachment.name}” can no longer be read on this computer "
                    "(was it moved or deleted?).",
                    field_errors={
                        "attachments": f"Attach “{attachment.name}” again, or remove it."
                    },
                    hint="Attach the file again, or remove it, then submit again.",
                    status_code=None,
                ) from exc
            entry = self._outbox.mark_attachment_uploaded(entry.id, attachment.path, uploaded.id)
            done = base + max(0, attachment.size_bytes)
            self._worker_progress.emit(entry.draft_id, done, total, what)
        return entry

    def _ensure_brand_kit(self, entry: OutboxEntry) -> OutboxEntry:
        kit = entry.brand_kit
        if kit is None or kit.remote_id is not None:
            return entry
        total = self._total_bytes(entry)
        self._worker_progress.emit(entry.draft_id, total, total + 1, "Sending the brand kit…")
        remote_id = self._resolve_kit(kit.id) if self._resolve_kit is not None else None
        if remote_id is None:
            raise ValidationError(
                "The brand kit chosen for this brief is no longer available.",
                field_errors={"brand_kit_id": "Choose another brand kit, or none."},
                hint="Choose another brand kit, or none, then submit again.",
                status_code=None,
            )
        return self._outbox.mark_brand_kit_uploaded(entry.id, remote_id)

    # -- outcomes (GUI thread) -------------------------------------------------------------

    def on_post_done(self, entry_id: str, draft_id: str, task: object) -> None:
        self._in_flight.discard(entry_id)
        self._failures = 0
        if not isinstance(task, Task):
            return
        live = self._live_drafts.pop(draft_id, None)
        if live is not None:
            live.task_id = task.id
        self._drafts.mark_posted(draft_id, task.id)
        # The task as created goes to whoever tracks tasks (the tracker's cache) and the
        # balance shows its hold now: no waiting for the next poll.
        if self._on_task_posted is not None:
            self._on_task_posted(task)
        if self._on_money_moved is not None:
            self._on_money_moved()
        self.submitted.emit(draft_id, task)

    def on_post_failed(self, entry_id: str, draft_id: str, exc: BaseException) -> None:
        self._in_flight.discard(entry_id)
        log_failure(draft_id, exc)
        if is_permanent(exc):  # the entry is already marked failed (on the worker)
            self._live_drafts.pop(draft_id, None)
            self.failed.emit(draft_id, exc)
            return
        if not isinstance(exc, ApiError):  # a bug: logged by the connection
            exc = ApiError("Something unexpected went wrong.", hint="The app will try again.")
        self.queued.emit(draft_id, queued_message(exc))
        self._schedule_retry()

    def _schedule_retry(self) -> None:
        delay = min(self._retry_cap_ms, self._retry_base_ms * 2 ** min(self._failures, 10))
        self._failures += 1
        if not self._retry_timer.isActive() or self._retry_timer.remainingTime() > delay:
            self._retry_timer.start(delay)

    def _confirm_sent(self, entry: OutboxEntry) -> None:
        """A second submit of a draft already posted: answer with the task again."""
        self._start(entry)

    def stop(self) -> None:
        self._retry_timer.stop()
