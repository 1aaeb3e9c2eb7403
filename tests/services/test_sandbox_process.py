"""The built-in sandbox as a child process: it answers, its clock moves, and it never
outlives the app, even when the app is killed."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.api.errors import NotFoundError
from aitasker_desktop.cli import early_sandbox, parse_args
from aitasker_desktop.composition import sandbox_setup
from aitasker_desktop.domain.protocol import HEALTH
from aitasker_desktop.services.sandbox_process import SandboxProcess, SandboxSetup
from aitasker_desktop.storage.paths import AppPaths

PARENT = """
import sys
from pathlib import Path
from aitasker_desktop.services.sandbox_process import SandboxProcess, SandboxSetup
sandbox = SandboxProcess(SandboxSetup(Path(sys.argv[1])))
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
    sandbox = SandboxProcess(SandboxSetup(tmp_path / "sandbox"))
    try:
        sandbox.start()
        assert sandbox.base_url.startswith("http://127.0.0.1:")
        assert httpx.get(sandbox.base_url + HEALTH, trust_env=False, timeout=60).status_code == 200
        headers = {"Authorization": f"Bearer {sandbox.api_key}"}
        before = httpx.get(
            sandbox.base_url + "/sandbox/clock", headers=headers, trust_env=False, timeout=60
        )
        sandbox.advance(3600)
        after = httpx.get(
            sandbox.base_url + "/sandbox/clock", headers=headers, trust_env=False, timeout=60
        )
        assert after.json()["now"] > before.json()["now"]
        pid = sandbox.pid
        assert pid is not None
    finally:
        sandbox.stop()
    assert not _alive(pid)
    assert any((tmp_path / "sandbox").iterdir())  # its state is under the folder it was given


def test_it_runs_as_the_command_line_asked_documented_with_ten_dollars(
    tmp_path: Path,
) -> None:
    """`aitasker-desktop --sandbox-surface documented --sandbox-credit 10` reaches the child:
    a new account holds AITasker's own 10 USD, and the paths this project decided (the
    listing, the simulation's clock) are absent, as on a server with only the documented API.
    """
    options = parse_args(
        ["--data-dir", str(tmp_path), "--sandbox-surface", "documented", "--sandbox-credit", "10"]
    )
    assert (options.sandbox_surface, options.sandbox_credit_usd) == ("documented", 10.0)
    sandbox = SandboxProcess(sandbox_setup(options, AppPaths.under(tmp_path)))
    try:
        sandbox.start()
        with AITaskerClient(sandbox.base_url, sandbox.api_key) as client:
            assert client.balance().balance_usd == 10.0
            with pytest.raises(NotFoundError):
                client.list_tasks()
        clock = httpx.get(
            sandbox.base_url + "/sandbox/clock",
            headers={"Authorization": f"Bearer {sandbox.api_key}"},
            trust_env=False,
            timeout=60,
        )
        assert clock.status_code == 404
    finally:
        sandbox.stop()


def test_the_command_line_refuses_a_credit_that_is_not_an_amount(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for bad in ("-1", "nan", "ten"):
        with pytest.raises(SystemExit):
            parse_args(["--sandbox-credit", bad])
        assert "is not an amount of USD" in capsys.readouterr().err
    assert parse_args([]).sandbox_credit_usd is None  # the sandbox's own pretend credit
    assert parse_args([]).sandbox_surface == "full"


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


def test_a_first_run_launches_the_sandbox_before_the_window(tmp_path: Path) -> None:
    """No settings yet: the child is launched at once, and answers once started; a used
    folder (settings saved) launches nothing until its world is opened."""
    options = parse_args(["--data-dir", str(tmp_path)])
    sandbox = early_sandbox(options)
    assert sandbox is not None
    try:
        assert sandbox.pid is not None  # launched, not yet waited on
        sandbox.start()
        assert httpx.get(sandbox.base_url + HEALTH, trust_env=False, timeout=60).status_code == 200
    finally:
        sandbox.stop()
    AppPaths.under(tmp_path).settings_path.write_text("{}", encoding="utf-8")
    assert early_sandbox(options) is None
