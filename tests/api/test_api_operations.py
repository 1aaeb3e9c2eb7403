"""Each operation sends the right request and reads the answer into domain models."""

import io
import json
from pathlib import Path

import httpx
import pytest

from aitasker_desktop.api import errors
from aitasker_desktop.api.client import new_idempotency_key
from aitasker_desktop.domain import protocol
from aitasker_desktop.domain.brief import Brief
from aitasker_desktop.domain.task import FileRef
from tests.api.conftest import BASE, FAKE_KEY, sequence, task_json


def test_every_request_carries_bearer_key_and_user_agent(make_client, recorder):
    client = make_client(sequence(httpx.Response(200, json=task_json())))
    client.get_task("t1")
    req = recorder.requests[0]
    assert req.headers["Authorization"] == f"Bearer {FAKE_KEY}"
    assert req.headers["User-Agent"].startswith("AITaskerDesktop/")
    assert req.url.path == "/api/v1/tasks/t1"


def test_ids_are_quoted_as_one_segment(make_client, recorder):
    client = make_client(sequence(httpx.Response(200, json=task_json())))
    client.get_task("../../admin")
    assert recorder.requests[0].url.raw_path == b"/api/v1/tasks/..%2F..%2Fadmin"


def test_create_posts_payload_with_idempotency_key(make_client, recorder):
    client = make_client(sequence(httpx.Response(201, json={"task": task_json()})))
    payload = {"title": "Hello world", "description": "d" * 30, "budget_usd": 10}
    key = new_idempotency_key()
    task = client.create_task(payload, idempotency_key=key)
    req = recorder.requests[0]
    assert (req.method, req.url.path) == ("POST", protocol.TASKS)
    assert req.headers[protocol.IDEMPOTENCY_HEADER] == key
    assert json.loads(req.content) == payload
    assert task.id == "t1"


def test_catalog_and_balance(make_client):
    catalog = {
        "categories": [
            {"slug": "writing-translation", "task_types": ["blog-post", {"slug": "article"}]}
        ]
    }
    balance = {"caller_id": "u", "balance_usd": 10, "total_deposited_usd": 10, "total_spent_usd": 0}

    def handler(request):
        if request.url.path == protocol.CATEGORIES:
            return httpx.Response(200, json=catalog)
        return httpx.Response(200, json=balance)

    client = make_client(handler)
    assert client.catalog().task_type("writing-translation", "article") is not None
    assert client.balance().balance_usd == 10


def test_rate_limit_headers_are_remembered(make_client):
    headers = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299"}
    client = make_client(sequence(httpx.Response(200, json=task_json(), headers=headers)))
    assert client.last_rate_limit is None
    client.get_task("t1")
    assert client.last_rate_limit == (300, 299)


def test_list_changed_follows_has_more_and_returns_the_cursor(make_client, recorder):
    pages = {
        None: {"tasks": [task_json("a"), task_json("b")], "cursor": "c1", "has_more": True},
        "c1": {"tasks": [task_json("c")], "cursor": "c2", "has_more": True},
        "c2": {"tasks": [], "cursor": "c3", "has_more": False},
    }

    def handler(request):
        return httpx.Response(200, json=pages[request.url.params.get("since")])

    client = make_client(handler)
    tasks, cursor = client.list_changed(None)
    assert [t.id for t in tasks] == ["a", "b", "c"]
    assert cursor == "c3"
    assert recorder.requests[0].url.params["limit"] == "500"


def test_list_changed_stops_when_the_cursor_does_not_advance(make_client, recorder):
    page = {"tasks": [task_json("a")], "cursor": "same", "has_more": True}
    client = make_client(sequence(httpx.Response(200, json=page)))
    _tasks, cursor = client.list_changed("same")
    assert cursor == "same" and len(recorder.requests) == 1


