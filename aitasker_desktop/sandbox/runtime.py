"""One sandbox instance: its store, clock, engine, buyer operations and rate limiter."""

import time
from pathlib import Path

from .actions import Buyer, FaultHook, caller_id_for
from .catalog_data import build_catalog
from .clock import SimClock
from .conventions import SANDBOX_DEFAULT_KEY, STARTING_CREDIT_USD
from .ratelimit import Limits, RateLimiter
from .simulation import Engine, Windows
from .store import Store

_CLOCK_KEY = "clock_high_water"


class SandboxRuntime:
    """Owns the SQLite store; `close()` it when done (the server must have stopped).

    `starting_credit_usd` is what a new account starts with; `fault` is a test-only hook
    called at named points of a create (see actions.FaultHook).
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        api_key: str = SANDBOX_DEFAULT_KEY,
        speed: float = 1.0,
        limits: Limits | None = None,
        windows: Windows | None = None,
        compress: float = 1.0,
        starting_credit_usd: float = STARTING_CREDIT_USD,
        fault: FaultHook | None = None,
    ) -> None:
        if not api_key:
            raise ValueError("the sandbox needs an API key to accept")
        if not starting_credit_usd >= 0:
            raise ValueError("the starting credit must be 0 or more")
        self.data_dir = Path(data_dir)
        self.api_key = api_key
        self.caller_id = caller_id_for(api_key)
        self.store = Store(self.data_dir, starting_credit=starting_credit_usd)
        # Simulated time never runs backwards across restarts, even after a fast run.
        high_water = float(self.store.get_meta(_CLOCK_KEY) or 0.0)
        self.clock = SimClock(speed=speed, start=max(time.time(), high_water))
        self.catalog = build_catalog()
        if windows is None and compress != 1.0:
            windows = Windows.compressed(compress)
        self.engine = Engine(self.store, self.clock, self.catalog, windows)
        self.buyer = Buyer(self.engine, fault)
        self.limiter = RateLimiter(limits or Limits())

    def advance(self, seconds: float) -> float:
        now = self.clock.advance(seconds)
        self.store.set_meta(_CLOCK_KEY, repr(now))
        self.engine.process_due(limit=1_000_000)
        return now

    def close(self) -> None:
        try:
            self.store.set_meta(_CLOCK_KEY, repr(self.clock.now()))
        finally:
            self.store.close()
