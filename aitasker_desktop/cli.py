"""Command line: `aitasker-desktop [--data-dir DIR] [--sandbox] [--api-url URL]
[--sandbox-surface full|documented] [--sandbox-credit USD]`, or
`aitasker-desktop sandbox ...` to run the built-in sandbox as a standalone server.

Kept free of heavy imports so the window can appear as early as possible.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aitasker_desktop.options import Options
from aitasker_desktop.sandbox.conventions import Surface  # an enum of names: light

if TYPE_CHECKING:
    from aitasker_desktop.services.sandbox_process import SandboxProcess
    from aitasker_desktop.storage.instance_lock import InstanceLock


def _credit(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount of USD (0 or more)")
    return value


def parse_args(argv: Sequence[str]) -> Options:
    parser = argparse.ArgumentParser(
        prog="aitasker-desktop",
        description="Post tasks to AITasker and review what comes back.",
        epilog="Run `aitasker-desktop sandbox --help` for the standalone sandbox server.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="keep every file the app writes under DIR (default: your user folders)",
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="use the built-in sandbox even when an account is configured",
    )
    parser.add_argument("--api-url", metavar="URL", help="the AITasker API address to use")
    parser.add_argument(
        "--sandbox-surface",
        choices=[s.value for s in Surface],
        default=Surface.FULL.value,
        help=(
            "what the built-in sandbox serves: everything (full), or only what AITasker "
            "documents (documented), to try the app as it works against AITasker itself"
        ),
    )
    parser.add_argument(
        "--sandbox-credit",
        type=_credit,
        metavar="USD",
        help="the pretend credit a new built-in sandbox account starts with",
    )
    parser.add_argument("--version", action="store_true", help="show the version and exit")
    parser.add_argument("--exit-when", choices=("shown", "ready"), help=argparse.SUPPRESS)
    # How long a second launch on the same data folder waits for the first to answer.
    parser.add_argument("--handover-patience", type=float, default=30.0, help=argparse.SUPPRESS)
    ns, rest = parser.parse_known_args(list(argv))
    if ns.version:
        from aitasker_desktop import __version__

        print(f"aitasker-desktop {__version__}")
        parser.exit()
    # Anything we do not know is left for Qt (e.g. -platform, -style).
    return Options(
        data_dir=ns.data_dir.expanduser().resolve() if ns.data_dir else None,
        force_sandbox=ns.sandbox,
        api_url=ns.api_url,
        sandbox_surface=ns.sandbox_surface,
        sandbox_credit_usd=ns.sandbox_credit,
        exit_when=ns.exit_when,
        handover_patience_s=ns.handover_patience,
        qt_args=tuple(rest),
    )


def _choose_headless_platform() -> None:
    """Without any display, Qt aborts the process; run offscreen instead, and say so."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    print(
        "aitasker-desktop: no display found, so the window is not visible (running "
        "offscreen). Start it from a desktop session to see it. Press Ctrl+C to stop.",
        file=sys.stderr,
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # Imports that would cost start-up and serve nothing here. None in sys.modules makes
    # them fail, which both libraries expect: httpx imports its command-line client (rich,
    # click and pygments: ~95 ms) whenever those happen to be installed; FastAPI imports
    # pydantic.v1 (~45 ms, in the sandbox's process) to ask of each route's types whether
    # they are v1 models, and none is.
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    sys.modules.setdefault("pydantic.v1", None)  # type: ignore[arg-type]
    if args[:1] == ["sandbox"]:
        # FastAPI, the routes and their models are some 90,000 objects made at once that
        # live as long as the process: the collector would walk them over and over while
        # they are made (~75 ms of a first run's wait). run() sets them aside and turns
        # the collector back on before it serves.
        gc.disable()
        from aitasker_desktop.sandbox.cli import run as run_sandbox

        return run_sandbox(args[1:])
    # The same for the app: until the window exists and its collector (gc_guard) takes
    # over, importing Qt and the window's modules would set off ~10 ms of collections that
    # find nothing to free.
    gc.disable()
    try:
        return _run_app(args)
    finally:
        gc.enable()


