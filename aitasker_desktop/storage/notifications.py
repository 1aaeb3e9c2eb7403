"""The in-app notification list, per world (the sandbox's events are not the account's)."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from aitasker_desktop.domain.brief import utcnow
from aitasker_desktop.domain.notification import Notification
from aitasker_desktop.storage.db import Store, from_timestamp, text, timestamp

_COLUMNS = "id, task_id, kind, text, created_at, read"


def _notification(row: Sequence[Any]) -> Notification:
    return Notification(
        id=row[0],
        task_id=row[1],
        kind=row[2],
        text=row[3],
        created_at=from_timestamp(row[4]),
        read=bool(row[5]),
    )


class Notifications:
    def __init__(self, store: Store, world: str) -> None:
        self._store = store
        self.world = world

    def append(
        self,
        kind: str,
        message: str,
        *,
        task_id: str | None = None,
        dedupe_key: str | None = None,
        now: datetime | None = None,
        read: bool = False,
    ) -> Notification | None:
        """Add a notification; None if one with the same `dedupe_key` already exists (so a
        tracker that sees the same event twice, e.g. after a restart, tells the user once).
        `read`: kept for the record only (a summary told it instead)."""
        with self._store.transaction() as c:
            row = c.execute(
                "INSERT INTO notifications"
                " (world, task_id, kind, text, created_at, dedupe_key, read)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                f" RETURNING {_COLUMNS}",
                (
                    self.world,
                    task_id,
                    text(kind),
                    text(message),
                    timestamp(now or utcnow()),
                    None if dedupe_key is None else text(dedupe_key),
                    int(read),
                ),
            ).fetchone()
        return None if row is None else _notification(row)

    def recent(self, limit: int = 100, *, unread_only: bool = False) -> list[Notification]:
        """The newest notifications first."""
        where = " AND read = 0" if unread_only else ""
        with self._store.read() as c:
            rows = c.execute(
                f"SELECT {_COLUMNS} FROM notifications WHERE world = ?{where}"
                " ORDER BY id DESC LIMIT ?",
                (self.world, limit),
            ).fetchall()
        return [_notification(r) for r in rows]

    def mark_read(self, notification_ids: Sequence[int]) -> int:
        with self._store.transaction() as c:
            cur = c.executemany(
                "UPDATE notifications SET read = 1 WHERE world = ? AND id = ? AND read = 0",
                [(self.world, i) for i in notification_ids],
            )
        return cur.rowcount

    def mark_all_read(self) -> int:
        with self._store.transaction() as c:
            cur = c.execute(
                "UPDATE notifications SET read = 1 WHERE world = ? AND read = 0", (self.world,)
            )
        return cur.rowcount

    def unread_count(self) -> int:
        with self._store.read() as c:
            row = c.execute(
                "SELECT count(*) FROM notifications WHERE world = ? AND read = 0", (self.world,)
            ).fetchone()
        return int(row[0])

    def prune(self, older_than_days: float = 90, *, now: datetime | None = None) -> int:
        """Delete read notifications older than `older_than_days`; how many."""
        cutoff = timestamp((now or utcnow()) - timedelta(days=older_than_days))
        with self._store.transaction() as c:
            cur = c.execute(
                "DELETE FROM notifications WHERE world = ? AND read = 1 AND created_at < ?",
                (self.world, cutoff),
            )
        return cur.rowcount

    def clear(self) -> None:
        with self._store.transaction() as c:
            c.execute("DELETE FROM notifications WHERE world = ?", (self.world,))
