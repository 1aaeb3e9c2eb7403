"""Test-wide configuration: headless Qt and every path the app writes inside a temp dir."""

import os

# Must be set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QPA_FONTDIR", "")  # silence font directory warnings offscreen
if not os.environ["QT_QPA_FONTDIR"]:
    del os.environ["QT_QPA_FONTDIR"]
