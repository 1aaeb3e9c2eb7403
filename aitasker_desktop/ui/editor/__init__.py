"""The guided brief editor (the "New brief" place)."""

from aitasker_desktop.ui.editor.page import BriefEditor

__all__ = ["BriefEditor"]
