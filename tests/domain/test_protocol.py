from aitasker_desktop.domain.protocol import key_kind, mask_key


def test_key_kinds_are_told_never_refused() -> None:
    assert key_kind("aitk_live_abcdef123456") == "live"
    assert key_kind("aitk_test_abcdef123456") == "test"
    assert key_kind("ait_abcdef123456") == "legacy"
    assert key_kind("sk-something") == "unknown"


def test_mask_shows_prefix_and_last_four_only() -> None:
    key = "aitk_live_SECRETSECRET9876"
    masked = mask_key(key)
    assert masked == "aitk_live_…9876"
    assert "SECRET" not in masked
    assert mask_key("short") == "…"
