"""The packaged app: build it with PyInstaller, then start it with no virtual environment.

Slow (the build takes a minute or two), so it is marked `bundle`: CI runs it separately
(`./run.sh test -m bundle`).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The build takes a minute or two: more than the suite's default timeout.
pytestmark = [pytest.mark.bundle, pytest.mark.timeout(1200)]


@pytest.fixture(scope="module")
def appdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("work")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--dist",
            str(dist),
            "--work",
            str(work),
            "--no-archive",
        ],
        check=True,
        timeout=900,
    )
    return dist / "AITasker-Desktop.AppDir"


def test_the_appdir_has_what_a_linux_desktop_needs(appdir: Path) -> None:
    assert os.access(appdir / "AppRun", os.X_OK)
    desktop = (appdir / "aitasker-desktop.desktop").read_text()
    assert "Exec=aitasker-desktop" in desktop and "Icon=aitasker-desktop" in desktop
    assert (appdir / "aitasker-desktop.png").is_file()
    for size in (16, 32, 48, 128, 256, 512):
        assert (
            appdir / f"usr/share/icons/hicolor/{size}x{size}/apps/aitasker-desktop.png"
        ).is_file()
    assert (appdir / "usr/share/metainfo/co.aitasker.Desktop.metainfo.xml").is_file()


def test_the_bundle_starts_on_the_sandbox_without_the_venv(appdir: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    data = tmp_path / "data"
    home.mkdir()
    # Nothing of the development environment: no venv, no PYTHONPATH, a bare PATH and HOME.
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    result = subprocess.run(
        [str(appdir / "AppRun"), "--data-dir", str(data), "--exit-when", "ready"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Ready: the catalog came from the built-in sandbox, which the bundle runs as a child
    # process of itself (`AppRun sandbox ...`); the child ends with the app.
    assert "aitasker-desktop: ready" in result.stdout
    # Everything it wrote is under --data-dir: its store and the sandbox's state.
    assert any(data.rglob("*.sqlite3")) or any(data.rglob("*.db"))
    assert not any(home.iterdir()), sorted(str(p) for p in home.rglob("*"))


def test_the_bundle_knows_its_version(appdir: Path) -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = subprocess.run(
        [str(appdir / "AppRun"), "--version"],
        env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == f"aitasker-desktop {version}"


def test_the_bundle_opened_again_brings_its_window_forward(appdir: Path, tmp_path: Path) -> None:
    """The hand-over to an open app (QtNetwork's local socket) is in the bundle too."""
    from aitasker_desktop.storage.instance_lock import holder_pid

    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    data = tmp_path / "data"
    argv = [str(appdir / "AppRun"), "--data-dir", str(data)]
    first = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120  # a bound for a busy machine, not a measure
        while holder_pid(data / "data") != first.pid:
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        again = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=180)
        assert again.returncode == 0, again.stdout + again.stderr
        assert "its window was brought to the front" in again.stdout
        assert first.poll() is None
    finally:
        first.kill()
        first.wait()
