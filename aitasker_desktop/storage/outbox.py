"""The outbox: submissions waiting to be posted, each sent exactly once.

`enqueue` stores the create payload with a fresh idempotency key and commits it before the
submission service sends a byte; every retry, after a lost answer, a crash or a second click,
reuses that key, so the service returns the same task instead of posting another. A draft has
at most one live entry (pending, sending or sent): enqueueing it again returns that entry.
Only after a permanent failure (the service refused the request) may a new entry, with a new
key, be made for the same draft.

PENDING and SENDING differ in what the service may know. A pending entry's create request has
certainly not reached it (never sent, or every attempt failed to connect): the submission may
be cancelled (`cancel`) with nothing to undo on the service. A sending entry's create request
may have reached it (it is in flight, its answer was lost, or the app stopped meanwhile): only
sending it again with the same key tells whether the task exists, so it can never be dropped.
"""

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from aitasker_desktop.domain.brief import Attachment, BrandKit, utcnow
from aitasker_desktop.storage.db import Store, from_timestamp, text, timestamp, to_json


class OutboxState(StrEnum):
    PENDING = "pending"  # waiting; no create request can have reached the service yet
    SENDING = "sending"  # a create request may have reached it: send again (same key) to know
    SENT = "sent"  # the service created the task: task_id is set
    FAILED_PERMANENT = "failed_permanent"  # refused by the service; needs the user


LIVE_STATES = (OutboxState.PENDING, OutboxState.SENDING, OutboxState.SENT)
TO_SEND_STATES = (OutboxState.PENDING, OutboxState.SENDING)


