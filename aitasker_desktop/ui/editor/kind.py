"""Step 1, the kind of work: a category and a task type, picked, cleared or mistyped.

Whatever the person does in the two combo boxes ends as a change of the draft (undoable like
any other) or as a message at the field; the boxes never show a choice the draft does not hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from aitasker_desktop.domain.type_search import search
from aitasker_desktop.ui.editor.pickers import SearchCombo

if TYPE_CHECKING:
    from aitasker_desktop.ui.editor.form import EditorForm

_WHAT = {"category": "kind of work", "task_type": "task type"}


class KindChoice(QObject):
    def __init__(self, form: EditorForm, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._form = form
        form.category_combo.picked.connect(self.on_category_combo_picked)
        form.type_combo.picked.connect(self.on_type_combo_picked)
        form.category_combo.cleared.connect(self.on_category_combo_cleared)
        form.type_combo.cleared.connect(self.on_type_combo_cleared)
        form.category_combo.unmatched.connect(lambda t: self.on_combo_unmatched("category", t))
        form.type_combo.unmatched.connect(lambda t: self.on_combo_unmatched("task_type", t))
        form.type_combo.set_ranker(self.rank_types)

    def rank_types(self, text: str) -> list[tuple[int, int]]:
        """The listed types `text` names (names, descriptions, common words), best first."""
        catalog = self._form.catalog
        if catalog is None:
            return []
        combo = self._form.type_combo
        listed = {combo.itemData(i): i for i in range(combo.count())}
        return [(listed[h.key], h.rank) for h in search(catalog, text) if h.key in listed]

    def on_category_combo_picked(self, key: str) -> None:
        brief = self._form.draft.brief
        values: dict[str, Any] = {"category": key}
        catalog = self._form.catalog
        if (
            catalog is not None
            and brief.task_type
            and catalog.task_type(key, brief.task_type) is None
        ):
            values["task_type"] = ""  # the old type is not in the new category
        self._form.change(values, "Choose the kind of work")

    def on_type_combo_picked(self, key: str) -> None:
        category, _, task_type = key.partition("/")
        self._form.change({"category": category, "task_type": task_type}, "Choose the task type")

    def on_category_combo_cleared(self) -> None:
        # The type belongs to the category: clearing one leaves no type to keep.
        self._form.change({"category": "", "task_type": ""}, "Clear the kind of work")

    def on_type_combo_cleared(self) -> None:
        self._form.change({"task_type": ""}, "Clear the task type")

    def on_combo_unmatched(self, field: str, typed: str) -> None:
        """Typed text that names no entry (or several) was taken back: say so at the field."""
        form = self._form
        catalog, brief = form.catalog, form.draft.brief
        chosen: str | None = None  # the name of what the draft holds
        if field == "category":
            cat = catalog.category(brief.category) if catalog and brief.category else None
            chosen = cat.name if cat else None
            combo: SearchCombo = form.category_combo
        else:
            tt = catalog.task_type(brief.category, brief.task_type) if catalog else None
            chosen = tt.name if tt else None
            combo = form.type_combo
        what = _WHAT[field]
        folded = typed.casefold()
        typed = typed if len(typed) <= 40 else typed[:39] + "…"
        if field == "task_type":
            matches = len(self.rank_types(folded))
        else:
            matches = sum(folded in combo.itemText(i).casefold() for i in range(combo.count()))
        head = (
            f"“{typed}” matches more than one {what}."
            if matches > 1
            else f"No {what} matches “{typed}”."
        )
        tail = f" It is still {chosen}." if chosen else f" Choose a {what} from the list."
        form.remark(field, head + tail)
