"""The composition root: every long-lived object is built once, here, in dependency order, and
handed what it needs through its constructor. The result is one `Desktop` whose fields are
never None.

What a test swaps (the clock, the runner, how long the keychain may take, the desktop
notifier, the sandbox server) is an argument of `build_desktop`. Building reads no network and
starts no sandbox: `Desktop.start` does, and the sandbox starts on a worker, so the cached
catalog and cached tasks show first.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from aitasker_desktop.domain.clock import Clock, system_clock
from aitasker_desktop.options import Options
from aitasker_desktop.services.account import KEYCHAIN_TIMEOUT_S, AccountService
from aitasker_desktop.services.balance import BalanceService
from aitasker_desktop.services.brand_kits import BrandKitService
from aitasker_desktop.services.brief_ideas import BriefIdeasService
from aitasker_desktop.services.capabilities import CapabilitiesService
from aitasker_desktop.services.catalog import CatalogService
from aitasker_desktop.services.connection import Connection
from aitasker_desktop.services.desktop_notices import NoticeSink
from aitasker_desktop.services.diagnostics import Diagnostics
from aitasker_desktop.services.drafts import DraftsService
from aitasker_desktop.services.notifications import NotificationService
from aitasker_desktop.services.preferences import Preferences
from aitasker_desktop.services.runner import Runner, TaskRunner
from aitasker_desktop.services.sandbox_process import SandboxSetup
from aitasker_desktop.services.sandbox_world import SandboxFactory, SandboxWorld, sandbox_process
from aitasker_desktop.services.spelling import SpellingService, person_dictionary
from aitasker_desktop.services.submission import SubmissionService
from aitasker_desktop.services.task_actions import TaskActionsService
from aitasker_desktop.services.tracker import TrackerService
from aitasker_desktop.storage.brand_kits import BrandKits
from aitasker_desktop.storage.capabilities_store import CapabilitiesStore
from aitasker_desktop.storage.catalog_cache import CatalogCache
from aitasker_desktop.storage.db import Store
from aitasker_desktop.storage.drafts import Drafts
from aitasker_desktop.storage.editor_files import UserDictionary
from aitasker_desktop.storage.idea_uses import IDEA_USES_FILENAME, IdeaUsesFile
from aitasker_desktop.storage.opening import StartNotice, open_store
from aitasker_desktop.storage.outbox import Outbox
from aitasker_desktop.storage.paths import AppPaths
from aitasker_desktop.storage.secrets import KEY_FILENAME, KeyFile
from aitasker_desktop.storage.settings import LoadResult, SettingsStore

if TYPE_CHECKING:
    from aitasker_desktop.api.client import AITaskerClient
    from aitasker_desktop.services.downloads import DownloadService
    from aitasker_desktop.services.spending import SpendingService

NotifierFactory = Callable[[QWidget], NoticeSink]


def account_client(base_url: str, api_key: str) -> AITaskerClient:
    """A client for a real account or the sandbox: TLS verified against the OS trust store,
    system proxy settings honoured, the client's one user agent (see api/client.py).
    Imported here: httpx loads with the first client, which the sandbox makes on a worker."""
    from aitasker_desktop.api.client import AITaskerClient

    return AITaskerClient(base_url, api_key)


@dataclass(frozen=True, eq=False, repr=False)
class Services:
    """Everything below the widgets, built in this order; the services only a place seen
    later works with (`spending`, `downloads`) when first asked for. Like the other
    composition records (_Foundation, Screens, Desktop), equal only to itself and without a
    field-by-field repr: comparing or printing every service means nothing, and making
    those methods costs ~1 ms a class on the way to ready."""

    paths: AppPaths
    store: Store
    store_notice: StartNotice | None  # what was wrong with the data file at start, if anything
    runner: TaskRunner
    disk_runner: TaskRunner  # autosave's own thread: a save never queues behind network calls
    spell_runner: TaskRunner  # the spell checker's own thread: slow, and never in the way
    connection: Connection
    capabilities: CapabilitiesService
    preferences: Preferences
    first_run: bool
    settings_problem: str | None
    settings_set_aside: bool  # the file was damaged and moved aside: what is in use is unsaved
    drafts: DraftsService
    catalog: CatalogService
    brand_kits: BrandKitService
    spelling: SpellingService
    ideas: BriefIdeasService  # briefs from a one-sentence idea, and their hourly count
    submission: SubmissionService
    tracker: TrackerService
    notifications: NotificationService
    balance: BalanceService
    task_actions: TaskActionsService
    sandbox: SandboxWorld
    account: AccountService
    diagnostics: Diagnostics
    heap: StartupHeap
    clock: Clock
    owner: QWidget  # the parent of the services' Qt objects

    # -- built when first asked for: their modules cost ~18 ms on the way to ready ----------

    @cached_property
    def spending(self) -> SpendingService:
        """For the Spending place."""
        from aitasker_desktop.services.spending import SpendingService
        from aitasker_desktop.storage.spending import SpendingReader
        from aitasker_desktop.storage.task_rows import TaskRowReader

        return SpendingService(
            self.tracker,
            SpendingReader(TaskRowReader(self.paths.db_path)),
            self.runner,
            self.paths.downloads_dir,
            clock=self.clock,
            parent=self.owner,
        )

    @cached_property
    def downloads(self) -> DownloadService:
        """For a task's page: previews, PDF pages and saved files."""
        from aitasker_desktop.services.downloads import DownloadService

        offer = lambda: self.capabilities.current  # noqa: E731 (read at each use: re-learned)
        return DownloadService(self.connection, self.paths.downloads_dir, offer, parent=self.owner)

    def _built(self, name: str) -> bool:
        return name in self.__dict__  # where cached_property keeps what it built

    def close(self) -> None:
        """In the reverse of the order they were built: nothing is used after it closed."""
        self.tracker.stop()
        self.capabilities.stop()
        self.notifications.close()  # the desktop notices' thread too
        self.balance.stop()
        self.submission.stop()
        self.drafts.flush()  # the last second of typing
        self.drafts.stop()  # no timed save or retry after it
        self.spelling.stop()
        self.disk_runner.shutdown(10_000)
        self.spell_runner.shutdown(10_000)
        self.runner.shutdown(10_000)
        self.connection.close()
        self.sandbox.stop()
        self.tracker.close()  # the task list's read connections, once no job reads them
        if self._built("spending"):
            self.spending.close()
        self.store.close()
        self.diagnostics.close()