@pytest.mark.parametrize(
    ("method", "args", "path", "body"),
    [
        ("select_bid", ("t1", "b7"), "/api/v1/tasks/t1/select", {"bid_id": "b7"}),
        ("remix", ("t1",), "/api/v1/tasks/t1/remix", {}),
        ("extend_review", ("t1",), "/api/v1/tasks/t1/extend-review", {}),
        ("cancel", ("t1",), "/api/v1/tasks/t1/cancel", {}),
        ("approve", ("t1",), "/api/v1/tasks/t1/delivery/approve", {}),
        (
            "request_revision",
            ("t1", "Shorter"),
            "/api/v1/tasks/t1/delivery/revision",
            {"feedback": "Shorter"},
        ),
        (
            "dispute",
            ("t1", "Off brief"),
            "/api/v1/tasks/t1/delivery/dispute",
            {"reason": "Off brief"},
        ),
    ],
)
def test_actions(make_client, recorder, method, args, path, body):
    client = make_client(sequence(httpx.Response(200, json=task_json(status="delivering"))))
    task = getattr(client, method)(*args)
    req = recorder.requests[0]
    assert (req.method, req.url.path) == ("POST", path)
    assert json.loads(req.content) == body
    assert task.status == "delivering"


def test_bids_and_delivery(make_client):
    gallery = {
        "task": task_json(status="review"),
        "bids": [
            {
                "id": "b1",
                "bid_price_usd": 12,
                "artifacts": [{"id": "f1", "name": "a.svg"}],
                "eval_breakdown": {"clarity": 0.8, "junk": "x"},
            }
        ],
        "remix_available": True,
        "remix_fee_usd": 1,
    }
    delivery = {"id": "d1", "task_id": "t1", "files": [{"file_id": "f2", "name": "final.md"}]}

    def handler(request):
        if request.url.path.endswith("/bids"):
            return httpx.Response(200, json=gallery)
        return httpx.Response(200, json=delivery)

    client = make_client(handler)
    g = client.bids("t1")
    assert g.bids[0].artifacts[0].id == "f1" and g.remix_fee_usd == 1
    assert g.bids[0].eval_breakdown == {"clarity": 0.8}
    assert client.delivery("t1").files[0].id == "f2"


def test_download_streams_by_id_with_progress(make_client, recorder):
    data = b"0123456789" * 10000

    def handler(request):
        return httpx.Response(
            200, stream=httpx.ByteStream(data), headers={"Content-Length": str(len(data))}
        )

    client = make_client(handler)
    out = io.BytesIO()
    seen: list[tuple[int, int | None]] = []
    n = client.download(FileRef(id="f1"), out, progress=lambda a, b: seen.append((a, b)))
    assert n == len(data) and out.getvalue() == data
    assert recorder.requests[0].url.path == "/api/v1/files/f1"
    assert seen[-1] == (len(data), len(data))


def test_download_by_same_origin_url_and_refuses_others(make_client, recorder):
    client = make_client(sequence(httpx.Response(200, content=b"abc")))
    out = io.BytesIO()
    client.download(FileRef(url="/api/v1/files/x?sig=1"), out)
    assert recorder.requests[0].url == httpx.URL(f"{BASE}/api/v1/files/x?sig=1")
    client.download(FileRef(url=f"{BASE}/api/v1/files/y"), out)
    with pytest.raises(errors.InsecureURL):
        client.download(FileRef(url="https://evil.example/steal"), io.BytesIO())
    with pytest.raises(errors.InsecureURL):
        client.download(FileRef(url="http://api.example.test/api/v1/files/y"), io.BytesIO())
    assert len(recorder.requests) == 2


def test_download_retry_rewinds_the_destination(make_client):
    calls = 0

    def chunks():
        yield b"partial-"
        raise httpx.ReadError("reset")

    def handler(request):
        nonlocal calls
        calls += 1
        if calls == 1:
            return httpx.Response(200, stream=_Stream(chunks()))
        return httpx.Response(200, content=b"complete")

    client = make_client(handler)
    out = io.BytesIO(b"HEAD")
    out.seek(4)
    assert client.download(FileRef(id="f"), out) == len(b"complete")
    assert out.getvalue() == b"HEADcomplete"


