"""What the command line asked for, as a small value object.

A module of its own, importing nothing of the app: the command line (cli.py) fills it in and
the composition root (app.py, composition.py) reads it, so neither imports back into the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Options:
    data_dir: Path | None = None
    force_sandbox: bool = False
    api_url: str | None = None
    # The built-in sandbox: the surface it serves ("full"; "documented": only what AITasker
    # documents) and the pretend credit a new account starts with (None: the sandbox's own).
    sandbox_surface: str = "full"
    sandbox_credit_usd: float | None = None
    # For smoke tests and benchmarks: quit once the window is "shown", or once the app is
    # "ready" (the window shown, the pickers hold the catalog, the task list is painted from
    # the cache and the editor takes keys), printing a line that says so.
    exit_when: str | None = None
    # A second launch on the same data folder: how long it waits for the first to answer.
    handover_patience_s: float = 30.0
    qt_args: tuple[str, ...] = ()
