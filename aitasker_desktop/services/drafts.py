"""Drafts as the app uses them: autosave while typing, the list, the trash.

Every brief is a draft from its first change. The editor calls `schedule_save(draft)` on every
change; a snapshot is taken on the GUI thread (a deep copy, tens of microseconds) ~500 ms after
the last change, and while typing goes on without such a pause at least every
`AUTOSAVE_MAX_WAIT_MS`, so a crash loses about the last second of typing, never more than two.
Snapshots are written to SQLite by the runner the service is given: in the app a single thread
of its own, so a save never queues behind network calls. Writes are serialised by a lock and
always take the newest snapshot, so a later save never loses to an earlier one; `flush()`
writes whatever is pending at once (before submitting, at shutdown).

A write that fails (disk full, read-only, locked) keeps the snapshot, says why in plain words
(`save_failed`) and is tried again every `RETRY_DELAY_MS`; the next success is `saved` again.
A draft moved to the trash, or deleted for good, is never written again (`closed`).

The list, trash and duplicate operations are small single-row reads and writes done on the
calling thread: they happen on a click, not while typing.
"""

from __future__ import annotations

import builtins
import logging
import threading
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from aitasker_desktop.domain.brief import Brief, Draft, utcnow
from aitasker_desktop.domain.task import Task
from aitasker_desktop.domain.text import clean_text
from aitasker_desktop.services.runner import TaskRunner
from aitasker_desktop.storage.drafts import TRASH_KEEP_DAYS, Drafts, TrashedDraft
from aitasker_desktop.storage.failures import DiskProblem, disk_problem

log = logging.getLogger(__name__)

__all__ = ["AUTOSAVE_DELAY_MS", "AUTOSAVE_MAX_WAIT_MS", "TRASH_KEEP_DAYS", "DraftsService"]

AUTOSAVE_DELAY_MS = 500  # after the last change
AUTOSAVE_MAX_WAIT_MS = 1000  # at the latest, while changes keep coming
RETRY_DELAY_MS = 3000  # after a failed write (disk full, file locked): try again


def save_failure_text(problem: DiskProblem, folder: str) -> str:
    """Why the draft is not on disk, and what the person can do, in plain words."""
    kept = (
        "What you typed is kept in this window, and saving is tried again every few "
        "seconds. Keep the app open until this says your work is saved."
    )
    if problem is DiskProblem.FULL:
        return (
            f"Not saved: the disk is full. {kept} Free some space on the disk that holds {folder}."
        )
    if problem is DiskProblem.READ_ONLY:
        return (
            f"Not saved: the app's data folder cannot be written to (it is read-only). "
            f"{kept} Check the permissions of {folder}."
        )
    if problem is DiskProblem.BUSY:
        return f"Not saved yet: another program is using the app's data file. {kept}"
    if problem is DiskProblem.DAMAGED:
        return (
            f"Not saved: the app's data file is damaged. {kept} Restart the app: it sets the "
            "damaged file aside and recovers what it can."
        )
    return f"Not saved: the app's data file could not be written. {kept}"


