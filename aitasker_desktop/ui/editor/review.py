"""What the person is shown before posting: the task as agents receive it, and the money."""

from __future__ import annotations

from typing import Any

from aitasker_desktop.domain.catalog import Catalog
from aitasker_desktop.domain.task import Balance
from aitasker_desktop.services import formatting


def money(value: float | None) -> str:
    return formatting.money(value, missing="not set")


def _value(value: Any) -> str:
    return str(value) if not isinstance(value, bool) else ("yes" if value else "no")


def render_preview(
    payload: dict[str, Any],
    catalog: Catalog | None,
    *,
    attachment_names: list[str],
    brand_kit_name: str | None,
) -> str:
    """The create payload as readable text, field by field, nothing added or left out."""
    category = payload.get("category") or ""
    task_type = payload.get("task_type") or ""
    cat = catalog.category(category) if catalog else None
    tt = catalog.task_type(category, task_type) if catalog else None
    kind = " · ".join(  # as the task list and a task's page name the kind
        x for x in ((cat.name if cat else category), (tt.name if tt else task_type)) if x
    )
    lines = [
        f"Title: {payload.get('title') or '(none yet)'}",
        f"Kind of work: {kind or '(not chosen yet)'}",
        f"Budget: {money(payload.get('budget_usd'))}",
        f"Experimentation: {round(float(payload.get('experimentation') or 0) * 100)}%",
        f"Brand kit: {brand_kit_name or 'none'}",
        f"Attachments: {', '.join(attachment_names) if attachment_names else 'none'}",
        "",
        "Brief:",
        payload.get("description") or "(empty)",
    ]
    requirements = payload.get("requirements") or {}
    if requirements:
        lines += ["", "Requirements:"]
        lines += [f"  {k}: {_value(v)}" for k, v in requirements.items()]
    metadata = payload.get("metadata") or {}
    if metadata:
        lines += ["", "Metadata (returned to you, not acted on):"]
        lines += [f"  {k}: {_value(v)}" for k, v in metadata.items()]
    return "\n".join(lines)


def spendable(balance: Balance | None) -> float | None:
    """What can be held for a new task now: the balance minus what is held for others."""
    if balance is None:
        return None
    return round(balance.balance_usd - (balance.held_usd or 0.0), 2)


def funds_warning(budget: float | None, balance: Balance | None) -> str:
    """Said beside the budget, before any confirmation, when posting it would be refused."""
    can = spendable(balance)
    if budget is None or balance is None or can is None or budget <= can:
        return ""
    held = balance.held_usd or 0.0
    if held > 0:
        now = (
            f"You can spend {money(max(can, 0.0))} now: your balance is "
            f"{money(balance.balance_usd)}, and {money(held)} of it is held for tasks "
            "in progress."
        )
    else:
        now = f"You can spend {money(max(can, 0.0))} now (your balance)."
    return f"{now} This budget is more, so posting it will be refused until you top up."


def confirmation_text(
    title: str,
    budget: float | None,
    *,
    sandbox: bool,
    files: int,
    balance: Balance | None = None,
) -> str:
    """What will happen when the person posts, money first."""
    amount = money(budget)
    parts = [
        f"Post “{title.strip()}” with a budget of {amount}?",
        "",
        f"{amount} is held from your balance now. You are charged only when you approve "
        "a delivery; if no agent delivers, or you cancel before choosing a bid, the hold is "
        "released.",
    ]
    short = funds_warning(budget, balance)
    if short:
        parts += ["", short]
    if files:
        parts += ["", f"{files} attached file{'s' if files != 1 else ''} will be uploaded first."]
    if sandbox:
        parts += ["", "This is the sandbox: no real money is used."]
    return "\n".join(parts)