def _run_app(args: list[str]) -> int:
    options = parse_args(args)
    _choose_headless_platform()
    # Pydantic looks for plugins in every installed package's metadata when its first model
    # is made (~20 ms at start-up); the app uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from aitasker_desktop.storage.instance_lock import InstanceLock
    from aitasker_desktop.storage.paths import AppPaths

    folder = AppPaths.chosen(options.data_dir).data_dir
    try:
        lock = InstanceLock.acquire(folder)
    except OSError:  # a folder that cannot be used: the window says so, lock or not
        lock = None
    else:
        if lock is None:  # the app is open on this folder already
            handed = _hand_over(options, folder)
            if isinstance(handed, int):
                return handed
            lock = handed  # it ended meanwhile: this run takes the folder
    sandbox = early_sandbox(options)  # before Qt loads: it boots on the other core meanwhile
    from aitasker_desktop.services.pyside_scan import speed_up_feature_scan

    speed_up_feature_scan()
    from aitasker_desktop.app import run_app

    return run_app(options, sandbox, lock)


def _hand_over(options: Options, folder: Path) -> int | InstanceLock:
    """Ask the app already open on `folder` to bring its window forward, and end (the exit
    code); say plainly when it does not answer (on screen too, for a person who opened the
    app from an icon). The folder's lock, when that app ended meanwhile: this run starts."""
    from aitasker_desktop.app import create_application  # the app this run may go on with
    from aitasker_desktop.services import other_launches
    from aitasker_desktop.storage.instance_lock import InstanceLock, holder_pid

    taken: list[InstanceLock] = []

    def ended() -> bool:
        try:
            lock = InstanceLock.acquire(folder)
        except OSError:
            return False
        if lock is not None:
            taken.append(lock)
        return lock is not None

    print(f"aitasker-desktop: already open on {folder}: asking it to come forward.", flush=True)
    # Made as the app makes it: when the open one has ended, this run goes on with it.
    app = create_application(options)
    answer = other_launches.ask_to_show(folder, options.handover_patience_s, ended)
    if answer == other_launches.ENDED:
        print("aitasker-desktop: it has closed meanwhile: starting.", flush=True)
        return taken[0]
    if answer == other_launches.SHOWN_THERE:
        print("aitasker-desktop: its window was brought to the front.", flush=True)
        return 0
    pid = holder_pid(folder)
    which = f" (process {pid})" if pid else ""
    text = (
        f"AITasker Desktop is already open on this data folder{which}, but it is not "
        "responding. If you cannot find its window, end that process (in the Task Manager or "
        "System Monitor) and open AITasker Desktop again."
    )
    print(f"aitasker-desktop: {text} Data folder: {folder}", file=sys.stderr, flush=True)
    if options.exit_when is None and app.platformName() != "offscreen":
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, "AITasker Desktop is already open", text)
    return 1


def early_sandbox(options: Options) -> SandboxProcess | None:
    """On a first run (no settings yet), launch the sandbox's process first thing: nothing is
    cached, so the catalog must come from it, and it boots on the other core while Qt loads
    and the window is built. A used folder shows its cached catalog and tasks first, and the
    sandbox starts when the sandbox world is opened, without competing with them.

    A folder that cannot be used launches nothing here: the window, once shown, says what is
    wrong with it (app.py), rather than a traceback before any window."""
    from aitasker_desktop.storage.paths import AppPaths, FolderProblem

    paths = AppPaths.chosen(options.data_dir)
    try:
        if paths.settings_path.exists():
            return None
    except OSError:  # not allowed to look: the window says so
        return None
    from aitasker_desktop.services.sandbox_process import SandboxProcess, SandboxSetup

    # As composition.sandbox_setup makes it (not imported from there: it loads every service).
    sandbox = SandboxProcess(
        SandboxSetup(
            paths.sandbox_dir,
            surface=options.sandbox_surface,
            starting_credit_usd=options.sandbox_credit_usd,
        )
    )
    try:
        sandbox.launch()
    except (FolderProblem, OSError):
        return None
    return sandbox
