"""Fetching previews and saving delivered files to a folder the user picked (or the app's
Downloads folder, for a file opened with the system's app).

Every save carries a key (the task it belongs to), and so do its signals: what a save says
is shown on that task's delivery only.

Saving never overwrites anything: each file is written to a temporary file created
exclusively inside the target folder, then linked into place under a cleaned name
(`domain.filenames.safe_filename`), taking `name (2).ext` if the name is taken. A hard link
fails when the target exists, so the final name appears only once the file is complete and
never replaces another file. Where links are not supported (FAT, some network shares) the
final name is reserved with an exclusive create ("xb") and the finished temp file replaces
that empty reservation, which is ours.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from aitasker_desktop.api.errors import ApiError, NotAvailable
from aitasker_desktop.domain.capabilities import DOING, Capabilities, Operation
from aitasker_desktop.domain.filenames import numbered, safe_filename
from aitasker_desktop.domain.task import FileRef
from aitasker_desktop.services.connection import Connection
from aitasker_desktop.services.pdf_pages import PdfPages, RenderedPdf

if TYPE_CHECKING:
    from aitasker_desktop.services.client_api import ClientApi

log = logging.getLogger(__name__)

MAX_PREVIEW_BYTES = 2 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 2 * 1024 * 1024 * 1024
MAX_ALTERNATIVES = 999


class SaveError(ApiError):
    default_message = "The file could not be saved."
    default_hint = (
        "Check that the folder exists, that you may write to it and that the disk has room."
    )


class SaveCancelled(ApiError):
    default_message = "Saving was stopped."
    default_hint = "Files saved before stopping were kept; the one in progress was removed."


@dataclass(frozen=True)
class SavedFile:
    name: str  # what the server called it
    path: Path  # where it is now


def place_without_overwrite(tmp: Path, folder: Path, name: str) -> Path:
    """Give the finished `tmp` its final name in `folder`; never replace an existing file."""
    for n in range(1, MAX_ALTERNATIVES + 1):
        target = folder / numbered(name, n)
        try:
            os.link(tmp, target)
        except FileExistsError:
            continue
        except OSError:
            return _place_by_reservation(tmp, folder, name)
        tmp.unlink()
        return target
    raise SaveError(f"Too many files named like “{name}” in that folder.")


def _place_by_reservation(tmp: Path, folder: Path, name: str) -> Path:
    for n in range(1, MAX_ALTERNATIVES + 1):
        target = folder / numbered(name, n)
        try:
            with open(target, "xb"):
                pass
        except FileExistsError:
            continue
        os.replace(tmp, target)
        return target
    raise SaveError(f"Too many files named like “{name}” in that folder.")


def save_file(
    write: Callable[[Any], int],
    folder: Path,
    server_name: str,
) -> Path:
    """Write through `write(binary_file)` into a temp file in `folder`, then place it.

    Blocking: call it from a worker. The temp file is removed if anything fails.
    """
    name = safe_filename(server_name)
    fd, tmp_name = tempfile.mkstemp(prefix=".aitasker-", suffix=".part", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        return place_without_overwrite(tmp, folder, name)
    finally:
        if tmp.exists():
            tmp.unlink()


class DownloadService(QObject):
    """Previews (bytes in memory, capped) and saves (files on disk, with progress)."""

    # Emitted from the worker thread; Qt queues them to the GUI thread. The first value is
    # the key the save was started with.
    progress_changed = Signal(str, int, int)  # key, bytes done, bytes expected (0 if unknown)
    files_saved = Signal(str, list)  # key, [SavedFile]
    save_failed = Signal(str, object)  # key, ApiError

    def __init__(
        self,
        connection: Connection,
        downloads_dir: Path,
        offer: Callable[[], Capabilities] = Capabilities.everything,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._offer = offer  # what the current world's server offers (re-learned)
        self.downloads_dir = downloads_dir
        self._busy = False
        self._cancelled = False
        self._pdf = PdfPages(connection.runner)

    @property
    def busy(self) -> bool:
        return self._busy

    def cancel(self) -> None:
        """Stop the running save at its next chunk; its unfinished file is removed."""
        self._cancelled = self._busy

    def fetch_preview(
        self,
        file: FileRef,
        on_done: Callable[[bytes], None],
        on_error: Callable[[BaseException], None],
        *,
        max_bytes: int = MAX_PREVIEW_BYTES,
        owner: QObject | None = None,
    ) -> None:
        if not self._offer().allows(Operation.FILES):
            # Said at once, the same for every preview: asking would only answer 404.
            on_error(NotAvailable(Operation.FILES.value, DOING[Operation.FILES]))
            return
        self._connection.call(
            lambda client: client.fetch_bytes(file, max_bytes=max_bytes),
            on_done,
            on_error,
            owner=owner,
        )

    def render_pdf(
        self,
        data: bytes,
        width_px: int,
        on_done: Callable[[RenderedPdf], None],
        on_error: Callable[[BaseException], None],
        *,
        owner: QObject | None = None,
    ) -> None:
        """A PDF preview's pages as pictures, drawn on a worker."""
        self._pdf.render(data, width_px, on_done, on_error, owner=owner)

    def save(self, files: Sequence[FileRef], folder: Path, *, key: str = "") -> bool:
        """Start saving `files` into `folder`; False if a save is already running."""
        if self._busy or not files:
            return False
        self._busy = True
        self._cancelled = False
        files = list(files)
        expected = sum(f.size_bytes or 0 for f in files)
        self.progress_changed.emit(key, 0, expected)

        def work(client: ClientApi) -> list[SavedFile]:
            saved: list[SavedFile] = []
            before = 0
            for file in files:
                if self._cancelled:
                    raise SaveCancelled()
                base = before

                def progress(done: int, *_: object, base: int = base) -> None:
                    if self._cancelled:
                        raise SaveCancelled()
                    self.progress_changed.emit(key, base + int(done), expected)

                def write(out: Any, file: FileRef = file, progress: Any = progress) -> int:
                    return int(
                        client.download(file, out, max_bytes=MAX_DOWNLOAD_BYTES, progress=progress)
                    )

                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    path = save_file(write, folder, file.name)
                except OSError as exc:
                    log.warning("Saving %s failed: %s", type(exc).__name__, exc.strerror)
                    raise SaveError(
                        f"“{safe_filename(file.name)}” could not be saved ({exc.strerror})."
                    ) from exc
                saved.append(SavedFile(file.name, path))
                before += file.size_bytes or path.stat().st_size
                self.progress_changed.emit(key, before, expected)
            return saved

        def done(saved: object) -> None:
            self._busy = False
            self.files_saved.emit(key, saved)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.save_failed.emit(key, exc)

        self._connection.call(work, done, failed)
        return True
