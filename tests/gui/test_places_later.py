"""The places nobody opens at start-up (Drafts, Spending, a task's page) are built the first
time they are opened (issue 11), and then show what they would have shown had they been
built at start: the catalog's names for kinds of work, the drafts, the task."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import Desktop
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.ui.drafts_page import DraftsPage
from aitasker_desktop.ui.main_window import PLACES
from aitasker_desktop.ui.task_page.page import TaskPage
from aitasker_desktop.ui.tasks.model import Column
from tests.gui.editor_helpers import fill, ready
from tests.sandbox.helpers import make_client, post_task


def click_place(desktop: Desktop, qtbot: QtBot, title: str) -> None:
    nav = desktop.window.nav
    item = nav.findItems(title, Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center()
    )


def slot(desktop: Desktop, key: str) -> object:
    """What the window's stack holds for a place, without asking the window to build it."""
    keys = [k for k, _title in PLACES]
    return desktop.window.stack.widget(keys.index(key))


def blog_post_names(desktop: Desktop) -> tuple[str, str]:
    """How the catalog names the category and the type (not their slugs)."""
    catalog = desktop.catalog.catalog
    assert catalog is not None
    category = catalog.category("writing-translation")
    task_type = catalog.task_type("writing-translation", "blog-post")
    assert category is not None and task_type is not None
    return category.name, task_type.name


def test_drafts_opened_later_name_kinds_as_the_catalog_does(desktop: Desktop, qtbot: QtBot) -> None:
    editor = ready(desktop, qtbot)
    assert not isinstance(slot(desktop, "drafts"), DraftsPage)  # not built at start-up
    fill(qtbot, editor)
    qtbot.waitUntil(lambda: not desktop.drafts.has_unsaved)

    click_place(desktop, qtbot, "Drafts")
    page = slot(desktop, "drafts")
    assert isinstance(page, DraftsPage) and page.isVisible()
    assert desktop.window.current_place() == "drafts"
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, model.TITLE).data() == "Bakery blog post"
    category, task_type = blog_post_names(desktop)
    assert model.index(0, model.KIND).data() == f"{category} · {task_type}"

    # Opening it from there takes the person back to the editor, as at start-up.
    qtbot.waitUntil(lambda: page.select(editor.draft.id))
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert desktop.window.current_place() == "new_brief"


def test_a_task_page_is_built_when_the_first_task_is_opened(desktop: Desktop, qtbot: QtBot) -> None:
    ready(desktop, qtbot)
    sandbox = desktop.sandbox.server
    assert isinstance(sandbox, EmbeddedSandbox)  # the desktop fixture's, on loopback
    with make_client(sandbox) as poster:
        post_task(
            poster,
            budget_usd=12.5,
            title="Spring menu post",
            description="A blog post of 600 words for a bakery's spring menu.",
        )  # a blog post in Writing & Translation, as GOOD has it
    place = desktop.tasks_place
    click_place(desktop, qtbot, "Tasks")
    desktop.tracker.poll_now()
    qtbot.waitUntil(lambda: place.model.rowCount() == 1, timeout=10_000)
    assert place.task_page is None
    assert place.page_stack.currentWidget() is place.placeholder
    assert place.placeholder.isVisible()

    row = place.table.visualRect(place.model.index(0, Column.TITLE)).center()
    qtbot.mouseClick(place.table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    page = place.task_page
    assert isinstance(page, TaskPage) and page is desktop.task_page
    assert place.page_stack.currentWidget() is page and page.isVisible()
    assert page.task is not None and page.task.title == "Spring menu post"
    category, task_type = blog_post_names(desktop)
    assert page.meta_label.text().startswith(f"{category} · {task_type} · budget $12.50")
