"""Saving and opening a task's files (its delivery's, and its bids' artifacts).

Every save is started with the task's id as its key, and what it says is kept per task:
"Saved … in …" from one task's delivery never shows on another's. Saving asks for a folder,
starting in the app's Downloads folder; opening saves into that folder without asking and
opens the file with the system's app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from aitasker_desktop.domain.filenames import safe_filename
from aitasker_desktop.domain.task import FileRef
from aitasker_desktop.services import formatting
from aitasker_desktop.services.downloads import DownloadService, SavedFile
from aitasker_desktop.ui.messages import error_text
from aitasker_desktop.ui.task_page.delivery import DeliveryView
from aitasker_desktop.ui.task_page.dialogs import Prompts
from aitasker_desktop.ui.task_page.outcomes import SAVE_NOT_DONE, is_offline

BUSY = "A save is already running; wait for it to finish."
Note = tuple[str, Path | None]  # what was said, the folder to open (None: nothing saved)


def saved_text(saved: list[SavedFile]) -> str:
    names = [safe_filename(s.path.name) for s in saved]
    shown = ", ".join(names[:5]) + (
        f" and {formatting.count(len(names) - 5)} more" if len(names) > 5 else ""
    )
    folder = saved[0].path.parent if saved else ""
    return f"Saved {shown} in {folder}."


class FileSaving(QObject):
    def __init__(
        self,
        page: QWidget,
        downloads: DownloadService,
        view: DeliveryView,
        prompts: Callable[[], Prompts],
        task_id: Callable[[], str | None],
        show_elsewhere: Callable[[str, Note], None],
    ) -> None:
        super().__init__(page)
        self._page = page
        self._downloads = downloads
        self._view = view
        self._prompts = prompts
        self._task_id = task_id
        self._show_elsewhere = show_elsewhere  # the gallery's line, for bid artifacts
        self._notes: dict[str, Note] = {}
        self._running: tuple[str, str] | None = None  # (task id, "delivery"|"artifact"|"open")
        self._opened: dict[str, Path] = {}  # file key -> where it was saved to open it
        self._pending_open: FileRef | None = None
        downloads.progress_changed.connect(self.on_downloads_progress_changed)
        downloads.files_saved.connect(self.on_downloads_files_saved)
        downloads.save_failed.connect(self.on_downloads_save_failed)

    def note_for(self, task_id: str) -> Note:
        return self._notes.get(task_id, ("", None))

    def show_task(self, task_id: str) -> None:
        """The delivery now shows `task_id`: its own save, and nothing of another task's."""
        running = self._running
        mine = running is not None and running[0] == task_id and running[1] != "artifact"
        self._view.set_saving(mine)
        if not mine:
            self._view.set_save_status(*self.note_for(task_id))

    # -- starting ---------------------------------------------------------------------------

    def save(self, files: list[FileRef], *, purpose: str = "delivery") -> None:
        task_id = self._task_id()
        if task_id is None or not files:
            return
        title = "Save file to folder" if len(files) == 1 else "Save all files to folder"
        folder = self._prompts().pick_folder(self._page, title, self._downloads.downloads_dir)
        if folder is None:
            return
        self._start(task_id, purpose, files, folder)

    def open(self, file: FileRef) -> None:
        """Open with the system's app: saved into the Downloads folder first (once)."""
        task_id = self._task_id()
        if task_id is None:
            return
        known = self._opened.get(_file_key(file))
        if known is not None and known.is_file():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(known)))
            return
        self._start(task_id, "open", [file], self._downloads.downloads_dir)

    def _start(self, task_id: str, purpose: str, files: list[FileRef], folder: Path) -> None:
        self._running = (task_id, purpose)
        if purpose != "artifact":
            self._view.set_saving(True)  # before: the answer may come at once
        if not self._downloads.save(files, folder, key=task_id):
            self._running = None
            self._say(task_id, purpose, (BUSY, None))
            if purpose != "artifact":
                self._view.set_saving(False)
        elif purpose == "open":
            self._pending_open = files[0]

    def _say(self, task_id: str, purpose: str, note: Note) -> None:
        if purpose == "artifact":
            if task_id == self._task_id():
                self._show_elsewhere(task_id, note)
            return
        self._notes[task_id] = note
        if task_id == self._task_id():
            self._view.set_save_status(*note)

    # -- answers from the service -----------------------------------------------------------

    def on_downloads_progress_changed(self, key: str, done: int, total: int) -> None:
        if key == self._task_id() and self._running and self._running[1] != "artifact":
            self._view.set_progress(done, total)

    def on_downloads_files_saved(self, key: str, saved: list[object]) -> None:
        purpose = self._finish(key)
        files = [s for s in saved if isinstance(s, SavedFile)]
        if purpose == "open" and files:
            path = files[0].path
            if self._pending_open is not None:
                self._opened[_file_key(self._pending_open)] = path
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            text = f"Opened {safe_filename(path.name)} (saved in {path.parent})."
            self._say(key, purpose, (text, path.parent))
            return
        self._say(key, purpose, (saved_text(files), files[0].path.parent if files else None))

    def on_downloads_save_failed(self, key: str, exc: object) -> None:
        purpose = self._finish(key)
        if is_offline(exc):
            text = SAVE_NOT_DONE
        else:
            text = error_text(exc) if isinstance(exc, BaseException) else "Saving failed."
        self._say(key, purpose, (text, None))

    def _finish(self, key: str) -> str:
        purpose = self._running[1] if self._running is not None else "delivery"
        self._running = None
        if key == self._task_id():
            self._view.set_saving(False)
        return purpose


def _file_key(file: FileRef) -> str:
    return file.id or file.url or file.name
