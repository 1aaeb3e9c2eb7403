"""A running app: the services (composition.py) and the screens built on them, wired once.

`build_desktop` makes everything in dependency order; `Desktop.start` begins the work that
reads the disk, the keychain or the network (all of it off the GUI thread); `shutdown` ends
it in reverse order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from aitasker_desktop.composition import (
    NotifierFactory,
    Services,
    build_services,
)
from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.domain.task import Balance, Task
from aitasker_desktop.options import Options
from aitasker_desktop.services import formatting
from aitasker_desktop.services.account import KEYCHAIN_TIMEOUT_S
from aitasker_desktop.services.balance import balance_tooltip
from aitasker_desktop.services.connection import World
from aitasker_desktop.services.runner import TaskRunner
from aitasker_desktop.services.sandbox_world import SandboxFactory, sandbox_process
from aitasker_desktop.storage.failures import DiskProblem
from aitasker_desktop.ui.account_ui import AccountUi
from aitasker_desktop.ui.editor import BriefEditor
from aitasker_desktop.ui.main_window import MainWindow
from aitasker_desktop.ui.tasks.desktop_notices import desktop_notices
from aitasker_desktop.ui.tasks.follow_bar import ADD_BY_ID, FollowBar
from aitasker_desktop.ui.tasks.notification_panel import NotificationBell
from aitasker_desktop.ui.tasks.place import TasksPlace

if TYPE_CHECKING:  # built when first shown (Desktop.drafts_page and co.)
    from aitasker_desktop.ui.drafts_page import DraftsPage
    from aitasker_desktop.ui.spending.place import SpendingPlace
    from aitasker_desktop.ui.task_page.page import TaskPage

log = logging.getLogger(__name__)

# Flags the window in the taskbar until the person looks (QApplication.alert).
Alert = Callable[[QWidget], None]

OFFLINE_MESSAGE = "Can't reach AITasker — showing saved tasks; retrying…"


@dataclass(frozen=True, eq=False, repr=False)
class Screens:
    """What the window shows from the start, each built once on the services. The places
    first seen later (drafts, spending, a task's page) are `Desktop` properties."""

    editor: BriefEditor
    tasks_place: TasksPlace
    follow_bar: FollowBar
    bell: NotificationBell
    balance_label: QLabel
    accounts: AccountUi


@dataclass(frozen=True, eq=False, repr=False)
class Desktop(Screens, Services):
    options: Options
    window: MainWindow

    def start(self, *, welcome: bool = False) -> None:
        """Begin the work: the cached catalog and tasks, the world (the account when settings
        say so and a key is found, else the sandbox), polling; the welcome on a first run."""
        self.accounts.apply_theme()
        if self.settings_problem:
            self.window.banner.show_message(self.settings_problem, "warning")
        self._tell_store_notice()
        if self.first_run or self.settings_set_aside:
            # The welcome is shown once, whichever path is taken; and settings repaired or
            # reset are written, so the next start neither welcomes again nor warns again.
            self.preferences.save()
        self.drafts.purge_trash()
        self.tracker.start()  # loads the cached tasks once a world is chosen
        self.notifications.start()
        self.balance.start()
        self.account.start(force_sandbox=self.options.force_sandbox)
        if welcome and self.first_run and not self.options.force_sandbox:
            self.accounts.show_welcome()

    # -- the places built when first shown (or asked for) ----------------------------------
    # Each is some 15 to 45 ms of imports and widgets that the way to ready need not pay.

    @cached_property
    def drafts_page(self) -> DraftsPage:
        from aitasker_desktop.ui.drafts_page import DraftsPage

        page = DraftsPage(self.drafts, self.submission)
        page.open_requested.connect(self.open_draft)
        page.on_catalog_changed(self.catalog.catalog)  # kinds by name
        self.catalog.catalog_changed.connect(page.on_catalog_changed)
        self.window.set_place("drafts", page)
        return page

    @cached_property
    def spending_place(self) -> SpendingPlace:
        from aitasker_desktop.ui.spending.place import SpendingPlace

        place = SpendingPlace(self.spending)
        place.on_catalog_changed(self.catalog.catalog)
        self.catalog.catalog_changed.connect(place.on_catalog_changed)
        self.window.set_place("spending", place)
        return place

    @cached_property
    def task_page(self) -> TaskPage:
        """Shown in the Tasks place, which takes it when the first task is selected."""
        from aitasker_desktop.ui.task_page.page import TaskPage

        page = TaskPage(self.task_actions, self.downloads, self.balance, clock=self.clock)

        def new_brief_from(task: object) -> None:
            if isinstance(task, Task):
                self.open_draft(self.drafts.new_from_task(task).id)

        def on_capabilities_changed(_offer: object) -> None:
            shown = page.task
            if shown is not None:  # offer only what this server can do, from now on
                page.update_task(shown)

        page.new_brief_requested.connect(new_brief_from)
        page.task_updated.connect(self.tracker.upsert)
        self.capabilities.changed.connect(on_capabilities_changed)
        page.on_catalog_changed(self.catalog.catalog)
        self.catalog.catalog_changed.connect(page.on_catalog_changed)
        return page

    def open_draft(self, draft_id: str) -> None:
        self.editor.open_draft(draft_id)
        self.window.show_place("new_brief")

    def _tell_store_notice(self) -> None:
        """What was wrong with the data file at start, in the banner and the log (open by
        now); beside the editor too while saving cannot work (a damaged file set aside and
        replaced by a new one saves as usual)."""
        notice = self.store_notice
        if notice is None:
            return
        log.warning("The data file at start: %s", notice.text)
        self.window.banner.show_message(notice.text, "warning")
        if notice.problem is not DiskProblem.DAMAGED or not self.store.writable:
            self.editor.keeper.on_store_notice(notice.text)

    def shutdown(self) -> None:
        self.tasks_place.stop()
        self.close()
        self.heap.thaw()


def build_desktop(
    options: Options,
    window: MainWindow,
    *,
    clock: Clock = system_clock,
    runner: TaskRunner | None = None,
    keychain_timeout_s: float = KEYCHAIN_TIMEOUT_S,
    notifier: NotifierFactory = desktop_notices,
    alert: Alert = QApplication.alert,
    sandbox_factory: SandboxFactory = sandbox_process,
) -> Desktop:
    """Everything, once, in dependency order. The keyword arguments are what tests swap: the
    clock, the runner (an inline one), how long the keychain may take, the desktop notices
    (the platform's, else the system tray's), the taskbar alert and the sandbox server."""
    services = build_services(
        options,
        window,
        clock=clock,
        runner=runner,
        keychain_timeout_s=keychain_timeout_s,
        notifier=notifier(window),
        sandbox_factory=sandbox_factory,
    )
    screens = _build_screens(window, services)
    # Fields only: a service Services builds when first asked for is not one of them.
    made = {f.name: getattr(services, f.name) for f in fields(Services)}
    desktop = Desktop(**made, **vars(screens), options=options, window=window)
    _wire(desktop)
    _wire_attention(desktop, alert)
    return desktop


def _build_screens(window: MainWindow, s: Services) -> Screens:
    editor = BriefEditor(
        catalog=s.catalog,
        drafts=s.drafts,
        submission=s.submission,
        connection=s.connection,
        spelling=s.spelling,
        ideas=s.ideas,
        brand_kits=s.brand_kits,
        capabilities=s.capabilities,
    )
    follow_bar = FollowBar(s.tracker, s.task_actions)
    tasks_place = TasksPlace(s.tracker, follow_bar=follow_bar)
    balance_label = QLabel(formatting.balance(None))
    balance_label.setTextFormat(Qt.TextFormat.PlainText)
    balance_label.setObjectName("balance")
    balance_label.setAccessibleName("Credit balance")
    balance_label.setToolTip(balance_tooltip(None))
    _keep_whole(balance_label)
    accounts = AccountUi(
        window,
        s.account,
        s.preferences,
        data_dir=str(s.paths.data_dir),
        diagnostics_text=lambda: s.diagnostics.support_text(
            data_dir=s.paths.data_dir,
            settings_path=s.paths.settings_path,
            connection=s.connection,
            account=s.account,
            posts=s.submission.support_facts(),
        ),
    )
    return Screens(
        editor=editor,
        tasks_place=tasks_place,
        follow_bar=follow_bar,
        bell=NotificationBell(s.notifications, clock=s.clock),
        balance_label=balance_label,
        accounts=accounts,
    )


def _wire(d: Desktop) -> None:
    """Put the screens in the window and connect what happens to what follows from it."""
    add_by_id = _place_screens(d)
    _wire_navigation(d, add_by_id)
    _wire_status(d)
    _wire_data(d)


def _place_screens(d: Desktop) -> QAction:
    """The places, the menus and the status bar; returns File > Add a task by id."""
    window = d.window
    window.set_place("new_brief", d.editor)
    window.set_place_later("drafts", lambda: d.drafts_page)
    window.set_place("tasks", d.tasks_place)
    window.set_place_later("spending", lambda: d.spending_place)
    d.tasks_place.set_task_page_later(lambda: d.task_page)
    window.edit_menu.addAction(d.editor.undo_action)
    window.edit_menu.addAction(d.editor.redo_action)
    add_by_id = QAction(ADD_BY_ID, window)
    add_by_id.setObjectName("add_task_by_id")
    window.file_menu.addAction(add_by_id)
    window.finish_menus()
    window.statusBar().addPermanentWidget(d.balance_label)
    window.statusBar().addPermanentWidget(d.bell)
    return add_by_id


def _wire_navigation(d: Desktop, add_by_id: QAction) -> None:
    """Where a click takes the person: a draft to the editor, a task to its page."""
    window = d.window

    def on_submitted(_draft_id: str, task: object) -> None:
        if isinstance(task, Task):  # the tracker has it from the submission: select it
            d.tasks_place.select_when_listed(task.id)

    def open_task(task_id: str) -> None:
        window.show_place("tasks")
        d.tasks_place.open_task(task_id)

    def open_notice(task_id: str) -> None:
        """A notice chosen: its task's page, or for a summary ("4 tasks need you") the list
        of what waits on the person (all of it when nothing does any more)."""
        if task_id:
            open_task(task_id)
            return
        window.show_place("tasks")
        if d.notifications.needs_you_count():
            d.tasks_place.show_needs_you()

    def on_notice_clicked(task_id: str) -> None:
        # Clicked on the desktop, perhaps while the window was minimised or behind others.
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        open_notice(task_id)

    def open_add_by_id() -> None:
        window.show_place("tasks")
        d.follow_bar.open_field()

    d.editor.task_posted.connect(lambda _task: window.show_place("tasks"))
    d.submission.submitted.connect(on_submitted)
    d.tasks_place.new_brief_requested.connect(lambda: window.show_place("new_brief"))
    d.bell.task_requested.connect(open_notice)
    d.notifications.notice_clicked.connect(on_notice_clicked)
    add_by_id.triggered.connect(open_add_by_id)
    d.follow_bar.task_added.connect(d.tasks_place.select_when_listed)


def _wire_status(d: Desktop) -> None:
    """What the window says about the world: its name, offline, the balance, the settings."""
    window = d.window

    def on_world_changed(world: object) -> None:
        if isinstance(world, World):
            window.show_world(world.label, world.is_sandbox)

    def on_first_client(_world: object) -> None:
        if d.connection.client is not None:
            d.connection.world_changed.disconnect(on_first_client)
            d.heap.freeze()

    def on_offline_changed(offline: bool) -> None:
        # Said once, window-wide: the list's line keeps to other failures (follow_bar).
        if offline:
            window.banner.show_message(OFFLINE_MESSAGE, "warning")
        elif window.banner.text() == OFFLINE_MESSAGE:
            window.banner.hide()

    def on_balance_changed(balance: object) -> None:
        known = balance if isinstance(balance, Balance) else None
        d.balance_label.setText(formatting.balance(known))
        d.balance_label.setToolTip(balance_tooltip(known))
        _keep_whole(d.balance_label)

    def on_sandbox_failed(message: str) -> None:
        # An account does not need the sandbox: say where to connect one.
        where = d.accounts.settings_place()
        meanwhile = f"Meanwhile you can connect your AITasker account in {where}."
        window.banner.show_message(f"{message} {meanwhile}", "warning")

    def on_preferences(_settings: object) -> None:
        settings = d.preferences.settings
        d.tracker.set_idle_interval(settings.poll_seconds)
        d.notifications.desktop_notifications = settings.notifications

    d.connection.world_changed.connect(on_world_changed)
    d.connection.world_changed.connect(on_first_client)
    d.tracker.offline_changed.connect(on_offline_changed)
    d.balance.balance_changed.connect(on_balance_changed)
    d.sandbox.failed.connect(on_sandbox_failed)
    d.preferences.changed.connect(on_preferences)
    on_preferences(None)


def _keep_whole(label: QLabel) -> None:
    """A status bar short of room squeezes its parts under their text: money is never cut."""
    label.setMinimumWidth(label.sizeHint().width())


def _wire_data(d: Desktop) -> None:
    """What one service learns, the others and the screens hear."""

    d.tracker.transitions.connect(lambda _moves: d.balance.refresh())
    # The editor warns, before any confirmation, when a budget is more than can be spent.
    d.balance.balance_changed.connect(d.editor.on_balance_changed)
    d.catalog.catalog_changed.connect(d.tasks_place.on_catalog_changed)


def _wire_attention(d: Desktop, alert: Alert) -> None:
    """Whatever the desktop's notices can do: the title counts the tasks that need the
    person, and a notice flags the window in the taskbar."""
    d.notifications.needs_you_changed.connect(d.window.set_needs_you)
    d.notifications.attention.connect(lambda: alert(d.window))
