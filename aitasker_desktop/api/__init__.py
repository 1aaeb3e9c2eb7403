"""The AITasker HTTP client (httpx, blocking; run it off the GUI thread)."""

from aitasker_desktop.api.client import AITaskerClient, new_idempotency_key

__all__ = ["AITaskerClient", "new_idempotency_key"]
