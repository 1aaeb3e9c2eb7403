"""The one place that builds the concrete objects and wires them together.

Startup order matters for how fast the app feels: the window is shown first, with nothing
heavy imported; the store, the client and the embedded sandbox are brought up right after,
from the event loop (`Desktop.start`).
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from aitasker_desktop.cli import Options
from aitasker_desktop.services.gc_guard import MainThreadGarbageCollector
from aitasker_desktop.ui.app_icon import app_icon
from aitasker_desktop.ui.main_window import MainWindow

if TYPE_CHECKING:
    from aitasker_desktop.account_setup import AccountSetup
    from aitasker_desktop.api.client import AITaskerClient
    from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
    from aitasker_desktop.services.connection import Connection
    from aitasker_desktop.services.drafts import DraftsService
    from aitasker_desktop.services.runner import Runner
    from aitasker_desktop.services.submission import SubmissionService
    from aitasker_desktop.storage.db import Store
    from aitasker_desktop.storage.paths import AppPaths
    from aitasker_desktop.storage.settings import Settings
    from aitasker_desktop.ui.drafts_page import DraftsPage

log = logging.getLogger(__name__)

APP_NAME = "AITasker Desktop"
OFFLINE_MESSAGE = "Can't reach AITasker — showing saved tasks; retrying…"
# The embedded sandbox's windows are ten times shorter than the platform's, so a first task
# shows bids within a minute instead of seven.
EMBEDDED_SANDBOX_SPEED = 10.0
READY_TIMEOUT_MS = 60_000  # --exit-when ready gives up (exit code 1) after this


class Desktop:
    """Owns every long-lived object of a running app, and their order of shutdown."""

    def __init__(
        self,
        options: Options,
        window: MainWindow,
        *,
        sandbox_speed: float = EMBEDDED_SANDBOX_SPEED,
        first_run_welcome: bool = False,
    ) -> None:
        self.options = options
        self.window = window
        self.sandbox_speed = sandbox_speed
        self.paths: AppPaths | None = None
        self.store: Store | None = None
        self.runner: Runner | None = None
        self.connection: Connection | None = None
        self.sandbox: EmbeddedSandbox | None = None
        self.first_run_welcome = first_run_welcome  # run_app shows it; the test fixture does not
        self.accounts: AccountSetup | None = None
        self._sandbox_ready = False
        self.drafts: DraftsService | None = None
        self.submission: SubmissionService | None = None
        self.drafts_page: DraftsPage | None = None
        self.started = False

    # -- startup ---------------------------------------------------------------------------

    def start(self) -> None:
        from aitasker_desktop import __version__
        from aitasker_desktop.services.connection import Connection
        from aitasker_desktop.services.runner import Runner
        from aitasker_desktop.storage.db import Store
        from aitasker_desktop.storage.paths import AppPaths

        QApplication.setApplicationVersion(__version__)
        paths = AppPaths.under(self.options.data_dir) if self.options.data_dir else None
        self.paths = paths or AppPaths.default()
        self.paths.ensure()
        self.store = Store(self.paths.db_path)
        self.runner = Runner(parent=self.window)
        self.connection = Connection(self.runner, parent=self.window)
        self.connection.world_changed.connect(self.on_connection_world_changed)
        self._install_drafts()
        self._install_editor()
        self.window.finish_menus()
        self._install_account()
        self._install_task_page()
        self._install_tasks()
        self.started = True

    def _install_drafts(self) -> None:
        """Drafts with autosave, the submission outbox, and the Drafts place. Before the
        editor (it uses `self.drafts` and `self.submission`) and before any world connects
        (a connected world resumes the outbox)."""
        from aitasker_desktop.services.drafts import DraftsService
        from aitasker_desktop.services.submission import SubmissionService
        from aitasker_desktop.storage.drafts import Drafts
        from aitasker_desktop.storage.outbox import Outbox
        from aitasker_desktop.ui.drafts_page import DraftsPage

        assert self.store is not None and self.runner is not None and self.connection is not None
        self.drafts = DraftsService(Drafts(self.store), self.runner, parent=self.window)
        self.drafts.purge_trash()
        self.submission = SubmissionService(
            self.connection, Outbox(self.store), self.drafts, parent=self.window
        )
        self.drafts_page = DraftsPage(self.drafts, self.submission)
        self.drafts_page.open_requested.connect(self.on_drafts_open_requested)
        self.window.set_place("drafts", self.drafts_page)

    def _install_editor(self) -> None:
        """The guided brief editor (New brief): catalog, spelling, brand kits; its undo and
        redo in the Edit menu. After the drafts (it edits drafts), before a world connects
        (the catalog loads on the first world)."""
        from aitasker_desktop.services.brand_kits import BrandKitService
        from aitasker_desktop.services.catalog import CatalogService
        from aitasker_desktop.services.spelling import SpellingService
        from aitasker_desktop.storage.brand_kits import BrandKits
        from aitasker_desktop.storage.catalog_cache import CatalogCache
        from aitasker_desktop.storage.editor_files import UserDictionary
        from aitasker_desktop.ui.editor import BriefEditor

        assert self.paths is not None and self.store is not None and self.runner is not None
        assert self.connection is not None
        self.catalog = CatalogService(
            self.connection, CatalogCache(self.paths.cache_dir), parent=self.window
        )
        self.brand_kits = BrandKitService(
            BrandKits(self.store, self.paths.brand_kits_dir), self.connection, parent=self.window
        )
        self.spelling = SpellingService(
            self.runner, UserDictionary(self.paths.data_dir / "dictionary.json"), self.window
        )
        assert self.drafts is not None, "_install_drafts runs before _install_editor"
        submission = getattr(self, "submission", None)
        if submission is not None:
            submission.set_brand_kit_resolver(self.brand_kits.ensure_remote)
            submission.set_catalog_provider(lambda: self.catalog.catalog)
        self.editor = BriefEditor(
            catalog=self.catalog,
            drafts=self.drafts,
            submission=submission,
            connection=self.connection,
            spelling=self.spelling,
            brand_kits=self.brand_kits,
        )
        self.editor.task_posted.connect(lambda _task: self.window.show_place("tasks"))
        # Typing must not stall: a full garbage collection scans every startup object (~50 ms
        # here). Once the first world is up, those are moved out of the collector's sight.
        self.connection.world_changed.connect(self.on_first_world_freeze_heap)
        self.window.set_place("new_brief", self.editor)
        self.window.edit_menu.addAction(self.editor.undo_action)
        self.window.edit_menu.addAction(self.editor.redo_action)

    def on_first_world_freeze_heap(self, _world: object) -> None:
        import gc

        assert self.connection is not None
        self.connection.world_changed.disconnect(self.on_first_world_freeze_heap)
        gc.collect()
        gc.freeze()  # undone at shutdown (gc.unfreeze), so nothing stays uncollectable

    def on_task_page_new_brief_requested(self, task: object) -> None:
        from aitasker_desktop.domain.task import Task

        if isinstance(task, Task) and self.drafts is not None:
            draft = self.drafts.new_from_task(task)
            self.on_drafts_open_requested(draft.id)

    def on_drafts_open_requested(self, draft_id: str) -> None:
        editor = getattr(self, "editor", None)  # installed by _install_editor, if present
        if editor is not None:
            editor.open_draft(draft_id)
        self.window.show_place("new_brief")

    def _start_sandbox(self) -> None:
        from aitasker_desktop.sandbox.embedded import EmbeddedSandbox

        assert self.paths is not None and self.runner is not None
        # The windows are compressed, not the clock: timestamps and countdowns stay true.
        sandbox = EmbeddedSandbox(data_dir=self.paths.sandbox_dir, compress=self.sandbox_speed)
        self.sandbox = sandbox

        def start() -> EmbeddedSandbox:
            sandbox.start()
            return sandbox

        self.runner.run(start, self.on_sandbox_started, self.on_sandbox_failed)

    def _install_account(self) -> None:
        """Settings, the key, and which world to open: the account when settings say so and a
        key is found (--api-url overrides its address, --sandbox forces the sandbox), else the
        sandbox. The welcome is shown on the first run."""
        from aitasker_desktop.account_setup import AccountSetup

        assert self.paths is not None and self.connection is not None
        self.accounts = AccountSetup(
            self.window,
            self.paths,
            self.connection,
            _account_client,
            self._connect_sandbox,
            api_url=self.options.api_url,
        )
        self.accounts.start(
            force_sandbox=self.options.force_sandbox, welcome=self.first_run_welcome
        )

    def _install_task_page(self) -> None:
        """A task's page (bids, delivery, decisions), the services behind it, and the credit
        balance in the status bar. The Tasks place shows the page when a task is opened."""

        from aitasker_desktop.services.balance import BalanceService
        from aitasker_desktop.services.downloads import DownloadService
        from aitasker_desktop.services.task_actions import TaskActionsService
        from aitasker_desktop.ui.task_page.page import TaskPage

        assert self.connection is not None and self.paths is not None
        self.balance = BalanceService(self.connection, parent=self.window)
        self.balance.balance_changed.connect(self.window.on_balance_changed)
        self.balance_label = self.window.balance_label
        # _install_tasks (after this) hosts the page and points the actions at the tracker.
        self.task_actions = TaskActionsService(
            self.connection, on_money_moved=self.balance.refresh, parent=self.window
        )
        self.downloads = DownloadService(
            self.connection, self.paths.downloads_dir, parent=self.window
        )
        self.task_page = TaskPage(self.task_actions, self.downloads, self.balance)
        self.task_page.new_brief_requested.connect(self.on_task_page_new_brief_requested)
        catalog = getattr(self, "catalog", None)  # from _install_editor: names for the meta line
        if catalog is not None:
            self.task_page.on_catalog_changed(catalog.catalog)
            catalog.catalog_changed.connect(self.task_page.on_catalog_changed)
        self.balance.start()

    def _connect_sandbox(self) -> None:
        if self.sandbox is None:
            self._start_sandbox()
        elif self._sandbox_ready:
            self.on_sandbox_started(self.sandbox, switch=True)
        # else: it is starting, and connects itself when it is up

    def on_sandbox_started(self, sandbox: EmbeddedSandbox, *, switch: bool = False) -> None:
        from aitasker_desktop.api.client import AITaskerClient
        from aitasker_desktop.services.connection import World, WorldKind

        assert self.connection is not None
        self._sandbox_ready = True
        world = self.connection.world
        if world is not None and not world.is_sandbox and not switch:
            return  # the person connected an account while the sandbox was starting
        client = AITaskerClient(sandbox.base_url, sandbox.api_key, user_agent=_user_agent())
        self.connection.set_client(client, World(WorldKind.SANDBOX, sandbox.base_url))

    def on_sandbox_failed(self, exc: BaseException) -> None:
        log.error("The built-in sandbox did not start", exc_info=exc)
        self.window.banner.show_message(
            "The built-in sandbox could not start. Restart the app; if it keeps happening, "
            "copy the diagnostics from the Help menu for support.",
            "warning",
        )

    def _install_tasks(self) -> None:
        """The Tasks place (the list, hosting the task page), the tracker that keeps it
        current, and notifications (a bell in the status bar, the desktop where there is a
        tray). After the task page: the place shows it, and actions report to the tracker."""
        from aitasker_desktop.services.notifications import NotificationService
        from aitasker_desktop.services.tracker import TrackerService
        from aitasker_desktop.ui.tasks.notification_panel import (
            NotificationBell,
            desktop_notifier,
        )
        from aitasker_desktop.ui.tasks.place import TasksPlace

        assert self.connection is not None and self.store is not None
        self.tracker = TrackerService(self.connection, self.store, parent=self.window)
        self.notifications = NotificationService(
            self.tracker, self.store, desktop=desktop_notifier(self.window), parent=self.window
        )
        self.tasks_place = TasksPlace(self.tracker)
        page = getattr(self, "task_page", None)
        if page is not None:
            self.tasks_place.set_task_page(page)
            page.task_updated.connect(self.tracker.upsert)
        actions = getattr(self, "task_actions", None)
        if actions is not None:
            actions.set_task_sink(self.tracker.upsert)
        balance = getattr(self, "balance", None)
        if balance is not None:
            self.tracker.transitions.connect(lambda _moves: balance.refresh())
        if self.submission is not None:
            self.submission.submitted.connect(self.on_submission_submitted)
        self.tasks_place.new_brief_requested.connect(lambda: self.window.show_place("new_brief"))
        catalog = getattr(self, "catalog", None)  # from _install_editor: category/type names
        if catalog is not None:
            self.tasks_place.on_catalog_changed(catalog.catalog)
            catalog.catalog_changed.connect(self.tasks_place.on_catalog_changed)
        self.window.set_place("tasks", self.tasks_place)
        self.bell = NotificationBell(self.notifications)
        self.bell.task_requested.connect(self.on_bell_task_requested)
        self.window.statusBar().addPermanentWidget(self.bell)
        self.tracker.offline_changed.connect(self.on_tracker_offline_changed)
        prefs = getattr(self.accounts, "preferences", None)
        if prefs is not None:
            self.on_preferences_changed_for_tasks(prefs.settings)
            prefs.changed.connect(self.on_preferences_changed_for_tasks)
        self.tracker.start()  # polls once the connection has a client
        self.notifications.start()

    def on_submission_submitted(self, _draft_id: str, task: object) -> None:
        """A posted task is listed and selected at once, from the create answer (not the
        next poll), and the balance shows its hold at the same moment."""
        from aitasker_desktop.domain.task import Task

        if isinstance(task, Task):
            self.tracker.upsert(task)
            self.tasks_place.select_when_listed(task.id)
        balance = getattr(self, "balance", None)
        if balance is not None:
            balance.refresh()

    def on_preferences_changed_for_tasks(self, settings: Settings) -> None:
        self.tracker.set_idle_interval(settings.poll_seconds)
        self.notifications.desktop_notifications = settings.notifications

    def on_tracker_offline_changed(self, offline: bool) -> None:
        if offline:
            self.window.banner.show_message(OFFLINE_MESSAGE, "warning")
        elif self.window.banner.text() == OFFLINE_MESSAGE:
            self.window.banner.hide()

    def on_bell_task_requested(self, task_id: str) -> None:
        self.window.show_place("tasks")
        self.tasks_place.open_task(task_id)

    def on_connection_world_changed(self, world: object) -> None:
        from aitasker_desktop.services.connection import World

        if isinstance(world, World):
            self.window.show_world(world.label, world.is_sandbox)

    # -- shutdown --------------------------------------------------------------------------

    def shutdown(self) -> None:
        for name in ("tracker", "notifications", "tasks_place"):
            if getattr(self, name, None) is not None:
                getattr(self, name).stop()
        if getattr(self, "balance", None) is not None:
            self.balance.stop()
        if self.submission is not None:
            self.submission.stop()
        if self.drafts is not None:
            self.drafts.flush()  # the last second of typing
        if self.runner is not None:
            self.runner.shutdown(10_000)
        if self.connection is not None:
            self.connection.close()
        if self.sandbox is not None:
            self.sandbox.stop()
        if getattr(self, "tracker", None) is not None:
            self.tracker.close()  # the task list's read connections
        if self.store is not None:
            self.store.close()
        if self.accounts is not None:
            self.accounts.close()
        import gc

        gc.unfreeze()


def _account_client(base_url: str, api_key: str) -> AITaskerClient:
    from aitasker_desktop.api.client import AITaskerClient

    # TLS always verified against the OS trust store; system proxy settings honoured (client).
    return AITaskerClient(base_url, api_key, user_agent=_user_agent())


def _user_agent() -> str:
    from aitasker_desktop import __version__

    return f"AITaskerDesktop/{__version__}"


def create_application(options: Options) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0], *options.qt_args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("AITasker")
    app.setDesktopFileName("aitasker-desktop")
    app.setWindowIcon(app_icon())
    return app


def run_app(options: Options) -> int:
    app = create_application(options)
    window = MainWindow()
    window.setWindowIcon(app.windowIcon())
    _install_help_menu(window)
    window.show()
    # Smoke runs are unattended: no welcome dialog to wait on.
    desktop = Desktop(options, window, first_run_welcome=options.exit_when is None)
    _install_excepthook(window)
    collector = MainThreadGarbageCollector(parent=app)
    collector.start()
    # Everything else loads once the window is on screen, so it appears at once.
    window.first_painted.connect(lambda: QTimer.singleShot(0, desktop.start))
    if options.exit_when:  # connected after start: its zero-timer fires after start's
        _exit_when(options.exit_when, app, window, desktop)
    try:
        return app.exec()
    finally:
        desktop.shutdown()
        collector.stop()


def _install_excepthook(window: MainWindow) -> None:
    """A bug must not end the session: log it (the log redacts keys) and say so plainly."""

    def hook(kind: type[BaseException], exc: BaseException, tb: object) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.critical("Unexpected error", exc_info=(kind, exc, tb))  # type: ignore[arg-type]
        window.banner.show_message(
            "Something went wrong inside the app. Your drafts are saved. If it keeps "
            "happening, use Help > Copy diagnostics and send them to support.",
            "warning",
        )

    sys.excepthook = hook


def _install_help_menu(window: MainWindow) -> None:
    def show_about() -> None:
        from aitasker_desktop.ui.about import AboutDialog

        AboutDialog(window).exec()

    window.help_menu.addAction("&About AITasker Desktop", show_about)


def _exit_when(moment: str, app: QApplication, window: MainWindow, desktop: Desktop) -> None:
    """Smoke tests and benchmarks: say when the window is up (or the app ready), then quit."""

    def say(line: str, code: int = 0) -> None:
        print(line, flush=True)
        app.exit(code)

    if moment == "shown":
        window.first_painted.connect(lambda: say("aitasker-desktop: window shown"))
        return

    def on_world(world: object) -> None:
        from aitasker_desktop.services.connection import World

        if isinstance(world, World):
            say(f"aitasker-desktop: ready on {world.kind} at {world.base_url}")

    QTimer.singleShot(READY_TIMEOUT_MS, lambda: say("aitasker-desktop: not ready in time", code=1))

    def hook() -> None:
        if desktop.connection is not None:
            desktop.connection.world_changed.connect(on_world)
            if desktop.connection.client is not None:
                on_world(desktop.connection.world)

    window.first_painted.connect(lambda: QTimer.singleShot(0, hook))
