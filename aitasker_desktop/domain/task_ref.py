"""A task named by a person: a pasted id or an AITasker link, and the task's page on the website.

AITasker documents neither the website's task address nor a list of a buyer's tasks for
apps, so a task posted on the website reaches the app by its id or its link. This project
decides the website's address of a task as `https://aitasker.co/tasks/<id>` (one place:
`WEBSITE_TASK_URL`); any https link on aitasker.co (or a subdomain) whose path holds a task
id is accepted, so a dashboard link with more segments or a query works too.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, urlsplit

WEBSITE_HOST: Final = "aitasker.co"
WEBSITE_TASK_URL: Final = "https://aitasker.co/tasks/{task_id}"
_UUID: Final = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
)
_WRAPPERS: Final = {("<", ">"), ('"', '"'), ("'", "'"), ("“", "”"), ("‘", "’")}
MAX_INPUT = 2000  # longer than any id or link; a pasted page is refused, not scanned


@dataclass(frozen=True)
class TaskRef:
    """What a person pasted: the task's id, or why it names no task (plain words)."""

    task_id: str | None
    problem: str = ""


def parse_task_ref(text: str) -> TaskRef:
    """A task id (a uuid, with or without dashes or braces) or an https AITasker link, also
    as an email wraps it (in <angle brackets>) or as quoted ("…", '…')."""
    text = _unwrapped(text)
    if not text:
        return TaskRef(None, "Paste a task's id or its link from the AITasker website.")
    if len(text) > MAX_INPUT:
        return TaskRef(None, "That is too long to be a task id or link.")
    if "://" not in text and "/" not in text:
        bare = text.strip("{}")
        if _UUID.fullmatch(bare):
            return TaskRef(str(uuid.UUID(bare)))
        return TaskRef(
            None,
            "That is not a task id. A task id looks like 1b4e28ba-2fa1-11d2-883f-0016d3cca427.",
        )
    try:
        parts = urlsplit(text if "://" in text else f"https://{text}")
        host = (parts.hostname or "").lower()
    except ValueError:
        return TaskRef(None, "That link cannot be read. Copy it again from the address bar.")
    if parts.scheme.lower() != "https":
        return TaskRef(None, "Only https links from AITasker are accepted.")
    if host != WEBSITE_HOST and not host.endswith("." + WEBSITE_HOST):
        shown = host or "no website"
        return TaskRef(None, f"That link is to {shown}, not to AITasker ({WEBSITE_HOST}).")
    found = _UUID.findall(parts.path) or _UUID.findall(parts.query) or _UUID.findall(parts.fragment)
    if not found:
        return TaskRef(None, "That AITasker link does not name a task. Open the task first.")
    return TaskRef(str(uuid.UUID(found[-1])))


def _unwrapped(text: str) -> str:
    """Without the surrounding space, and the <> or quotes around a pasted link or id."""
    text = text.strip()
    while len(text) >= 2 and (text[0], text[-1]) in _WRAPPERS:
        text = text[1:-1].strip()
    return text


def website_task_url(task_id: str) -> str:
    """The task's page on the AITasker website (https, always)."""
    return WEBSITE_TASK_URL.format(task_id=quote(task_id, safe=""))
