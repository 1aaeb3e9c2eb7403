"""Help > About: the version from pyproject and the licences of what is bundled."""

import re
import tomllib
from pathlib import Path

from pytestqt.qtbot import QtBot

from aitasker_desktop import __version__
from aitasker_desktop.ui.about import AboutDialog
from aitasker_desktop.ui.app_icon import app_icon

ROOT = Path(__file__).resolve().parents[2]


def test_version_comes_from_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert __version__ == project["version"]


def test_about_names_the_version_and_bundled_licences(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(type(dialog.versions))]
    assert f"AITasker Desktop {__version__}" in texts
    names = {re.sub(r"[-_.]+", "-", n).lower() for n in dialog.component_names()}
    assert {"pyside6-essentials", "httpx", "pydantic", "qt"} <= names
    for row in range(dialog.table.rowCount()):
        version, name = dialog.table.item(row, 2), dialog.table.item(row, 0)
        assert version is not None and name is not None
        assert version.text(), name.text()


def test_the_icon_loads_from_the_installed_package(qtbot: QtBot) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert icon.availableSizes()[-1].width() >= 256
