"""Create or edit a brand kit: name, colours, fonts, notes on voice, and dropped asset files.

The fields scroll when the window is too small for them, so a message under a field (the
files a kit cannot use, each with its reason) is never squeezed into the lines around it; the
window grows to show the messages whole when the screen has room.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from aitasker_desktop.domain.brief import Attachment, BrandKit
from aitasker_desktop.domain.text import clean_text
from aitasker_desktop.services.brand_kits import BrandKitService
from aitasker_desktop.services.kit_files import KitCheck, check_kit_files, sort_out
from aitasker_desktop.services.runner import TaskRunner
from aitasker_desktop.ui.editor.attachments import THUMB, AttachmentsPanel
from aitasker_desktop.ui.editor.fields import buddy_label, message_label, show_message

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def parse_colours(text: str) -> tuple[list[str], list[str]]:
    """("#RRGGBB" colours, entries that are not colours) from a comma-separated list."""
    good: list[str] = []
    bad: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        m = _HEX.match(part)
        if m is None:
            bad.append(part)
            continue
        digits = m.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        good.append(f"#{digits.upper()}")
    return good, bad


class _Fields(QScrollArea):
    """The dialog's fields: as tall as they are when the window has room, scrolling when not."""

    def __init__(self, inner: QWidget) -> None:
        super().__init__()
        self.inner = inner
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:
        inner = self.inner
        hint = inner.sizeHint()
        # Wrapped lines are as tall as the width they get: the width laid out, once it is.
        if self.isVisible():
            width = self.viewport().width()
        elif self.testAttribute(Qt.WidgetAttribute.WA_Resized):
            width = self.contentsRect().width()
        else:
            width = hint.width()
        height = inner.heightForWidth(width) if inner.hasHeightForWidth() else -1
        frame = 2 * self.frameWidth()
        return QSize(hint.width() + frame, (height if height > 0 else hint.height()) + frame)


