"""The API key never shows up in an error, a repr or a log line."""

import logging
import ssl

import httpx
import pytest

from aitasker_desktop.api import errors
from aitasker_desktop.domain.task import FileRef
from tests.api.conftest import FAKE_KEY, sequence


def _tls_failure(request):
    try:
        raise ssl.SSLCertVerificationError(1, f"bad cert {FAKE_KEY}")
    except ssl.SSLError as e:
        raise httpx.ConnectError(f"ssl {FAKE_KEY}") from e


FAILURES: dict[str, httpx.Response | Exception] = {
    "401": httpx.Response(401, json={"detail": f"Invalid key {FAKE_KEY}"}),
    "403": httpx.Response(403, json={"detail": f"Key {FAKE_KEY} may not"}),
    "404": httpx.Response(404, json={"detail": f"No task for {FAKE_KEY}"}),
    "409": httpx.Response(409, json={"detail": f"Conflict {FAKE_KEY}"}),
    "422": httpx.Response(
        422,
        json={
            "detail": [{"loc": ["body", "title"], "msg": f"bad {FAKE_KEY}", "type": "value_error"}]
        },
    ),
    "422s": httpx.Response(422, json={"detail": f"Bad {FAKE_KEY}"}),
    "402": httpx.Response(
        402, json={"detail": {"message": f"Pay {FAKE_KEY}", "topup_url": f"https://x/{FAKE_KEY}"}}
    ),
    "429": httpx.Response(429, headers={"Retry-After": "1"}, json={"detail": FAKE_KEY}),
    "500": httpx.Response(500, text=f"Traceback ... {FAKE_KEY}"),
    "bad-json": httpx.Response(200, content=f"<{FAKE_KEY}".encode()),
    "redirect": httpx.Response(302, headers={"Location": f"https://x/?k={FAKE_KEY}"}),
    "connect": httpx.ConnectError(f"refused {FAKE_KEY}"),
    "timeout": httpx.ReadTimeout(f"slow {FAKE_KEY}"),
    "reset": httpx.ReadError(f"reset {FAKE_KEY}"),
}


def _texts(exc: BaseException) -> list[str]:
    out = [str(exc), repr(exc), *map(str, exc.args), *map(repr, exc.args)]
    for value in vars(exc).values():
        out.append(repr(value))
    return out


@pytest.mark.parametrize("name", [*FAILURES, "tls"])
@pytest.mark.parametrize("operation", ["get", "create", "approve", "download"])
def test_key_absent_from_every_error_and_log(make_client, caplog, name, operation):
    caplog.set_level(logging.DEBUG)
    handler = _tls_failure if name == "tls" else sequence(FAILURES[name])
    client = make_client(handler, max_attempts=2)
    calls = {
        "get": lambda: client.get_task("t1"),
        "create": lambda: client.create_task({"title": "x"}, idempotency_key="k"),
        "approve": lambda: client.approve("t1"),
        "download": lambda: client.download(FileRef(id="f"), __import__("io").BytesIO()),
    }
    try:
        calls[operation]()
    except errors.ApiError as exc:
        err: errors.ApiError = exc
    else:
        if name in ("bad-json",) and operation == "download":
            return  # a download does not parse JSON
        pytest.fail("no error raised")
    for text in _texts(err):
        assert FAKE_KEY not in text
    assert FAKE_KEY not in repr(client)
    assert FAKE_KEY not in caplog.text
    for record in caplog.records:
        assert FAKE_KEY not in record.getMessage()
