"""Every invalid field at once, strict types, bounded objects, and a catalog that takes what
the platform's own client sends."""

import json

import httpx

from aitasker_desktop.sandbox import conventions as p

from .helpers import GOOD, post_task

JSON = {"Content-Type": "application/json"}


def fields(response: httpx.Response) -> set[str]:
    assert response.status_code == 422, response.text
    return {str(e["loc"][1]) for e in response.json()["detail"]}


def test_a_short_title_no_longer_hides_an_out_of_range_budget(client: httpx.Client) -> None:
    answer = client.post(p.TASKS, json={**GOOD, "title": "Hi", "budget_usd": 1000})
    assert fields(answer) == {"title", "budget_usd"}
    everything = client.post(
        p.TASKS,
        json={
            **GOOD,
            "title": "Hi",
            "description": "short",
            "category": "writing-translation",
            "task_type": "logo-design",
            "budget_usd": 2,
            "experimentation": 3,
            "attachments": ["nope"],
        },
    )
    assert fields(everything) == {
        "title",
        "description",
        "task_type",
        "budget_usd",
        "experimentation",
        "attachments",
    }
    # An unknown category still has its budget checked against the whole envelope.
    assert fields(client.post(p.TASKS, json={**GOOD, "category": "nope", "budget_usd": 900})) == {
        "category",
        "budget_usd",
    }


def test_types_are_strict_and_the_answer_names_the_field(client: httpx.Client) -> None:
    for field, value in (
        ("budget_usd", "5"),
        ("budget_usd", True),
        ("title", 12345),
        ("experimentation", "0.5"),
        ("requirements", ["tone"]),
        ("metadata", "order-1"),
        ("attachments", "abc"),
    ):
        answer = client.post(p.TASKS, json={**GOOD, field: value})
        assert fields(answer) == {field}, (field, value)
    assert client.get(p.TASKS).json()["tasks"] == []


def test_objects_are_bounded_in_depth_and_size(client: httpx.Client) -> None:
    deep = '{"a":' * 900 + "1" + "}" * 900
    body = json.dumps(GOOD)[:-1] + ', "metadata": ' + deep + "}"
    answer = client.post(p.TASKS, content=body, headers=JSON)
    [error] = answer.json()["detail"]
    assert answer.status_code == 422
    assert error["loc"] == ["body", "metadata"] and error["type"] == "json_too_deep"
    # The kept-alive connection was not reset: the next request goes through on it.
    assert post_task(client)["status"] == "open"
    too_big = {"notes": "x" * (p.JSON_OBJECT_MAX_BYTES + 1)}
    answer = client.post(p.TASKS, json={**GOOD, "requirements": too_big})
    assert fields(answer) == {"requirements"}
    assert answer.json()["detail"][0]["type"] == "json_too_large"
    nested_ok = {"a": {"b": {"c": [1, 2, {"d": "e"}]}}}
    assert post_task(client, metadata=nested_ok)["metadata"] == nested_ok
    # The brief tools take the same bounded objects.
    deep_requirements = json.loads('{"a":' * 50 + "1" + "}" * 50)
    answer = client.post(p.BRIEF_SUGGESTIONS, json={"requirements": deep_requirements})
    assert fields(answer) == {"requirements"}


def test_json_deeper_than_the_parser_is_refused_cleanly(client: httpx.Client) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    answer = client.post(p.TASKS, content=deep, headers=JSON)
    assert answer.status_code in (400, 422)
    assert client.get(p.CATEGORIES).status_code == 200


def test_blank_text_is_refused(client: httpx.Client) -> None:
    task = post_task(client)
    for blank in ("   ", "\u3000\n", "\x85"):
        answer = client.post(p.NOTES.format(task_id=task["id"]), json={"text": blank})
        assert fields(answer) == {"text"}, repr(blank)


def test_the_platforms_own_default_is_accepted(client: httpx.Client) -> None:
    """The published client posts writing-translation/blog-post at 4 USD."""
    task = post_task(client, budget_usd=4)
    assert task["budget_usd"] == 4.0
    catalog = client.get(p.CATEGORIES).json()
    for category in catalog["categories"]:
        for tt in category["task_types"]:
            low, high = tt["budget_min_usd"], tt["budget_max_usd"]
            assert p.BUDGET_FLOOR_USD <= low <= p.MAX_TYPE_MINIMUM_USD, tt["slug"]
            assert low < tt["median_win_usd"] < high <= p.BUDGET_CEILING_USD, tt["slug"]
