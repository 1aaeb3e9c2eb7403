"""The built-in sandbox as a child process: it answers, its clock moves, and it never
outlives the app, even when the app is killed."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from aitasker_desktop.domain.protocol import HEALTH
from aitasker_desktop.services.sandbox_process import SandboxProcess

PARENT = """
import sys
from pathlib import Path
from aitasker_desktop.services.sandbox_process import SandboxProcess
sandbox = SandboxProcess(Path(sys.argv[1]))
sandbox.start()
print(sandbox.pid, flush=True)
sys.stdin.read()  # until the test kills this process
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for every purpose but its exit status.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(")")[-1].split()[0] == "Z")


def _wait_until_gone(pid: int) -> bool:
    """Wait on the condition (the child ends), with a generous bound for busy machines."""
    for _ in range(600):
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_it_answers_moves_its_clock_and_stops(tmp_path: Path) -> None:
    sandbox = SandboxProcess(tmp_path / "sandbox")
    try:
        sandbox.start()
        assert sandbox.base_url.startswith("http://127.0.0.1:")
        assert httpx.get(sandbox.base_url + HEALTH, trust_env=False).status_code == 200
        headers = {"Authorization": f"Bearer {sandbox.api_key}"}
        before = httpx.get(sandbox.base_url + "/sandbox/clock", headers=headers, trust_env=False)
        sandbox.advance(3600)
        after = httpx.get(sandbox.base_url + "/sandbox/clock", headers=headers, trust_env=False)
        assert after.json()["now"] > before.json()["now"]
        pid = sandbox.pid
        assert pid is not None
    finally:
        sandbox.stop()
    assert not _alive(pid)
    assert any((tmp_path / "sandbox").iterdir())  # its state is under the folder it was given


def test_it_dies_with_a_killed_app(tmp_path: Path) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(tmp_path / "sandbox")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert _alive(child)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert _wait_until_gone(child)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if parent.stdin is not None:
            parent.stdin.close()
        if parent.stdout is not None:
            parent.stdout.close()
