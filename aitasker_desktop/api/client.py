"""The AITasker client: one typed, blocking method per operation.

Blocking by design: the app runs these calls on a thread pool (services/), never on the GUI
thread. Paths and headers come from domain.protocol; the retry rule lives in transport.py.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self

import httpx

from aitasker_desktop import __version__
from aitasker_desktop.api import decode, discovery, files, net
from aitasker_desktop.api.a2a import A2AClient
from aitasker_desktop.api.body import Progress
from aitasker_desktop.api.call import Call, Reply, Retry
from aitasker_desktop.api.errors import BadResponse, InsecureURL, NotFoundError
from aitasker_desktop.api.transport import Transport, fill_path
from aitasker_desktop.domain import protocol
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

DEFAULT_USER_AGENT = f"AITaskerDesktop/{__version__}"
_MAX_LIST_PAGES = 10_000


def new_idempotency_key() -> str:
    """One key per submission; keep it with the outbox entry and reuse it for every retry."""
    return str(uuid.uuid4())


class AITaskerClient:
    """A blocking AITasker client. Thread-safe for concurrent calls; close it when done."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        *,
        transport: httpx.BaseTransport | None = None,
        attempt_timeout: float = 30.0,
        max_attempts: int = 4,
        max_response_bytes: int = 20 * 1024 * 1024,
        sleep: Callable[[float], None] | None = None,  # None: wait, but wake on close()
        user_agent: str = DEFAULT_USER_AGENT,
        backoff_base: float = 0.5,
        backoff_cap: float = 8.0,
        max_wait: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        conflict_wait: float = 1.0,
        rng: random.Random | None = None,
    ) -> None:
        url = net.check_base_url(base_url)
        self.base_url: str = str(url).rstrip("/")
        self._url = url
        self._key_kind = protocol.key_kind(api_key) if api_key else "none"
        self.last_rate_limit: tuple[int, int] | None = None
        self._t = Transport(
            url,
            api_key,
            transport=transport,
            attempt_timeout=attempt_timeout,
            max_attempts=max_attempts,
            max_response_bytes=max_response_bytes,
            sleep=sleep,
            user_agent=user_agent,
            backoff_base=backoff_base,
            backoff_cap=backoff_cap,
            max_wait=max_wait,
            clock=clock,
            conflict_wait=conflict_wait,
            rng=rng,
            on_rate_limit=self._note_rate_limit,
        )
        # AITasker's A2A JSON-RPC methods, over the same transport (key, gate, limits).
        self.a2a = A2AClient(self._t)

    # -- lifecycle -----------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"<AITaskerClient {self.base_url} key={self._key_kind}>"

    def close(self) -> None:
        self._t.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _note_rate_limit(self, limit: int, remaining: int) -> None:
        self.last_rate_limit = (limit, remaining)

    # -- plumbing ------------------------------------------------------------------------

    def _json(self, call: Call) -> Any:
        reply = self._t.send(call)
        return decode.parse_json(reply.body) if reply.body.strip() else None

    def _get(self, path: str, **params: str | int) -> Any:
        return self._json(Call("GET", path, Retry.ALWAYS, params=params or None))

    def _action(self, path: str, body: dict[str, Any] | None = None) -> Task:
        data = self._json(Call("POST", path, Retry.IF_NOT_PROCESSED, json=body or {}))
        return decode.model(Task, decode.unwrap(data, "task"))

    # -- account and catalog -------------------------------------------------------------

    def capabilities(self) -> Capabilities:
        """What this server offers (its OpenAPI document, else probes): see discovery.py."""
        return discovery.learn(self._t, self.a2a)

    def catalog(self) -> Catalog:
        return decode.model(Catalog, self._get(protocol.CATEGORIES))

    def balance(self) -> Balance:
        return decode.model(Balance, self._get(protocol.BALANCE))

    def top_up(self, url: str, amount_usd: float) -> Balance:
        """Add credit through a top-up link on the API's own origin (the sandbox's, which its
        402 answers name as `own_topup_url`). The key goes nowhere else: any other origin is
        refused before sending."""
        target = self._url.join(url)
        if not net.same_origin(target, self._url):
            raise InsecureURL(
                "That top-up link is not on AITasker's own server, so the app did not use it.",
                hint="Top up on the AITasker website instead.",
            )
        body = {"amount_usd": round(float(amount_usd), 2)}
        return decode.model(
            Balance, self._json(Call("POST", str(target), Retry.IF_NOT_PROCESSED, json=body))
        )

    # -- tasks ---------------------------------------------------------------------------

    def create_task(self, payload: dict[str, Any], *, idempotency_key: str) -> Task:
        """Post a task. Every retry, here or later, must reuse the submission's key.

        Raises OutcomeUnknown when the answer was lost and the attempts ran out: the task may
        exist; call again later with the same key and the same payload to learn which.
        """
        if not idempotency_key:
            raise ValueError("create_task needs an idempotency key")
        call = Call(
            "POST",
            protocol.TASKS,
            Retry.KEYED,
            json=payload,
            headers={protocol.IDEMPOTENCY_HEADER: idempotency_key},
        )
        return decode.model(Task, decode.unwrap(self._json(call), "task"))

    def get_task(self, task_id: str) -> Task:
        data = self._get(fill_path(protocol.TASK, task_id=task_id))
        return decode.model(Task, decode.unwrap(data, "task"))

    def list_tasks(self, since: str | None = None, *, limit: int = 500) -> TaskPage:
        params: dict[str, str | int] = {
            protocol.LIST_LIMIT_PARAM: max(1, min(limit, protocol.LIST_MAX_LIMIT))
        }
        if since:
            params[protocol.LIST_SINCE_PARAM] = since
        data = self._get(protocol.TASKS, **params)
        if isinstance(data, list):  # a bare list: everything, in one page
            return TaskPage(tasks=decode.models(Task, data))
        return decode.model(TaskPage, data)

    def list_changed(
        self, since: str | None, *, page_size: int = 500, max_pages: int = _MAX_LIST_PAGES
    ) -> tuple[list[Task], str | None]:
        """Every task changed after `since` (all tasks when None), and the cursor to keep:
        pages of `page_size`, following the cursor while it advances and more remain."""
        tasks: list[Task] = []
        cursor = since
        for _ in range(max_pages):
            page = self.list_tasks(cursor, limit=page_size)
            tasks.extend(page.tasks)
            advanced = page.cursor is not None and page.cursor != cursor
            if page.cursor is not None:
                cursor = page.cursor
            if not page.has_more or not advanced:
                break
        return tasks, cursor

    def bids(self, task_id: str) -> BidGallery:
        return decode.model(BidGallery, self._get(fill_path(protocol.BIDS, task_id=task_id)))

    def select_bid(self, task_id: str, bid_id: str) -> Task:
        return self._action(fill_path(protocol.SELECT, task_id=task_id), {"bid_id": bid_id})

    def remix(self, task_id: str) -> Task:
        return self._action(fill_path(protocol.REMIX, task_id=task_id))

    def extend_review(self, task_id: str) -> Task:
        return self._action(fill_path(protocol.EXTEND_REVIEW, task_id=task_id))

    def cancel(self, task_id: str) -> Task:
        return self._action(fill_path(protocol.CANCEL, task_id=task_id))

    def send_note(self, task_id: str, text: str) -> Task:
        """Clarification text for the task's agents (REST twin of A2A tasks/provideInput)."""
        return self._action(fill_path(protocol.NOTES, task_id=task_id), {"text": text})

    def delivery(self, task_id: str) -> Delivery:
        data = self._get(fill_path(protocol.DELIVERY, task_id=task_id))
        return decode.model(Delivery, decode.unwrap(data, "delivery"))

    def approve(self, task_id: str) -> Task:
        return self._action(fill_path(protocol.APPROVE, task_id=task_id))

    def request_revision(self, task_id: str, feedback: str) -> Task:
        return self._action(fill_path(protocol.REVISION, task_id=task_id), {"feedback": feedback})

    def dispute(self, task_id: str, reason: str) -> Task:
        return self._action(fill_path(protocol.DISPUTE, task_id=task_id), {"reason": reason})

    # -- files (files.py) ----------------------------------------------------------------

    def download(
        self,
        file: FileRef,
        dest: BinaryIO,
        *,
        max_bytes: int | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Stream a file into `dest`; returns the bytes written. A repeat rewinds `dest`.

        Never writes more than `max_bytes`, than the file's announced `size_bytes`, or than
        a bounded ratio to the compressed bytes received (see body.py): BadResponse first."""
        limit = max_bytes or files.DEFAULT_MAX_DOWNLOAD_BYTES
        return files.download(self._t, file, dest, max_bytes=limit, progress=progress)

    def fetch_bytes(self, file: FileRef, *, max_bytes: int = 5 * 1024 * 1024) -> bytes:
        """A small file in memory (previews); BadResponse when larger than `max_bytes`."""
        return files.fetch_bytes(self._t, file, max_bytes=max_bytes)

    def upload(
        self,
        path: Path,
        *,
        media_type: str | None = None,
        progress: Progress | None = None,
    ) -> UploadedFile:
        """Upload an attachment (multipart field "file"), streamed from disk."""
        data = self._json(files.upload_call(Path(path), media_type, progress))
        return decode.model(UploadedFile, decode.unwrap(data, "file"))

    # -- brand kits ----------------------------------------------------------------------

    def brand_kits(self) -> list[RemoteBrandKit]:
        data = self._get(protocol.BRAND_KITS)
        return decode.models(RemoteBrandKit, decode.items(data, "brand_kits", "items"))

    def create_brand_kit(
        self,
        *,
        name: str,
        colors: list[str],
        fonts: list[str],
        voice_notes: str,
        asset_ids: list[str],
    ) -> RemoteBrandKit:
        body = {
            "name": name,
            "colors": colors,
            "fonts": fonts,
            "voice_notes": voice_notes,
            "asset_ids": asset_ids,
        }
        # Not repeated after a lost answer: a repeat would make a second kit.
        data = self._json(Call("POST", protocol.BRAND_KITS, Retry.IF_NOT_PROCESSED, json=body))
        return decode.model(RemoteBrandKit, decode.unwrap(data, "brand_kit"))

    def delete_brand_kit(self, kit_id: str) -> None:
        """Delete a kit; one that is already gone counts as deleted (deletes are repeated)."""
        try:
            self._t.send(Call("DELETE", fill_path(protocol.BRAND_KIT, kit_id=kit_id), Retry.ALWAYS))
        except NotFoundError:
            return

    # -- free brief tools ----------------------------------------------------------------

    def brief_suggestions(self, brief: Brief) -> list[Suggestion]:
        body = {
            "title": brief.title,
            "description": brief.description,
            "category": brief.category,
            "task_type": brief.task_type,
            "budget_usd": brief.budget_usd,
            "requirements": brief.requirements,
        }
        data = self._json(Call("POST", protocol.BRIEF_SUGGESTIONS, Retry.ALWAYS, json=body))
        return decode.models(Suggestion, decode.items(data, "suggestions", "items"))

    def generate_brief(self, prompt: str, *, category: str = "", task_type: str = "") -> str:
        # The body field is this project's convention (the platform publishes none): `idea`.
        body = {"idea": prompt, "category": category, "task_type": task_type}
        data = self._json(Call("POST", protocol.BRIEF_GENERATE, Retry.ALWAYS, json=body))
        if isinstance(data, str):
            return data
        if isinstance(data, dict):
            for key in ("brief", "description", "text"):
                value = data.get(key)
                if isinstance(value, str):
                    return value
        raise BadResponse()

    def draft_brief(self, idea: str, *, category: str = "", task_type: str = "") -> DraftedBrief:
        """A whole brief drafted from a one-sentence idea (10 an hour on AITasker), with the
        uses left this hour when the server's rate-limit headers say. Raises BadResponse
        when the answer holds no brief text."""
        body = {"idea": idea, "category": category, "task_type": task_type}
        reply = self._t.send(Call("POST", protocol.BRIEF_GENERATE, Retry.ALWAYS, json=body))
        data = decode.parse_json(reply.body) if reply.body.strip() else None
        if isinstance(data, str):
            data = {"description": data}
        if not isinstance(data, dict):
            raise BadResponse()
        counts = {
            "uses_limit": _header_int(reply.headers, protocol.RATE_LIMIT_HEADER),
            "uses_left": _header_int(reply.headers, protocol.RATE_REMAINING_HEADER),
        }
        drafted = decode.model(DraftedBrief, {**data, **counts})
        if not drafted.usable:
            raise BadResponse()
        return drafted


def _header_int(headers: httpx.Headers, name: str) -> int | None:
    value = headers.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


__all__ = ["AITaskerClient", "Reply", "new_idempotency_key"]
