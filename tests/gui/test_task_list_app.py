"""The Tasks place inside the whole app, on its embedded sandbox: tasks appear and move,
a task posted in the editor is listed and selected at once, the bell opens a task, the
offline banner comes and goes by itself, and an empty list says why it is empty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aitasker_desktop.desktop import OFFLINE_MESSAGE, Desktop
from aitasker_desktop.domain import protocol
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.services import formatting
from aitasker_desktop.services.tracker import Intervals
from aitasker_desktop.ui.tasks.empty_state import EMPTY_NO_TASKS, EMPTY_OFFLINE
from aitasker_desktop.ui.tasks.model import Column
from tests.gui.editor_helpers import fill, ready, start_desktop, type_text
from tests.gui.tips import assert_tip_reads
from tests.sample_brief import post
from tests.screens import save_screen, screens_dir, visible_texts

BRIEF: dict[str, Any] = {
    "category": "writing-translation",
    "task_type": "blog-post",
    "budget_usd": 8.0,
    "title": "<b>Logo</b> for Acme",
    "description": "A blog post of 800 words for Acme, a bakery, announcing its new logo.",
}


def shown(desktop: Desktop) -> list[tuple[str, str]]:
    model = desktop.tasks_place.model
    return [
        (model.index(r, Column.TITLE).data(), model.index(r, Column.STATUS).data())
        for r in range(model.rowCount())
    ]


def test_tasks_appear_move_and_open_from_the_bell(qtbot: QtBot, desktop: Desktop) -> None:
    sandbox = desktop.sandbox.server
    assert sandbox is not None
    place = desktop.tasks_place
    assert desktop.window.place("tasks") is place
    desktop.window.show_place("tasks")
    qtbot.waitUntil(lambda: place.list_stack.currentIndex() == 0, timeout=10_000)

    with httpx.Client(
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {sandbox.api_key}"},
        trust_env=False,
        timeout=60,
    ) as poster:
        r = poster.post(protocol.TASKS, json=BRIEF)
        assert r.status_code == 201, r.text
    qtbot.mouseClick(place.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(desktop) == [("<b>Logo</b> for Acme", "Posted")], timeout=10_000)

    sandbox.advance(10 + 20 + 420)
    with qtbot.waitSignal(desktop.notifications.notified, timeout=15_000):
        desktop.tracker.poll_now()
    assert shown(desktop) == [("<b>Logo</b> for Acme", "Bids ready")]
    assert desktop.bell.accessibleName() == "Notifications (1)"

    desktop.window.show_place("drafts")
    qtbot.mouseClick(desktop.bell, Qt.MouseButton.LeftButton)
    panel = desktop.bell.panel
    assert panel.isVisible() and panel.list.count() == 1
    assert "“<b>Logo</b> for Acme”" in panel.list.item(0).text()
    # Its tooltip, the whole note, reads as the server sent it (no bold "Logo").
    (note,) = desktop.notifications.items()
    assert "“<b>Logo</b> for Acme”" in note.text
    assert_tip_reads(panel.list.item(0).toolTip(), note.text)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert desktop.window.current_place() == "tasks"
    current = place.current_task()
    assert current is not None and current.title == "<b>Logo</b> for Acme"
    assert desktop.notifications.unread_count() == 0
    assert place.page_stack.currentWidget() is place.task_page


# Titles as people write them: accents, and scripts with marks of their own (Greek tonos,
# Arabic harakat), to be found whether the search is typed with the marks or without.
WRITTEN = (
    "Café menu",
    "Cafe menu for kids",
    "Résumé review",
    "Ελληνικός καφές",
    "قَهْوَة عربية",
    "Plain tea note",
)


def test_search_ignores_case_and_accents(qtbot: QtBot, desktop: Desktop) -> None:
    """As the drafts' search does: "cafe" finds "Café", "café" finds "Cafe", and a Greek or
    Arabic title is found by its own letters, with their marks or without."""
    client = desktop.connection.client
    assert client is not None
    for title in WRITTEN:
        post(client, title=title)
    place = desktop.tasks_place
    desktop.window.resize(1280, 800)
    desktop.window.show_place("tasks")
    desktop.tracker.poll_now()  # listed by a poll: each slot put as it comes
    qtbot.waitUntil(lambda: place.model.rowCount() == len(WRITTEN), timeout=10_000)

    def titles() -> set[str]:
        model = place.model
        return {model.index(r, Column.TITLE).data() for r in range(model.rowCount())}

    qtbot.keyClick(place, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    cafe = {"Café menu", "Cafe menu for kids"}
    for typed, expected in (
        ("cafe", cafe),
        ("café", cafe),
        ("CAFÉ MENU", cafe),
        ("resume", {"Résumé review"}),
        ("RÉSUMÉ", {"Résumé review"}),
        ("καφές", {"Ελληνικός καφές"}),
        ("ΚΑΦΕΣ", {"Ελληνικός καφές"}),
        ("قَهْوَة", {"قَهْوَة عربية"}),
        ("قهوة", {"قَهْوَة عربية"}),
        ("cafés", set()),
    ):
        place.search.clear()
        type_text(place.search, typed)  # key by key, Greek and Arabic as a layout sends them
        assert place.search.text() == typed
        assert titles() == expected, typed
    place.search.clear()
    qtbot.keyClicks(place.search, "cafe")
    save_screen(place, screens_dir("tasks") / "search_accents.png", texts=["2 of 6 tasks"])


def test_offline_banner_and_resume(qtbot: QtBot, desktop: Desktop) -> None:
    sandbox = desktop.sandbox.server
    assert isinstance(sandbox, EmbeddedSandbox)
    client = desktop.connection.client
    assert client is not None
    post(client, title="Saved before going offline")
    # Online first: the task listed, the poll done (stopping the server under a request
    # leaves it hanging).
    desktop.tracker.poll_now()
    qtbot.waitUntil(lambda: desktop.tasks_place.model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: desktop.tracker.synced and not desktop.tracker.in_flight)
    # Retry every second while offline (the app backs off up to a minute).
    desktop.tracker.intervals = Intervals(offline=(1.0,))
    port, data_dir = sandbox.port, sandbox.data_dir
    sandbox.stop()
    window = desktop.window
    window.resize(800, 600)
    window.show_place("tasks")
    desktop.tracker.poll_now()
    banner = window.banner
    qtbot.waitUntil(lambda: banner.isVisible() and banner.text() == OFFLINE_MESSAGE, timeout=20_000)
    # Said once, in full: not again on the list's line, nor cut short in the status bar.
    save_screen(window, screens_dir("tasks") / "offline_800.png", texts=[OFFLINE_MESSAGE])
    said = [t for t in visible_texts(window) if "reach AITasker" in t or "not be checked" in t]
    assert said == [OFFLINE_MESSAGE]
    assert window.statusBar().currentMessage() == ""

    restarted = EmbeddedSandbox(data_dir=data_dir, port=port, speed=1.0).start()
    try:
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=20_000)
        assert not desktop.tracker.offline
    finally:
        desktop.tracker.stop()
        restarted.stop()


def test_settings_set_the_idle_interval_and_desktop_notifications(desktop: Desktop) -> None:
    prefs = desktop.preferences
    prefs.update(poll_seconds=120, notifications=False)
    assert desktop.tracker.intervals.slow == 120
    assert desktop.tracker.intervals.fast == 4.0  # moving tasks are still followed closely
    assert desktop.notifications.desktop_notifications is False
    prefs.update(notifications=True)
    assert desktop.notifications.desktop_notifications is True


def test_a_posted_task_is_listed_and_selected_at_once_with_its_hold(
    qtbot: QtBot, desktop: Desktop
) -> None:
    """From the create answer, not the next poll: the tracker is told not to poll for an
    hour, and no poll happens between the post and the row being there, selected."""
    place = desktop.tasks_place
    qtbot.waitUntil(
        lambda: desktop.tracker.synced and not desktop.tracker.in_flight, timeout=20_000
    )
    qtbot.waitUntil(
        lambda: desktop.balance_label.text() != formatting.balance(None), timeout=10_000
    )
    assert place.empty_label.text() == EMPTY_NO_TASKS
    desktop.tracker.set_interval_override(3600)
    polls: list[int] = []
    desktop.tracker.polled.connect(lambda: polls.append(1))

    editor = ready(desktop, qtbot)
    editor._confirm = lambda _parent, _text: True  # the "post and hold" question
    fill(qtbot, editor, budget="8")
    qtbot.mouseClick(editor.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.window.current_place() == "tasks", timeout=15_000)
    qtbot.waitUntil(lambda: place.current_task() is not None, timeout=10_000)

    current = place.current_task()
    assert current is not None and current.title == "Bakery blog post"
    assert shown(desktop) == [("Bakery blog post", "Posted")]
    assert place.table.selectionModel().isRowSelected(0)
    assert place.list_stack.currentIndex() == 1 and place.page_stack.isVisible()
    assert place.page_stack.currentWidget() is place.task_page
    qtbot.waitUntil(lambda: "$8.00 held)" in desktop.balance_label.text(), timeout=10_000)
    assert polls == []  # all of it without a poll


def test_offline_with_nothing_cached_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    desktop, window = start_desktop(qtbot, tmp_path / "data", unreachable=True)
    try:
        place = desktop.tasks_place
        window.show_place("tasks")
        qtbot.waitUntil(lambda: desktop.tracker.offline, timeout=20_000)
        assert place.list_stack.currentIndex() == 0
        assert place.empty_label.text() == EMPTY_OFFLINE
        assert "No tasks yet" not in place.empty_label.text()
        assert place.empty_label.isVisible()
        window.resize(1280, 800)
        qtbot.wait(20)
        save_screen(window, screens_dir("task_list") / "offline_empty.png", texts=[EMPTY_OFFLINE])
    finally:
        desktop.shutdown()
