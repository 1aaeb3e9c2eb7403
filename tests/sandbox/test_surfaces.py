"""`full` and `documented`: the documented surface serves only what AITasker documents."""

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aitasker_desktop.sandbox import conventions as p
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox

from .helpers import GOOD, make_client, post_task

X = "3f2b1c4d-0000-4000-8000-000000000000"
# Every (method, path) this project decided: a server with only AITasker's documentation
# has none of them.
DECIDED = [
    ("GET", p.TASKS + "?since=0"),
    ("GET", p.TASKS),
    ("POST", p.SELECT.format(task_id=X)),
    ("POST", p.REMIX.format(task_id=X)),
    ("POST", p.EXTEND_REVIEW.format(task_id=X)),
    ("POST", p.CANCEL.format(task_id=X)),
    ("POST", p.NOTES.format(task_id=X)),
    ("GET", p.DELIVERY.format(task_id=X)),
    ("POST", p.APPROVE.format(task_id=X)),
    ("POST", p.REVISION.format(task_id=X)),
    ("POST", p.DISPUTE.format(task_id=X)),
    ("POST", p.UPLOADS),
    ("GET", p.FILE.format(file_id=X)),
    ("GET", p.BRAND_KITS),
    ("POST", p.BRAND_KITS),
    ("GET", p.BRAND_KIT.format(kit_id=X)),
    ("DELETE", p.BRAND_KIT.format(kit_id=X)),
    ("GET", "/sandbox/clock"),
    ("POST", "/sandbox/clock/advance"),
    ("POST", "/sandbox/tasks/bulk"),
    ("POST", p.TOP_UP),
]
DECIDED_TEMPLATES = {
    p.SELECT,
    p.REMIX,
    p.EXTEND_REVIEW,
    p.CANCEL,
    p.NOTES,
    p.DELIVERY,
    p.APPROVE,
    p.REVISION,
    p.DISPUTE,
    p.UPLOADS,
    p.FILE,
    p.BRAND_KITS,
    p.BRAND_KIT,
    "/sandbox/clock",
    "/sandbox/clock/advance",
    "/sandbox/tasks/bulk",
    p.TOP_UP,
}
DOCUMENTED_PATHS = {
    p.HEALTH,
    p.TASKS,
    p.TASK,
    p.BIDS,
    p.CATEGORIES,
    p.BALANCE,
    p.BRIEF_GENERATE,
    p.BRIEF_SUGGESTIONS,
    p.A2A_RPC,
    p.AGENT_CARD,
}


@pytest.fixture
def documented(tmp_path: Path) -> Iterator[EmbeddedSandbox]:
    with EmbeddedSandbox(tmp_path / "doc", speed=0, surface="documented") as server:
        yield server


def test_decided_paths_are_404_on_the_documented_surface(documented: EmbeddedSandbox) -> None:
    with (
        make_client(documented) as client,
        httpx.Client(base_url=documented.base_url, trust_env=False, timeout=60) as anon,
    ):
        for method, path in DECIDED:
            for who in (client, anon):  # as a real server: no route, whoever asks
                answer = who.request(method, path, json={"bid_id": "x"})
                assert answer.status_code == 404, (method, path, answer.text)
                assert answer.json() == {"detail": "Not Found"}, (method, path)


def test_the_documented_surface_documents_only_the_documented(
    documented: EmbeddedSandbox, sb: EmbeddedSandbox
) -> None:
    spec = httpx.get(documented.base_url + "/openapi.json", trust_env=False, timeout=60).json()
    assert set(spec["paths"]) == DOCUMENTED_PATHS
    assert set(spec["paths"][p.TASKS]) == {"post"}  # create, no list
    full = httpx.get(sb.base_url + "/openapi.json", trust_env=False, timeout=60).json()
    assert set(full["paths"]) == DOCUMENTED_PATHS | DECIDED_TEMPLATES
    assert set(full["paths"][p.TASKS]) == {"get", "post"}


def test_the_documented_operations_work_and_time_moves_from_python(
    documented: EmbeddedSandbox,
) -> None:
    with make_client(documented) as client:
        for path in (p.HEALTH, "/docs", "/openapi.json", p.AGENT_CARD):
            assert (
                httpx.get(documented.base_url + path, trust_env=False, timeout=60).status_code
                == 200
            )
        assert client.get(p.CATEGORIES).status_code == 200
        task = post_task(client)
        assert client.get(p.TASK.format(task_id=task["id"])).json()["status"] == "open"
        documented.advance(10 + 20 + 420)
        gallery = client.get(p.BIDS.format(task_id=task["id"])).json()
        assert gallery["task"]["status"] == "review" and len(gallery["bids"]) >= 3
        before = client.get(p.BALANCE).json()["balance_usd"]
        documented.top_up(25)
        assert client.get(p.BALANCE).json()["balance_usd"] == before + 25
        suggestions = client.post(p.BRIEF_SUGGESTIONS, json={"title": "Logo"})
        assert suggestions.status_code == 200


def test_a_402_on_the_documented_surface_points_where_aitasker_does(tmp_path: Path) -> None:
    with (
        EmbeddedSandbox(tmp_path, speed=0, surface="documented", starting_credit_usd=5) as sb,
        make_client(sb) as client,
    ):
        refused = client.post(p.TASKS, json=GOOD)
        assert refused.status_code == 402
        assert refused.json()["detail"]["topup_url"] == p.PLATFORM_TOPUP_URL


def test_unsupported_methods_name_every_allowed_method(sb: EmbeddedSandbox) -> None:
    with make_client(sb) as client:
        wrong = client.delete(p.TASKS)
        assert wrong.status_code == 405
        assert wrong.headers["Allow"] == "GET, OPTIONS, POST"
        options = client.options(p.TASKS)
        assert options.status_code == 204 and options.headers["Allow"] == "GET, OPTIONS, POST"


def test_cli_serves_the_documented_surface(tmp_path: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "aitasker_desktop.sandbox",
        "--port",
        "0",
        "--speed",
        "0",
        "--surface",
        "documented",
        "--data-dir",
        str(tmp_path),
    ]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            base = proc.stdout.readline().split()[-1]
            proc.stdout.readline()
            assert "surface: documented" in proc.stdout.readline()
            headers = {"Authorization": f"Bearer {p.SANDBOX_DEFAULT_KEY}"}
            deadline = time.monotonic() + 10
            while True:
                try:
                    listed = httpx.get(base + p.TASKS, headers=headers, trust_env=False, timeout=60)
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline
                    time.sleep(0.05)
            assert listed.status_code == 404 and listed.json() == {"detail": "Not Found"}
            assert httpx.get(base + p.CATEGORIES, headers=headers, timeout=60).status_code == 200
        finally:
            proc.terminate()
            proc.wait(timeout=10)
