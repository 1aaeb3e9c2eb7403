"""Drafts: every brief the user writes, saved as they type, with a trash and undo.

Drafts belong to the user, not to an account or the sandbox, so they are not keyed by world.
A save is one transaction; saving a draft identical to what was last saved or read does not
touch the disk at all, so an autosave timer may call `save` freely.
"""

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from aitasker_desktop.domain.brief import Draft, utcnow
from aitasker_desktop.storage.db import Store, from_timestamp, text, timestamp, to_json

TRASH_KEEP_DAYS = 30

_UPSERT = """
    INSERT INTO drafts (id, json, title, search, created_at, updated_at, task_id)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET
        json = excluded.json, title = excluded.title, search = excluded.search,
        updated_at = excluded.updated_at, task_id = excluded.task_id
    WHERE drafts.json IS NOT excluded.json
"""


@dataclass(frozen=True)
class TrashedDraft:
    draft: Draft
    deleted_at: datetime


def _search_key(draft: Draft) -> str:
    return f"{draft.brief.title}\n{draft.brief.description}".casefold()


class Drafts:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._saved: dict[str, str] = {}  # draft id -> JSON last written or read
        self._saved_lock = threading.Lock()

    @property
    def folder(self) -> Path:
        """Where the data file is (for messages about the disk)."""
        return self._store.path.parent

    def save(self, draft: Draft) -> bool:
        """Insert or update `draft` in one transaction; False when nothing had changed.

        The trash state is kept: saving a trashed draft updates it in the trash.
        """
        doc = to_json(draft)
        with self._saved_lock:
            if self._saved.get(draft.id) == doc:
                return False
        with self._store.transaction() as c:
            c.execute(
                _UPSERT,
                (
                    draft.id,
                    doc,
                    text(draft.brief.title),
                    text(_search_key(draft)),
                    timestamp(draft.created_at),
                    timestamp(draft.updated_at),
                    draft.task_id,
                ),
            )
        self._remember(draft.id, doc)  # only once committed
        return True

    def get(self, draft_id: str) -> Draft | None:
        """The draft with this id, in the trash or not."""
        with self._store.read() as c:
            row = c.execute("SELECT json FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            return None
        self._remember(draft_id, row[0])
        return Draft.model_validate_json(row[0])

    def is_trashed(self, draft_id: str) -> bool:
        with self._store.read() as c:
            row = c.execute("SELECT deleted_at FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return row is not None and row[0] is not None

    def list_drafts(self, search: str = "") -> list[Draft]:
        """Drafts not in the trash, last edited first; `search` words must all appear in the
        title or the brief (case-insensitive)."""
        words = text(search).casefold().split()
        sql = "SELECT json FROM drafts WHERE deleted_at IS NULL"
        sql += "".join(" AND instr(search, ?) > 0" for _ in words)
        sql += " ORDER BY updated_at DESC, id"
        with self._store.read() as c:
            rows = c.execute(sql, words).fetchall()
        return [Draft.model_validate_json(r[0]) for r in rows]

    def find_by_task(self, task_id: str) -> Draft | None:
        """The draft a posted task was made from, if it is still kept."""
        with self._store.read() as c:
            row = c.execute(
                "SELECT json FROM drafts WHERE task_id = ? ORDER BY updated_at DESC LIMIT 1",
                (task_id,),
            ).fetchone()
        return None if row is None else Draft.model_validate_json(row[0])

    def duplicate(self, draft_id: str) -> Draft | None:
        """A new draft with a copy of the brief (title marked "(copy)"), or None if not found."""
        with self._store.transaction():
            original = self.get(draft_id)
            if original is None:
                return None
            now = utcnow()
            brief = original.brief.model_copy(deep=True)
            if brief.title.strip():
                brief.title = f"{brief.title.rstrip()} (copy)"
            copy = Draft(brief=brief, created_at=now, updated_at=now)
            self.save(copy)
        return copy

    def delete(self, draft_id: str, *, now: datetime | None = None) -> bool:
        """Move a draft to the trash (undo with `restore`); False if absent or already there."""
        moment = timestamp(now or utcnow())
        with self._store.transaction() as c:
            cur = c.execute(
                "UPDATE drafts SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (moment, draft_id),
            )
        return cur.rowcount > 0

    def restore(self, draft_id: str) -> bool:
        """Take a draft out of the trash; False if it is not there."""
        with self._store.transaction() as c:
            cur = c.execute(
                "UPDATE drafts SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL",
                (draft_id,),
            )
        return cur.rowcount > 0

    def list_trash(self) -> list[TrashedDraft]:
        """Drafts in the trash, most recently deleted first."""
        with self._store.read() as c:
            rows = c.execute(
                "SELECT json, deleted_at FROM drafts WHERE deleted_at IS NOT NULL"
                " ORDER BY deleted_at DESC, id"
            ).fetchall()
        return [TrashedDraft(Draft.model_validate_json(j), from_timestamp(d)) for j, d in rows]

    def delete_forever(self, draft_id: str) -> bool:
        with self._store.transaction() as c:
            cur = c.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        self._forget(draft_id)
        return cur.rowcount > 0

    def purge_trash(
        self, older_than_days: float = TRASH_KEEP_DAYS, *, now: datetime | None = None
    ) -> int:
        """Delete for good the drafts trashed more than `older_than_days` ago; how many."""
        cutoff = timestamp((now or utcnow()) - timedelta(days=older_than_days))
        with self._store.transaction() as c:
            ids = [
                r[0]
                for r in c.execute(
                    "DELETE FROM drafts WHERE deleted_at IS NOT NULL AND deleted_at < ?"
                    " RETURNING id",
                    (cutoff,),
                ).fetchall()
            ]
        for draft_id in ids:
            self._forget(draft_id)
        return len(ids)

    def _remember(self, draft_id: str, doc: str) -> None:
        with self._saved_lock:
            self._saved[draft_id] = doc

    def _forget(self, draft_id: str) -> None:
        with self._saved_lock:
            self._saved.pop(draft_id, None)
