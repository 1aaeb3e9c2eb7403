"""Settings: schema version and migrations, atomic writes, a damaged file set aside."""

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from aitasker_desktop.storage.settings import SETTING_NAMES, Settings, SettingsStore
from aitasker_desktop.storage.settings_raw import SCHEMA_VERSION


def test_first_run_has_no_file_and_defaults(tmp_path: Path) -> None:
    result = SettingsStore(tmp_path / "settings.json").load()
    assert result.first_run and result.problem is None
    assert result.settings == Settings()
    assert result.settings.world == "sandbox" and result.settings.theme == "system"


def test_round_trip_and_schema_version(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(world="account", poll_seconds=60, notifications=False, theme="dark"))
    raw = json.loads((tmp_path / "settings.json").read_text())
    assert raw["schema_version"] == SCHEMA_VERSION
    again = store.load()
    assert not again.first_run and again.problem is None
    assert again.settings.world == "account" and again.settings.poll_seconds == 60
    assert again.settings.theme == "dark" and again.settings.notifications is False


def test_migrates_old_files_and_drops_a_stored_key(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"sandbox": False, "api_key": "aitk_live_SECRET1234567890"}))
    result = SettingsStore(path).load()
    assert result.problem is None and result.settings.world == "account"
    path.write_text(json.dumps({"schema_version": 1, "poll_interval": 90, "dark_mode": True}))
    result = SettingsStore(path).load()
    assert result.settings.poll_seconds == 90 and result.settings.theme == "dark"
    SettingsStore(path).save(result.settings)
    assert "api_key" not in path.read_text() and "SECRET" not in path.read_text()


def test_no_setting_can_hold_a_key_or_turn_off_tls() -> None:
    names = set(Settings.model_fields)
    assert not {n for n in names if "key" in n and n != "key_storage"}
    assert not {n for n in names if "verify" in n or "tls" in n or "ssl" in n}


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[1, 2]", b'{"schema_version": "two"}', b"\xff\xfe\x00", b""],
)
def test_damaged_file_is_set_aside_and_defaults_used(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    result = SettingsStore(path).load()
    assert result.settings == Settings()
    assert result.problem and "damaged" in result.problem
    assert result.backup_path is not None and result.backup_path.read_bytes() == content
    assert result.backup_path.name in result.problem
    assert not path.exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("poll_seconds", "often"),
        ("poll_seconds", 1),  # below the least the app polls at
        ("theme", "purple"),
        ("world", "moon"),
        ("key_storage", None),
        ("notifications", "yes please"),
    ],
)
def test_a_setting_that_cannot_be_read_is_reset_alone_and_the_rest_kept(
    tmp_path: Path, name: str, value: object
) -> None:
    """A hand edit or a newer version's value costs that one setting, said by its name in
    the Settings dialog; the old file is kept aside as it was."""
    path = tmp_path / "settings.json"
    chosen = Settings(world="account", poll_seconds=60, notifications=False, theme="dark")
    SettingsStore(path).save(chosen)
    raw = json.loads(path.read_text())
    raw[name] = value
    content = json.dumps(raw).encode()
    path.write_bytes(content)
    result = SettingsStore(path).load()
    default = Settings.model_fields[name].default
    assert result.settings == chosen.model_copy(update={name: default})
    assert result.problem is not None and SETTING_NAMES[name] in result.problem
    assert result.backup_path is not None and result.backup_path.read_bytes() == content
    assert result.backup_path.name in result.problem


def test_settings_reset_are_named_in_the_order_the_dialog_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "purple", "notifications": "maybe", "poll_seconds": 1}')
    problem = SettingsStore(path).load().problem
    assert problem is not None and "Check for updates, Notifications, Appearance." in problem


def test_every_setting_has_a_name_for_messages() -> None:
    assert set(SETTING_NAMES) == set(Settings.model_fields) - {"schema_version"}


def test_atomic_write_leaves_old_file_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    store = SettingsStore(path)
    store.save(Settings(poll_seconds=45))
    before = path.read_bytes()

    def boom(src: object, dst: object) -> None:
        raise OSError("disk pulled out")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        store.save(Settings(poll_seconds=99))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temp file left


def test_save_fsyncs_before_replace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(a: str, b: str) -> None:
        events.append("replace")
        real_replace(a, b)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    SettingsStore(tmp_path / "settings.json").save(Settings())
    assert events[:2] == ["fsync", "replace"]


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
_CHOSEN = st.sampled_from(["sandbox", "account", "light", "dark", "system", "file", "keychain"])


@given(
    raw=st.dictionaries(
        st.sampled_from([*SETTING_NAMES, "extra", "api_key"]),
        _VALUES | _CHOSEN | st.integers(min_value=0, max_value=4000),
    )
)
@settings(max_examples=200, deadline=None)
def test_any_settings_object_loads_keeping_every_setting_that_can_be_read(
    raw: dict[str, object],
) -> None:
    """Whatever a hand edit, a newer version or a damaged disk leaves in the file: the app
    starts, and each setting that can be read on its own is the one in use."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_text(json.dumps({**raw, "schema_version": SCHEMA_VERSION}))
        result = SettingsStore(path).load()
    for name, value in raw.items():
        if name not in SETTING_NAMES:
            continue
        try:
            alone = Settings.model_validate({name: value})
        except ValidationError:
            assert getattr(result.settings, name) == Settings.model_fields[name].default
            assert result.problem is not None and SETTING_NAMES[name] in result.problem
        else:
            assert getattr(result.settings, name) == getattr(alone, name)