class DraftsService(QObject):
    saved = Signal(str)  # draft id: this draft's latest change is on disk
    save_failed = Signal(str)  # a plain message; the change is kept and retried
    drafts_changed = Signal()  # the list (titles, order, trash) changed
    trashed = Signal(str)  # draft id, moved to the trash
    restored = Signal(str)  # draft id, back from the trash
    forgotten = Signal(str)  # draft id, deleted for good
    renamed = Signal(str, str)  # draft id, its new title (the editor shows it if open)

    def __init__(
        self,
        repo: Drafts,
        runner: TaskRunner,
        *,
        delay_ms: int = AUTOSAVE_DELAY_MS,
        max_wait_ms: int = AUTOSAVE_MAX_WAIT_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._repo = repo
        self._runner = runner
        # GUI thread only: drafts changed since the last snapshot (the editor's live objects).
        self._dirty: dict[str, Draft] = {}
        # Shared with the writer: snapshots waiting to be written, newest per draft.
        self._pending: dict[str, Draft] = {}
        self._pending_lock = threading.Lock()
        self._write_lock = threading.Lock()  # one write at a time, in order
        self._job_queued = False
        self._posted: dict[str, str] = {}  # draft id -> task id, so autosave never unsets it
        self._last_edited: str | None = None
        self._closed: set[str] = set()  # trashed or forgotten: never written again
        self._failing = False  # the last write failed
        self._failure_text = ""  # ... and what was said about it
        self._timer = QTimer(self)  # restarted by every change: the pause after typing
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._max_timer = QTimer(self)  # started by the first change: the save while typing
        self._max_timer.setSingleShot(True)
        self._max_timer.setInterval(max(delay_ms, max_wait_ms))
        self._max_timer.timeout.connect(self.on_timer_timeout)

    # -- creating and reading --------------------------------------------------------------

    def new_draft(self) -> Draft:
        """A new empty draft; it is stored from its first change (`schedule_save`)."""
        return Draft()

    def get(self, draft_id: str) -> Draft | None:
        """The draft with this id, including changes not yet written (trashed ones too)."""
        live = self._dirty.get(draft_id)
        if live is not None:
            return live
        with self._pending_lock:
            pending = self._pending.get(draft_id)
        if pending is not None:
            return pending.model_copy(deep=True)
        return self._repo.get(draft_id)

    def list(self, search: str = "") -> builtins.list[Draft]:
        """Drafts not in the trash, last edited first, matching every word of `search`."""
        self.flush()
        return self._repo.list_drafts(search)

    def list_trash(self) -> builtins.list[TrashedDraft]:
        return self._repo.list_trash()

    def is_trashed(self, draft_id: str) -> bool:
        return self._repo.is_trashed(draft_id)

    def last_edited_id(self) -> str | None:
        """The draft to reopen in the editor after a restart: the last edited, unposted one."""
        if self._last_edited is not None:
            return self._last_edited
        for draft in self._repo.list_drafts():
            if draft.task_id is None:
                return draft.id
        return None

    # -- autosave --------------------------------------------------------------------------

    def schedule_save(self, draft: Draft) -> bool:
        """Note a change to `draft`; it is written ~0.5 s after the last change, and at most
        `AUTOSAVE_MAX_WAIT_MS` after the first unsaved one. False (and nothing kept) for a
        draft in the trash or deleted for good.

        Keeps a reference to the caller's object: the snapshot is taken when a timer fires,
        so rapid typing costs one dict update and a timer restart per keystroke.
        """
        if draft.id in self._closed:
            return False
        draft.updated_at = utcnow()
        task_id = self._posted.get(draft.id)
        if task_id is not None and draft.task_id is None:
            draft.task_id = task_id
        self._dirty[draft.id] = draft
        self._last_edited = draft.id if draft.task_id is None else self._last_edited
        self._timer.start()
        if not self._max_timer.isActive():
            self._max_timer.start()
        return True

    @property
    def has_unsaved(self) -> bool:
        with self._pending_lock:
            return bool(self._dirty or self._pending or self._job_queued)

    def stop(self) -> None:
        """No more timed saves or retries (at shutdown, after the last `flush`)."""
        self._timer.stop()
        self._max_timer.stop()

    @property
    def is_failing(self) -> bool:
        """The last write failed (it is being retried)."""
        return self._failing

    def on_timer_timeout(self) -> None:
        self._timer.stop()
        self._max_timer.stop()
        self._snapshot()
        if not self._job_queued:
            self._start_write()

    def _snapshot(self) -> None:
        """Copy the changed drafts into the writer's queue (GUI thread)."""
        if not self._dirty:
            return
        copies = {i: d.model_copy(deep=True) for i, d in self._dirty.items()}
        self._dirty.clear()
        with self._pending_lock:
            self._pending.update(copies)

    def _start_write(self) -> None:
        with self._pending_lock:
            if not self._pending:
                return
        self._job_queued = True
        self._runner.run(self._write_pending, self.on_write_done, self.on_write_failed)

    def _write_pending(self) -> builtins.list[str]:
        """Write the newest snapshot of every pending draft (any thread; serialised)."""
        with self._write_lock:
            with self._pending_lock:
                batch = builtins.list(self._pending.values())
                self._pending.clear()
            try:
                for draft in batch:
                    self._repo.save(draft)
            except BaseException:
                with self._pending_lock:
                    for draft in batch:  # keep them for the retry, unless a newer one came
                        self._pending.setdefault(draft.id, draft)
                raise
            return [d.id for d in batch]

    def on_write_done(self, ids: object) -> None:
        self._job_queued = False
        self._failing = False
        self._announce(ids)
        self._start_write()  # snapshots that arrived while this write was running

    def on_write_failed(self, exc: BaseException) -> None:
        self._job_queued = False
        folder = self._repo.folder
        text = save_failure_text(disk_problem(exc, folder), str(folder))
        if not self._failing or text != self._failure_text:  # not again at every retry
            log.error("Autosave failed", exc_info=exc)
        self._failing, self._failure_text = True, text
        self.save_failed.emit(text)
        self._timer.start(RETRY_DELAY_MS)
        self._max_timer.stop()

    def flush(self) -> bool:
        """Write everything pending now, blocking; False if the write failed."""
        self._timer.stop()
        self._max_timer.stop()
        self._snapshot()
        try:
            ids = self._write_pending()  # waits for a write already running on a worker
        except Exception as exc:
            self.on_write_failed(exc)
            return False
        self._failing = False
        self._announce(ids)
        return True

    def _announce(self, ids: object) -> None:
        if not isinstance(ids, builtins.list) or not ids:
            return
        for draft_id in ids:
            self.saved.emit(draft_id)
        self.drafts_changed.emit()

    # -- list operations -------------------------------------------------------------------

    def save_now(self, draft: Draft) -> None:
        """Write `draft` at once (a new draft made by an action, not by typing)."""
        self._dirty.pop(draft.id, None)
        with self._pending_lock:
            self._pending[draft.id] = draft.model_copy(deep=True)
        self.flush()

    def rename(self, draft_id: str, title: str) -> bool:
        """Give a draft a new title, saved like any edit (its last-edited time moves). False
        when nothing changed, or for a draft that is gone, in the trash or posted.

        The change is saved on a copy, never on the editor's own object: the editor, if the
        draft is open there, takes the new title from `renamed` as an undoable change."""
        title = clean_text(title).strip()
        draft = self.get(draft_id)
        if draft is None or draft.id in self._closed or draft.task_id is not None:
            return False
        if draft.brief.title == title or self._repo.is_trashed(draft_id):
            return False
        changed = draft.model_copy(deep=True)
        changed.brief.title = title
        self.schedule_save(changed)
        self.renamed.emit(draft_id, title)
        self.drafts_changed.emit()
        return True

    def duplicate(self, draft_id: str) -> Draft:
        self.flush()
        copy = self._repo.duplicate(draft_id)
        if copy is None:
            raise KeyError(draft_id)
        self.drafts_changed.emit()
        return copy

    def delete(self, draft_id: str) -> bool:
        """Move a draft to the trash (kept `TRASH_KEEP_DAYS` days; undo with `restore`)."""
        self.flush()
        moved = self._repo.delete(draft_id)
        if self._last_edited == draft_id:
            self._last_edited = None
        if moved:
            self._close(draft_id)
            self.trashed.emit(draft_id)
            self.drafts_changed.emit()
        return moved

    def restore(self, draft_id: str) -> bool:
        restored = self._repo.restore(draft_id)
        if restored:
            self._closed.discard(draft_id)
            self.restored.emit(draft_id)
            self.drafts_changed.emit()
        return restored

    def delete_forever(self, draft_id: str) -> bool:
        self._close(draft_id)  # even if absent: an autosave must not bring it back
        with self._write_lock:  # after a write already under way, never before it
            gone = self._repo.delete_forever(draft_id)
        if gone:
            self.forgotten.emit(draft_id)
            self.drafts_changed.emit()
        return gone

    def is_closed(self, draft_id: str) -> bool:
        """In the trash or deleted for good: changes to it are no longer saved."""
        return draft_id in self._closed

    def _close(self, draft_id: str) -> None:
        self._closed.add(draft_id)
        self._dirty.pop(draft_id, None)
        with self._pending_lock:
            self._pending.pop(draft_id, None)

    def purge_trash(self, *, now: datetime | None = None) -> int:
        """Forget drafts trashed more than 30 days ago (run at startup)."""
        try:
            count = self._repo.purge_trash(TRASH_KEEP_DAYS, now=now)
        except Exception as exc:  # housekeeping: a file that cannot be written waits for later
            log.warning("The trash was not emptied: %s", exc)
            return 0
        if count:
            self.drafts_changed.emit()
        return count

    def new_from_task(self, task: Task) -> Draft:
        """A new draft holding a posted task's brief, to post something like it again."""
        brief = Brief(
            title=task.title,
            description=task.description,
            category=task.category,
            task_type=task.task_type,
            budget_usd=task.budget_usd,
            requirements=dict(task.requirements),
            experimentation=task.experimentation if task.experimentation is not None else 0.3,
            metadata=dict(task.metadata or {}),
        )
        # Attachments and the brand kit are the service's copies; the user re-attaches files.
        draft = Draft(brief=brief)
        self.save_now(draft)
        self.drafts_changed.emit()
        return draft

    def mark_posted(self, draft_id: str, task_id: str) -> None:
        """Record that this draft became task `task_id` (kept through later autosaves)."""
        self._posted[draft_id] = task_id
        live = self._dirty.get(draft_id)
        if live is not None:
            live.task_id = task_id
        self.flush()
        draft = self._repo.get(draft_id)
        if draft is not None and draft.task_id != task_id:
            draft.task_id = task_id
            self._repo.save(draft)
        if self._last_edited == draft_id:
            self._last_edited = None
        self.drafts_changed.emit()

    def find_by_task(self, task_id: str) -> Draft | None:
        return self._repo.find_by_task(task_id)
