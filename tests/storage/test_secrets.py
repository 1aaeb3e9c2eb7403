"""The key's storage: the keychain, its failure modes, and the 0600 file fallback."""

import os
import stat
from pathlib import Path

import pytest

from aitasker_desktop.storage import secrets
from aitasker_desktop.storage.secrets import KeychainError, KeychainUnavailable, KeyFile

KEY = "aitk_test_abcdefghijklmnop1234"


def test_keychain_round_trip(memory_keyring) -> None:
    assert secrets.read_keychain() is None
    secrets.write_keychain(KEY)
    assert secrets.read_keychain() == KEY
    secrets.delete_keychain()
    secrets.delete_keychain()  # deleting nothing is fine
    assert secrets.read_keychain() is None


def test_no_keychain_raises_unavailable_even_when_reading(no_keyring) -> None:
    with pytest.raises(KeychainUnavailable):
        secrets.read_keychain()
    with pytest.raises(KeychainUnavailable):
        secrets.write_keychain(KEY)


def test_a_failing_backend_becomes_keychain_error_without_the_key(
    memory_keyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*args: str) -> None:
        raise RuntimeError(f"dbus said no to {args}")

    monkeypatch.setattr(memory_keyring, "set_password", fail)
    with pytest.raises(KeychainError) as info:
        secrets.write_keychain(KEY)
    assert KEY not in str(info.value) and info.value.__cause__ is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_key_file_is_created_0600(tmp_path: Path) -> None:
    old = os.umask(0)  # even with a permissive umask
    try:
        f = KeyFile(tmp_path / "api-key.secret")
        f.write(KEY)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(f.path).st_mode) == 0o600
    assert f.read() == KEY


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_key_file_replaces_a_wider_file_and_narrows_on_read(tmp_path: Path) -> None:
    path = tmp_path / "api-key.secret"
    path.write_text("old")
    os.chmod(path, 0o644)
    f = KeyFile(path)
    f.write(KEY)
    assert f.mode() == 0o600
    os.chmod(path, 0o644)
    assert f.read() == KEY and f.mode() == 0o600
    f.delete()
    assert f.read() is None and f.mode() is None