class OutboxEntry(BaseModel):
    """One submission as stored. Immutable: each change returns a new entry from the store."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    id: str
    draft_id: str
    idempotency_key: str
    payload: dict[str, Any]  # the create body, without upload ids or the kit's remote id
    attachments: tuple[Attachment, ...] = ()
    brand_kit: BrandKit | None = None
    state: OutboxState = OutboxState.PENDING
    attempts: int = 0
    last_error: str = ""  # plain words, fit to show
    task_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def pending_uploads(self) -> tuple[Attachment, ...]:
        return tuple(a for a in self.attachments if a.upload_id is None)

    @property
    def needs_brand_kit_upload(self) -> bool:
        return self.brand_kit is not None and self.brand_kit.remote_id is None

    @property
    def ready_to_post(self) -> bool:
        """Every attachment and the brand kit are on the service: the body is final."""
        return not self.pending_uploads and not self.needs_brand_kit_upload

    def request_body(self) -> dict[str, Any]:
        """The body to POST: the payload with upload ids and the kit's remote id filled in.

        Deterministic for a given entry, so a retry sends the same body with the same key.
        """
        body = dict(self.payload)
        ids = [a.upload_id for a in self.attachments if a.upload_id is not None]
        if ids:
            body["attachments"] = ids
        if self.brand_kit is not None and self.brand_kit.remote_id is not None:
            body["brand_kit_id"] = self.brand_kit.remote_id
        return body


_COLUMNS = (
    "id, draft_id, idempotency_key, payload, attachments, brand_kit, state, attempts,"
    " last_error, task_id, created_at, updated_at"
)


def _entry(row: Sequence[Any]) -> OutboxEntry:
    return OutboxEntry.model_validate(
        {
            "id": row[0],
            "draft_id": row[1],
            "idempotency_key": row[2],
            "payload": _loads(row[3]),
            "attachments": _loads(row[4]),
            "brand_kit": None if row[5] is None else _loads(row[5]),
            "state": row[6],
            "attempts": row[7],
            "last_error": row[8],
            "task_id": row[9],
            "created_at": from_timestamp(row[10]),
            "updated_at": from_timestamp(row[11]),
        }
    )


def _loads(doc: str) -> Any:
    return json.loads(doc)


class Outbox:
    def __init__(self, store: Store) -> None:
        self._store = store

    def enqueue(
        self,
        draft_id: str,
        payload: dict[str, Any],
        attachments: Sequence[Attachment] = (),
        brand_kit: BrandKit | None = None,
        *,
        now: datetime | None = None,
    ) -> OutboxEntry:
        """Store a submission with a new idempotency key, committed before this returns.

        If the draft already has a live entry (pending, sending or sent), that entry is
        returned unchanged and nothing new is stored: a second click cannot post twice.
        """
        moment = timestamp(now or utcnow())
        with self._store.transaction() as c:
            existing = self._live_for(draft_id)
            if existing is not None:
                return existing
            entry_id = str(uuid.uuid4())
            c.execute(
                f"INSERT INTO outbox ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 0, '', NULL, ?, ?)",
                (
                    entry_id,
                    draft_id,
                    str(uuid.uuid4()),
                    to_json(payload),
                    to_json([a.model_dump(mode="json") for a in attachments]),
                    None if brand_kit is None else to_json(brand_kit),
                    OutboxState.PENDING.value,
                    moment,
                    moment,
                ),
            )
            entry = self._get(entry_id)
        assert entry is not None
        return entry

    def get(self, entry_id: str) -> OutboxEntry | None:
        with self._store.read():
            return self._get(entry_id)

    def get_by_draft(self, draft_id: str) -> OutboxEntry | None:
        """The draft's live entry, else its most recent one (a permanent failure), else None."""
        with self._store.read() as c:
            live = self._live_for(draft_id)
            if live is not None:
                return live
            row = c.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE draft_id = ?"
                " ORDER BY created_at DESC, rowid DESC LIMIT 1",
                (draft_id,),
            ).fetchone()
        return None if row is None else _entry(row)

    def list_pending(self) -> list[OutboxEntry]:
        """Entries still to send (pending, or sending when the app stopped), oldest first."""
        return self._list(TO_SEND_STATES)

    def list_failed(self) -> list[OutboxEntry]:
        return self._list((OutboxState.FAILED_PERMANENT,))

    def list_all(self) -> list[OutboxEntry]:
        return self._list(tuple(OutboxState))

    def mark_sending(self, entry_id: str) -> OutboxEntry:
        """Record a create request about to go out (committed before it does): from now on
        the task may exist, so the entry can no longer be cancelled."""
        return self._update(
            entry_id,
            "state = ?, attempts = attempts + 1",
            (OutboxState.SENDING.value,),
            allowed=TO_SEND_STATES,
        )

    def mark_attachment_uploaded(self, entry_id: str, path: str, upload_id: str) -> OutboxEntry:
        """Remember that the file at `path` is on the service as `upload_id`."""
        with self._store.transaction() as c:
            entry = self._require(entry_id)
            if not any(a.path == path for a in entry.attachments):
                raise KeyError(f"no attachment {path!r} in outbox entry {entry_id}")
            updated = [
                a.model_copy(update={"upload_id": upload_id}) if a.path == path else a
                for a in entry.attachments
            ]
            c.execute(
                "UPDATE outbox SET attachments = ?, updated_at = ? WHERE id = ?",
                (
                    to_json([a.model_dump(mode="json") for a in updated]),
                    timestamp(utcnow()),
                    entry_id,
                ),
            )
            return self._require(entry_id)

    def mark_brand_kit_uploaded(self, entry_id: str, remote_id: str) -> OutboxEntry:
        with self._store.transaction() as c:
            entry = self._require(entry_id)
            if entry.brand_kit is None:
                raise KeyError(f"outbox entry {entry_id} has no brand kit")
            kit = entry.brand_kit.model_copy(update={"remote_id": remote_id})
            c.execute(
                "UPDATE outbox SET brand_kit = ?, updated_at = ? WHERE id = ?",
                (to_json(kit), timestamp(utcnow()), entry_id),
            )
            return self._require(entry_id)

    def mark_sent(self, entry_id: str, task_id: str) -> OutboxEntry:
        return self._update(
            entry_id,
            "state = ?, task_id = ?, last_error = ''",
            (OutboxState.SENT.value, task_id),
            allowed=(*TO_SEND_STATES, OutboxState.SENT),
        )

    def mark_failed(
        self, entry_id: str, message: str, *, permanent: bool, may_have_posted: bool
    ) -> OutboxEntry:
        """A failed attempt, to retry with the same key: sending while the task may exist
        (`may_have_posted`: some create request may have reached the service), else pending.
        When the service refused it for good, failed_permanent (the draft may then be
        enqueued anew). `message` is plain text for the user, never a raw exception."""
        if permanent:
            state = OutboxState.FAILED_PERMANENT
        else:
            state = OutboxState.SENDING if may_have_posted else OutboxState.PENDING
        return self._update(
            entry_id,
            "state = ?, last_error = ?",
            (state.value, text(message)),
            allowed=TO_SEND_STATES,
        )

    def cancel(self, entry_id: str) -> bool:
        """Withdraw a pending submission, with its draft's refused ones: True when it was
        pending (no create request can have reached the service) and is now gone; False
        when it is sending or sent, and is kept."""
        with self._store.transaction() as c:
            entry = self._get(entry_id)
            if entry is None or entry.state is not OutboxState.PENDING:
                return False
            c.execute(
                "DELETE FROM outbox WHERE draft_id = ? AND state IN (?, ?)",
                (entry.draft_id, OutboxState.PENDING.value, OutboxState.FAILED_PERMANENT.value),
            )
        return True

    def remove(self, entry_id: str) -> bool:
        """Drop an entry that is not in flight (e.g. the user dismissed a failed one)."""
        with self._store.transaction() as c:
            cur = c.execute(
                "DELETE FROM outbox WHERE id = ? AND state != ?",
                (entry_id, OutboxState.SENDING.value),
            )
        return cur.rowcount > 0

    # -- helpers (callers hold the store's lock) -----------------------------------------

    def _update(
        self,
        entry_id: str,
        assignments: str,
        params: tuple[Any, ...],
        *,
        allowed: Sequence[OutboxState],
    ) -> OutboxEntry:
        with self._store.transaction() as c:
            entry = self._require(entry_id)
            if entry.state not in allowed:
                raise ValueError(f"outbox entry {entry_id} is {entry.state.value}")
            c.execute(
                f"UPDATE outbox SET {assignments}, updated_at = ? WHERE id = ?",
                (*params, timestamp(utcnow()), entry_id),
            )
            return self._require(entry_id)

    def _list(self, states: Sequence[OutboxState]) -> list[OutboxEntry]:
        marks = ", ".join("?" for _ in states)
        with self._store.read() as c:
            rows = c.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE state IN ({marks})"
                " ORDER BY created_at, rowid",
                [s.value for s in states],
            ).fetchall()
        return [_entry(r) for r in rows]

    def _live_for(self, draft_id: str) -> OutboxEntry | None:
        with self._store.read() as c:
            row = c.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE draft_id = ? AND state != ?",
                (draft_id, OutboxState.FAILED_PERMANENT.value),
            ).fetchone()
        return None if row is None else _entry(row)

    def _get(self, entry_id: str) -> OutboxEntry | None:
        with self._store.read() as c:
            row = c.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (entry_id,)).fetchone()
        return None if row is None else _entry(row)

    def _require(self, entry_id: str) -> OutboxEntry:
        entry = self._get(entry_id)
        if entry is None:
            raise KeyError(f"no outbox entry {entry_id}")
        return entry
