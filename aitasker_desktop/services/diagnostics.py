"""The log file, and "copy diagnostics" for a support request.

Logs go to a rotating file in the user log folder. A filter on every handler we install
redacts API keys: the current key (exactly), and anything shaped like a key or a bearer token,
so a key that slips into an exception message or a server's echo never reaches the disk.
"""

from __future__ import annotations

import collections
import logging
import logging.handlers
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from aitasker_desktop.domain.protocol import mask_key
from aitasker_desktop.services.account import AccountService
from aitasker_desktop.services.connection import Connection
from aitasker_desktop.storage.secrets import backend_name as keychain_backend

LOG_FILENAME = "aitasker-desktop.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 4
RECENT_ERRORS = 20

# Key-shaped strings: the documented prefixes followed by the key body, and bearer tokens.
_KEY_PATTERN = re.compile(r"\b(aitk_(?:live|test)_|ait_)[A-Za-z0-9_\-]{6,}")
_BEARER_PATTERN = re.compile(r"(Bearer\s+)[^\s'\",]+", re.IGNORECASE)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret and len(secret) >= 8:
            text = text.replace(secret, mask_key(secret))
    text = _KEY_PATTERN.sub(lambda m: mask_key(m.group(0)), text)
    return _BEARER_PATTERN.sub(r"\1[hidden]", text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message and traceback with keys masked (prefix…last4)."""

    def __init__(self, secrets: Callable[[], Iterable[str]] = tuple) -> None:
        super().__init__()
        self._secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        known = list(self._secrets())
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        record.msg, record.args = redact(message, known), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, known)
            record.exc_info = None  # the redacted text stands in for the traceback
        if record.stack_info:
            record.stack_info = redact(record.stack_info, known)
        return True


class _RecentErrors(logging.Handler):
    def __init__(self, size: int) -> None:
        super().__init__(logging.WARNING)
        self.lines: collections.deque[str] = collections.deque(maxlen=size)

    def emit(self, record: logging.LogRecord) -> None:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.created))
        self.lines.append(f"{stamp} {record.levelname} {record.name}: {record.getMessage()}")


class Diagnostics:
    """Installs the log handlers on the root logger; `close()` removes them again."""

    def __init__(self, log_dir: Path, secrets: Callable[[], Iterable[str]] = tuple) -> None:
        self.log_path = log_dir / LOG_FILENAME
        log_dir.mkdir(parents=True, exist_ok=True)
        self._filter = RedactingFilter(secrets)
        self._file = logging.handlers.RotatingFileHandler(
            self.log_path,
            maxBytes=LOG_MAX_BYTES,
            backupCount=LOG_BACKUPS,
            encoding="utf-8",
            delay=True,
        )
        self._file.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
        )
        self._recent = _RecentErrors(RECENT_ERRORS)
        self._root = logging.getLogger()
        self._old_level = self._root.level
        for handler in (self._file, self._recent):
            handler.addFilter(self._filter)
            self._root.addHandler(handler)
        if self._root.level == logging.NOTSET or self._root.level > logging.INFO:
            self._root.setLevel(logging.INFO)

    def recent_errors(self) -> list[str]:
        return list(self._recent.lines)

    def report(self, facts: dict[str, str], secrets: Iterable[str] = ()) -> str:
        """Plain text for a support request: versions, OS, paths, recent errors; no secrets."""
        import platform  # like the version: asked for by a person, not at start-up

        from aitasker_desktop import __version__  # importlib.metadata: not at start-up

        lines = [
            f"AITasker Desktop {__version__}",
            f"Python {platform.python_version()} ({sys.implementation.name})",
            f"OS: {platform.platform()}",
        ]
        for package in ("PySide6-Essentials", "httpx", "pydantic", "keyring", "truststore"):
            lines.append(f"{package}: {_version(package)}")
        lines.append(f"Log file: {self.log_path}")
        lines.extend(f"{name}: {value}" for name, value in facts.items())
        errors = self.recent_errors()
        lines.append(f"Recent problems ({len(errors)}):")
        lines.extend(f"  {line}" for line in errors or ["none"])
        return redact("\n".join(lines), [*secrets, *self._filter_secrets()])

    def support_text(
        self,
        *,
        data_dir: Path,
        settings_path: Path,
        connection: Connection,
        account: AccountService,
        posts: dict[str, str],
    ) -> str:
        """`report` with the facts support asks about first: where, which world, which key,
        and the posts still waiting or refused (`submission_outcomes.outbox_facts`)."""
        world = connection.world
        facts = {
            "Data folder": str(data_dir),
            "Settings file": str(settings_path),
            "Keychain backend": keychain_backend(),
            "Key kept": str(account.key_place),
            "World": "none yet" if world is None else str(world.kind),
            "API address": "" if world is None else world.base_url,
            "Key": account.key_hint or "none",
            "Connection": str(connection.state),
            **posts,
        }
        return self.report(facts, account.secrets())

    def _filter_secrets(self) -> list[str]:
        return list(self._filter._secrets())

    def close(self) -> None:
        for handler in (self._file, self._recent):
            self._root.removeHandler(handler)
            handler.close()
        self._root.setLevel(self._old_level)


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"
