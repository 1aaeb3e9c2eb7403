"""Where GUI tests save their screenshots, for people to look at.

Set AITASKER_SCREENS=/some/folder to keep them; otherwise they go to a folder under the
system's temp dir, so a test run never writes outside temp and its own tree.
"""

import os
import tempfile
from pathlib import Path


def screens_dir(name: str) -> Path:
    root = os.environ.get("AITASKER_SCREENS")
    base = Path(root) if root else Path(tempfile.gettempdir()) / "aitasker-screens"
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
