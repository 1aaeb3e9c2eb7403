"""Reading an answer's body: decoded here in bounded pieces, and bounded before it is kept.

A piece is counted against every bound *before* it is handed on (to memory, or to the file
a download writes), so nothing past a bound is ever written:

* the caller's cap (`limit`: the client's max_response_bytes, or a download's max_bytes);
* the size the server announced: `Content-Length` of an uncompressed body, and the size a
  file object states (`size_bytes`), whichever is smaller;
* for a compressed body, a ratio to the compressed bytes read so far (`MAX_INFLATION`,
  after a small allowance): a gzip bomb inflates about 1,000 to 1, real files a few to 1.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx

from aitasker_desktop.api import net
from aitasker_desktop.api.errors import BadResponse

ERROR_BODY_LIMIT = 64 * 1024
DECODE_PIECE = 64 * 1024
# Decoded bytes allowed per compressed byte, after INFLATION_ALLOWANCE. Text and JSON
# compress 3 to 20 times, already-compressed files (images, PDF, zip) about once.
MAX_INFLATION = 100
INFLATION_ALLOWANCE = 1024 * 1024

Progress = Callable[[int, int | None], None]


class DeadlinePassed(Exception):
    pass


class TooLarge(Exception):
    """A bound was reached; `message` says which, in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


TOO_LARGE = "AITasker sent a larger answer than the app accepts."
MORE_THAN_ANNOUNCED = "AITasker sent more than it said this holds, so the rest was not kept."
INFLATED = "AITasker sent a compressed answer that unpacks to far more than it should."


@dataclass
class Bounds:
    limit: int | None  # the caller's cap on decoded bytes
    announced: int | None = None  # what the server said the body holds (decoded)
    min_rate: float | None = None  # bytes/s that earn more time past the deadline


def read(
    response: httpx.Response,
    bounds: Bounds,
    deadline: float,
    *,
    sink: Callable[[bytes], None] | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The decoded body (empty when streamed into `sink`), within `bounds` and the deadline."""
    announced = _min(bounds.announced, content_length(response.headers))
    cap = _min(bounds.limit, announced)
    body = _Inflater(response)
    buf = bytearray()
    received = 0
    for piece in body:
        if cap is not None and received + len(piece) > cap:
            over_announced = announced is not None and cap == announced
            raise TooLarge(MORE_THAN_ANNOUNCED if over_announced else TOO_LARGE)
        if body.compressed and received + len(piece) > body.allowed():
            raise TooLarge(INFLATED)
        received += len(piece)
        if sink is not None:
            sink(piece)
        else:
            buf += piece
        if progress is not None:
            progress(received, announced)
        if bounds.min_rate:
            deadline += len(piece) / bounds.min_rate
            net.extend_deadline(deadline)
        if time.monotonic() > deadline:
            raise DeadlinePassed
    return bytes(buf)


def read_error(response: httpx.Response, deadline: float) -> bytes:
    """An error answer's body for its detail: empty when too big, too slow or unreadable."""
    try:
        return read(response, Bounds(ERROR_BODY_LIMIT), deadline)
    except (TooLarge, DeadlinePassed, httpx.TransportError, httpx.StreamError, BadResponse):
        return b""


def content_length(headers: httpx.Headers) -> int | None:
    """The decoded size the server announced: Content-Length of an uncompressed body."""
    if headers.get("content-encoding", "identity").strip().lower() not in ("", "identity"):
        return None
    try:
        value = int(headers.get("content-length", ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def _min(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


class _Inflater:
    """Iterates the decoded body in pieces of at most DECODE_PIECE bytes, counting the
    compressed bytes read (`raw`), so the caller can bound the ratio between the two."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self.encoding = response.headers.get("content-encoding", "").strip().lower()
        self.raw = 0

    @property
    def compressed(self) -> bool:
        return self.encoding not in ("", "identity")

    def allowed(self) -> int:
        return INFLATION_ALLOWANCE + MAX_INFLATION * self.raw

    def __iter__(self) -> Iterator[bytes]:
        response = self._response
        if response.is_stream_consumed:  # read already (a test transport): decoded by httpx
            self.encoding = ""
            content = response.content
            for start in range(0, len(content), DECODE_PIECE):
                yield content[start : start + DECODE_PIECE]
            return
        if not self.compressed:
            for raw in response.iter_raw():
                if raw:
                    yield raw
            return
        if self.encoding not in ("gzip", "x-gzip", "deflate"):
            raise BadResponse()
        try:
            yield from self._inflate(response)
        except zlib.error:
            raise BadResponse() from None

    def _inflate(self, response: httpx.Response) -> Iterator[bytes]:
        deflate = self.encoding == "deflate"
        wbits = zlib.MAX_WBITS if deflate else zlib.MAX_WBITS | 32
        decoder = zlib.decompressobj(wbits)
        first = True
        for raw in response.iter_raw():
            self.raw += len(raw)
            if first and deflate and raw:
                first = False
                try:
                    zlib.decompressobj(zlib.MAX_WBITS).decompress(raw[:2])
                except zlib.error:
                    decoder = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
            data = raw
            while data:
                out = decoder.decompress(data, DECODE_PIECE)
                if out:
                    yield out
                data = decoder.unconsumed_tail
                if decoder.eof and decoder.unused_data:  # a second gzip member
                    data = decoder.unused_data
                    decoder = zlib.decompressobj(wbits)
        tail = decoder.flush()  # small: every input byte went through decompress above
        if tail:
            yield tail
