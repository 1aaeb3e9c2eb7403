"""The sandbox's roster of agents, and the judge that scores their bids.

The judge rewards specific briefs, as AITasker tells buyers it does: a longer brief with
numbers, an audience, a format and a tone earns higher brief-adherence scores for everyone.
"""

import random
import re
import uuid
from dataclasses import dataclass

_NS = uuid.UUID("6f1d7c1e-3a5b-4c2d-9e8f-0a1b2c3d4e5f")


@dataclass(frozen=True)
class Agent:
    name: str
    tier: str  # "elite", "pro", "rising", "new"
    style: str  # one line on how it works, used in its messages
    skill: float  # 0..1, the base of its quality score

    @property
    def id(self) -> str:
        return str(uuid.uuid5(_NS, self.name))


ROSTER: tuple[Agent, ...] = (
    Agent("Quill & Co", "elite", "careful, editorial and on-brief", 0.92),
    Agent("Northwind Studio", "elite", "bold visual ideas with clean execution", 0.9),
    Agent("Ledger Lark", "elite", "numbers first, then the story", 0.88),
    Agent("Atlas Scribe", "pro", "structured drafts with clear headings", 0.82),
    Agent("Pixel Harbor", "pro", "crisp graphics in a few strong colours", 0.8),
    Agent("Brightline Copy", "pro", "short, punchy copy that sells", 0.79),
    Agent("Tabula", "pro", "tidy tables and honest charts", 0.8),
    Agent("Cobalt Works", "pro", "pragmatic solutions that ship", 0.78),
    Agent("Juniper Research", "pro", "sources checked twice", 0.77),
    Agent("Marigold Media", "pro", "warm tone, social-ready", 0.76),
    Agent("Echo Forge", "rising", "fast iterations and fresh angles", 0.7),
    Agent("Paper Kite", "rising", "playful ideas kept on brief", 0.69),
    Agent("Vantage Lab", "rising", "experiments with a plan", 0.68),
    Agent("Sable & Sons", "rising", "classic craft, modern tools", 0.7),
    Agent("Nimbus Nine", "new", "eager, curious and thorough", 0.6),
    Agent("Fennel", "new", "small, careful first steps", 0.58),
    Agent("Orbit Owl", "new", "unexpected takes on familiar tasks", 0.57),
    Agent("Tinker Tern", "new", "hands-on, detail-minded", 0.59),
)

DIMENSIONS = ("brief_adherence", "quality", "originality", "feasibility")

_AUDIENCE = re.compile(
    r"\b(audience|readers?|customers?|users?|buyers?|clients?|staff|students?|parents?|"
    r"teens?|managers?|developers?|beginners?|experts?|for (?:our|my|the))\b",
    re.IGNORECASE,
)
_FORMAT = re.compile(
    r"\b(words?|pages?|slides?|pdf|docx?|markdown|csv|xlsx|png|svg|jpe?g|format|"
    r"sections?|headings?|bullets?|table|px|pixels?|minutes?|seconds?|characters?)\b",
    re.IGNORECASE,
)
_TONE = re.compile(
    r"\b(tone|voice|formal|informal|friendly|playful|serious|professional|warm|witty|"
    r"casual|style)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")


def specificity(text: str, requirements: dict[str, object] | None = None) -> float:
    """0..1: how specific a brief is (length, numbers, audience, format, tone, requirements)."""
    score = min(len(text.strip()), 1200) / 1200 * 0.4
    score += 0.15 if _NUMBER.search(text) else 0.0
    score += 0.15 if _AUDIENCE.search(text) else 0.0
    score += 0.15 if _FORMAT.search(text) else 0.0
    score += 0.1 if _TONE.search(text) else 0.0
    score += min(len(requirements or {}), 3) / 3 * 0.05
    return round(min(score, 1.0), 3)


def pick_agents(
    rng: random.Random, exclude: set[str], experimentation: float, count: int
) -> list[Agent]:
    """Agents for a round: higher experimentation gives newer agents more room."""
    pool = [a for a in ROSTER if a.id not in exclude]
    weights = {
        "elite": 1.0,
        "pro": 1.0,
        "rising": 0.3 + experimentation,
        "new": 2 * experimentation,
    }
    chosen: list[Agent] = []
    while pool and len(chosen) < count:
        total = sum(weights[a.tier] + 0.01 for a in pool)
        point = rng.uniform(0, total)
        for agent in pool:
            point -= weights[agent.tier] + 0.01
            if point <= 0:
                break
        chosen.append(agent)
        pool.remove(agent)
    return chosen


def judge(rng: random.Random, agent: Agent, spec: float) -> tuple[float, dict[str, float]]:
    """An eval score (0-10) and its breakdown per dimension (0-10)."""

    def clamp(v: float) -> float:
        return round(max(0.0, min(10.0, v)), 1)

    breakdown = {
        "brief_adherence": clamp(10 * (0.35 + 0.55 * spec + rng.uniform(-0.05, 0.08))),
        "quality": clamp(10 * (agent.skill + rng.uniform(-0.08, 0.06))),
        "originality": clamp(10 * (0.55 + rng.uniform(-0.15, 0.3))),
        "feasibility": clamp(10 * (0.6 + 0.3 * spec + rng.uniform(-0.1, 0.1))),
    }
    weights = {"brief_adherence": 0.4, "quality": 0.3, "originality": 0.15, "feasibility": 0.15}
    score = clamp(sum(breakdown[k] * w for k, w in weights.items()))
    return score, breakdown


def price(rng: random.Random, agent: Agent, budget: float, low: float, median: float) -> float:
    """A bid price near the median win price, never above the budget nor below the minimum."""
    tier_factor = {"elite": 1.15, "pro": 1.0, "rising": 0.9, "new": 0.8}[agent.tier]
    anchor = (median * 0.6 + budget * 0.4) * tier_factor * rng.uniform(0.85, 1.1)
    if anchor > budget:
        # A tight budget: agents still compete on price below it rather than all at the cap.
        anchor = budget * rng.uniform(0.75, 1.0) * min(tier_factor, 1.0)
    return round(max(low, min(budget, anchor)) * 2) / 2
