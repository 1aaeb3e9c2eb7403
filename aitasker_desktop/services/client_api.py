"""What the services ask of an AITasker client, as a Protocol.

`api.client.AITaskerClient` is the real one (the composition root hands it to `Connection`,
which is where mypy checks that it still fits). Test fakes subclass `ClientApi` and override
only what a test needs: the signatures they override are checked against these, so a fake
cannot drift from the client; anything a fake leaves out raises NotImplementedError
(a body that calls `_not_faked`, not a bare `...`, so a partial fake is not abstract).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, Protocol

from aitasker_desktop.domain.brief import Brief
from aitasker_desktop.domain.capabilities import Capabilities
from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.idea import DraftedBrief
from aitasker_desktop.domain.task import (
    Balance,
    BidGallery,
    Delivery,
    FileRef,
    RemoteBrandKit,
    Suggestion,
    Task,
    TaskPage,
    UploadedFile,
)

if TYPE_CHECKING:  # the A2A client loads httpx: not on the GUI thread at start
    from aitasker_desktop.api.a2a import A2AClient

Progress = Callable[[int, int | None], None]  # bytes done, bytes in all (None: unknown)


def _not_faked(name: str) -> NoReturn:
    raise NotImplementedError(f"this fake client does not answer {name}()")


class ClientApi(Protocol):
    def close(self) -> None:
        _not_faked("close")

    @property
    def a2a(self) -> A2AClient:
        _not_faked("a2a")

    def capabilities(self) -> Capabilities:
        _not_faked("capabilities")

    def catalog(self) -> Catalog:
        _not_faked("catalog")

    def balance(self) -> Balance:
        _not_faked("balance")

    def top_up(self, url: str, amount_usd: float) -> Balance:
        _not_faked("top_up")

    def create_task(self, payload: dict[str, Any], *, idempotency_key: str) -> Task:
        _not_faked("create_task")

    def get_task(self, task_id: str) -> Task:
        _not_faked("get_task")

    def list_tasks(self, since: str | None = None, *, limit: int = 500) -> TaskPage:
        _not_faked("list_tasks")

    def list_changed(
        self, since: str | None, *, page_size: int = 500
    ) -> tuple[list[Task], str | None]:
        _not_faked("list_changed")

    def send_note(self, task_id: str, text: str) -> Task:
        _not_faked("send_note")

    def bids(self, task_id: str) -> BidGallery:
        _not_faked("bids")

    def select_bid(self, task_id: str, bid_id: str) -> Task:
        _not_faked("select_bid")

    def remix(self, task_id: str) -> Task:
        _not_faked("remix")

    def extend_review(self, task_id: str) -> Task:
        _not_faked("extend_review")

    def cancel(self, task_id: str) -> Task:
        _not_faked("cancel")

    def delivery(self, task_id: str) -> Delivery:
        _not_faked("delivery")

    def approve(self, task_id: str) -> Task:
        _not_faked("approve")

    def request_revision(self, task_id: str, feedback: str) -> Task:
        _not_faked("request_revision")

    def dispute(self, task_id: str, reason: str) -> Task:
        _not_faked("dispute")

    def download(
        self,
        file: FileRef,
        dest: BinaryIO,
        *,
        max_bytes: int | None = None,
        progress: Progress | None = None,
    ) -> int:
        _not_faked("download")

    def fetch_bytes(self, file: FileRef, *, max_bytes: int = 5 * 1024 * 1024) -> bytes:
        _not_faked("fetch_bytes")

    def upload(
        self, path: Path, *, media_type: str | None = None, progress: Progress | None = None
    ) -> UploadedFile:
        _not_faked("upload")

    def brand_kits(self) -> list[RemoteBrandKit]:
        _not_faked("brand_kits")

    def create_brand_kit(
        self,
        *,
        name: str,
        colors: list[str],
        fonts: list[str],
        voice_notes: str,
        asset_ids: list[str],
    ) -> RemoteBrandKit:
        _not_faked("create_brand_kit")

    def delete_brand_kit(self, kit_id: str) -> None:
        _not_faked("delete_brand_kit")

    def brief_suggestions(self, brief: Brief) -> list[Suggestion]:
        _not_faked("brief_suggestions")

    def generate_brief(self, prompt: str, *, category: str = "", task_type: str = "") -> str:
        _not_faked("generate_brief")

    def draft_brief(self, idea: str, *, category: str = "", task_type: str = "") -> DraftedBrief:
        _not_faked("draft_brief")