class _Stream(httpx.SyncByteStream):
    def __init__(self, it):
        self._it = it

    def __iter__(self):
        yield from self._it


def test_download_and_fetch_bytes_caps(make_client):
    client = make_client(sequence(httpx.Response(200, content=b"x" * 2000)), max_attempts=1)
    with pytest.raises(errors.BadResponse):
        client.download(FileRef(id="f"), io.BytesIO(), max_bytes=1000)
    with pytest.raises(errors.BadResponse):
        client.fetch_bytes(FileRef(id="f"), max_bytes=1000)
    assert client.fetch_bytes(FileRef(id="f"), max_bytes=5000) == b"x" * 2000


def test_file_without_address_is_not_found(make_client):
    client = make_client(sequence(httpx.Response(200)))
    with pytest.raises(errors.NotFoundError):
        client.fetch_bytes(FileRef())


def test_upload_streams_multipart_with_progress(make_client, recorder, tmp_path: Path):
    path = tmp_path / 'pic "1".png'
    path.write_bytes(b"\x89PNG" + b"z" * 600_000)
    answer = {"id": "u1", "name": "pic.png", "media_type": "image/png", "size_bytes": 600_004}
    client = make_client(sequence(httpx.Response(201, json=answer)))
    seen: list[tuple[int, int | None]] = []
    uploaded = client.upload(path, progress=lambda a, b: seen.append((a, b)))
    assert uploaded.id == "u1"
    req = recorder.requests[0]
    assert req.url.path == protocol.UPLOADS
    assert req.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert int(req.headers["Content-Length"]) == len(req.content)
    assert b'name="file"; filename="pic %221%22.png"' in req.content
    assert b"Content-Type: image/png" in req.content
    assert seen[-1] == (600_004, 600_004)


def test_upload_refuses_oversize_before_sending(make_client, recorder, tmp_path: Path):
    path = tmp_path / "big.bin"
    with path.open("wb") as fh:
        fh.truncate(protocol.MAX_UPLOAD_BYTES + 1)
    client = make_client(sequence(httpx.Response(201)))
    with pytest.raises(errors.ValidationError) as info:
        client.upload(path)
    assert "attachments" in info.value.field_errors
    assert recorder.requests == []


def test_brand_kits(make_client, recorder):
    kit = {"id": "k1", "name": "Acme", "colors": ["#112233"]}

    def handler(request):
        if request.method == "GET":
            return httpx.Response(200, json={"brand_kits": [kit]})
        if request.method == "POST":
            return httpx.Response(201, json=kit)
        return httpx.Response(404 if request.url.path.endswith("gone") else 204)

    client = make_client(handler)
    assert client.brand_kits()[0].name == "Acme"
    made = client.create_brand_kit(
        name="Acme", colors=["#112233"], fonts=[], voice_notes="", asset_ids=["u1"]
    )
    assert made.id == "k1"
    assert json.loads(recorder.requests[1].content)["asset_ids"] == ["u1"]
    client.delete_brand_kit("k1")
    client.delete_brand_kit("gone")  # already gone counts as deleted
    assert recorder.requests[2].method == "DELETE"


def test_brief_tools(make_client, recorder):
    def handler(request):
        if request.url.path == protocol.BRIEF_SUGGESTIONS:
            return httpx.Response(
                200, json={"suggestions": [{"field": "title", "message": "Be specific."}]}
            )
        return httpx.Response(200, json={"brief": "Write a blog post about..."})

    client = make_client(handler)
    brief = Brief(title="Blog", description="About tea", category="writing-translation")
    assert client.brief_suggestions(brief)[0].message == "Be specific."
    assert json.loads(recorder.requests[0].content)["description"] == "About tea"
    assert client.generate_brief("tea blog").startswith("Write")


def test_repr_and_context_manager(make_client):
    client = make_client(sequence(httpx.Response(200)))
    assert "key=test" in repr(client) and FAKE_KEY not in repr(client)
