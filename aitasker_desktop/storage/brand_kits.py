"""Brand kits: reusable brand assets kept locally and attached to any brief.

A kit's assets are copies kept under `<data dir>/brand_kits/<kit id>/`, so moving or deleting
the originals later does not break the kit. A copied file gets a safe name (no path parts,
control or bidi characters, or device names) and never overwrites another asset, and the
media type of the picture it holds (domain/pictures.py), whatever its name says.
"""

import mimetypes
import re
import shutil
import unicodedata
from pathlib import Path

from aitasker_desktop.domain.brief import Attachment, BrandKit
from aitasker_desktop.domain.pictures import HEAD_BYTES, held_media_type
from aitasker_desktop.storage.db import Store, text, timestamp, to_json

_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in range(10)}
    | {f"LPT{i}" for i in range(10)}
)
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
_MAX_NAME = 120


def safe_filename(name: str, fallback: str = "file") -> str:
    """`name` reduced to a single, portable file name (never empty, '.' or '..')."""
    name = text(name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        "_" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") else ch for ch in name
    )
    name = _UNSAFE.sub("_", name).strip().strip(".").strip()
    if not name or set(name) <= {"_", " "}:
        name = fallback
    if name.partition(".")[0].strip().upper() in _WINDOWS_DEVICES:
        name = f"_{name}"
    if len(name) > _MAX_NAME:
        base, ext = _split_ext(name)
        name = base[: _MAX_NAME - len(ext)] + ext
    return name


def _split_ext(name: str) -> tuple[str, str]:
    base, dot, ext = name.rpartition(".")
    if not dot or not base or len(ext) > 10:
        return name, ""
    return base, f".{ext}"


class BrandKits:
    def __init__(self, store: Store, assets_dir: Path) -> None:
        """`assets_dir` is `AppPaths.brand_kits_dir`."""
        self._store = store
        self._assets_dir = assets_dir

    def save(self, kit: BrandKit) -> None:
        with self._store.transaction() as c:
            c.execute(
                "INSERT INTO brand_kits (id, name, json, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json,"
                " updated_at = excluded.updated_at",
                (kit.id, text(kit.name), to_json(kit), timestamp(kit.updated_at)),
            )

    def get(self, kit_id: str) -> BrandKit | None:
        with self._store.read() as c:
            row = c.execute("SELECT json FROM brand_kits WHERE id = ?", (kit_id,)).fetchone()
        return None if row is None else BrandKit.model_validate_json(row[0])

    def list_kits(self) -> list[BrandKit]:
        """Every kit, by name."""
        with self._store.read() as c:
            rows = c.execute("SELECT json FROM brand_kits ORDER BY name COLLATE NOCASE, id")
            return [BrandKit.model_validate_json(r[0]) for r in rows]

    def delete(self, kit_id: str) -> bool:
        """Delete a kit and its copied assets."""
        with self._store.transaction() as c:
            cur = c.execute("DELETE FROM brand_kits WHERE id = ?", (kit_id,))
        folder = self.kit_dir(kit_id)
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
        return cur.rowcount > 0

    def kit_dir(self, kit_id: str) -> Path:
        return self._assets_dir / safe_filename(kit_id, fallback="kit")

    def import_asset(self, kit_id: str, src_path: Path) -> Attachment:
        """Copy `src_path` into the kit's folder under a safe, unused name.

        Returns the Attachment for the copy; the caller adds it to the kit and saves the kit.
        Raises OSError if the file cannot be read or written.
        """
        folder = self.kit_dir(kit_id)
        folder.mkdir(parents=True, exist_ok=True)
        base, ext = _split_ext(safe_filename(src_path.name))
        with src_path.open("rb") as src:
            for n in range(1, 10_000):
                name = f"{base}{ext}" if n == 1 else f"{base} ({n}){ext}"
                target = folder / name
                try:
                    dst = target.open("xb")  # fails if the name is taken: never overwrite
                except FileExistsError:
                    continue
                try:
                    with dst:
                        shutil.copyfileobj(src, dst)
                except BaseException:
                    target.unlink(missing_ok=True)
                    raise
                break
            else:
                raise FileExistsError(f"no free file name for {src_path.name} in {folder}")
        shutil.copystat(src_path, target, follow_symlinks=True)
        named = mimetypes.guess_type(name)[0] or "application/octet-stream"
        with target.open("rb") as copy:
            # What it holds, not its name: a JPEG named .png is uploaded as a JPEG.
            media_type = held_media_type(named, copy.read(HEAD_BYTES)) or named
        return Attachment(
            path=str(target),
            name=name,
            media_type=media_type,
            size_bytes=target.stat().st_size,
        )

    def remove_asset(self, kit_id: str, asset: Attachment) -> bool:
        """Delete an asset's copy if it lives in the kit's folder (never anything else)."""
        path = Path(asset.path)
        folder = self.kit_dir(kit_id).resolve()
        try:
            inside = path.resolve().parent == folder
        except OSError:
            return False
        if inside and path.is_file():
            path.unlink()
            return True
        return False
