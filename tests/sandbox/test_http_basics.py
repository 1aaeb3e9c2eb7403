"""Auth, error shapes, the guide's payload, rate limits, catalog, balance and 402."""

import uuid
from pathlib import Path
from typing import Any

import httpx

from aitasker_desktop.sandbox import conventions as p
from aitasker_desktop.sandbox.catalog import Catalog
from aitasker_desktop.sandbox.embedded import EmbeddedSandbox
from aitasker_desktop.sandbox.schemas import Balance, Task

from .helpers import GOOD, make_client, post_task


def test_auth_required_except_public_paths(sb: EmbeddedSandbox) -> None:
    with httpx.Client(base_url=sb.base_url, trust_env=False, timeout=60) as anon:
        missing = anon.get(p.TASKS)
        assert missing.status_code == 401
        assert isinstance(missing.json()["detail"], str)
        assert missing.headers["WWW-Authenticate"] == "Bearer"
        wrong = anon.get(p.TASKS, headers={"Authorization": "Bearer aitk_test_wrong"})
        assert wrong.status_code == 401
        for path in (p.HEALTH, "/docs", "/openapi.json"):
            response = anon.get(path)
            assert response.status_code == 200, path
            assert p.RATE_LIMIT_HEADER in response.headers
        assert p.RATE_REMAINING_HEADER in missing.headers


def test_configurable_key(tmp_path: Path) -> None:
    with (
        EmbeddedSandbox(tmp_path, api_key="aitk_test_custom_key_1234", speed=0) as server,
        make_client(server) as client,
    ):
        assert client.get(p.CATEGORIES).status_code == 200
        with make_client(server, key=p.SANDBOX_DEFAULT_KEY) as other:
            assert other.get(p.CATEGORIES).status_code == 401


def test_missing_fields_are_fastapi_style_422(client: httpx.Client) -> None:
    response = client.post(p.TASKS, json={"title": "x" * 201})
    assert response.status_code == 422
    detail = response.json()["detail"]
    fields = {tuple(e["loc"]) for e in detail}
    assert {("body", "category"), ("body", "task_type"), ("body", "budget_usd")} <= fields
    assert ("body", "title") in fields
    assert all(set(e) == {"loc", "msg", "type"} for e in detail)


def test_platform_rules_are_checked(client: httpx.Client) -> None:
    cases: dict[str, dict[str, Any]] = {
        "category": {"category": "no-such-category"},
        "task_type": {"task_type": "logo-design"},  # exists, but in graphics-design
        "budget_usd": {"budget_usd": 151},  # blog-post: 4 to 150
        "description": {"description": "x" * 5001},
        "experimentation": {"experimentation": 1.5},
        "brand_kit_id": {"brand_kit_id": "not-a-uuid"},
    }
    for field, change in cases.items():
        response = client.post(p.TASKS, json={**GOOD, **change})
        assert response.status_code == 422, field
        assert ["body", field] in [e["loc"][:2] for e in response.json()["detail"]], field
    unknown_kit = client.post(p.TASKS, json={**GOOD, "brand_kit_id": str(uuid.uuid4())})
    assert unknown_kit.status_code == 422
    upload = client.post(p.TASKS, json={**GOOD, "attachments": ["nope"]})
    assert upload.json()["detail"][0]["loc"] == ["body", "attachments", 0]


def test_guide_payload_with_brief_and_metadata(sb: EmbeddedSandbox, client: httpx.Client) -> None:
    body = {k: v for k, v in GOOD.items() if k != "description"}
    body["brief"] = GOOD["description"]
    body["metadata"] = {"order": "PO-1234", "nested": {"a": [1, 2]}}
    response = client.post(p.TASKS, json=body)
    assert response.status_code == 201, response.text
    task = Task.model_validate(response.json())
    assert task.description == GOOD["description"]
    assert task.metadata == body["metadata"]
    assert task.status == "open" and task.experimentation == 0.3
    assert task.history[0].status == "open"
    # ...and returned on the delivery too.
    gallery = client.get(p.BIDS.format(task_id=task.id)).json()
    assert gallery["bids"] == []
    sb.advance(450)
    bid = client.get(p.BIDS.format(task_id=task.id)).json()["bids"][0]
    client.post(p.SELECT.format(task_id=task.id), json={"bid_id": bid["id"]})
    sb.advance(600)
    delivery = client.get(p.DELIVERY.format(task_id=task.id)).json()
    assert delivery["metadata"] == body["metadata"]


