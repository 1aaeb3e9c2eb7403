"""Running the app as a process: the QApplication, the window first, then the desktop.

Start-up order is what makes the app feel fast: the window is shown with nothing heavy
imported; once it has painted, `build_desktop` makes everything else (desktop.py) and
`Desktop.start` begins the work, which runs off the GUI thread.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from aitasker_desktop.options import Options
from aitasker_desktop.services.gc_guard import MainThreadGarbageCollector
from aitasker_desktop.storage.paths import AppPaths, FolderProblem
from aitasker_desktop.storage.settings_raw import theme_in
from aitasker_desktop.ui.app_icon import app_icon
from aitasker_desktop.ui.main_window import MainWindow
from aitasker_desktop.ui.theme import apply_theme

if TYPE_CHECKING:  # imported after the first paint, or in cli.py before Qt
    from aitasker_desktop.desktop import Desktop
    from aitasker_desktop.services.other_launches import Listener
    from aitasker_desktop.services.sandbox_process import SandboxProcess
    from aitasker_desktop.storage.instance_lock import InstanceLock

log = logging.getLogger(__name__)

APP_NAME = "AITasker Desktop"
READY_TIMEOUT_MS = 60_000  # --exit-when ready gives up (exit code 1) after this
# Another launch on the same folder is answered from when the app is ready, or this long after
# it started building if it is not ready by then (offline with nothing cached, say).
LISTEN_AT_LATEST_MS = 3_000


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


def run_app(
    options: Options, sandbox: SandboxProcess | None = None, lock: InstanceLock | None = None
) -> int:
    """`sandbox`: on a first run, the sandbox's process, launched already (cli.py); `lock`:
    this run's hold on its data folder (storage/instance_lock.py), given up when it ends."""
    app = create_application(options)
    window = show_window(app, options)
    install_excepthook(window)
    collector = MainThreadGarbageCollector(parent=app)
    collector.start()
    session = Session(options, app, window, sandbox, lock)
    # Everything else is built once the window is on screen, so it appears at once.
    window.first_painted.connect(lambda: QTimer.singleShot(0, session.start))
    if options.exit_when == "shown":
        window.first_painted.connect(lambda: session.say("aitasker-desktop: window shown"))
    try:
        code = app.exec()
    finally:
        session.shutdown()
        collector.stop()
    return code or (1 if session.failed else 0)


def show_window(app: QApplication, options: Options) -> MainWindow:
    """The empty window, on screen at once in the appearance the person chose: never a
    frame in the system's scheme first. Read from the settings file as plain JSON; their
    full load (pydantic) comes with the desktop, after the first paint."""
    apply_theme(app, theme_in(AppPaths.chosen(options.data_dir).settings_path))
    window = MainWindow()
    window.setWindowIcon(app.windowIcon())
    install_help_menu(window)
    window.show()
    return window


