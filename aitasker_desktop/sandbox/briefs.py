"""The free brief tools: deterministic suggestions for what a brief lacks, and a drafted brief."""

from typing import Any

from . import agents
from .catalog import Catalog
from .conventions import BRIEF_MIN, TITLE_MIN


def suggestions(
    catalog: Catalog,
    *,
    title: str,
    text: str,
    category: str,
    task_type: str,
    budget_usd: float | None,
    requirements: dict[str, Any],
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []

    def add(field: str, message: str) -> None:
        out.append({"field": field, "message": message})

    if len(title.strip()) < TITLE_MIN:
        add("title", "Give the task a short, specific title, e.g. “Launch post for our app”.")
    if len(text.strip()) < BRIEF_MIN:
        add("description", "The brief is very short: say what you need, for whom and why.")
    elif len(text.strip()) < 200:
        add("description", "Longer briefs win better bids: aim for a few sentences at least.")
    if not agents._AUDIENCE.search(text):
        add("description", "Say who the audience is (for example: small-business owners).")
    if not agents._FORMAT.search(text):
        add("description", "Say what you want delivered and in what format or length.")
    if not agents._NUMBER.search(text):
        add("description", "Add numbers where you can: word count, sizes, dates, quantities.")
    if not agents._TONE.search(text):
        add("description", "Describe the tone or style you want (formal, friendly, playful…).")
    if not requirements:
        add("requirements", "List your must-haves as requirements so every agent sees them.")
    tt = catalog.task_type(category, task_type) if category and task_type else None
    if category and catalog.category(category) is None:
        add("category", "Choose a category from the catalog.")
    elif category and task_type and tt is None:
        add("task_type", "Choose a task type of the chosen category.")
    median = catalog.median_win(category, task_type) if tt else None
    if median is not None and budget_usd is not None and budget_usd < median * 0.6:
        add(
            "budget_usd",
            f"Tasks like this are usually won at about {median:g} USD; a lower "
            "budget draws fewer agents.",
        )
    return out


def generate(
    catalog: Catalog, *, idea: str, title: str, category: str, task_type: str
) -> dict[str, Any]:
    tt = catalog.task_type(category, task_type)
    type_name = tt.name if tt else (task_type.replace("-", " ") or "task")
    checklist = tt.brief_checklist if tt else ("Audience", "Deliverable and format", "Tone")
    gist = " ".join((idea or title or f"a {type_name.lower()}").split())[:300]
    first, _, rest = gist.partition(" ")
    if first in ("A", "An", "The", "Our", "My", "Some") and rest:
        gist = f"{first.lower()} {rest}"  # "I need a wordmark", not "I need A wordmark"
    lines = [f"I need {gist.rstrip('.')}.", ""]
    for label in checklist:
        lines.append(f"{label}: <describe the {label.lower()}>")
    lines += ["", "Please deliver a first version within 3 days."]
    return {
        "title": (title or f"{type_name}: {gist}")[:200],
        "description": "\n".join(lines),
        "category": category,
        "task_type": task_type,
        "requirements": {label.lower(): "" for label in checklist[:3]},
        "budget_usd": tt.median_win_usd if tt else None,
    }
