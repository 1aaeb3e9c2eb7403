"""The lifecycle engine: what the platform does on its own as simulated time passes.

Each task carries `next_event_at`, the simulated moment its next platform-side step is due.
`process_due` runs on every request and advances only the tasks whose moment has come (an
indexed query), so idle tasks cost nothing. Steps are dated at their due time, not at the
time they are noticed, so the history reads as if the platform had acted on time.
"""

import random
import uuid
from dataclasses import dataclass
from typing import Any

from . import agents, artifacts
from .catalog import Catalog
from .clock import SimClock, iso
from .conventions import FILE, Status
from .lifecycle import can_transition
from .store import Store, TaskRow


@dataclass(frozen=True)
class Windows:
    """Simulated seconds each stage takes or stays open (the platform's, or decided here)."""

    matching_after: float = 10.0  # open -> matching
    prototyping_after: float = 20.0  # matching -> prototyping
    prototyping: float = 420.0  # prototyping -> review (the platform's bid window)
    review: float = 24 * 3600.0  # review -> expired without a decision
    review_extension: float = 24 * 3600.0  # what one extension adds
    max_review_extensions: int = 2
    delivering: float = 600.0  # delivering -> awaiting_approval
    approval: float = 72 * 3600.0  # awaiting_approval -> expired without a decision
    revising: float = 600.0  # revision_requested -> awaiting_approval
    dispute: float = 3600.0  # disputed -> refunded
    task_lifetime: float = 7 * 24 * 3600.0  # shown as `expires_at`

    @classmethod
    def compressed(cls, factor: float) -> "Windows":
        """Every window `factor` times shorter, on a clock that keeps real time: the way to
        demo the lifecycle quickly while every timestamp and countdown stays true."""
        if not factor > 0:
            raise ValueError("the compression factor must be more than 0")
        base = cls()
        return cls(
            **{
                name: getattr(base, name) / factor
                for name, value in vars(base).items()
                if isinstance(value, float)
            },
            max_review_extensions=base.max_review_extensions,
        )


PLATFORM_FEE_RATE = 0.15  # informative only: the buyer pays the bid price


def note_texts(sim: dict[str, Any]) -> list[str]:
    """The buyer's notes to the agents so far (tasks/provideInput), oldest first."""
    return [str(n.get("text", "")) for n in sim.get("notes", []) if isinstance(n, dict)]


def file_ref(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "media_type": row.media_type,
        "size_bytes": row.size_bytes,
        "url": FILE.format(file_id=row.id),
    }


