"""Where the app keeps its files.

`AppPaths.default()` follows the platform's conventions (platformdirs); `AppPaths.under(root)`
puts every file below one folder, for `--data-dir DIR` and for tests. Nothing is created until
`ensure()` is called, so building the paths has no side effects.
"""

from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

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
        """Create every directory the app uses (an existing one is left as is); return self."""
        for d in (
            self.data_dir,
            self.log_dir,
            self.cache_dir,
            self.sandbox_dir,
            self.brand_kits_dir,
            self.downloads_dir,
        ):
            d.mkdir(parents=True, exist_ok=True)
        return self