def build_services(
    options: Options,
    parent: QWidget,
    *,
    clock: Clock = system_clock,
    runner: TaskRunner | None = None,
    keychain_timeout_s: float = KEYCHAIN_TIMEOUT_S,
    notifier: NoticeSink | None = None,
    sandbox_factory: SandboxFactory = sandbox_process,
) -> Services:
    base = _foundation(options, runner, parent)
    paths, store, connection = base.paths, base.store, base.connection
    # What the server offers routes the tracker's reads and the task page's decisions.
    capabilities = CapabilitiesService(
        connection, CapabilitiesStore(store), clock=clock, parent=parent
    )
    offer = lambda: capabilities.current  # noqa: E731 (read at each use: it is re-learned)
    tracker = TrackerService(connection, store, clock=clock, offer=offer, parent=parent)
    capabilities.changed.connect(tracker.on_capabilities_changed)
    balance = BalanceService(connection, parent=parent)
    drafts, catalog, brand_kits, spelling, submission = _editing(
        paths, store, (base.disk_runner, base.spell_runner), connection, tracker, balance, parent
    )
    task_actions = TaskActionsService(
        connection,
        on_task_updated=tracker.upsert,
        on_money_moved=balance.refresh,
        offer=offer,
        known=tracker.task,
        parent=parent,
    )
    sandbox, account = _worlds(
        options, base, sandbox_factory, keychain_timeout_s=keychain_timeout_s, parent=parent
    )
    return Services(
        paths=paths,
        store=store,
        store_notice=base.store_notice,
        runner=base.runner,
        disk_runner=base.disk_runner,
        spell_runner=base.spell_runner,
        connection=connection,
        capabilities=capabilities,
        preferences=base.preferences,
        first_run=base.loaded.first_run,
        settings_problem=base.loaded.problem,
        settings_set_aside=base.loaded.backup_path is not None,
        drafts=drafts,
        catalog=catalog,
        brand_kits=brand_kits,
        spelling=spelling,
        ideas=BriefIdeasService(
            connection,
            IdeaUsesFile(paths.data_dir / IDEA_USES_FILENAME),
            base.disk_runner,
            clock=clock,
            parent=parent,
        ),
        submission=submission,
        tracker=tracker,
        notifications=NotificationService(
            tracker, store, desktop=notifier, clock=clock, parent=parent
        ),
        balance=balance,
        task_actions=task_actions,
        sandbox=sandbox,
        account=account,
        diagnostics=Diagnostics(paths.log_dir, secrets=account.secrets),
        heap=StartupHeap(),
        clock=clock,
        owner=parent,
    )


@dataclass(frozen=True, eq=False, repr=False)
class _Foundation:
    """What every service stands on: the folders, the data file, the threads, the
    connection and the settings."""

    paths: AppPaths
    store: Store
    store_notice: StartNotice | None
    runner: TaskRunner
    disk_runner: TaskRunner
    spell_runner: TaskRunner
    connection: Connection
    loaded: LoadResult
    preferences: Preferences


