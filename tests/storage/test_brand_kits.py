"""Brand kits and their copied assets."""

from pathlib import Path

import pytest

from aitasker_desktop.domain.brief import BrandKit
from aitasker_desktop.storage.brand_kits import BrandKits, safe_filename
from aitasker_desktop.storage.db import Store


@pytest.fixture
def kits(store: Store, tmp_path: Path) -> BrandKits:
    return BrandKits(store, tmp_path / "brand_kits")


def test_save_list_get_delete(kits: BrandKits) -> None:
    a = BrandKit(name="zeta", colors=["#112233"], fonts=["Inter"], voice_notes="Warm.")
    b = BrandKit(name="Alpha")
    kits.save(a)
    kits.save(b)
    assert [k.name for k in kits.list_kits()] == ["Alpha", "zeta"]
    assert kits.get(a.id) == a
    renamed = a.model_copy(update={"name": "Beta"})
    kits.save(renamed)
    assert [k.name for k in kits.list_kits()] == ["Alpha", "Beta"]
    assert kits.delete(a.id) is True
    assert kits.delete(a.id) is False
    assert kits.get(a.id) is None


def test_import_asset_copies_without_overwriting(kits: BrandKits, tmp_path: Path) -> None:
    src = tmp_path / "logo.png"
    src.write_bytes(b"\x89PNG one")
    kit = BrandKit(name="K")
    first = kits.import_asset(kit.id, src)
    src.write_bytes(b"\x89PNG two")
    second = kits.import_asset(kit.id, src)
    assert first.name == "logo.png" and second.name == "logo (2).png"
    assert Path(first.path).read_bytes() == b"\x89PNG one"
    assert Path(second.path).read_bytes() == b"\x89PNG two"
    assert first.media_type == "image/png" and first.size_bytes == 8
    assert Path(first.path).parent == kits.kit_dir(kit.id)
    kit = kit.model_copy(update={"assets": [first, second]})
    kits.save(kit)
    assert kits.get(kit.id) == kit
    assert kits.remove_asset(kit.id, first) is True
    assert not Path(first.path).exists()
    kits.delete(kit.id)
    assert not kits.kit_dir(kit.id).exists()


def test_remove_asset_never_leaves_the_kit_folder(kits: BrandKits, tmp_path: Path) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep")
    kit = BrandKit()
    src = tmp_path / "a.txt"
    src.write_text("a")
    asset = kits.import_asset(kit.id, src)
    assert kits.remove_asset(kit.id, asset.model_copy(update={"path": str(outside)})) is False
    assert outside.exists()


def test_import_missing_file_raises(kits: BrandKits, tmp_path: Path) -> None:
    with pytest.raises(OSError):
        kits.import_asset("k", tmp_path / "missing.png")


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("logo.png", "logo.png"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\font.ttf", "font.ttf"),
        ("a\u202egnp.exe", "a_gnp.exe"),  # bidi override
        ("tab\there.txt", "tab_here.txt"),
        ("CON.txt", "_CON.txt"),
        ("lpt1", "_lpt1"),
        ("..", "file"),
        ("", "file"),
        ("what?.png", "what_.png"),
        ("bad\ud800.png", "bad\ufffd.png"),
        (".hidden", "hidden"),
    ],
)
def test_safe_filename(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


def test_long_names_keep_their_extension() -> None:
    name = safe_filename("x" * 300 + ".svg")
    assert len(name) <= 120 and name.endswith(".svg")


def test_an_asset_is_kept_as_the_picture_it_holds(kits: BrandKits, tmp_path: Path) -> None:
    src = tmp_path / "badge.png"
    src.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")  # a JPEG, named .png
    notes = tmp_path / "voice.txt"
    notes.write_bytes(b"\x89PNG\r\n\x1a\n")  # not named like a picture: what its name says
    kit = BrandKit(name="K")
    assert kits.import_asset(kit.id, src).media_type == "image/jpeg"
    assert kits.import_asset(kit.id, notes).media_type == "text/plain"
