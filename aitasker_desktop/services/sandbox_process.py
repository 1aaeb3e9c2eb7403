"""The built-in sandbox in a child process: `aitasker-desktop sandbox ...`.

Why a process and not a thread: importing FastAPI, uvicorn and the sandbox's models takes
about half a second of Python, and on a thread it holds the interpreter while the window,
the cached catalog and the cached tasks wait their turn. A child runs on the other core, and
can be launched before the window is even built. It reads nothing from the app but its
command line, and it stops when its standard input closes: that happens however the app ends,
killed included, so it never outlives the app.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from aitasker_desktop.domain.protocol import HEALTH, SANDBOX_DEFAULT_KEY
from aitasker_desktop.storage.paths import make_folder

START_TIMEOUT_S = 60.0
# The built-in sandbox's windows are ten times shorter than the platform's, so a first task
# shows bids within a minute instead of seven. The windows are compressed, not the clock:
# timestamps and countdowns stay true.
EMBEDDED_SANDBOX_COMPRESS = 10.0
LISTENING = "AITasker sandbox listening on "


@dataclass(frozen=True)
class SandboxSetup:
    """How the app runs its built-in sandbox: where it keeps its files, how much shorter its
    windows are than the platform's, which surface it serves ("full"; "documented": only what
    AITasker documents, this project's decided paths answer 404) and the pretend credit a new
    account starts with (None: the sandbox's own)."""

    data_dir: Path
    compress: float = EMBEDDED_SANDBOX_COMPRESS
    surface: str = "full"
    starting_credit_usd: float | None = None


def sandbox_command(setup: SandboxSetup) -> list[str]:
    """The app's own executable with `sandbox ...`: the interpreter with `-m aitasker_desktop`
    in a development setup, the packaged app itself when frozen (PyInstaller)."""
    head = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m"]
    if not getattr(sys, "frozen", False):
        head.append("aitasker_desktop")
    credit = setup.starting_credit_usd
    return [
        *head,
        "sandbox",
        "--port",
        "0",
        "--data-dir",
        str(setup.data_dir),
        "--speed",
        f"{setup.compress:g}",
        "--surface",
        setup.surface,
        *(["--starting-credit", repr(float(credit))] if credit is not None else []),
        "--exit-with-stdin",
    ]


class SandboxProcess:
    """A `SandboxServer` (services/sandbox_world.py) running in a child process."""

    def __init__(self, setup: SandboxSetup) -> None:
        self.setup = setup
        self.api_key = SANDBOX_DEFAULT_KEY
        self._base_url = ""
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def launch(self) -> None:
        """Spawn the child without waiting for it (cheap: the app calls this first thing).
        `FolderProblem` when the sandbox's folder cannot be made."""
        with self._lock:
            if self._proc is None:
                make_folder(self.setup.data_dir, "sandbox folder")
                self._proc = subprocess.Popen(
                    sandbox_command(self.setup),
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )

    def start(self) -> SandboxProcess:
        """Launch (if not yet) and wait until the child answers; runs on a worker thread."""
        launched_early = self._proc is not None
        if launched_early:
            # A first run: the child has been booting since the app started and nothing is
            # cached to show, so httpx (~80 ms) loads now, while the child finishes.
            import httpx
        self.launch()
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        if not self._base_url:
            self._base_url = _read_address(proc.stdout, deadline)
        # Otherwise only now, once the child has booted: imported at once, httpx would hold
        # the GIL just as the GUI thread shows the cached catalog and tasks.
        import httpx

        with httpx.Client(timeout=2.0, trust_env=False) as client:
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"the sandbox process ended (exit code {proc.returncode})")
                try:
                    if client.get(self._base_url + HEALTH).status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError("the sandbox process did not answer in time")
                time.sleep(0.02)

    def advance(self, seconds: float) -> None:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"}
        with httpx.Client(base_url=self._base_url, headers=headers, trust_env=False) as client:
            client.post("/sandbox/clock/advance", json={"seconds": seconds}).raise_for_status()

    def stop(self) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            proc.stdin.close()  # the child's signal to stop
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def _read_address(stdout: IO[str], deadline: float) -> str:
    for line in stdout:
        if line.startswith(LISTENING):
            return line[len(LISTENING) :].strip()
        if time.monotonic() > deadline:
            break
    raise RuntimeError("the sandbox process did not say where it listens")
