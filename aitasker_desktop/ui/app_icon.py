"""The application icon, loaded from the installed package (not the source tree)."""

from importlib.resources import as_file, files

from PySide6.QtGui import QIcon

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    icon = QIcon()
    folder = files("aitasker_desktop") / "resources" / "icons"
    for size in SIZES:
        resource = folder / f"aitasker-desktop-{size}.png"
        if resource.is_file():
            # as_file: the package may live in a zip or a frozen bundle.
            with as_file(resource) as path:
                icon.addFile(str(path))
    return icon
