"""What a buyer can do: create tasks (idempotently), act on them, and see their money.

Every method takes the caller's id, works inside one store transaction, and raises
`SandboxError` with a plain sentence (or the 402 object) when it cannot do what was asked.
"""

import hashlib
import json
import uuid
from typing import Any

from aitasker_desktop.domain import lifecycle
from aitasker_desktop.domain.lifecycle import Action, Status

from .agents import ROSTER
from .clock import iso
from .simulation import MAX_REMIXES, REMIX_FEE_USD, Engine, SandboxError
from .store import TaskRow

TOPUP_URL = "https://aitasker.co/dashboard/credits"
MAX_REVISIONS = 3
BULK_STATUSES = (Status.OPEN, Status.COMPLETED, Status.CANCELLED, Status.EXPIRED)


def caller_id_for(api_key: str) -> str:
    return "user_" + hashlib.sha256(api_key.encode("utf-8")).hexdigest()[:16]


def body_hash(body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _money(value: float) -> str:
    return f"{value:.2f} USD"


class Buyer:
    """The buyer-side operations of the sandbox, over the lifecycle engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = engine.store
        self.clock = engine.clock
        self.windows = engine.windows

    # -- money -------------------------------------------------------------------------------

    def balance(self, caller: str) -> dict[str, Any]:
        balance, deposited, spent = self.store.account(caller)
        return {
            "caller_id": caller,
            "balance_usd": balance,
            "total_deposited_usd": deposited,
            "total_spent_usd": spent,
            "held_usd": self.store.held(caller),
        }

    def _require_funds(self, caller: str, amount: float, what: str) -> None:
        balance, _d, _s = self.store.account(caller)
        held = self.store.held(caller)
        available = round(balance - held, 2)
        if available + 1e-9 < amount:
            raise SandboxError(
                402,
                {
                    "message": (
                        f"Your balance is too low to {what}: it needs {_money(amount)} and "
                        f"{_money(max(available, 0.0))} is available."
                    ),
                    "amount_usd": round(amount, 2),
                    "current_balance_usd": balance,
                    "held_usd": held,
                    "available_usd": available,
                    "topup_url": TOPUP_URL,
                },
            )

    def top_up(self, caller: str, amount: float) -> dict[str, Any]:
        self.store.deposit(caller, amount)
        return self.balance(caller)

    # -- create ------------------------------------------------------------------------------

    def create(
        self, caller: str, fields: dict[str, Any], *, idempotency_key: str | None, raw: Any
    ) -> tuple[dict[str, Any], bool]:
        """(task, created): `created` is False when an earlier identical request is replayed."""
        if not idempotency_key:
            return self._create(caller, fields), True
        digest = body_hash(raw)
        with self.store.tx():
            record = self.store.idempotency(caller, idempotency_key)
            if record is None:
                self.store.reserve_idempotency(caller, idempotency_key, digest, self.clock.now())
            else:
                recorded_hash, state, task_id = record
                if state == "pending":
                    raise SandboxError(
                        409,
                        "A request with this Idempotency-Key is still "
                        "being processed; retry in a moment.",
                    )
                if recorded_hash != digest:
                    raise SandboxError(
                        422, "This Idempotency-Key was already used with a different request body."
                    )
                row = self.store.load_task(str(task_id))
                if row is None:
                    raise SandboxError(409, "The task created with this key is gone.")
                return row.task, False
        try:
            task = self._create(caller, fields)
        except BaseException:
            self.store.finish_idempotency(caller, idempotency_key, None)
            raise
        self.store.finish_idempotency(caller, idempotency_key, task["id"])
        return task, True

    def _create(self, caller: str, fields: dict[str, Any]) -> dict[str, Any]:
        now = self.clock.now()
        budget = float(fields["budget_usd"])
        task_id = str(uuid.uuid4())
        task: dict[str, Any] = {
            "id": task_id,
            "user_id": caller,
            "title": fields["title"],
            "description": fields["description"],
            "category": fields["category"],
            "task_type": fields["task_type"],
            "requirements": fields.get("requirements") or {},
            "budget_usd": budget,
            "compute_budget": None,
            "status": Status.OPEN.value,
            "experimentation": fields.get("experimentation", 0.3),
            "created_at": iso(now),
            "expires_at": iso(now + self.windows.task_lifetime),
            "attachments": fields.get("attachments"),
            "brand_kit_id": fields.get("brand_kit_id"),
            "prototype_tier": 1 if budget < 20 else 2 if budget < 100 else 3,
            "metadata": fields.get("metadata"),
            "updated_at": iso(now),
            "deadline_at": iso(now + self.windows.matching_after),
            "selected_bid_id": None,
            "selected_price_usd": None,
            "review_extensions_remaining": self.windows.max_review_extensions,
            "history": [{"status": Status.OPEN.value, "at": iso(now), "note": "Task posted."}],
        }
        with self.store.tx():
            self._require_funds(caller, budget, "post this task")
            self.store.save_task(
                TaskRow(
                    task=task,
                    sim={"round": 0},
                    caller_id=caller,
                    hold_usd=budget,
                    next_event_at=now + self.windows.matching_after,
                    seq=0,
                )
            )
        return task

    def bulk_create(self, caller: str, count: int, status: str) -> int:
        """Sandbox only: `count` parked tasks (no simulation, no hold) for benchmarks."""
        now = self.clock.now()
        rows = []
        for i in range(count):
            task_id = str(uuid.uuid4())
            rows.append(
                TaskRow(
                    task={
                        "id": task_id,
                        "user_id": caller,
                        "title": f"Bulk task {i + 1}",
                        "description": "A parked task created in bulk for benchmarks.",
                        "category": "writing-translation",
                        "task_type": "blog-post",
                        "requirements": {},
                        "budget_usd": 10.0,
                        "compute_budget": None,
                        "status": status,
                        "experimentation": 0.3,
                        "created_at": iso(now),
                        "expires_at": iso(now + self.windows.task_lifetime),
                        "attachments": None,
                        "brand_kit_id": None,
                        "prototype_tier": 1,
                        "metadata": {"bulk": True},
                        "updated_at": iso(now),
                        "deadline_at": None,
                        "selected_bid_id": None,
                        "selected_price_usd": None,
                        "review_extensions_remaining": 0,
                        "history": [{"status": status, "at": iso(now), "note": "Created in bulk."}],
                    },
                    sim={"round": 0, "parked": True},
                    caller_id=caller,
                    hold_usd=0.0,
                    next_event_at=None,
                    seq=0,
                )
            )
        return self.store.insert_many(rows)

    # -- reading -----------------------------------------------------------------------------

    def load(self, caller: str, task_id: str) -> TaskRow:
        row = self.store.load_task(task_id)
        if row is None or row.caller_id != caller:
            raise SandboxError(404, "Task not found.")
        return row

    def _remix_available(self, row: TaskRow) -> bool:
        shown = len(row.sim.get("shown_agents", []))
        return (
            row.task["status"] == Status.REVIEW
            and int(row.sim.get("remixes", 0)) < MAX_REMIXES
            and len(ROSTER) - shown >= 3
        )

    def gallery(self, caller: str, task_id: str) -> dict[str, Any]:
        row = self.load(caller, task_id)
        round_ = int(row.sim.get("round", 0))
        bids = self.store.bids(task_id, round_) if round_ else []
        used = int(row.sim.get("extensions_used", 0))
        return {
            "task": row.task,
            "bids": bids,
            "total_bids_generated": int(row.sim.get("total_generated", 0)),
            "remix_available": self._remix_available(row),
            "remix_fee_usd": REMIX_FEE_USD,
            "review_extensions_used": used,
            "review_extensions_remaining": int(row.task.get("review_extensions_remaining") or 0),
        }

    def delivery(self, caller: str, task_id: str) -> dict[str, Any]:
        self.load(caller, task_id)
        delivery = self.store.latest_delivery(task_id)
        if delivery is None:
            raise SandboxError(404, "This task has no delivery yet.")
        return delivery

    # -- actions -----------------------------------------------------------------------------

    def _allowed(self, row: TaskRow, action: Action) -> None:
        status = row.task["status"]
        if not lifecycle.can(status, action):
            allowed = [s for s, acts in lifecycle.ALLOWED_ACTIONS.items() if action in acts]
            raise SandboxError(
                409,
                (
                    f"You cannot {action.value.replace('_', ' ')} this task while it is "
                    f"“{status}”; that is possible only when it is {' or '.join(allowed)}."
                ),
            )

    def act(self, caller: str, task_id: str, action: Action, **kw: Any) -> dict[str, Any]:
        with self.store.tx():
            row = self.load(caller, task_id)
            self._allowed(row, action)
            now = self.clock.now()
            w = self.windows
            if action == Action.SELECT:
                self._select(row, str(kw["bid_id"]), now)
            elif action == Action.REMIX:
                if not self._remix_available(row):
                    raise SandboxError(409, "No remix is available for this task.")
                self._require_funds(caller, REMIX_FEE_USD, "remix the bids")
                self.store.charge(caller, REMIX_FEE_USD)
                for bid in self.store.bids(task_id, int(row.sim.get("round", 0))):
                    self.store.save_bid({**bid, "status": "declined"})
                row.sim["remixes"] = int(row.sim.get("remixes", 0)) + 1
                self.engine.transition(
                    row,
                    Status.MATCHING,
                    now,
                    f"Remixed for {_money(REMIX_FEE_USD)}: new agents are being chosen.",
                    now + w.prototyping_after,
                )
            elif action == Action.EXTEND_REVIEW:
                remaining = int(row.task.get("review_extensions_remaining") or 0)
                if remaining <= 0 or row.next_event_at is None:
                    raise SandboxError(409, "This task has no review extensions left.")
                row.task["review_extensions_remaining"] = remaining - 1
                row.sim["extensions_used"] = int(row.sim.get("extensions_used", 0)) + 1
                row.next_event_at = float(row.next_event_at) + w.review_extension
                row.task["deadline_at"] = iso(row.next_event_at)
                row.task["updated_at"] = iso(now)
                self.store.save_task(row)
            elif action == Action.CANCEL:
                row.hold_usd = 0.0
                self.engine.transition(row, Status.CANCELLED, now, "Cancelled by you.", None)
            elif action == Action.APPROVE:
                price = float(row.task.get("selected_price_usd") or row.task["budget_usd"])
                self.store.charge(caller, price)
                row.hold_usd = 0.0
                self.engine.transition(
                    row, Status.COMPLETED, now, f"Approved; {_money(price)} charged.", None
                )
            elif action == Action.REQUEST_REVISION:
                feedback = list(row.sim.get("feedback", []))
                if len(feedback) >= MAX_REVISIONS:
                    raise SandboxError(
                        409,
                        f"This task already had {MAX_REVISIONS} revisions; "
                        "approve or dispute the delivery.",
                    )
                row.sim["feedback"] = [*feedback, str(kw["feedback"])]
                self.engine.transition(
                    row,
                    Status.REVISION_REQUESTED,
                    now,
                    "You asked for a revision.",
                    now + w.revising,
                )
            elif action == Action.DISPUTE:
                row.sim["dispute_reason"] = str(kw["reason"])
                self.engine.transition(
                    row,
                    Status.DISPUTED,
                    now,
                    "You disputed the delivery; no money has moved.",
                    now + w.dispute,
                )
            return row.task

    def _select(self, row: TaskRow, bid_id: str, now: float) -> None:
        bids = self.store.bids(row.task["id"], int(row.sim.get("round", 0)))
        chosen = next((b for b in bids if b["id"] == bid_id), None)
        if chosen is None:
            raise SandboxError(404, "That bid is not among this task's current bids.")
        price = float(chosen["bid_price_usd"])
        for bid in bids:
            won = bid["id"] == bid_id
            self.store.save_bid(
                {**bid, "selected": won, "status": "selected" if won else "declined"}
            )
        row.task["selected_bid_id"] = bid_id
        row.task["selected_price_usd"] = price
        row.hold_usd = price
        self.engine.transition(
            row,
            Status.DELIVERING,
            now,
            f"You chose {chosen['agent_name']} at {_money(price)}.",
            now + self.windows.delivering,
        )
