"""Idempotent creates, uploads, brand kits, persistence across restarts, the standalone CLI."""

import subprocess
import sys
import time
from pathlib import Path

import httpx

from aitasker_desktop.sandbox import conventions as p
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.sandbox.schemas import BrandKit as RemoteBrandKit
from aitasker_desktop.sandbox.schemas import UploadedFile

from .helpers import GOOD, make_client, post_task

KEY = {p.IDEMPOTENCY_HEADER: "submission-1"}


def count_tasks(client: httpx.Client) -> int:
    return len(client.get(p.TASKS).json()["tasks"])


def test_same_key_same_body_returns_the_same_task(client: httpx.Client) -> None:
    first = client.post(p.TASKS, json=GOOD, headers=KEY)
    second = client.post(p.TASKS, json=GOOD, headers=KEY)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert count_tasks(client) == 1


def test_same_key_other_body_is_422(client: httpx.Client) -> None:
    client.post(p.TASKS, json=GOOD, headers=KEY)
    other = client.post(p.TASKS, json={**GOOD, "budget_usd": 9}, headers=KEY)
    assert other.status_code == 422
    [error] = other.json()["detail"]
    assert error["loc"] == ["header", p.IDEMPOTENCY_HEADER] and "different" in error["msg"]
    assert count_tasks(client) == 1


def test_same_key_in_flight_is_409(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    assert sb.runtime is not None
    rt = sb.runtime
    # The sandbox never leaves a key pending (create and key commit together), but one that
    # is pending, as an older sandbox left them, is kept and answered as in flight.
    with rt.store.tx() as db:
        db.execute(
            "INSERT INTO idempotency VALUES (?, 'submission-1', 'whatever', 'pending', NULL, 0)",
            (rt.caller_id,),
        )
    busy = client.post(p.TASKS, json=GOOD, headers=KEY)
    assert busy.status_code == 409
    assert count_tasks(client) == 0


def test_a_refused_create_frees_its_key(tmp_path: Path) -> None:
    with (
        EmbeddedSandbox(tmp_path, speed=0, starting_credit_usd=10) as sb,
        make_client(sb) as client,
    ):
        refused = client.post(p.TASKS, json={**GOOD, "budget_usd": 20}, headers=KEY)
        assert refused.status_code == 402
        assert client.post(p.TASKS, json=GOOD, headers=KEY).status_code == 201


def test_state_and_keys_survive_a_restart(tmp_path: Path) -> None:
    with EmbeddedSandbox(tmp_path, speed=0) as sb, make_client(sb) as client:
        task = client.post(p.TASKS, json=GOOD, headers=KEY).json()
        sb.advance(15)
    with EmbeddedSandbox(tmp_path, speed=0) as sb, make_client(sb) as client:
        again = client.get(p.TASK.format(task_id=task["id"])).json()
        assert again["status"] == "matching" and again["title"] == GOOD["title"]
        replay = client.post(p.TASKS, json=GOOD, headers=KEY)
        assert replay.status_code == 200 and replay.json()["id"] == task["id"]
        assert client.get(p.BALANCE).json()["held_usd"] == 8.0


def test_uploads_and_attachments(client: httpx.Client) -> None:
    ok = client.post(p.UPLOADS, files={"file": ("notes.txt", b"hello", "text/plain")})
    assert ok.status_code == 201
    upload = UploadedFile.model_validate(ok.json())
    assert upload.size_bytes == 5 and upload.media_type == "text/plain"
    assert client.get(p.FILE.format(file_id=upload.id)).content == b"hello"
    task = post_task(client, attachments=[upload.id])
    assert task["attachments"] == [upload.id]
    exe = client.post(p.UPLOADS, files={"file": ("x.exe", b"MZ", "application/x-msdownload")})
    assert exe.status_code == 422
    assert exe.json()["detail"][0]["loc"] == ["body", "file"]
    big = b"\0" * (p.MAX_UPLOAD_BYTES + 1)
    too_big = client.post(p.UPLOADS, files={"file": ("big.png", big, "image/png")})
    assert too_big.status_code == 413 and isinstance(too_big.json()["detail"], str)
    assert client.post(p.UPLOADS, files={}).status_code == 422
    assert client.get(p.FILE.format(file_id="nope")).status_code == 404


def test_brand_kits(client: httpx.Client) -> None:
    logo = client.post(p.UPLOADS, files={"file": ("logo.svg", b"<svg/>", "image/svg+xml")})
    body = {
        "name": "Acme",
        "colors": ["#112233"],
        "fonts": ["Inter"],
        "voice_notes": "Plain words.",
        "asset_ids": [logo.json()["id"]],
    }
    created = client.post(p.BRAND_KITS, json=body)
    assert created.status_code == 201
    kit = RemoteBrandKit.model_validate(created.json())
    assert kit.colors == ["#112233"] and kit.asset_ids == body["asset_ids"]
    assert [k["id"] for k in client.get(p.BRAND_KITS).json()["brand_kits"]] == [kit.id]
    assert client.get(p.BRAND_KIT.format(kit_id=kit.id)).json()["name"] == "Acme"
    task = post_task(client, brand_kit_id=kit.id)
    assert task["brand_kit_id"] == kit.id
    assert client.post(p.BRAND_KITS, json={**body, "colors": ["red"]}).status_code == 422
    assert client.delete(p.BRAND_KIT.format(kit_id=kit.id)).status_code == 204
    assert client.get(p.BRAND_KIT.format(kit_id=kit.id)).status_code == 404


def test_standalone_cli_prints_url_and_key(tmp_path: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "aitasker_desktop.sandbox",
        "--port",
        "0",
        "--speed",
        "5",
        "--data-dir",
        str(tmp_path),
        "--api-key",
        "aitk_test_cli_key_0001",
    ]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            url_line = proc.stdout.readline()
            key_line = proc.stdout.readline()
            assert "http://127.0.0.1:" in url_line and "aitk_test_cli_key_0001" in key_line
            base = url_line.split()[-1]
            deadline = time.monotonic() + 10
            while True:
                try:
                    r = httpx.get(
                        base + p.TASKS,
                        headers={"Authorization": "Bearer aitk_test_cli_key_0001"},
                        trust_env=False,
                        timeout=60,
                    )
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline
                    time.sleep(0.05)
            assert r.status_code == 200
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    assert (tmp_path / "sandbox.sqlite3").exists()