class Engine:
    def __init__(
        self, store: Store, clock: SimClock, catalog: Catalog, windows: Windows | None = None
    ) -> None:
        self.store = store
        self.clock = clock
        self.catalog = catalog
        self.windows = windows or Windows()

    # -- transitions ---------------------------------------------------------------------------

    def transition(
        self, row: TaskRow, status: str, at: float, note: str, next_event_at: float | None
    ) -> None:
        current = row.task["status"]
        if not can_transition(current, status):
            raise RuntimeError(f"sandbox bug: {current} -> {status} is not a platform transition")
        row.task["status"] = status
        row.task["updated_at"] = iso(at)
        row.task["deadline_at"] = iso(next_event_at)
        row.task["history"].append({"status": status, "at": iso(at), "note": note})
        row.next_event_at = next_event_at
        self.store.save_task(row)

    def process_due(self, limit: int = 500) -> int:
        """Advance every task whose next step is due; returns how many were touched."""
        now = self.clock.now()
        done = 0
        while done < limit:
            ids = self.store.due(now, min(100, limit - done))
            if not ids:
                break
            for task_id in ids:
                with self.store.tx():
                    row = self.store.load_task(task_id)
                    steps = 0
                    while (
                        row is not None
                        and row.next_event_at is not None
                        and row.next_event_at <= now
                        and steps < 50
                    ):
                        self._step(row)
                        steps += 1
                done += 1
        return done

    def _step(self, row: TaskRow) -> None:
        w = self.windows
        at = float(row.next_event_at or self.clock.now())
        status = row.task["status"]
        if status == Status.OPEN:
            self.transition(
                row, Status.MATCHING, at, "Triage is choosing agents.", at + w.prototyping_after
            )
        elif status == Status.MATCHING:
            self.transition(
                row, Status.PROTOTYPING, at, "Agents are building prototypes.", at + w.prototyping
            )
        elif status == Status.PROTOTYPING:
            count = self._generate_bids(row, at)
            self.transition(
                row, Status.REVIEW, at, f"{count} bids are ready to compare.", at + w.review
            )
        elif status == Status.REVIEW:
            row.hold_usd = 0.0
            self.transition(row, Status.EXPIRED, at, "No bid was chosen in time.", None)
        elif status in (Status.DELIVERING, Status.REVISION_REQUESTED):
            revision = self._generate_delivery(row, at)
            note = "The delivery is ready." if revision == 0 else f"Revision {revision} is ready."
            self.transition(row, Status.AWAITING_APPROVAL, at, note, at + w.approval)
        elif status == Status.AWAITING_APPROVAL:
            row.hold_usd = 0.0
            self.transition(row, Status.EXPIRED, at, "The delivery was not approved in time.", None)
        elif status == Status.DISPUTED:
            row.hold_usd = 0.0
            self.transition(
                row, Status.REFUNDED, at, "The dispute was resolved in your favour.", None
            )
        else:  # nothing scheduled for this state
            row.next_event_at = None
            self.store.save_task(row)

    # -- generated content -------------------------------------------------------------------

    def _generate_bids(self, row: TaskRow, at: float) -> int:
        task, sim = row.task, row.sim
        round_ = int(sim.get("round", 0)) + 1
        sim["round"] = round_
        rng = random.Random(f"{task['id']}:{round_}")
        spec = agents.specificity(task.get("description", ""), task.get("requirements"))
        shown = set(sim.get("shown_agents", []))
        picked = agents.pick_agents(
            rng, shown, float(task.get("experimentation") or 0.3), rng.randint(3, 5)
        )
        low, _high = self.catalog.budget_range(task["category"], task["task_type"])
        median = self.catalog.median_win(task["category"], task["task_type"]) or low * 2
        budget = float(task["budget_usd"])
        notes = note_texts(sim)
        for agent in picked:
            score, breakdown = agents.judge(rng, agent, spec)
            refs = self._add_artifacts(
                row,
                at,
                kind="artifact",
                agent=agent.name,
                style=agent.style,
                seed=f"{task['id']}:{round_}:{agent.id}",
                final=False,
                notes=notes,
            )
            advice = (
                "Your brief was clear, so I could plan every must-have."
                if spec >= 0.6
                else "A few more specifics (audience, format, numbers) would sharpen the result."
            )
            if notes:
                advice += f" I read your note: “{artifacts.excerpt(notes[-1], 160)}”."
            self.store.save_bid(
                {
                    "id": str(uuid.uuid4()),
                    "task_id": task["id"],
                    "agent_id": agent.id,
                    "agent_name": agent.name,
                    "agent_tier": agent.tier,
                    "agent_message": f"Hi, {agent.name} here: {agent.style}. {advice}",
                    "round": round_,
                    "bid_price_usd": agents.price(rng, agent, budget, low, median),
                    "prototype_summary": (
                        f"A {task['task_type'].replace('-', ' ')} prototype: an outlined draft, "
                        "a visual direction and a work plan (sandbox content)."
                    ),
                    "artifacts": refs,
                    "eval_score": score,
                    "eval_breakdown": breakdown,
                    "presented": True,
                    "selected": False,
                    "status": "presented",
                    "created_at": iso(at),
                }
            )
            shown.add(agent.id)
        sim["shown_agents"] = sorted(shown)
        sim["total_generated"] = (
            int(sim.get("total_generated", 0)) + len(picked) + rng.randint(1, 4)
        )
        return len(picked)

    def _generate_delivery(self, row: TaskRow, at: float) -> int:
        task, sim = row.task, row.sim
        previous = self.store.latest_delivery(task["id"])
        revision = 0 if previous is None else int(previous["revision"]) + 1
        feedback = list(sim.get("feedback", []))
        bid = next(
            (b for b in self.store.bids(task["id"]) if b["id"] == task["selected_bid_id"]), None
        )
        agent_name = bid["agent_name"] if bid else "Sandbox agent"
        refs = self._add_artifacts(
            row,
            at,
            kind="delivery",
            agent=agent_name,
            style="final delivery",
            seed=f"{task['id']}:final:{revision}",
            final=True,
            revision=revision,
            feedback=feedback[revision - 1 :] if revision else None,
            notes=note_texts(sim),
        )
        message = (
            "Here is the final delivery: the document, the image, the data file and a PDF report."
            if revision == 0
            else f"Revision {revision}: I worked through your feedback point by point."
        )
        self.store.save_delivery(
            {
                "id": str(uuid.uuid4()),
                "task_id": task["id"],
                "bid_id": task.get("selected_bid_id"),
                "agent_name": agent_name,
                "message": message,
                "revision": revision,
                "files": refs,
                "created_at": iso(at),
                "decide_by": iso(at + self.windows.approval),
                "feedback_history": feedback,
                "metadata": task.get("metadata"),
            }
        )
        return revision

    def _add_artifacts(
        self,
        row: TaskRow,
        at: float,
        *,
        kind: str,
        agent: str,
        style: str,
        seed: str,
        final: bool,
        revision: int = 0,
        feedback: list[str] | None = None,
        notes: list[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Make the three sandbox files (document, image, data) for an agent and store them."""
        task = row.task
        files = [
            artifacts.markdown_draft(
                title=task["title"],
                brief=task["description"],
                task_type=task["task_type"],
                agent=agent,
                style=style,
                final=final,
                revision=revision,
                feedback=feedback,
                notes=notes,
            ),
            artifacts.svg_image(title=task["title"], agent=agent, seed=seed, final=final),
            artifacts.csv_table(
                title=task["title"], requirements=task["requirements"], seed=seed, final=final
            ),
        ]
        if final:  # a real PDF, so a delivery exercises PDF previews end to end
            files.append(
                artifacts.pdf_report(
                    title=task["title"], brief=task["description"], agent=agent, revision=revision
                )
            )
        return [
            file_ref(
                self.store.add_file(
                    a.name, a.media_type, a.content, kind=kind, caller_id=row.caller_id, now=at
                )
            )
            for a in files
        ]