def _foundation(options: Options, runner: TaskRunner | None, parent: QWidget) -> _Foundation:
    paths = AppPaths.chosen(options.data_dir)
    paths.ensure()
    # Damaged, read-only or full: the app starts anyway; the notice says what happened.
    store, store_notice = open_store(paths.db_path)
    runner = runner or Runner(parent=parent)
    connection = Connection(runner, parent=parent)
    settings_store = SettingsStore(paths.settings_path)
    loaded = settings_store.load()
    return _Foundation(
        paths=paths,
        store=store,
        store_notice=store_notice,
        runner=runner,
        disk_runner=Runner(max_threads=1, parent=parent),
        spell_runner=Runner(max_threads=1, parent=parent),
        connection=connection,
        loaded=loaded,
        preferences=Preferences(settings_store, loaded.settings, runner, parent=parent),
    )


def _worlds(
    options: Options,
    base: _Foundation,
    sandbox_factory: SandboxFactory,
    *,
    keychain_timeout_s: float,
    parent: QWidget,
) -> tuple[SandboxWorld, AccountService]:
    """The two worlds the app can work in: the built-in sandbox, and an account, which falls
    back to the sandbox when it has no key or the person chose the sandbox."""
    sandbox = SandboxWorld(
        base.connection,
        sandbox_setup(options, base.paths),
        account_client,
        factory=sandbox_factory,
        parent=parent,
    )
    account = AccountService(
        base.connection,
        base.preferences,
        KeyFile(base.paths.data_dir / KEY_FILENAME),
        account_client,
        sandbox.open,
        api_url_override=options.api_url,
        keychain_timeout_s=keychain_timeout_s,
        parent=parent,
    )
    return sandbox, account


def sandbox_setup(options: Options, paths: AppPaths) -> SandboxSetup:
    """The built-in sandbox as the command line asked for it (surface, starting credit)."""
    return SandboxSetup(
        paths.sandbox_dir,
        surface=options.sandbox_surface,
        starting_credit_usd=options.sandbox_credit_usd,
    )


def _editing(
    paths: AppPaths,
    store: Store,
    runners: tuple[TaskRunner, TaskRunner],
    connection: Connection,
    tracker: TrackerService,
    balance: BalanceService,
    parent: QWidget,
) -> tuple[DraftsService, CatalogService, BrandKitService, SpellingService, SubmissionService]:
    """What the brief editor works with; the submission resolves brand kits and reads the
    catalog through the services made just before it, and hands a posted task to the
    tracker (its cache) and the balance (its hold) as the create answer comes. `runners`:
    the disk's that autosave writes on, and the spell checker's."""
    disk_runner, spell_runner = runners
    drafts = DraftsService(Drafts(store), disk_runner, parent=parent)
    catalog = CatalogService(connection, CatalogCache(paths.cache_dir), parent=parent)
    brand_kits = BrandKitService(BrandKits(store, paths.brand_kits_dir), connection, parent=parent)
    spelling = SpellingService(
        spell_runner,
        UserDictionary(paths.data_dir / "dictionary.json"),
        parent,
        language=person_dictionary(),  # the person's English: en_GB accepts "colour"
    )
    submission = SubmissionService(
        connection,
        Outbox(store),
        drafts,
        brand_kit_resolver=brand_kits.ensure_remote,
        catalog_provider=lambda: catalog.catalog,
        on_task_posted=tracker.upsert,
        on_money_moved=balance.refresh,
        parent=parent,
    )
    return drafts, catalog, brand_kits, spelling, submission


class StartupHeap:
    """Typing must not stall: a full garbage collection scans every start-up object (~50 ms
    here). The app (app.py) moves them out of the collector's sight once the desktop has
    started (`set_aside`), without collecting first: that pass would cost ~30 ms on the way
    to ready, for the few cycles start-up leaves. Once the first world is up, `freeze`
    collects what came since and sets that aside too; `thaw` at shutdown undoes both, so
    nothing stays uncollectable. A process hosting desktops for its own ends (the tests,
    which freeze their heap after each test) never calls `set_aside`, and then this does
    nothing. (The heap's freeze count cannot tell: Python 3.12 starts with some 375 objects
    frozen already.)"""

    def __init__(self) -> None:
        self._ours = False
        self._settled = False

    def set_aside(self) -> None:
        gc.freeze()
        self._ours = True

    def freeze(self) -> None:
        if self._ours and not self._settled:
            gc.collect()
            gc.freeze()
            self._settled = True

    def thaw(self) -> None:
        if self._ours:
            gc.unfreeze()
            self._ours = False