class Session:
    """The desktop of one run: built after the first paint, shut down when the loop ends."""

    def __init__(
        self,
        options: Options,
        app: QApplication,
        window: MainWindow,
        sandbox: SandboxProcess | None,
        lock: InstanceLock | None = None,
    ) -> None:
        self.options = options
        self.app = app
        self.window = window
        self.sandbox = sandbox  # launched before the window on a first run
        self.lock = lock
        self.listener: Listener | None = None  # answers another launch on this folder
        self.desktop: Desktop | None = None  # None until the first paint, or if it failed
        self.failed = False  # the desktop could not be built: the window says why

    def start(self) -> None:
        from aitasker_desktop.desktop import build_desktop

        if self.options.exit_when == "ready":  # set first: a start that fails ends too
            QTimer.singleShot(
                READY_TIMEOUT_MS, lambda: self.say("aitasker-desktop: not ready in time", 1)
            )
        # No QApplication.setApplicationVersion: nothing reads it, and looking the version
        # up costs ~40 ms here; About and diagnostics read `__version__` when they are asked.
        early = self.sandbox
        try:
            if early is None:
                desktop = build_desktop(self.options, self.window)
            else:
                desktop = build_desktop(self.options, self.window, sandbox_factory=lambda _d: early)
        except FolderProblem as exc:  # the person's to fix, and said how: no traceback
            self.fail(exc.text)
            return
        except Exception as exc:
            log.critical("The app could not start", exc_info=exc)
            self.fail(
                f"AITasker Desktop could not start: something unexpected went wrong ({exc}). "
                "Start it again; if it keeps happening, tell support what this says."
            )
            return
        self.desktop = desktop
        from aitasker_desktop.ui.readiness import Readiness

        readiness = Readiness(desktop.catalog, desktop.tracker, desktop.editor, parent=self.window)
        if self.options.exit_when is None:  # smoke runs end at once: nobody to bring forward
            readiness.ready.connect(self.listen)
            QTimer.singleShot(LISTEN_AT_LATEST_MS, self.listen)
        if self.options.exit_when == "ready":
            readiness.ready.connect(lambda: self.say("aitasker-desktop: ready"))
            # Never ready without the sandbox it is on: say why now, not in a minute.
            desktop.sandbox.failed.connect(
                lambda message: self.say(f"aitasker-desktop: not ready: {message}", 1)
            )
        # Smoke runs are unattended: no welcome dialog to wait on.
        desktop.start(welcome=self.options.exit_when is None)
        desktop.heap.set_aside()  # what start-up made: out of the garbage collector's sight

    def fail(self, text: str) -> None:
        """The desktop could not be built: say why in the window (File › Quit is there) and
        on the terminal; a smoke run (`--exit-when`) ends, with exit code 1."""
        self.failed = True
        self.window.show_start_failure(text)
        if self.options.exit_when is not None:
            self.say(f"aitasker-desktop: {text}", 1)
        else:
            print(f"aitasker-desktop: {text}", file=sys.stderr, flush=True)
            self.listen()  # opened again, the app shows this window and why, not nothing

    def listen(self) -> None:
        """From now on, another launch on this data folder brings this window forward."""
        if self.lock is None or self.listener is not None:
            return
        try:
            from aitasker_desktop.services.other_launches import Listener
        except ImportError as exc:  # an install without QtNetwork: a launch waits, then says so
            log.warning("Another launch cannot reach this one: %s", exc)
            return
        self.listener = Listener(self.lock.path.parent, self.bring_to_front, parent=self.app)

    def bring_to_front(self) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        # Where the desktop will not hand the focus over, the taskbar entry asks for it.
        QApplication.alert(window)

    def say(self, line: str, code: int = 0) -> None:
        """Smoke tests and benchmarks: say the moment has come, then quit (a failure on the
        error stream)."""
        print(line, file=sys.stderr if code else sys.stdout, flush=True)
        self.app.exit(code)

    def shutdown(self) -> None:
        if self.listener is not None:
            self.listener.close()
        if self.desktop is not None:
            self.desktop.shutdown()
        if self.sandbox is not None:
            self.sandbox.stop()  # launched early but perhaps never used
        if self.lock is not None:  # the store is closed: the next launch may open it
            self.lock.release()


def install_excepthook(window: MainWindow) -> None:
    """A bug must not end the session: log it (the log redacts keys) and say so plainly."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.critical("Unexpected error", exc_info=(kind, exc, tb))
        window.banner.show_message(
            "Something went wrong inside the app. Your drafts are saved. If it keeps "
            "happening, use Help > Copy diagnostics and send them to support.",
            "warning",
        )

    sys.excepthook = hook


def install_help_menu(window: MainWindow) -> None:
    def show_about() -> None:
        from aitasker_desktop.ui.about import AboutDialog

        AboutDialog(window).exec()

    window.help_menu.addAction("&About AITasker Desktop", show_about)
