"""Build the self-contained app: one command, on the platform you are on.

    .venv/bin/python packaging/build.py [--dist DIR] [--work DIR]

- Linux: an AppDir (AITasker-Desktop.AppDir/: AppRun, the .desktop file, icons in every
  size, AppStream metadata, the frozen app under usr/lib) and a .tar.gz of it. Turning the
  AppDir into a single .AppImage file needs appimagetool, which this machine cannot
  download; where it is installed, `appimagetool AITasker-Desktop.AppDir` does it.
- Windows: the frozen folder, then `iscc packaging/windows/installer.iss` makes the installer.
- macOS: `AITasker Desktop.app`, then packaging/macos/make_dmg.sh makes the disk image.

PyInstaller was chosen over Nuitka (compiles for many minutes, needs a C toolchain per
platform) and Briefcase (wants its own project layout and downloads support packages at
build time, which these machines cannot do): it freezes PySide6 well, in about a minute.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "aitasker-desktop"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


def freeze(dist: Path, work: Path) -> Path:
    env = {**os.environ, "AITASKER_VERSION": version(), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "packaging" / f"{NAME}.spec"),
        ],
        check=True,
        env=env,
    )
    return dist / NAME


def make_appdir(frozen: Path, dist: Path) -> Path:
    appdir = dist / "AITasker-Desktop.AppDir"
    if appdir.exists():
        shutil.rmtree(appdir)
    lib = appdir / "usr" / "lib" / NAME
    shutil.copytree(frozen, lib, symlinks=True)
    bin_dir = appdir / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / NAME).symlink_to(Path("..") / "lib" / NAME / NAME)

    apprun = appdir / "AppRun"
    apprun.write_text(
        '#!/bin/sh\nHERE="$(dirname "$(readlink -f "$0")")"\n'
        f'exec "$HERE/usr/lib/{NAME}/{NAME}" "$@"\n'
    )
    apprun.chmod(0o755)

    resources = ROOT / "resources"
    icons = ROOT / "aitasker_desktop" / "resources" / "icons"
    shutil.copy2(resources / f"{NAME}.desktop", appdir / f"{NAME}.desktop")
    shutil.copy2(icons / f"{NAME}-256.png", appdir / f"{NAME}.png")
    (appdir / ".DirIcon").symlink_to(f"{NAME}.png")
    share = appdir / "usr" / "share"
    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(icons / f"{NAME}-{size}.png", target / f"{NAME}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(resources / f"{NAME}.svg", scalable / f"{NAME}.svg")
    (share / "applications").mkdir(parents=True)
    shutil.copy2(resources / f"{NAME}.desktop", share / "applications" / f"{NAME}.desktop")
    (share / "metainfo").mkdir(parents=True)
    shutil.copy2(
        resources / "co.aitasker.Desktop.metainfo.xml",
        share / "metainfo" / "co.aitasker.Desktop.metainfo.xml",
    )
    return appdir


def tarball(appdir: Path, dist: Path) -> Path:
    out = dist / f"AITasker-Desktop-{version()}-linux-{os.uname().machine}.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(appdir, arcname=appdir.name)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-archive", action="store_true", help="skip the .tar.gz")
    args = parser.parse_args(argv)
    frozen = freeze(args.dist.resolve(), args.work.resolve())
    print(f"frozen app: {frozen}")
    if sys.platform.startswith("linux"):
        appdir = make_appdir(frozen, args.dist.resolve())
        print(f"AppDir: {appdir}")
        if not args.no_archive:
            print(f"archive: {tarball(appdir, args.dist.resolve())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
