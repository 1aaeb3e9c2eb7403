"""Where the app keeps its files.

`AppPaths.default()` follows the platform's conventions (platformdirs); `AppPaths.under(root)`
puts every file below one folder, for `--data-dir DIR` and for tests. Nothing is created until
`ensure()` is called, so building the paths has no side effects. A folder that cannot be made
(a file in its way, no permission, a read-only or full disk, a place that takes no folders)
is a `FolderProblem`, which says so in plain words.
"""

import errno
import logging
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

log = logging.getLogger(__name__)

APP_NAME = "AITasker Desktop"
DB_FILENAME = "aitasker.sqlite3"
SETTINGS_FILENAME = "settings.json"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path  # the SQLite store, settings, brand kit assets, sandbox state
    log_dir: Path
    cache_dir: Path  # throw-away: previews, thumbnails, downloaded artifacts
    downloads_dir: Path  # the default folder offered when saving deliveries

    @classmethod
    def default(cls) -> "AppPaths":
        dirs = PlatformDirs(appname=APP_NAME, appauthor=False)
        downloads = Path.home() / "Downloads"
        return cls(
            data_dir=Path(dirs.user_data_dir),
            log_dir=Path(dirs.user_log_dir),
            cache_dir=Path(dirs.user_cache_dir),
            downloads_dir=downloads if downloads.is_dir() else Path.home(),
        )

    @classmethod
    def chosen(cls, data_dir: Path | None) -> "AppPaths":
        """Below `data_dir` when one was given (`--data-dir`), else the platform's folders."""
        return cls.under(data_dir) if data_dir else cls.default()

    @classmethod
    def under(cls, root: Path) -> "AppPaths":
        """Everything the app writes below `root` (the `--data-dir` flag)."""
        root = root.expanduser().absolute()
        return cls(
            data_dir=root / "data",
            log_dir=root / "logs",
            cache_dir=root / "cache",
            downloads_dir=root / "downloads",
        )

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def settings_path(self) -> Path:
        return self.data_dir / SETTINGS_FILENAME

    @property
    def sandbox_dir(self) -> Path:
        """The embedded sandbox's state (its own database and files)."""
        return self.data_dir / "sandbox"

    @property
    def brand_kits_dir(self) -> Path:
        """Copies of brand kit assets, one folder per kit."""
        return self.data_dir / "brand_kits"

    def ensure(self) -> "AppPaths":
        """Make the folders the app cannot work without (an existing one is left as is) and
        return self; `FolderProblem` when one cannot be made. The sandbox's folder is made
        when the sandbox starts, so a fault there stops the sandbox only, not an account; the
        brand kits' and downloads' folders are made again when first written to."""
        make_folder(self.data_dir, "data folder")
        make_folder(self.log_dir, "log folder")
        make_folder(self.cache_dir, "cache folder")
        for later in (self.brand_kits_dir, self.downloads_dir):
            try:
                later.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                log.warning("The folder %s could not be made: %s", later, e)
        return self


class FolderProblem(Exception):
    """A folder the app needs cannot be made; `text` says which, why and what to do."""

    def __init__(self, folder: Path, role: str, why: str, fix: str) -> None:
        self.folder, self.role, self.why, self.fix = folder, role, why, fix
        super().__init__(self.text)

    @property
    def text(self) -> str:
        return f"AITasker Desktop cannot use its {self.role} {self.folder}: {self.why}. {self.fix}"


def make_folder(folder: Path, role: str) -> None:
    """`folder` and the folders above it, made where missing; `FolderProblem` (`role`, as
    "data folder", names it for the person) when that cannot be done."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why, fix = _trouble(folder, exc)
        raise FolderProblem(folder, role, why, fix) from exc


AGAIN = "then start AITasker Desktop again."


def _trouble(folder: Path, exc: OSError) -> tuple[str, str]:
    """Why `folder` could not be made, and what the person can do about it."""
    in_the_way = _file_in_the_way(folder)
    if in_the_way is not None:
        return (
            f"a file is in the way of the folder “{in_the_way.name}” ({in_the_way} is a file, "
            "not a folder)",
            f"Move or rename that file, {AGAIN}",
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            "your user account is not allowed to make folders there",
            f"Ask whoever manages this computer to allow it, {AGAIN}",
        )
    if exc.errno == errno.EROFS:
        return (
            "the disk it is on is read-only",
            f"Make that disk writable (or ask whoever manages this computer), {AGAIN}",
        )
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk it is on is full", f"Free some space on it, {AGAIN}"
    above = next((p for p in folder.parents if _is_dir(p)), None)
    why = (
        f"folders cannot be made in {above}"
        if exc.errno == errno.ENOENT and above is not None
        else f"it could not be made ({exc.strerror or exc})"
    )
    return why, f"Choose another folder for the app's data, {AGAIN}"


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _file_in_the_way(folder: Path) -> Path | None:
    """The file (not a folder) at `folder` or above it, if any: the nearest to the root."""
    for path in (*reversed(folder.parents), folder):
        try:
            if path.exists() and not path.is_dir():
                return path
        except OSError:
            return None
    return None
