"""What a buyer can do: create tasks (idempotently), act on them, and see their money.

Every method takes the caller's id, works inside one store transaction, and raises
`SandboxError` with a plain sentence (or the 402 object) when it cannot do what was asked.
"""

import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any

from . import lifecycle
from .agents import ROSTER
from .clock import iso
from .conventions import (
    A2A_ID_NAMESPACE,
    MAX_NOTES_PER_TASK,
    MAX_REMIXES,
    MAX_REVISIONS,
    REMIX_FEE_USD,
    Status,
)
from .errors import PaymentRequired, SandboxError, field_error, unprocessable
from .lifecycle import Action
from .simulation import Engine
from .store import TaskRow

# A test-only hook: called with the name of a point in a create ("create_in_transaction",
# "create_committed"), so a test can crash the process exactly there.
FaultHook = Callable[[str], None]


def caller_id_for(api_key: str) -> str:
    return "user_" + hashlib.sha256(api_key.encode("utf-8")).hexdigest()[:16]


def a2a_id_for(task_id: str) -> str:
    """The task's A2A id: its own uuid, derived from the REST id (see conventions)."""
    return str(uuid.uuid5(uuid.UUID(A2A_ID_NAMESPACE), task_id))


def body_hash(body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _money(value: float) -> str:
    return f"{value:.2f} USD"


class Buyer:
    """The buyer-side operations of the sandbox, over the lifecycle engine."""

    def __init__(self, engine: Engine, fault: FaultHook | None = None) -> None:
        self.engine = engine
        self._fault = fault or (lambda _point: None)
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
        if round(balance - held, 2) + 1e-9 < amount:
            raise PaymentRequired(what=what, amount=amount, balance=balance, held=held)

    def top_up(self, caller: str, amount: float) -> dict[str, Any]:
        self.store.deposit(caller, amount)
        return self.balance(caller)

    # -- create ------------------------------------------------------------------------------

    def create(
        self, caller: str, fields: dict[str, Any], *, idempotency_key: str | None, raw: Any
    ) -> tuple[dict[str, Any], bool]:
        """(task, created): `created` is False when an earlier identical request is replayed.

        The task, its hold and its idempotency key commit in one transaction: a crash at any
        point leaves either all of them or none, so a retry with the key never duplicates.
        """
        with self.store.tx():
            if idempotency_key:
                replay = self._replay(caller, idempotency_key, body_hash(raw))
                if replay is not None:
                    return replay, False
            task = self._create(caller, fields)
            if idempotency_key:
                self.store.record_idempotency(
                    caller, idempotency_key, body_hash(raw), task["id"], self.clock.now()
                )
            self._fault("create_in_transaction")
        self._fault("create_committed")
        return task, True

    def _replay(self, caller: str, key: str, digest: str) -> dict[str, Any] | None:
        record = self.store.idempotency(caller, key)
        if record is None:
            return None
        recorded_hash, state, task_id = record
        if state == "pending":
            raise SandboxError(
                409,
                "A request with this Idempotency-Key is still being processed; retry in a moment.",
            )
        if recorded_hash != digest:
            raise unprocessable(
                [
                    field_error(
                        ["header", "Idempotency-Key"],
                        "This Idempotency-Key was already used with a different request body.",
                        "idempotency_key_reused",
                    )
                ]
            )
        row = self.store.load_task(str(task_id))
        if row is None:
            raise SandboxError(409, "The task created with this key is gone.")
        return row.task

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
            self.store.link_a2a_id(a2a_id_for(task_id), task_id)
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
        row = self.load(caller, task_id)
        delivery = self.store.latest_delivery(task_id)
        if delivery is None:
            raise SandboxError(404, "This task has no delivery yet.")
        # Extensions: how many revisions may still be asked for, and a dispute's reason.
        asked = len(row.sim.get("feedback", []))
        return {
            **delivery,
            "revisions_remaining": max(0, MAX_REVISIONS - asked),
            "dispute_reason": row.sim.get("dispute_reason"),
        }

    # -- actions -----------------------------------------------------------------------------

    def act(self, caller: str, task_id: str, action: Action, **kw: Any) -> dict[str, Any]:
        """Do `action` on the caller's task in one transaction; returns the task after it."""
        with self.store.tx():
            row = self.load(caller, task_id)
            if not lifecycle.can(row.task["status"], action):
                raise SandboxError(409, lifecycle.refusal(row.task["status"], action))
            handler = getattr(self, f"_do_{action.value}")
            handler(caller, row, self.clock.now(), **kw)
            return row.task

    def _do_select(self, _caller: str, row: TaskRow, now: float, bid_id: str | None) -> None:
        """Choose a bid of the current round; without an id, the best-scored one."""
        bids = self.store.bids(row.task["id"], int(row.sim.get("round", 0)))
        candidates = [b for b in bids if b["status"] == "presented"]
        if bid_id is None:
            chosen = max(candidates, key=lambda b: float(b["eval_score"]), default=None)
        else:
            chosen = next((b for b in candidates if b["id"] == bid_id), None)
        if chosen is None:
            raise SandboxError(404, "That bid is not among this task's current bids.")
        price = float(chosen["bid_price_usd"])
        for bid in bids:
            won = bid["id"] == chosen["id"]
            self.store.save_bid(
                {**bid, "selected": won, "status": "selected" if won else "declined"}
            )
        row.task["selected_bid_id"] = chosen["id"]
        row.task["selected_price_usd"] = price
        row.hold_usd = price
        self.engine.transition(
            row,
            Status.DELIVERING,
            now,
            f"You chose {chosen['agent_name']} at {_money(price)}.",
            now + self.windows.delivering,
        )

    def _do_remix(self, caller: str, row: TaskRow, now: float) -> None:
        if not self._remix_available(row):
            raise SandboxError(409, "No remix is available for this task.")
        self._require_funds(caller, REMIX_FEE_USD, "remix the bids")
        self.store.charge(caller, REMIX_FEE_USD)
        for bid in self.store.bids(row.task["id"], int(row.sim.get("round", 0))):
            self.store.save_bid({**bid, "status": "declined"})
        row.sim["remixes"] = int(row.sim.get("remixes", 0)) + 1
        self.engine.transition(
            row,
            Status.MATCHING,
            now,
            f"Remixed for {_money(REMIX_FEE_USD)}: new agents are being chosen.",
            now + self.windows.prototyping_after,
        )

    def _do_extend_review(self, _caller: str, row: TaskRow, now: float) -> None:
        remaining = int(row.task.get("review_extensions_remaining") or 0)
        if remaining <= 0 or row.next_event_at is None:
            raise SandboxError(409, "This task has no review extensions left.")
        row.task["review_extensions_remaining"] = remaining - 1
        row.sim["extensions_used"] = int(row.sim.get("extensions_used", 0)) + 1
        row.next_event_at = float(row.next_event_at) + self.windows.review_extension
        row.task["deadline_at"] = iso(row.next_event_at)
        row.task["updated_at"] = iso(now)
        self.store.save_task(row)

    def _do_cancel(self, _caller: str, row: TaskRow, now: float) -> None:
        row.hold_usd = 0.0
        self.engine.transition(row, Status.CANCELLED, now, "Cancelled by you.", None)

    def _do_approve(self, caller: str, row: TaskRow, now: float) -> None:
        price = float(row.task.get("selected_price_usd") or row.task["budget_usd"])
        self.store.charge(caller, price)
        row.hold_usd = 0.0
        self.engine.transition(
            row, Status.COMPLETED, now, f"Approved; {_money(price)} charged.", None
        )

    def _do_request_revision(self, _caller: str, row: TaskRow, now: float, feedback: str) -> None:
        earlier = list(row.sim.get("feedback", []))
        if len(earlier) >= MAX_REVISIONS:
            msg = f"This task already had {MAX_REVISIONS} revisions; approve or dispute it."
            raise SandboxError(409, msg)
        row.sim["feedback"] = [*earlier, feedback]
        self.engine.transition(
            row,
            Status.REVISION_REQUESTED,
            now,
            "You asked for a revision.",
            now + self.windows.revising,
        )

    def _do_dispute(self, _caller: str, row: TaskRow, now: float, reason: str) -> None:
        row.sim["dispute_reason"] = reason
        self.engine.transition(
            row,
            Status.DISPUTED,
            now,
            "You disputed the delivery; no money has moved.",
            now + self.windows.dispute,
        )

    def _do_note(self, _caller: str, row: TaskRow, now: float, text: str) -> None:
        """Keep a note for the agents: in the task's history, and read by whoever works next."""
        notes = list(row.sim.get("notes", []))
        if len(notes) >= MAX_NOTES_PER_TASK:
            raise SandboxError(409, f"This task already has {MAX_NOTES_PER_TASK} notes.")
        row.sim["notes"] = [*notes, {"text": text, "at": iso(now)}]
        row.task["updated_at"] = iso(now)
        row.task["history"].append(
            {
                "status": row.task["status"],
                "at": iso(now),
                "note": f"Your note to the agents: {text}",
                "kind": "note",
            }
        )
        self.store.save_task(row)
