"""Learning what a server offers: from its OpenAPI document, else by probing."""

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from aitasker_desktop.api import discovery, errors
from aitasker_desktop.api.client import AITaskerClient
from aitasker_desktop.domain.capabilities import DECIDED, Capabilities, Operation

NIL = discovery.NIL_ID


def doc(*routes: tuple[str, str], params: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """A small OpenAPI document listing `routes` (method, path)."""
    paths: dict[str, dict[str, Any]] = {}
    for method, path in routes:
        names = (params or {}).get(f"{method} {path}", [])
        operation = {"parameters": [{"name": n, "in": "query"} for n in names]}
        paths.setdefault(path, {})[method.lower()] = operation
    return {"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": paths}


# Written from what AITasker documents: its REST endpoints and the A2A endpoint.
DOCUMENTED = doc(
    ("POST", "/api/v1/tasks"),
    ("GET", "/api/v1/tasks/{task_id}"),
    ("GET", "/api/v1/tasks/{task_id}/bids"),
    ("GET", "/api/v1/categories"),
    ("GET", "/api/v1/a2a/credits/balance"),
    ("POST", "/api/v1/a2a/rpc"),
    ("GET", "/health"),
)


# -- from a document --------------------------------------------------------------------------


def test_a_documented_only_server():
    caps = discovery.from_openapi(DOCUMENTED)
    assert caps == Capabilities(
        rest=frozenset({Operation.CREATE, Operation.GET}), a2a=True, source="openapi"
    )
    assert caps.route(Operation.SELECT) == "a2a"
    assert caps.route(Operation.NOTE) == "a2a"
    assert caps.route(Operation.REMIX) is None
    assert caps.route(Operation.GET) == "rest"


def test_a_full_server_named_its_parameters_its_own_way():
    full = doc(
        ("POST", "/api/v1/tasks"),
        ("GET", "/api/v1/tasks"),
        ("GET", "/api/v1/tasks/{id}"),
        ("POST", "/api/v1/tasks/{id}/select"),
        ("POST", "/api/v1/tasks/{id}/remix"),
        ("POST", "/api/v1/tasks/{id}/extend-review"),
        ("POST", "/api/v1/tasks/{id}/cancel"),
        ("POST", "/api/v1/tasks/{tid}/notes"),
        ("GET", "/api/v1/tasks/{id}/delivery"),
        ("POST", "/api/v1/tasks/{id}/delivery/approve"),
        ("POST", "/api/v1/tasks/{id}/delivery/revision"),
        ("POST", "/api/v1/tasks/{id}/delivery/dispute"),
        ("POST", "/api/v1/uploads"),
        ("GET", "/api/v1/brand-kits"),
        ("GET", "/api/v1/files/{file}"),
        params={"GET /api/v1/tasks": ["since", "limit"]},
    )
    caps = discovery.from_openapi(full)
    assert caps is not None
    assert caps.rest == frozenset(Operation)
    assert caps.a2a is False


def test_a_list_without_since_is_not_the_changes_list():
    caps = discovery.from_openapi(
        doc(
            ("POST", "/api/v1/tasks"),
            ("GET", "/api/v1/tasks"),
            params={"GET /api/v1/tasks": ["page", "per_page"]},
        )
    )
    assert caps is not None and Operation.LIST_SINCE not in caps.rest


def test_a_base_path_prefix_is_understood():
    prefixed = doc(("POST", "/gateway/api/v1/tasks"), ("POST", "/gateway/api/v1/tasks/{x}/cancel"))
    caps = discovery.from_openapi(prefixed, "/gateway")
    assert caps is not None and caps.rest == {Operation.CREATE, Operation.CANCEL}


@pytest.mark.parametrize(
    "document",
    [
        None,
        [],
        "openapi",
        {"openapi": "3.1.0"},
        {"paths": []},
        doc(("GET", "/pets"), ("POST", "/pets")),  # some other API
    ],
)
def test_a_document_that_does_not_describe_this_api_is_not_used(document):
    assert discovery.from_openapi(document) is None


def test_junk_entries_in_a_document_are_skipped():
    junk = {"paths": {"/api/v1/tasks": "post", "/x": [], "/api/v1/tasks/{id}": {"get": None}}}
    caps = discovery.from_openapi(junk)
    assert caps is not None and caps.rest == {Operation.GET}


# -- probing, against scripted servers ---------------------------------------------------------

Server = Callable[[httpx.Request], httpx.Response]


def documented_server(openapi: Any = None, *, a2a: bool = True) -> Server:
    """AITasker as documented: every decided path 404 `Not Found`."""

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/openapi.json":
            if openapi is None:
                return httpx.Response(404, json={"detail": "Not Found"})
            if isinstance(openapi, bytes):
                return httpx.Response(200, content=openapi)
            return httpx.Response(200, json=openapi)
        if path == "/api/v1/a2a/rpc" and a2a:
            rpc_id = json.loads(request.content)["id"]
            error = {"code": -32001, "message": "Task not found"}
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": rpc_id, "error": error})
        return httpx.Response(404, json={"detail": "Not Found"})

    return handler


def full_server(request: httpx.Request) -> httpx.Response:
    """Every decided route there: it looks for the made-up task, or reads the body first."""
    path = request.url.path
    if path == "/openapi.json":
        return httpx.Response(404, json={"detail": "Not Found"})
    if path == "/api/v1/a2a/rpc":
        return httpx.Response(404, json={"detail": "Not Found"})
    if request.method == "POST" and json.loads(request.content or b"null") == {}:
        loc = ["body", "bid_id"]
        return httpx.Response(422, json={"detail": [{"loc": loc, "msg": "x", "type": "missing"}]})
    if path == "/api/v1/tasks" and request.method == "GET":
        return httpx.Response(200, json={"tasks": [], "cursor": "0", "has_more": False})
    if path in ("/api/v1/brand-kits",):
        return httpx.Response(200, json={"brand_kits": []})
    if path == "/api/v1/uploads":
        return httpx.Response(422, json={"detail": [{"loc": ["body", "file"], "type": "missing"}]})
    if path.startswith("/api/v1/files/"):
        return httpx.Response(404, json={"detail": "File not found."})
    return httpx.Response(404, json={"detail": "Task not found."})


def test_probing_a_documented_server(make_client, recorder):
    caps = make_client(documented_server()).capabilities()
    assert caps == Capabilities(
        rest=frozenset({Operation.CREATE, Operation.GET}), a2a=True, source="probe"
    )
    probes = recorder.requests[1:]  # after /openapi.json
    assert len(probes) == len(DECIDED) + 1  # each decided path once, and A2A
    for request in probes:
        # Nothing a probe sends can change anything: the nil task, or an incomplete body.
        body = json.loads(request.content) if request.content else None
        names_nil = NIL in request.url.path or (body and body.get("params") == {"id": NIL})
        assert names_nil or request.method == "GET" or body in (None, {}), request.url
    assert "Authorization" not in recorder.requests[0].headers  # openapi.json is public


def test_probing_a_full_server(make_client):
    caps = make_client(full_server).capabilities()
    assert caps.rest == frozenset(Operation)
    assert caps.a2a is False
    assert caps.source == "probe"


def test_an_unreadable_document_falls_back_to_probing(make_client):
    caps = make_client(documented_server(openapi=b"<html>docs</html>")).capabilities()
    assert caps.source == "probe" and caps.a2a


def test_a_document_without_a2a_is_checked_by_one_probe(make_client, recorder):
    without = doc(("POST", "/api/v1/tasks"), ("GET", "/api/v1/tasks/{task_id}"))
    caps = make_client(documented_server(openapi=without)).capabilities()
    assert caps.source == "openapi" and caps.a2a is True
    assert [r.url.path for r in recorder.requests] == ["/openapi.json", "/api/v1/a2a/rpc"]


def test_a_document_with_a2a_needs_no_probe(make_client, recorder):
    caps = make_client(documented_server(openapi=DOCUMENTED)).capabilities()
    assert caps.a2a and caps.source == "openapi"
    assert len(recorder.requests) == 1


@pytest.mark.parametrize(
    ("status", "raised"),
    [(401, errors.AuthError), (503, errors.ServerError), (429, errors.RateLimited)],
)
def test_learning_stops_when_the_server_cannot_answer(make_client, status, raised):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/openapi.json":
            return httpx.Response(404)
        return httpx.Response(status, headers={"Retry-After": "500"} if status == 429 else {})

    with pytest.raises(raised):
        make_client(handler, max_attempts=1).capabilities()


def test_a_500_on_a_probe_means_a_route_was_reached(make_client):
    def handler(request: httpx.Request) -> httpx.Response:
        if "/remix" in request.url.path:
            return httpx.Response(500)
        return documented_server()(request)

    caps = make_client(handler, max_attempts=1).capabilities()
    assert Operation.REMIX in caps.rest and Operation.CANCEL not in caps.rest


# -- the value itself --------------------------------------------------------------------------


def test_capabilities_keep_as_json():
    caps = Capabilities(rest=frozenset({Operation.GET, Operation.CREATE}), a2a=True, source="probe")
    text = caps.model_dump_json()
    assert json.loads(text) == {
        "version": 1,
        "rest": ["create", "get"],
        "a2a": True,
        "source": "probe",
    }
    assert Capabilities.from_json(text) == caps
    # What a newer app wrote: an operation this one does not know is dropped, not fatal.
    newer = '{"version": 2, "rest": ["get", "teleport"], "a2a": false, "source": "openapi"}'
    assert Capabilities.from_json(newer).rest == {Operation.GET}
    with pytest.raises(ValueError):
        Capabilities.from_json("not json")


# -- against the real sandbox -----------------------------------------------------------------


def test_learning_from_the_sandbox_and_probing_it_agree(sandbox):
    """The sandbox's OpenAPI document and a probe of each decided path tell the same story,
    and the probes leave nothing behind."""
    with AITaskerClient(sandbox.base_url, sandbox.api_key) as client:
        caps = client.capabilities()
        assert caps.source == "openapi"
        for op in DECIDED:
            found = discovery.probe(client._t, discovery.ROUTES[op])
            assert found == (op in caps.rest), op
        assert discovery.probe_a2a(client.a2a) == caps.a2a
        tasks, _ = client.list_changed(None)
    assert tasks == []
    assert caps.rest == frozenset(Operation) and caps.a2a  # the full surface: everything
