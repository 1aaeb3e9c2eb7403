"""One request to AITasker: attempts, retries, a deadline per attempt and a size cap.

The retry rule
--------------
Every call declares how safe it is to repeat (`Retry`):

* ``ALWAYS`` — reads (GET), deletes, uploads and the read-only brief tools. Repeating them
  changes nothing a user could see (a repeated upload leaves an unused file at worst), so they
  are retried after any transient failure: connect errors, timeouts, a dropped connection, and
  the answers 408, 429, 500, 502, 503 and 504.
* ``KEYED`` — creating a task. The caller passes one Idempotency-Key per submission and every
  attempt reuses it, so the server returns the same task for a repeat: it is retried like
  ``ALWAYS``, and also on 409 (the same key still in flight) after a short wait. When the
  attempts run out after any attempt may have reached the server (a lost answer, a 5xx, a
  409), the error is ``OutcomeUnknown``: the caller keeps the key and tries again later. When
  no attempt can have reached the server (every one failed to connect), it is the plain
  ``NetworkError``/``TimeoutError_`` (the task was certainly not created).
* ``IF_NOT_PROCESSED`` — the state changes (select, remix, extend, cancel, approve, revision,
  dispute). They are repeated only when the server cannot have acted: the connection failed
  before the request was sent (connect error, connect or pool timeout), or the server said it
  did nothing (408, 429, 503). A lost answer after sending is not repeated and raises
  ``OutcomeUnknown`` ("refresh to see whether it went through"); a 500/502/504 raises
  ``ServerError``.
* ``UNKEYED_CREATE`` — creating a task where no idempotency key is known to be honoured (A2A
  ``message/send``). Repeated only when it cannot have been processed, as above. When it may
  have been (a lost answer, a timeout after sending, a 5xx), the error is
  ``CreateUnconfirmed``, never ``OutcomeUnknown``: sending it again could post the task and
  hold its budget twice, so nothing may repeat it on its own.

Never retried: TLS failures, 401 (a bad key stops everything at once), any other 4xx, a
redirect, an answer that is malformed or larger than allowed.

Waits between attempts: capped exponential backoff with full jitter
(``uniform(0, min(backoff_cap, backoff_base * 2**n))``). A Retry-After (seconds or an HTTP
date) on 429/503 closes the client's gate (gate.py): no call on any thread is sent until it
has passed. A call waits at most ``max_wait`` seconds in all; when the next wait would pass
that, it stops at once (RateLimited, saying how long AITasker asked to wait).

Each attempt has one overall deadline (``attempt_timeout``) covering connect, TLS, sending,
the status line, the headers and the body: at the socket level (net.py) and again per chunk
here, so a server dripping bytes cannot hold an attempt past it. Downloads get extra time as
bytes arrive (``min_rate``). Bodies are read by body.py: decoded in bounded pieces, each
checked against the cap, the announced size and a compression ratio before it is kept.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import httpx

from aitasker_desktop.api import body as bodies
from aitasker_desktop.api import net
from aitasker_desktop.api.body import DeadlinePassed, TooLarge
from aitasker_desktop.api.call import Call, Reply, Retry
from aitasker_desktop.api.decode import Redactor, error_for, retry_after_seconds
from aitasker_desktop.api.errors import (
    ApiError,
    AuthError,
    BadResponse,
    ConflictError,
    CreateUnconfirmed,
    NetworkError,
    NotFoundError,
    OutcomeUnknown,
    RateLimited,
    ServerError,
    TimeoutError_,
    TLSError,
)
from aitasker_desktop.api.gate import RetryAfterGate, WaitBudget
from aitasker_desktop.domain import protocol

log = logging.getLogger("aitasker_desktop.api")


@dataclass
class _Failure:
    error: ApiError
    sent: bool  # the server may have acted on it
    retry: bool
    wait: float | None = None  # the least this call waits before its next attempt
    quiet: float | None = None  # Retry-After: every call of this client holds off
    identity: bool = False  # ask again for the body uncompressed


def _closed() -> NetworkError:
    return NetworkError(
        "The app stopped talking to AITasker before this was done.",
        hint="Try again once the app is connected.",
    )


def _lost_answer() -> OutcomeUnknown:
    return OutcomeUnknown(
        "The connection dropped before AITasker confirmed this.",
        hint="Refresh to see whether it went through before trying again.",
    )


class Transport:
    """Sends `Call`s with the retry rule above. Holds the API key; never logs or shows it."""

    def __init__(
        self,
        base_url: httpx.URL,
        api_key: str | None,
        *,
        transport: httpx.BaseTransport | None,
        attempt_timeout: float,
        max_attempts: int,
        max_response_bytes: int,
        sleep: Callable[[float], None] | None,
        user_agent: str,
        clock: Callable[[], float] = time.monotonic,
        backoff_base: float = 0.5,
        backoff_cap: float = 8.0,
        max_wait: float = 30.0,
        conflict_wait: float = 1.0,
        rng: random.Random | None = None,
        on_rate_limit: Callable[[int, int], None] | None = None,
    ) -> None:
        self.base_url = base_url
        self._api_key = api_key
        self._redact = Redactor(api_key)
        self.attempt_timeout = attempt_timeout
        self.max_attempts = max(1, max_attempts)
        self.max_response_bytes = max_response_bytes
        self._closed = threading.Event()
        # A wait (backoff, or at the gate) ends early when the client is closed.
        self._sleep: Callable[[float], object] = sleep or self._closed.wait
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_wait = max_wait
        self.gate = RetryAfterGate(clock, self._sleep)
        self.conflict_wait = conflict_wait
        self._rng = rng or random.Random()
        self._on_rate_limit = on_rate_limit
        loopback = net.is_loopback_host(base_url.host)
        ssl_context = net.tls_context()
        self._http = httpx.Client(
            base_url=base_url,
            transport=transport or net.DeadlineTransport(ssl_context=ssl_context),
            verify=ssl_context,  # used by proxy transports mounted from the environment
            # System proxies for the real service; never for loopback or an injected transport.
            trust_env=transport is None and not loopback,
            follow_redirects=False,
            timeout=attempt_timeout,
            headers={
                "User-Agent": user_agent,
                "Accept": "application/json",
                "Accept-Encoding": "gzip",
            },
        )

    def __repr__(self) -> str:
        return f"<Transport {self.base_url}>"

    @property
    def redact(self) -> Redactor:
        """Removes the API key from any text meant for a message."""
        return self._redact

    def close(self) -> None:
        """Closes the connections; a call waiting or still running ends with NetworkError."""
        self._closed.set()
        self._http.close()

    # -- the retry loop ------------------------------------------------------------------

    def send(self, call: Call) -> Reply:
        attempts = max(1, call.attempts or self.max_attempts)
        budget = WaitBudget(self.max_wait)
        maybe_sent = identity = False
        failure: _Failure | None = None
        for attempt in range(attempts):
            if attempt and call.restart is not None and not call.restart():
                break
            try:
                self.gate.wait(budget)
            except RateLimited as exc:
                closed = self._closed.is_set()  # woken by close(), not out of patience
                failure = _Failure(_closed() if closed else exc, sent=False, retry=False)
                break
            if self._closed.is_set():
                failure = _Failure(_closed(), sent=False, retry=False)
                break
            outcome = self._attempt(call, identity=identity)
            if isinstance(outcome, Reply):
                return outcome
            failure = outcome
            maybe_sent = maybe_sent or failure.sent
            if self._closed.is_set():  # cut short by close(): no other attempt is coming
                failure = _Failure(_closed(), sent=failure.sent, retry=False)
                break
            if failure.quiet is not None:
                self.gate.close_for(failure.quiet)
            if not failure.retry or attempt + 1 >= attempts:
                break
            if failure.identity:
                identity = True
                continue
            if failure.quiet:  # the next attempt waits at the gate, as every call does
                if not budget.allows(failure.quiet):  # rather than wait only to give up
                    failure = _Failure(RateLimited(retry_after=failure.quiet), False, False)
                    break
                continue
            delay = self._delay(attempt, failure.wait)
            if not budget.allows(delay):
                break
            log.info(
                "%s %s failed (%s); attempt %d of %d in %.2f s",
                call.method,
                _path(call.url),
                type(failure.error).__name__,
                attempt + 2,
                attempts,
                delay,
            )
            budget.spend(delay)
            self._sleep(delay)
        assert failure is not None
        raise self._final(call, failure, maybe_sent)

    def _delay(self, attempt: int, wait: float | None) -> float:
        """Full-jitter backoff, at least `wait`."""
        backoff = self._rng.uniform(0.0, min(self.backoff_cap, self.backoff_base * 2**attempt))
        return backoff if wait is None else max(wait, backoff)

    def _final(self, call: Call, failure: _Failure, maybe_sent: bool) -> ApiError:
        error = failure.error
        transient = isinstance(error, NetworkError | ServerError | RateLimited | ConflictError)
        if isinstance(error, TLSError | OutcomeUnknown) or not transient:
            return error
        if call.retry is Retry.KEYED and maybe_sent:
            return OutcomeUnknown()
        unconfirmed = isinstance(error, NetworkError | ServerError)
        if call.retry is Retry.UNKEYED_CREATE and maybe_sent and unconfirmed:
            return CreateUnconfirmed()
        if (
            call.retry is Retry.IF_NOT_PROCESSED
            and failure.sent
            and isinstance(error, NetworkError)
        ):
            return _lost_answer()
        return error

    # -- one attempt ---------------------------------------------------------------------

    def _attempt(self, call: Call, *, identity: bool = False) -> Reply | _Failure:
        started = time.monotonic()
        deadline = started + self.attempt_timeout
        repeatable = call.retry.repeats_after_sending
        try:
            with net.deadline_scope(deadline):
                request = self._build(call, identity=identity)
                response = self._http.send(request, stream=True)
                # A long upload may have earned more time while it was sent (see client).
                deadline = net.current_deadline() or deadline
                try:
                    self._note_rate_limit(response.headers)
                    if time.monotonic() > deadline:
                        raise DeadlinePassed
                    if 200 <= response.status_code < 300:
                        bounds = bodies.Bounds(
                            call.max_bytes or self.max_response_bytes,
                            call.announced_bytes,
                            call.min_rate,
                        )
                        body = bodies.read(
                            response, bounds, deadline, sink=call.sink, progress=call.progress
                        )
                    else:
                        body = bodies.read_error(response, deadline)
                finally:
                    response.close()
        except (httpx.ConnectTimeout, httpx.PoolTimeout):
            return _Failure(TimeoutError_(), sent=False, retry=True)
        except httpx.ConnectError as exc:
            if net.is_tls_failure(exc):
                return _Failure(TLSError(), sent=False, retry=False)
            return _Failure(NetworkError(), sent=False, retry=True)
        except httpx.ProxyError:
            return _Failure(NetworkError(), sent=False, retry=True)
        except (httpx.TimeoutException, DeadlinePassed):
            return _Failure(TimeoutError_(), sent=True, retry=repeatable)
        except TooLarge as exc:
            # An honest server sends a file that compresses unusually well again, plainly.
            again = exc.message == bodies.INFLATED and not identity
            return _Failure(BadResponse(exc.message), sent=True, retry=again, identity=again)
        except httpx.TransportError:
            return _Failure(NetworkError(), sent=True, retry=repeatable)
        except BadResponse as exc:
            return _Failure(exc, sent=True, retry=False)
        except httpx.StreamError:
            return _Failure(BadResponse(), sent=True, retry=False)
        except RuntimeError:
            if not self._closed.is_set():
                raise
            return _Failure(_closed(), sent=True, retry=False)  # closed while in flight
        elapsed = time.monotonic() - started
        log.debug(
            "%s %s -> %d in %.2f s", call.method, _path(call.url), response.status_code, elapsed
        )
        if 200 <= response.status_code < 300:
            return Reply(response.status_code, response.headers, body)
        return self._classify(call, response.status_code, response.headers, body)

    def _classify(self, call: Call, status: int, headers: httpx.Headers, body: bytes) -> _Failure:
        error = error_for(status, headers, body, self._redact, self.base_url)
        quiet = _retry_after(error, headers)
        if isinstance(error, AuthError):
            return _Failure(error, sent=False, retry=False)
        if status in (429, 503):  # the server says it did nothing, and may say for how long
            return _Failure(error, sent=False, retry=True, quiet=quiet)
        if status == 408:
            return _Failure(error, sent=False, retry=True)
        if status == 409 and call.retry is Retry.KEYED:
            return _Failure(error, sent=True, retry=True, wait=self.conflict_wait)
        if status >= 500:
            return _Failure(error, sent=True, retry=call.retry.repeats_after_sending)
        return _Failure(error, sent=False, retry=False)

    def _build(self, call: Call, *, identity: bool = False) -> httpx.Request:
        headers = dict(call.headers)
        if identity:
            headers["Accept-Encoding"] = "identity"
        if call.auth and self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        timeout = httpx.Timeout(self.attempt_timeout, connect=min(self.attempt_timeout, 10.0))
        content = call.body() if call.body is not None else None
        url = httpx.URL(call.url)
        if url.is_absolute_url and not net.same_origin(url, self.base_url):
            raise AssertionError("only the API's own origin is ever requested")
        return self._http.build_request(
            call.method,
            call.url,
            params=dict(call.params) if call.params else None,
            json=call.json,
            content=content,
            headers=headers,
            timeout=timeout,
        )

    def _note_rate_limit(self, headers: httpx.Headers) -> None:
        limit = _int(headers.get(protocol.RATE_LIMIT_HEADER))
        remaining = _int(headers.get(protocol.RATE_REMAINING_HEADER))
        if limit is not None and remaining is not None and self._on_rate_limit is not None:
            self._on_rate_limit(limit, remaining)


# -- helpers --------------------------------------------------------------------------------


def _path(url: str) -> str:
    return httpx.URL(url).path


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _retry_after(error: ApiError, headers: httpx.Headers) -> float | None:
    if isinstance(error, RateLimited):
        return error.retry_after
    return retry_after_seconds(headers.get(protocol.RETRY_AFTER_HEADER))


def fill_path(template: str, **ids: str) -> str:
    """A path template with ids filled in, each quoted as one path segment."""
    if any(not value for value in ids.values()):
        raise NotFoundError("That item has no id.")
    return template.format(**{k: quote(v, safe="") for k, v in ids.items()})
