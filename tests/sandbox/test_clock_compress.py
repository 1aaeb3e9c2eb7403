"""`--speed` compresses the platform's windows on a clock that keeps real time."""

from datetime import UTC, datetime
from pathlib import Path

import httpx

from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.sandbox.simulation import Windows

BODY = {
    "title": "Quarterly sales summary",
    "description": "Summarise the attached quarterly sales for the board in one page.",
    "category": "data",
    "task_type": "spreadsheet",
    "budget_usd": 5,
}


def test_compressed_windows_are_shorter_and_extensions_unchanged() -> None:
    fast = Windows.compressed(10)
    assert fast.prototyping == 42.0
    assert fast.review == Windows().review / 10
    assert fast.max_review_extensions == Windows().max_review_extensions


def test_timestamps_stay_real_while_the_lifecycle_runs_faster(tmp_path: Path) -> None:
    with (
        EmbeddedSandbox(tmp_path, compress=100) as sb,
        httpx.Client(
            base_url=sb.base_url, headers={"Authorization": f"Bearer {sb.api_key}"}, timeout=60
        ) as c,
    ):
        task = c.post("/api/v1/tasks", json=BODY).json()
        created = datetime.fromisoformat(task["created_at"])
        assert abs((created - datetime.now(UTC)).total_seconds()) < 5
        sb.advance(Windows().matching_after / 100 + Windows().prototyping_after / 100 + 4.3)
        task = c.get(f"/api/v1/tasks/{task['id']}").json()
        assert task["status"] == "review"
        deadline = datetime.fromisoformat(task["deadline_at"])
        # The review window is a day on the platform: here about 14.4 minutes from now.
        assert 600 < (deadline - datetime.now(UTC)).total_seconds() < 900
