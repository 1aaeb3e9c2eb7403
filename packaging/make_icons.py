"""Render resources/aitasker-desktop.svg into every size each platform needs.

    .venv/bin/python packaging/make_icons.py

Writes the PNG sizes the app loads at run time into aitasker_desktop/resources/icons/
(committed, so an installed package has them), plus the Windows .ico and macOS .icns that
the bundle recipes use. Re-run after changing the SVG.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "aitasker-desktop.svg"
RUNTIME = ROOT / "aitasker_desktop" / "resources" / "icons"
BUILD = ROOT / "resources" / "generated"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    RUNTIME.mkdir(parents=True, exist_ok=True)
    BUILD.mkdir(parents=True, exist_ok=True)
    (RUNTIME / "aitasker-desktop.svg").write_bytes(SOURCE.read_bytes())
    for size in SIZES:
        render(renderer, size).save(str(RUNTIME / f"aitasker-desktop-{size}.png"))
    render(renderer, 256).save(str(BUILD / "aitasker-desktop.ico"))
    render(renderer, 512).save(str(BUILD / "aitasker-desktop.icns"))
    print(f"icons written to {RUNTIME} and {BUILD}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