class BrandKitDialog(QDialog):
    kit_saved = Signal(object)  # BrandKit

    def __init__(
        self,
        service: BrandKitService,
        runner: TaskRunner,
        kit: BrandKit | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._kit = kit.model_copy(deep=True) if kit else BrandKit(name="")
        self._new_paths: list[Path] = []
        self._removed: list[Attachment] = []
        self._digests: dict[str, str] = {}  # path -> digest of content, of files checked
        # Drops waiting to be checked, the first being checked now: one at a time, in the
        # order they came, so the refusals shown are the last drop's and none is lost.
        self._drops: list[list[Path]] = []
        self._saving = False
        self.setWindowTitle("Edit brand kit" if kit else "New brand kit")
        self.setAcceptDrops(True)
        self.name_edit = QLineEdit(self._kit.name)
        self.colours_edit = QLineEdit(", ".join(self._kit.colors))
        self.colours_edit.setPlaceholderText("#1A73E8, #FFFFFF")
        self.colours_error = message_label()
        self.fonts_edit = QLineEdit(", ".join(self._kit.fonts))
        self.fonts_edit.setPlaceholderText("Inter, Georgia")
        self.voice_edit = QPlainTextEdit(self._kit.voice_notes)
        self.voice_edit.setTabChangesFocus(True)
        self.voice_edit.setPlaceholderText("How your brand sounds: warm, plain English, no slang…")
        self.voice_edit.setMaximumHeight(100)
        self.assets = AttachmentsPanel(
            "Logo and asset files",
            "Drop your logo, fonts and other brand files here.",
            refused="was not added to the kit",
        )
        self.name_error = message_label()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(
            buddy_label("&Name", self.name_edit), self._stack(self.name_edit, self.name_error)
        )
        form.addRow(
            buddy_label("&Colours", self.colours_edit),
            self._stack(self.colours_edit, self.colours_error),
        )
        form.addRow(buddy_label("&Fonts", self.fonts_edit), self.fonts_edit)
        form.addRow(buddy_label("&Voice notes", self.voice_edit), self.voice_edit)
        form.addRow(buddy_label("&Logo and asset files", self.assets.list), self.assets)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.save_error = message_label()
        inner = QWidget()
        fields = QVBoxLayout(inner)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addLayout(form)
        fields.addStretch(1)  # spare height below the fields, not between them
        self.fields = _Fields(inner)
        column = QVBoxLayout(self)
        column.addWidget(self.fields, 1)
        column.addWidget(self.save_error)
        column.addWidget(buttons)
        self.assets.files_chosen.connect(self.add_files)
        self.assets.remove_requested.connect(self.on_assets_remove_requested)
        service.save_failed.connect(self.on_service_save_failed)
        self._show_assets()
        self.resize(560, 0)
        column.activate()  # the fields laid out at that width, so their height is known
        self.fields.updateGeometry()
        self.resize(560, self.sizeHint().height() + THUMB * 2)  # room for a row of assets

    @staticmethod
    def _stack(*widgets: QWidget) -> QWidget:
        box = QWidget()
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for w in widgets:
            column.addWidget(w)
        return box

    def _pending_assets(self) -> list[Attachment]:
        pending = [a for a in self._kit.assets if a not in self._removed]
        pending += [Attachment(path=str(p), name=p.name) for p in self._new_paths]
        return pending

    def _show_assets(self) -> None:
        self.assets.set_attachments(self._pending_assets())

    def add_files(self, paths: list[Path]) -> None:
        self._drops.append(paths)
        if len(self._drops) == 1:
            self._check_next()

    def _check_next(self) -> None:
        # Save waits for the files dropped: saved before their check, they would be left out.
        self._update_save_button()
        if not self._drops:
            return
        paths = self._drops[0]
        unknown = [a.path for a in self._pending_assets() if a.path not in self._digests]
        self._runner.run(
            lambda: check_kit_files(paths, unknown),
            self._on_files_checked,
            lambda _exc: self._on_check_ended(),
            owner=self,
        )

    def _on_check_ended(self) -> None:
        self._drops.pop(0)
        self._check_next()

    def _update_save_button(self) -> None:
        self.save_button.setEnabled(not self._drops and not self._saving)

    def _on_files_checked(self, result: object) -> None:
        try:
            self._take_checked(result)
        finally:
            self._on_check_ended()

    def _take_checked(self, result: object) -> None:
        assert isinstance(result, KitCheck)
        self._digests.update(result.present)
        # Against what the kit holds now, the files of earlier drops included.
        present = {
            self._digests[a.path]: a.name for a in self._pending_assets() if a.path in self._digests
        }
        added, refused = sort_out(result.files, present)
        for kit_file in added:
            attachment, image = kit_file.checked.attachment, kit_file.checked.image_bytes
            assert attachment is not None
            if image:
                self.assets.remember_thumbnail(attachment.path, image)
            self._digests[attachment.path] = kit_file.digest
            self._new_paths.append(Path(attachment.path))
        self.assets.show_refusals(refused)
        self._show_assets()
        if refused:
            self._show_whole(self.assets.refusals)

    def _show_whole(self, message: QWidget) -> None:
        """Grow the window to show every field and `message` whole, as far as the screen has
        room; past that the fields scroll, and `message` is scrolled into view. Once the
        fields are laid out with what they now show: a posted event, ahead of this one."""
        QTimer.singleShot(0, self, lambda: self._grow_to_show(message))

    def _grow_to_show(self, message: QWidget) -> None:
        inner, viewport = self.fields.inner, self.fields.viewport()
        short = inner.heightForWidth(viewport.width()) - viewport.height()
        if short > 0:
            screen = self.screen().availableGeometry().height()
            room = screen - (self.frameGeometry().height() - self.height())
            self.resize(self.width(), max(self.height(), min(self.height() + short, room)))
        self.fields.ensureWidgetVisible(message, 0, 0)

    def on_assets_remove_requested(self, paths: list[str]) -> None:
        self._new_paths = [p for p in self._new_paths if str(p) not in paths]
        self._removed += [a for a in self._kit.assets if a.path in paths]
        self._show_assets()

    def dragEnterEvent(self, event):  # type: ignore[no-untyped-def]
        self.assets.dragEnterEvent(event)

    def dropEvent(self, event):  # type: ignore[no-untyped-def]
        self.assets.dropEvent(event)

    def on_buttons_accepted(self) -> None:
        name = clean_text(self.name_edit.text()).strip()
        colours, bad = parse_colours(clean_text(self.colours_edit.text()))
        show_message(self.name_error, "" if name else "Give the kit a name.")
        show_message(
            self.colours_error,
            f"Not a colour code: {', '.join(bad)}. Use codes like #1A73E8." if bad else "",
        )
        if not name or bad:
            return
        self._kit.name = name
        self._kit.colors = colours
        self._kit.fonts = [
            f.strip() for f in clean_text(self.fonts_edit.text()).split(",") if f.strip()
        ]
        self._kit.voice_notes = clean_text(self.voice_edit.toPlainText()).strip()
        show_message(self.save_error, "")
        self._saving = True
        self._update_save_button()  # once: a second press would copy the files again
        self._service.save(
            self._kit,
            list(self._new_paths),
            list(self._removed),
            self._on_saved,
            self._on_name_taken,
            owner=self,  # closed meanwhile (and so deleted), it is told nothing
        )

    def _on_saved(self, kit: BrandKit) -> None:
        self.kit_saved.emit(kit)
        self.accept()

    def _on_name_taken(self, message: str) -> None:
        self._saving = False
        self._update_save_button()
        show_message(self.name_error, message)
        self.name_edit.setFocus()
        self.name_edit.selectAll()
        self._show_whole(self.name_error)

    def on_service_save_failed(self, message: str) -> None:
        if self._saving:  # this dialog's save (it is modal: no other saves meanwhile)
            self._saving = False
            self._update_save_button()
            show_message(self.save_error, message)