def test_rate_limits_and_retry_after(tmp_path: Path) -> None:
    with (
        EmbeddedSandbox(tmp_path, speed=0, create_per_minute=2, task_reads_per_minute=3) as sb,
        make_client(sb) as client,
    ):
        first = client.post(p.TASKS, json=GOOD)
        assert first.headers[p.RATE_LIMIT_HEADER] == "2"
        assert first.headers[p.RATE_REMAINING_HEADER] == "1"
        client.post(p.TASKS, json=GOOD)
        limited = client.post(p.TASKS, json=GOOD)
        assert limited.status_code == 429
        assert 1 <= int(limited.headers[p.RETRY_AFTER_HEADER]) <= 60
        assert limited.headers[p.RATE_REMAINING_HEADER] == "0"
        assert isinstance(limited.json()["detail"], str)
        # Reads are a separate prefix with their own budget.
        reads = [client.get(p.TASKS).status_code for _ in range(4)]
        assert reads == [200, 200, 200, 429]
        assert client.get(p.CATEGORIES).status_code == 200  # default bucket
        # Another key is another client.
        with make_client(sb, key="aitk_test_other") as other:
            assert other.post(p.TASKS, json=GOOD).status_code == 401  # counted, not limited


def test_brief_tools_are_limited_per_hour(tmp_path: Path) -> None:
    with EmbeddedSandbox(tmp_path, speed=0, generate_per_hour=1) as sb, make_client(sb) as c:
        drafted = c.post(
            p.BRIEF_GENERATE,
            json={
                "category": "data",
                "task_type": "spreadsheet",
                "idea": "a budget tracker for a school trip",
            },
        )
        assert drafted.status_code == 200
        assert "Audience" in drafted.json()["description"]
        again = c.post(p.BRIEF_GENERATE, json={})
        assert again.status_code == 429
        assert int(again.headers[p.RETRY_AFTER_HEADER]) > 60


def test_suggestions_name_what_the_brief_lacks(client: httpx.Client) -> None:
    vague = client.post(p.BRIEF_SUGGESTIONS, json={"title": "Logo", "description": "a logo"})
    fields = [s["field"] for s in vague.json()["suggestions"]]
    assert "title" in fields and "description" in fields and "requirements" in fields
    specific = client.post(p.BRIEF_SUGGESTIONS, json={**GOOD})
    assert len(specific.json()["suggestions"]) < len(vague.json()["suggestions"])


def test_catalog_has_thirteen_categories(client: httpx.Client) -> None:
    raw = client.get(p.CATEGORIES).json()
    catalog = Catalog.model_validate(raw)
    assert len(catalog.categories) == 13
    for slug in (
        "writing-translation",
        "graphics-design",
        "data",
        "digital-marketing",
        "business",
        "ai-services",
        "programming-automation",
    ):
        assert catalog.category(slug) is not None
    assert catalog.task_type("data", "data-analysis-summary") is not None
    invented = [c for c in catalog.categories if "(sandbox data)" in c.description]
    assert len(invented) == 6
    for category in catalog.categories:
        for tt in category.task_types:
            assert tt.description and tt.brief_checklist and tt.median_win_usd
            assert tt.budget_min_usd is not None and tt.budget_max_usd is not None


def test_starting_credit_covers_several_tasks_at_median_prices(client: httpx.Client) -> None:
    balance = Balance.model_validate(client.get(p.BALANCE).json())
    assert balance.balance_usd == p.STARTING_CREDIT_USD and balance.held_usd == 0.0
    catalog = Catalog.model_validate(client.get(p.CATEGORIES).json())
    medians = sorted(t.median_win_usd for c in catalog.categories for t in c.task_types)
    typical = medians[len(medians) // 2]
    assert balance.balance_usd >= 10 * typical and balance.balance_usd >= 4 * medians[-1]
    # ...and it really posts them: ten tasks at the blog post's median, held at once.
    blog_median = catalog.median_win("writing-translation", "blog-post")
    assert blog_median is not None
    for _ in range(10):
        post_task(client, budget_usd=blog_median)
    assert client.get(p.BALANCE).json()["held_usd"] == 10 * blog_median


def test_hold_and_402_point_at_the_sandbox_top_up(tmp_path: Path) -> None:
    with (
        EmbeddedSandbox(tmp_path, speed=0, starting_credit_usd=10) as sb,
        make_client(sb) as client,
    ):
        post_task(client, budget_usd=8.0)
        assert client.get(p.BALANCE).json()["held_usd"] == 8.0
        refused = client.post(p.TASKS, json={**GOOD, "budget_usd": 5.0})
        assert refused.status_code == 402
        detail = refused.json()["detail"]
        assert detail["amount_usd"] == 5.0 and detail["current_balance_usd"] == 10.0
        assert detail["available_usd"] == 2.0 and "2.00 USD is available" in detail["message"]
        # The link is the sandbox's own top-up, on the address it serves: following it
        # (POST, same key) is what lets the same post go through.
        assert detail["topup_url"] == sb.base_url + p.TOP_UP
        topped = client.post(detail["topup_url"], json={"amount_usd": 20})
        assert topped.status_code == 200 and topped.json()["balance_usd"] == 30.0
        assert client.post(p.TASKS, json={**GOOD, "budget_usd": 5.0}).status_code == 201
